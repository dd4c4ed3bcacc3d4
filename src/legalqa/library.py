"""Everything the service knows, loaded once: statutes, cases, dispute guides, the articles
later rules displaced, and the citation links between them (case → articles it cites,
article → cases citing it)."""

from dataclasses import dataclass, field

from legalqa.cases import Case, load_cases
from legalqa.citations import LawMatcher, cited_article_ids, statute_citations
from legalqa.guides import Guide, load_guides
from legalqa.knowledge import ArticleStatus, load_article_status, load_labour_terms
from legalqa.offices import OFFICES_FILE, Offices, load_offices
from legalqa.regulations import Article, Statutes, load_statutes
from legalqa.settings import Settings


def _citation_counts(statutes: Statutes, matcher: LawMatcher, cited_by: dict[str, list[str]]) -> dict[str, int]:
    counts = {aid: len(cases) for aid, cases in cited_by.items()}
    for cited in statute_citations(statutes, matcher).values():
        for aid in cited:
            counts[aid] = counts.get(aid, 0) + 1
    return counts


@dataclass
class Library:
    statutes: Statutes
    cases: dict[str, Case]  # by id (case/<slug>)
    matcher: LawMatcher
    case_cites: dict[str, list[str]]  # case id -> article ids
    article_cited_by: dict[str, list[str]] = field(default_factory=dict)
    # how often other documents and cases cite each article: a prior for central articles
    citation_counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # files skipped, with path and line
    guides: dict[str, Guide] = field(default_factory=dict)  # by slug
    article_status: dict[str, ArticleStatus] = field(default_factory=dict)  # displaced articles by id
    labour_terms: tuple[str, ...] = ()  # words marking a question this service answers
    offices: Offices | None = None  # where to file, by city (offices/)

    @classmethod
    def load(cls, settings: Settings) -> "Library":
        statutes = load_statutes(settings.regulations_dir)
        cases, case_errors = load_cases(settings.cases_dir)
        errors = [str(e) for e in statutes.errors + case_errors]  # broken files, reported and skipped
        matcher = LawMatcher(statutes)
        case_cites = {cid: cited_article_ids(case.text, matcher, statutes) for cid, case in cases.items()}
        cited_by: dict[str, list[str]] = {}
        for cid, ids in case_cites.items():
            for aid in ids:
                cited_by.setdefault(aid, []).append(cid)
        guides, guide_errors = load_guides(settings.guides_dir)
        return cls(statutes, cases, matcher, case_cites, cited_by, _citation_counts(statutes, matcher, cited_by),
                   errors + guide_errors, guides=guides, article_status=load_article_status(settings.knowledge_dir),
                   labour_terms=load_labour_terms(settings.knowledge_dir),
                   offices=load_offices(settings.offices_dir) if (settings.offices_dir / OFFICES_FILE).exists() else None)

    def article(self, law: str, number: int) -> Article | None:
        return self.statutes.get(law, number)

    def guide(self, slug: str) -> Guide | None:
        return self.guides.get(slug.removeprefix("guide/"))

    def case(self, case_id: str) -> Case | None:
        if not case_id.startswith("case/"):
            case_id = f"case/{case_id}"
        return self.cases.get(case_id)
