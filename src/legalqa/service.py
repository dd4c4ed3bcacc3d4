"""The search service: a worker's question in, matching cases and statute articles out;
open_service assembles it (library, embedding model, a current index).

Stages (each switchable, see Stages): exact reference lookup, BM25 over jieba tokens with
everyday-word expansion, dense vectors, reciprocal-rank fusion of the two, grouping of units
back to cases and articles, case-mediated lifting of the articles a matching case cites, and
a prior for articles that other documents and cases cite, and
per-document balance so one long document does not take every place. A long question is
shaped first (query_shape.py): repeats dropped, and its problems or its asking clauses
searched as well, each ranking fused into one by weighted score.
"""

import math
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import quote

import numpy as np

from legalqa.citations import parse_query_reference
from legalqa.embedder import Embedder, load_embedder
from legalqa.fusion import RRF_K, reciprocal_rank_fusion
from legalqa.index import Index, IndexUnusable, Unit, corpus_hash, load_index, read_manifest, stale_reason
from legalqa.indexing import ensure_index, library_units
from legalqa.knowledge import VocabularyEntry, expand_query, load_vocabulary
from legalqa.library import Library
from legalqa.query_shape import asking_text, drop_repeats, problem_parts
from legalqa.rerank import RERANK_TOP, Reranker, fused_order, load_reranker, passage_text, reorder_slots
from legalqa.schemas import SearchResponse, SearchResult
from legalqa.settings import Settings
from legalqa.tokens import add_words, tokens

PRIOR_WEIGHT = 0.15  # how much being cited by other documents and cases lifts an article
MAX_GUIDES = 2  # guides among a search's results (the answer looks at more)
CANDIDATES = 200  # units taken from each ranking before fusion
GUIDE_UNITS = ("guide", "guide_phrasing")  # a guide's narrower questions are matched within it, not ranked
QUESTION_SIMILARITY = 0.93  # cosine (e5) above which a guide's narrower question counts as the one asked
QUESTION_MAX_CHARS = 50  # only a question this short is matched to a guide's narrower questions
QUESTION_WORDS = 0.4  # idf-weighted share of words the question and that phrasing must have in common
QUESTION_MARGIN = 0.005  # by which the closest narrower question must beat any other guide text (calibrated on dev)
CENTRAL_LAW = "劳动合同法"  # where a bare "第四十七条" is looked up when nothing else says which law
SHORT_QUESTION = 40  # characters: vocabulary expansion only below this when expansion_long is off
PART_WEIGHT = 0.5  # each part of a question with several problems, against 1 for the whole question
ASKING_WEIGHT = 0.25  # the clauses that ask, against 1 for the whole question (0.5 lowered dev R@5)


@dataclass(frozen=True)
class Stages:
    reference: bool = True
    bm25: bool = True
    dense: bool = True
    expansion: bool = True
    expansion_long: bool = True  # expansion also on questions of SHORT_QUESTION characters or more
    article_questions: bool = True
    more_article_questions: bool = False  # questions for every article (knowledge/article_questions/): measured, they hurt
    case_lift: bool = True
    citation_prior: bool = True
    guides: bool = True  # dispute guides (title, everyday phrasings) take part in the ranking
    guide_lift: bool = True  # the best-matching guide lifts the articles it rests on
    guide_questions: bool = True  # a guide's narrower question asked names itself; guide_lift lifts its articles first
    doc_balance: bool = False  # measured: it lowers Recall@10 on the dev set (docs/retrieval.md)
    drop_repeats: bool = True  # clauses typed twice are searched once (query_shape.py)
    problem_split: bool = True  # a long question with several problems: each part searched too
    asking_focus: bool = True  # the clauses that ask searched on their own too
    rerank: bool = False  # the optional cross-encoder (rerank.py), when trained: off by default, docs/retrieval.md

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass
class Candidate:
    """A case or article in the ranking."""
    target: str  # "case/<slug>" or "article/<law>/<number>"
    score: float
    unit: int | None  # index of its best-matching unit; None when only lifted or pinned
    matched_by: set[str]  # bm25, dense, case, reference
    question: str | None = None  # guides: the narrower question asked (see _asked_questions)
    question_margin: float | None = None  # how much closer to it than to any other guide text


@dataclass(frozen=True)
class _GuideTexts:
    """The guides' narrower-question phrasings (index units, their vectors, which question each
    phrases) and the vectors of their everyday phrasings: what _asked_questions compares with."""
    units: np.ndarray
    questions: np.ndarray
    question_of: np.ndarray
    general: np.ndarray


def normalise_query(q: str) -> str:
    return re.sub(r"\s+", " ", q).strip()


class SearchService:
    def __init__(self, library: Library, index: Index, embedder: Embedder | None,
                 vocabulary: list[VocabularyEntry], stages: Stages = Stages(), stale: str | None = None,
                 reranker_dir: Path | None = None):
        self.library = library
        self.reranker_dir = reranker_dir  # read on the first search with the rerank stage on
        self._reranker: Reranker | None = None
        self.index = index
        self.stale = stale  # why the served index is older than the corpus (it could not be rebuilt)
        self.embedder = embedder
        self.vocabulary = vocabulary
        self.stages = stages
        self._is_question_unit = np.array([u.kind == "article_question" for u in index.units])
        self._is_more_question_unit = np.array([u.kind == "article_question_more" for u in index.units])
        self._is_guide_unit = np.array([u.kind in GUIDE_UNITS for u in index.units])
        self._is_guide_question = np.array([u.kind == "guide_question" for u in index.units])
        self._guide_texts: _GuideTexts | None = None  # read from the index on first use
        self._allowed_masks: dict[tuple[bool, ...], np.ndarray] = {}

    # ---- ranking -------------------------------------------------------------------------
    def rank(self, query: str, stages: Stages | None = None, top: int = 50) -> tuple[list[Candidate], list[str]]:
        stages = stages or self.stages
        query = normalise_query(query)
        searched = drop_repeats(query) if stages.drop_repeats else query
        views = self._views(searched, stages)
        vectors = (list(self.embedder.embed([text for text, _ in views], kind="query"))
                   if stages.dense and self.embedder is not None else [None] * len(views))
        words = [self._words(text, stages) for text, _ in views]
        # a guide's narrower question is looked for in a short question only, taken whole: a long one
        # tells its own facts, and resembling a short narrower question says little about it
        asks = [i == 0 and len(text) <= QUESTION_MAX_CHARS for i, (text, _) in enumerate(views)]
        rankings = [self._rank_text(terms, expansion, vector, stages, ask)
                    for (terms, expansion), vector, ask in zip(words, vectors, asks)]
        ranked = rankings[0] if len(views) == 1 else _fuse_views(rankings, [weight for _, weight in views])
        if stages.doc_balance:
            ranked = _balance_documents(ranked)
        if stages.rerank and self.reranker is not None:
            ranked = self._rerank(searched, ranked)
        if stages.reference:
            ranked = self._pin_references(query, ranked)
        terms, expansion = words[0]  # the whole question's, as the results' snippets show them
        return ranked[:top], terms + [t for t in expansion if t not in terms]

    @property
    def reranker(self) -> Reranker | None:
        if self._reranker is None and self.reranker_dir is not None:
            self._reranker = load_reranker(self.reranker_dir)
        return self._reranker

    def _rerank(self, question: str, ranked: list[Candidate]) -> list[Candidate]:
        """The first RERANK_TOP articles re-ordered among their own slots by the cross-encoder."""
        articles = [c for c in ranked if c.target.startswith("article/")][:RERANK_TOP]
        found = [(c, self.library.statutes.articles.get(c.target)) for c in articles]
        found = [(c, a) for c, a in found if a is not None]
        scores = self.reranker.scores(question, [passage_text(a.law, a.label, a.text) for _, a in found])
        order = fused_order([c.target for c, _ in found], scores)
        by_target = {c.target: c for c in ranked}
        return [by_target[t] for t in reorder_slots([c.target for c in ranked], order)]

    @staticmethod
    def _views(question: str, stages: Stages) -> list[tuple[str, float]]:
        """What is searched, with its weight in the fused ranking: the whole question, and either
        the problems of a long question one by one or else the clauses that ask (query_shape.py)."""
        parts = problem_parts(question) if stages.problem_split else []
        if parts:  # each part holds its own asking sentence
            return [(question, 1.0)] + [(part, PART_WEIGHT) for part in parts]
        if stages.asking_focus and (asking := asking_text(question)):
            return [(question, 1.0), (asking, ASKING_WEIGHT)]
        return [(question, 1.0)]

    def _expansion(self, text: str, stages: Stages) -> list[str]:
        """The statute terms and plain synonyms of the text's everyday words; for a text of
        SHORT_QUESTION characters or more only with expansion_long."""
        if not stages.expansion or not (stages.expansion_long or len(text) < SHORT_QUESTION):
            return []
        return expand_query(text, self.vocabulary)

    def _words(self, text: str, stages: Stages) -> tuple[list[str], list[str]]:
        """The text's BM25 terms, and its expansion (statute terms and plain synonyms)."""
        return tokens(text), self._expansion(text, stages)

    def _rank_text(self, terms: list[str], expansion: list[str], vector: np.ndarray | None,
                   stages: Stages, ask_questions: bool = False) -> list[Candidate]:
        """One text's ranking: BM25 and dense units fused, grouped to their case, article or
        guide, then lifted by the best case and guide and weighted by the citation prior."""
        expansion_tokens = [t for term in expansion for t in tokens(term) if t not in terms]
        rankings: list[list[int]] = []
        labels: list[str] = []
        if stages.bm25:
            q_tokens = terms + expansion_tokens
            weights = [1.0] * len(terms) + [0.5] * len(expansion_tokens)
            ids, _ = self.index.bm25_search(q_tokens, CANDIDATES, weights, self._allowed_units(stages))
            rankings.append(ids.tolist())
            labels.append("bm25")
        if vector is not None:
            ids, _ = self.index.dense_search(vector, CANDIDATES, self._allowed_units(stages))
            rankings.append(ids.tolist())
            labels.append("dense")
        matched: dict[int, set[str]] = {}
        for label, ranking in zip(labels, rankings):
            for uid in ranking[:20]:
                matched.setdefault(uid, set()).add(label)
        fused = reciprocal_rank_fusion([[str(i) for i in r] for r in rankings])

        candidates: dict[str, Candidate] = {}
        for uid_str, score in fused:
            uid = int(uid_str)
            unit: Unit = self.index.units[uid]
            c = candidates.get(unit.target)
            if c is None:
                candidates[unit.target] = Candidate(unit.target, score, uid, set(matched.get(uid, ())))
            else:  # further units of the same case/article add a little
                c.score += 0.25 * score
                c.matched_by |= matched.get(uid, set())

        if ask_questions and stages.guides and stages.guide_questions and vector is not None:
            self._asked_questions(candidates, vector, terms)
        if stages.case_lift:
            self._lift_cited_articles(candidates)
        if stages.guide_lift:
            self._lift_guide_articles(candidates)
        if stages.citation_prior:
            for c in candidates.values():
                if count := self.library.citation_counts.get(c.target):
                    c.score *= 1 + PRIOR_WEIGHT * math.log1p(count)
        return sorted(candidates.values(), key=lambda c: (-c.score, c.target))

    def _allowed_units(self, stages: Stages) -> np.ndarray:
        """Which units the stages rank (a guide's narrower questions never: see _asked_questions)."""
        key = (stages.article_questions, stages.more_article_questions, stages.guides)
        if key not in self._allowed_masks:
            self._allowed_masks[key] = (~self._is_guide_question
                                        & (stages.article_questions | ~self._is_question_unit)
                                        & (stages.more_article_questions | ~self._is_more_question_unit)
                                        & (stages.guides | ~self._is_guide_unit))
        return self._allowed_masks[key]

    def _asked_questions(self, candidates: dict[str, "Candidate"], vector: np.ndarray, terms: list[str]) -> None:
        """Names the narrower question the text asks, on its guide, and lifts the guide: the question
        of any guide whose phrasing is closest in meaning, if close enough (QUESTION_SIMILARITY),
        clearly closer (QUESTION_MARGIN) than any other narrower question or everyday phrasing, and
        sharing the phrasing's telling words (QUESTION_WORDS). Meaning alone does not tell it: a
        phrasing sharing "十二年" and "补偿" with a question about age is not it."""
        texts = self._guide_texts or self._read_guide_texts()
        if not len(texts.units):
            return
        similarity = texts.questions @ vector
        closest = int(np.argmax(similarity))
        # the next closest text of any guide: its other narrower questions and its everyday phrasings
        # (a general question like 怀孕了公司要辞退我 is as close to one of those)
        others = np.concatenate([similarity[texts.question_of != texts.question_of[closest]], texts.general @ vector])
        margin = float(similarity[closest] - others.max()) if len(others) else 1.0
        if similarity[closest] < QUESTION_SIMILARITY or margin < QUESTION_MARGIN:
            return  # several texts about as close: the worker asked none of them in particular
        unit = self.index.units[texts.units[closest]]
        if self.index.bm25.shared_weight(terms, tokens(unit.text)) < QUESTION_WORDS:
            return  # close in meaning but not in its telling words (辞职信 is no 离职协议)
        # the question asked is the strongest evidence there is for its guide: it goes first
        top = max((other.score for other in candidates.values()), default=0.0)
        c = candidates.setdefault(unit.target, Candidate(unit.target, 0.0, None, set()))
        c.question = unit.section
        c.question_margin = margin
        c.score = max(c.score + 1 / (RRF_K + 1), top)
        c.matched_by.add("dense")

    def _read_guide_texts(self) -> "_GuideTexts":
        units = np.flatnonzero(self._is_guide_question)
        number: dict[tuple[str, str], int] = {}  # the phrasings of one question share a number
        question_of = np.array([number.setdefault((self.index.units[i].target, self.index.units[i].section),
                                                  len(number)) for i in units], dtype=np.int64)
        self._guide_texts = _GuideTexts(units, self._vectors(units), question_of,
                                        self._vectors(np.flatnonzero(self._is_guide_unit)))
        return self._guide_texts

    def _vectors(self, units: np.ndarray) -> np.ndarray:
        return (np.stack([self.index.vectors.reconstruct(int(i)) for i in units]) if len(units)
                else np.zeros((0, self.index.vectors.d), dtype=np.float32))

    def _lift_cited_articles(self, candidates: dict[str, Candidate], top_cases: int = 1,
                             share: float = 0.5) -> None:
        cases = sorted((c for c in candidates.values() if c.target.startswith("case/")), key=lambda c: -c.score)
        for case in cases[:top_cases]:
            for aid in self.library.case_cites.get(case.target, []):
                c = candidates.setdefault(aid, Candidate(aid, 0.0, None, set()))
                c.score += share * case.score
                c.matched_by.add("case")

    def _lift_guide_articles(self, candidates: dict[str, "Candidate"], share: float = 0.5) -> None:
        guides = [c for c in candidates.values() if c.target.startswith("guide/")]
        if not guides:
            return
        best = max(guides, key=lambda c: c.score)
        guide = self.library.guide(best.target)
        if guide is None:
            return
        # a guide lists its governing articles first: later ones are lifted less; the articles of the
        # narrower question the worker asked come before them all
        question = guide.question(best.question)
        lifted = [i for s in question.sentences for i in s.source_ids] if question else []
        for position, aid in enumerate(dict.fromkeys([*lifted, *guide.articles])):
            if aid in self.library.statutes.articles:
                c = candidates.setdefault(aid, Candidate(aid, 0.0, None, set()))
                c.score += share * best.score / (1 + 0.2 * position)
                c.matched_by.add("guide")

    def _pin_references(self, query: str, ranked: list[Candidate]) -> list[Candidate]:
        refs = parse_query_reference(query, self.library.matcher)
        if not refs:
            return ranked
        laws_in_results = [c.target.split("/")[1] for c in ranked if c.target.startswith("article/")]
        pinned: list[str] = []
        for ref in refs:
            laws = [ref.law] if ref.law else list(dict.fromkeys([CENTRAL_LAW] + laws_in_results[:20]))
            for law in laws:
                art = self.library.article(law, ref.article)
                if art is not None:
                    pinned.append(art.id)
                    break
        if not pinned:
            return ranked
        top = ranked[0].score if ranked else 1.0
        by_target = {c.target: c for c in ranked}
        head = []
        for i, aid in enumerate(dict.fromkeys(pinned)):
            c = by_target.pop(aid, None) or Candidate(aid, 0.0, None, set())
            c.score = top + 1.0 - 0.01 * i
            c.matched_by.add("reference")
            head.append(c)
        return head + [c for c in ranked if c.target in by_target]

    # ---- the contract ----------------------------------------------------------------------
    def search(self, query: str, k: int = 10, kinds: set[str] | None = None,
               max_guides: int | None = MAX_GUIDES) -> SearchResponse:
        ranked, terms = self.rank(query, top=max(k * 3, 30))
        if kinds:
            ranked = [c for c in ranked if c.target.split("/")[0] in kinds]
        if max_guides is not None:  # short everyday phrasings would otherwise fill a short question's list
            guides = [c.target for c in ranked if c.target.startswith("guide/")][:max_guides]
            ranked = [c for c in ranked if not c.target.startswith("guide/") or c.target in guides]
        results = [self._result(c, terms) for c in ranked[:k]]
        return SearchResponse(query=normalise_query(query), k=k, confidence=self._confidence(ranked),
                              terms=terms, results=[r for r in results if r is not None])

    def article_ids(self, query: str, top: int = 10, stages: Stages | None = None) -> list[str]:
        ranked, _ = self.rank(query, stages=stages, top=top * 4)
        return [c.target for c in ranked if c.target.startswith("article/")][:top]

    def _confidence(self, ranked: list[Candidate]) -> str:
        if not ranked:
            return "low"
        best = ranked[0]
        if "reference" in best.matched_by:
            return "high"
        both = {"bm25", "dense"} <= best.matched_by
        if both and len(ranked) > 1 and best.score >= 1.25 * ranked[1].score:
            return "high"
        if both or "case" in best.matched_by:
            return "medium"
        return "low"

    def _result(self, c: Candidate, terms: list[str]) -> SearchResult | None:
        kind, _, rest = c.target.partition("/")
        unit = self.index.units[c.unit] if c.unit is not None else None
        if kind == "guide":
            guide = self.library.guide(c.target)
            if guide is None:
                return None
            summary = " ".join(s.text for s in guide.default.sentences)
            return SearchResult(
                kind="guide", id=guide.id, title=guide.title, score=round(c.score, 6), snippet=snippet(summary, terms),
                url=guide.url, api_url=f"/api/v1/guides/{guide.slug}", topic=guide.topics[0] if guide.topics else None,
                section=c.question,
                question_margin=round(c.question_margin, 4) if c.question and c.question_margin is not None else None,
                reviewed=guide.reviewed, cites=list(guide.articles), matched_by=sorted(c.matched_by))
        if kind == "article":
            law_name, _, number = rest.rpartition("/")
            art = self.library.article(law_name, int(number))
            if art is None:
                return None
            law = self.library.statutes.laws[art.law]
            displaced = self.library.article_status.get(art.id)
            return SearchResult(
                kind="article", id=art.id, title=f"{art.law} {art.label}", score=round(c.score, 6),
                snippet=snippet(art.text, terms), url=article_url(art.law, art.number),
                api_url=f"/api/v1/articles/{quote(art.law)}/{art.number}", law=art.law, article=art.number,
                label=art.label, law_title=law.title, status=law.status, effective=law.effective,
                excerpt=law.is_excerpt, cited_by=self.library.article_cited_by.get(art.id, []),
                status_note=displaced.note if displaced else None,
                superseded_by=list(displaced.by) if displaced else [], matched_by=sorted(c.matched_by))
        case = self.library.case(c.target)
        if case is None:
            return None
        section = unit.section if unit is not None and unit.kind == "case_section" else case.sections[0].name
        text = next((s.text for s in case.sections if s.name == section), case.sections[0].text)
        return SearchResult(
            kind="case", id=case.id, title=case.title, score=round(c.score, 6), snippet=snippet(text, terms),
            url=f"/cases/{case.slug}", api_url=f"/api/v1/cases/{case.slug}", topic=case.topic,
            case_kind=case.kind, section=section, cites=self.library.case_cites.get(case.id, []),
            matched_by=sorted(c.matched_by))


def _fuse_views(rankings: list[list[Candidate]], weights: list[float]) -> list[Candidate]:
    """One ranking from the rankings of several views of a question: a target's score is the
    weighted sum of its scores; its unit is that of the first view that found it."""
    fused: dict[str, Candidate] = {}
    for ranking, weight in zip(rankings, weights):
        for c in ranking:
            seen = fused.get(c.target)
            if seen is None:
                fused[c.target] = replace(c, score=weight * c.score, matched_by=set(c.matched_by))
            else:
                seen.score += weight * c.score
                seen.matched_by |= c.matched_by
                seen.unit = seen.unit if seen.unit is not None else c.unit
                if seen.question is None:
                    seen.question, seen.question_margin = c.question, c.question_margin
    return sorted(fused.values(), key=lambda c: (-c.score, c.target))


def _balance_documents(ranked: list[Candidate], penalty: float = 0.15) -> list[Candidate]:
    """Each further article of the same document counts a little less."""
    seen: dict[str, int] = {}
    for c in ranked:
        if c.target.startswith("article/"):
            law = c.target.split("/")[1]
            c.score /= 1 + penalty * seen.get(law, 0)
            seen[law] = seen.get(law, 0) + 1
    return sorted(ranked, key=lambda c: (-c.score, c.target))


def article_url(law: str, number: int) -> str:
    return f"/articles/{quote(law)}/{number}"


def snippet(text: str, terms: list[str], width: int = 140) -> str:
    flat = text.replace("\n", " ")
    if len(flat) <= width:
        return flat
    positions = [flat.find(t) for t in terms if len(t) > 1 and flat.find(t) >= 0]
    start = max(0, min(positions) - 30) if positions else 0
    piece = flat[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


# ---- assembly -------------------------------------------------------------------------------

def stages_from_settings(settings: Settings) -> Stages:
    """The default pipeline (Stages()) with LEGALQA_DISABLED_STAGES switched off and
    LEGALQA_ENABLED_STAGES (stages off by default, e.g. rerank) switched on."""
    switches = {}
    for variable, names, value in (("LEGALQA_DISABLED_STAGES", settings.disabled_stages, False),
                                   ("LEGALQA_ENABLED_STAGES", settings.enabled_stages, True)):
        named = {s.strip() for s in names.split(",") if s.strip()}
        unknown = named - set(Stages.names())
        if unknown:
            raise ValueError(f"{variable} names unknown stages: {sorted(unknown)}; known: {Stages.names()}")
        switches.update({name: value for name in named})
    return replace(Stages(), **switches)


def teach_tokenizer(library: Library, settings: Settings) -> None:
    words = [law.name for law in library.statutes.laws.values()]
    for entry in load_vocabulary(settings.knowledge_dir):
        words.extend(entry.statute_terms)
        words.extend(entry.colloquial)
    add_words(words)


def small_products_on_one_thread() -> None:
    """numpy's BLAS on one thread in this process. A search multiplies small matrices (the ~4,400
    index vectors it ranks, the 2,700 narrower-question vectors) right after the encoder ran on both
    cores; waking a second thread for them cost more than it saved under load (docs/benchmark.md).
    The encoder's own threads (onnxruntime, OpenVINO, torch) are not BLAS's and keep both cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def open_service(settings: Settings, embedder: Embedder | None = None, build: bool = True,
                 log=print) -> SearchService:
    small_products_on_one_thread()
    library = Library.load(settings)
    for error in library.errors:
        log(f"跳过损坏的文件 / skipped broken file: {error}")
    teach_tokenizer(library, settings)
    embedder = embedder or load_embedder(settings.model, settings.model_dir, settings.encoder, settings.index_runtime)
    stale = None
    if build:
        try:
            log(ensure_index(settings, library, embedder, log=log))
        except OSError as exc:  # a read-only or full index volume
            stale = older_index_to_serve(settings, embedder, exc)
            log(f"索引已过期且无法重建，继续使用旧索引 / serving the older index: {stale}")
    else:
        units = library_units(library, settings.knowledge_dir)
        reason = stale_reason(settings.index_dir, corpus_hash(units), embedder.name)
        if reason:
            raise IndexUnusable(f"索引不可用 / index not usable: {reason}. Run `legalqa build-index`.")
    try:
        index = load_index(settings.index_dir)
    except IndexUnusable as exc:
        if not build:
            raise
        log(f"索引损坏，重建 / index damaged, rebuilding: {exc}")
        (settings.index_dir / "manifest.json").unlink(missing_ok=True)
        log(ensure_index(settings, library, embedder, log=log))
        index = load_index(settings.index_dir)
    return SearchService(library, index, embedder, load_vocabulary(settings.knowledge_dir),
                         stages_from_settings(settings), stale=stale, reranker_dir=settings.reranker_dir)


def older_index_to_serve(settings: Settings, embedder: Embedder, error: OSError) -> str:
    """Why the index on disk is served although the corpus changed: it could not be rebuilt
    (`error`), and it was built by this model in this format. IndexUnusable naming the fix when
    there is no such index."""
    try:
        built_for = read_manifest(settings.index_dir).get("corpus_hash", "")
    except IndexUnusable:
        built_for = None
    if built_for is None or stale_reason(settings.index_dir, built_for, embedder.name) is not None:
        raise IndexUnusable(
            f"无法建立索引 / could not build the index in {settings.index_dir}: {error}. Make that directory "
            "writable and free some space, or run `legalqa build-index` with LEGALQA_INDEX_DIR pointing to a "
            "writable directory.") from error
    return f"the corpus changed since the index was built, and rebuilding it failed: {error}"
