"""The answer a worker reads first: the matching dispute guide's short answer for the worker's
facts, its next steps, evidence list and follow-up questions; then the lawyer's conclusion from a
case about the same dispute, and the governing article.

Guide sentences are written by editors from the statutes, each with the articles it rests on
(guides/README.md). Case and article sentences are copied verbatim with their citation. The only
other text is fixed template text marked 【提示】. Confidence comes from the answer itself — how
well a guide matches, whether its articles agree with what search ranks on its own evidence, and
whether the case is about the same dispute — and is calibrated by hand (docs/answers.md).
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from legalqa.calculators import all_calculators
from legalqa.cases import Case
from legalqa.errors import UserError
from legalqa.guides import Guide, GuideQuestion, Sentence
from legalqa.offices import Offices
from legalqa.prefill import prefill, read_inputs
from legalqa.regulations import Article
from legalqa.schemas import (AnswerResponse, AnswerSentence, CalculatorOffer, FollowUp, FollowUpOption, GuideRef,
                             NextStep, SearchResponse, SearchResult)
from legalqa.service import MAX_GUIDES, SearchService, article_url

REFERRAL = ("【提示】现有的指南、律师案例和法条不足以可靠地回答这个问题，为免误导，这里不作猜测。"
            "请拨打12351职工服务热线，或向当地工会的律师咨询。"
            " / [Notice] The guides, cases and statutes on file do not answer this reliably, so we do not guess. "
            "Please call the 12351 union hotline or ask a union lawyer.")
OUT_OF_SCOPE = ("【提示】这里只回答劳动和社会保障方面的问题（工资、加班、辞职辞退、社保、工伤、休假等）。"
                "其他法律问题请拨打12348法律援助热线。"
                " / [Notice] This service answers labour and social-insurance questions only.")
NOTICE = ("【提示】指南由编辑依据法规原文写成（标明是否已经律师审核），案例和法条句子原文摘录并注明出处；"
          "这是法律信息，不是针对您个案的律师意见。具体情况请咨询工会律师或拨打12351。"
          " / [Notice] Guides are written from the statutes (marked whether a lawyer has reviewed them); case and "
          "statute sentences are quoted verbatim with sources. Legal information, not advice on your particular case.")

# Sections holding a conclusion: the lawyer's reply (magazine) or the holding and reasoning (typical).
ANSWER_SECTIONS = ("回复意见", "案例拓展·回复", "裁判要点", "裁判理由", "案例分析", "典型意义")
CONCLUSION_CUES = ("倾向认为", "综上", "基于上述", "因此", "所以", "故", "可见")
RIGHT_CUES = ("有权", "应当", "应予", "可以", "不能", "不得", "无权", "无需", "必须", "即生效", "得以")
# A sentence that quotes or restates a statute is the statute's words, not the lawyer's conclusion.
_QUOTES_STATUTE = re.compile(r"(第[一二三四五六七八九十百零\d]+条.{0,12}(规定|明确)|规定[:：]|“)")
# a party's position reported in the narrative ("某建筑公司主张……不应予以支持"): what the lawyer or the
# tribunal concluded may be the opposite (仲裁委员会认为 / 法院认为 are conclusions and stay)
_PARTY_SAYS = re.compile(r"(某[^，。；]{0,8}(公司|厂|单位|中心|店)|[张王李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁]某|"
                         r"被?申请人|原告|被告|被?上诉人)(一方)?(主张|辩称|抗辩|声称)")
CASE_SENTENCES = 2
ARTICLE_SENTENCES = 2
LONG_SENTENCE_CHARS = 150
WHOLE_ARTICLE_CHARS = 300  # shorter articles are quoted whole

GUIDE_TOP_RANK = 5  # a guide further down the results does not answer the question
CASE_TOP_RANK = 5
GUIDE_CASE_RANK = 10  # a case on the guide's dispute may stand below the articles the guide lifted
AGREEMENT_TOP = 10  # top-ranked articles (found on their own evidence) compared with the guide's
DIRECT_TOP = 3
GOVERNING_ARTICLES = 3  # articles quoted after the guide and the case
# a narrower question asked answers at `high` only when clearly the one asked: over the 43 judged
# answers of the dev and worker sets that asked one (at commit 6c2fafa), those asked by a margin of
# .015 or more were on point 19 times in 21, those by less 14 in 22 (docs/answers.md)
HIGH_QUESTION_MARGIN = 0.015
PLAIN_WORDS = 2  # a guide's plain-words sentences after an article the question names
_VERDICT = re.compile(r"^[^，。；：“”（）]{1,8}：")  # a short answer's opening verdict, up to its colon
# a question that names an article and asks what it means, how it applies or how to use it (not what
# it says): the text alone does not answer it, the words of the guide built on it may
_ASKS_MEANING = re.compile("意思|理解|适用|怎么用|如何|怎样|怎么解释|申请|点样|怎么办")
GENERAL_GUIDE = "where-to-file-gd"  # its steps serve a labour question no guide matches
_EVIDENCE_STAGES = {"bm25", "dense", "reference", "case"}


def split_sentences(text: str) -> list[str]:
    """Sentences of a Chinese text, each a verbatim substring of it. A sentence ends at 。！？；
    or a line break, not inside quotation marks; a closing quote right after 。 belongs to it."""
    sentences, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "“「『《":
            depth += 1
        elif ch in "”」』》":
            depth = max(0, depth - 1)
        end = None
        if ch == "\n":
            end = i
        elif ch in "。！？；!?" and depth == 0:
            end = i + 1
        elif ch in "”」』" and depth == 0 and i > 0 and text[i - 1] in "。！？!?":
            end = i + 1
        if end is not None:
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end + (1 if ch == "\n" else 0)
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _overlap(sentence: str, terms: list[str]) -> int:
    return sum(1 for t in set(terms) if len(t) > 1 and t in sentence)


def _conclusion_score(sentence: str, terms: list[str]) -> float:
    if sentence.endswith(("？", "?")) or _QUOTES_STATUTE.search(sentence) or _PARTY_SAYS.search(sentence):
        return 0.0  # a question restated, a statute quoted in the narrative or a party's case is no conclusion
    cue = 2 * any(c in sentence for c in CONCLUSION_CUES) + any(c in sentence for c in RIGHT_CUES)
    return cue + min(_overlap(sentence, terms), 3) - 2 * (len(sentence) > LONG_SENTENCE_CHARS)


def _article_title(article: Article) -> str:
    return f"{article.law} {article.label}"


def case_answer(case: Case, terms: list[str]) -> list[AnswerSentence]:
    """The lawyer's best conclusion sentences, in the order they appear."""
    scored = []
    for section in case.sections:
        if section.name in ANSWER_SECTIONS:
            for sentence in split_sentences(section.text):
                scored.append((_conclusion_score(sentence, terms), len(scored), sentence))
    best = sorted((s for s in scored if s[0] >= 2), key=lambda s: (-s[0], s[1]))[:CASE_SENTENCES]
    return [AnswerSentence(text=s, source_id=case.id, source_ids=[case.id], source_title=case.title,
                           url=f"/cases/{case.slug}") for _, _, s in sorted(best, key=lambda s: s[1])]


def article_answer(article: Article, terms: list[str], whole: bool = False) -> list[AnswerSentence]:
    """A short article whole, or any article the question names; of a long one the sentences sharing
    most words with the question."""
    if whole or len(article.text) <= WHOLE_ARTICLE_CHARS:
        texts = [article.text]
    else:
        sentences = split_sentences(article.text)
        ranked = sorted(range(len(sentences)), key=lambda i: (-_overlap(sentences[i], terms), i))[:ARTICLE_SENTENCES]
        texts = [sentences[i] for i in sorted(ranked)]
    return [AnswerSentence(text=t, source_id=article.id, source_ids=[article.id], source_title=_article_title(article),
                           url=article_url(article.law, article.number)) for t in texts]


@dataclass(frozen=True)
class GuideMatch:
    guide: Guide
    rank: int  # position among the results, not counting the articles the guide itself lifted
    both_stages: bool  # found by BM25 and by the dense model alike
    agreement: int  # how many of the guide's articles search ranks high on its own evidence
    rerouted: bool = False  # a better-ranked guide's not_for sent the question here
    question: GuideQuestion | None = None  # the guide's narrower question search matched best
    question_margin: float = 0.0  # how much closer to it than to any other guide text


def match_guide(service: SearchService, search: SearchResponse) -> GuideMatch | None:
    """The guide that answers the question: the one holding the narrower question the worker asked,
    if search found one; else the best-ranked one, unless the worker's words name a situation it does
    not govern (its `not_for`); then a guide it names `instead` that search also found, in its place,
    or else the next guide down."""
    results = search.results
    eligible, excluded, instead = [], [], {}  # instead: slug -> (position of the excluded guide naming it, preference)
    for i, r in enumerate(results):
        guide = service.library.guide(r.id) if r.kind == "guide" else None
        if guide is None:
            continue
        exclusion = guide.excluded_by(search.query)
        if exclusion is None:
            eligible.append((i, r, guide))
        else:
            excluded.append(i)
            for preference, slug in enumerate(exclusion.instead):
                instead.setdefault(slug, (i, preference))
    # a guide excluded below the first eligible one would not have answered: what it names does not count
    first_eligible = eligible[0][0] if eligible else len(results)
    instead = {slug: place for slug, place in instead.items() if place[0] < first_eligible}
    named = sorted(((instead[g.slug], i, r, g) for i, r, g in eligible if g.slug in instead), key=lambda n: n[:2])
    asked = [(i, r, g) for i, r, g in eligible if g.question(r.section)]
    unfound = None if asked or named else _unfound_instead(service, search.query, instead)
    best: SearchResult | None
    if asked:  # the guide holding the narrower question asked takes the place of the first one
        own_position, best, guide = asked[0]
        named_at = eligible[0][0]
    elif named:  # it takes the place of the guide that named it
        (named_at, _), own_position, best, guide = named[0]
    elif unfound is not None:  # named by the editor for the situation the worker's words reveal
        (named_at, _), guide = unfound
        own_position, best = named_at, None
    elif eligible:
        own_position, best, guide = eligible[0]
        named_at = own_position
    else:
        return None
    position = min(named_at, own_position)
    # a guide lifts its own articles above itself: they do not count against it, nor those the
    # guide whose place it takes lifted
    lifted = {*guide.articles, *(eligible[0][2].articles if asked else ())}
    rank = sum(1 for r in results[:position] if r.id not in lifted and r.kind != "guide")
    own = [r.id for r in results if r.kind == "article" and _EVIDENCE_STAGES & set(r.matched_by)][:AGREEMENT_TOP]
    agreement = len(set(own) & guide.cited_ids())
    if rank >= GUIDE_TOP_RANK and not asked:  # the narrower question asked is evidence enough
        return None
    return GuideMatch(guide, rank, best is not None and {"bm25", "dense"} <= set(best.matched_by), agreement,
                      rerouted=any(i < own_position for i in excluded) or best is None,
                      question=guide.question(best.section) if best else None,
                      question_margin=(best.question_margin or 0.0) if best else 0.0)


def _unfound_instead(service: SearchService, question: str,
                     instead: dict[str, tuple[int, int]]) -> tuple[tuple[int, int], Guide] | None:
    """The guide a better-ranked guide's `not_for` names for the worker's situation, though search
    did not find it (裁掉我们部门 … 补偿够不够: the contract-expiry guide names the layoff guide),
    unless the worker's words exclude it too."""
    for slug, place in sorted(instead.items(), key=lambda item: item[1]):
        guide = service.library.guide(f"guide/{slug}")
        if guide is not None and guide.excluded_by(question) is None:
            return place, guide
    return None


def confidence_of(match: GuideMatch | None, case_on_topic: bool, reference: bool, direct_article: bool) -> str:
    """Calibrated by hand on the dev and worker question sets (docs/answers.md): `high` only for an
    explicit article reference (build_answer lowers it when the question asks what the article means
    and no guide built on it explains it), or a question that clearly asks one of a guide's narrower
    questions (search's test: SearchService._asked_questions, by a margin of HIGH_QUESTION_MARGIN;
    the answer then opens with the rule that decides it), unless a scope exclusion rerouted the
    question. A guide's general answer, however well the guide matches, was judged on point for
    about half of the worker questions and a quarter of the dev questions only, so it stays
    `medium`, as does a case on the dispute or an article both stages put at the top."""
    if reference:
        return "high"
    if match is not None:
        if match.question is not None:
            return "high" if match.question_margin >= HIGH_QUESTION_MARGIN and not match.rerouted else "medium"
        if match.rank <= 2 and (match.both_stages or match.agreement >= 1 or case_on_topic):
            return "medium"
    return "medium" if case_on_topic or direct_article else "low"


def _direct_article(results: list[SearchResult]) -> bool:
    """One of the first articles found on two kinds of evidence: its own words (BM25), its meaning
    (dense), or a case on the question that cites it."""
    articles = [r for r in results if r.kind == "article"][:DIRECT_TOP]
    return any(len({"bm25", "dense", "case"} & set(r.matched_by)) >= 2 for r in articles)


def _guide_sentences(service: SearchService, guide: Guide, facts: dict[str, str],
                     question: GuideQuestion | None = None) -> list[AnswerSentence]:
    """The answer to the narrower question the worker asked, if any, then the short answer for their
    facts, without the verdict its first sentence opens with (see without_verdict)."""
    asked = [_guide_answer(service, s) for s in (question.sentences if question else ())]
    general = [_guide_answer(service, s) for s in guide.select(facts).sentences]
    if general:
        general[0] = general[0].model_copy(update={"text": without_verdict(general[0].text)})
    return asked + general


def without_verdict(text: str) -> str:
    """The sentence without the short verdict it opens with ("不可以：", "一般不能：", "能算工伤："). A
    guide's short answer opens with the verdict on the question its everyday phrasings ask; a worker
    whose question it did not match exactly read it as the verdict on theirs (扣完社保到手不到最低工资
    → "不可以："), so the rule after it speaks alone. A narrower question's verdict stays: it was asked."""
    return _VERDICT.sub("", text, count=1)


def _plain_words(service: SearchService, article_id: str, limit: int = PLAIN_WORDS) -> list[AnswerSentence]:
    """What an article means for a worker, in the words of the one guide built on it (the article
    its front matter names first): its short answer's sentences resting first on that article.
    None when several guides are built on it: each explains it for its own situation only (工伤保险条例
    第十四条 for commuting, for an occupational disease …), and none says what the whole article means.
    For a question naming an article, after its text: "是什么意思" wants more than the text."""
    built_on = [g for g in service.library.guides.values() if g.built_on(article_id)]
    if len(built_on) != 1:
        return []
    sentences = [s for s in built_on[0].select({}).sentences if s.source_ids[0] == article_id]
    return [_guide_answer(service, sentence, without_verdict(sentence.text)) for sentence in sentences[:limit]]


def _guide_answer(service: SearchService, sentence: Sentence, text: str | None = None) -> AnswerSentence:
    """A guide's sentence as an answer item, cited by its first article (`text`: another wording)."""
    first = sentence.source_ids[0]
    article = service.library.statutes.articles.get(first)  # a guide citing a missing article degrades
    return AnswerSentence(text=sentence.text if text is None else text, source_id=first,
                          source_ids=list(sentence.source_ids),
                          source_title=_article_title(article) if article else first,
                          url=article_url(article.law, article.number) if article else "/", from_guide=True)


def _guide_resting_on(service: SearchService, article_id: str) -> Guide | None:
    """The guide whose front matter names the article earliest (the one most built on it)."""
    resting = [(g.articles.index(article_id), g.slug, g) for g in service.library.guides.values()
               if article_id in g.articles]
    return min(resting, key=lambda r: r[:2])[2] if resting else None


def _guide_ref(guide: Guide, asked: GuideQuestion | None) -> GuideRef:
    return GuideRef(slug=guide.slug, title=guide.title, url=guide.url, reviewed=guide.reviewed,
                    question=asked.ask if asked else None,
                    questions=[q.ask for q in guide.questions if q is not asked])


def _steps(guide: Guide, arbitration_office: str | None) -> list[NextStep]:
    return [NextStep(text=s.text, who=s.who, deadline=s.deadline, source_ids=list(s.source_ids), bring=list(s.bring),
                     where=arbitration_office if "仲裁" in s.who else None)
            for s in guide.next_steps]


def arbitration_office(offices: Offices | None, question: str) -> str | None:
    """The arbitration commission of the Guangdong city the question names (the city level, where
    cases go unless a district's own is known), with its address and phone where a source gives them."""
    if offices is None:
        return None
    city = next((c.city for c in offices.cities if c.city in question), None)
    if city is None:
        return None
    found = offices.lookup(city)
    check = "去之前先打电话确认（12333 也可以查）。"
    main = next((c for c in found.commissions if c.level == "city"), None)
    if main is not None:
        contact = "，".join(x for x in (main.address, f"电话 {main.phone}" if main.phone else None) if x)
        return main.name + (f"（{contact}）" if contact else "") + "；" + check
    if found.commissions:  # cases go to the district or county commissions
        names = "、".join(c.name for c in found.commissions[:3])
        return (f"{city}的劳动争议由劳动合同履行地或用人单位所在地的区（县）仲裁委员会受理，已查到的有{names}等，"
                f"全部见 /api/v1/offices?city={city}；" + check)
    return f"{city}：{found.missing}"


def _follow_up(guide: Guide, facts: dict[str, str]) -> list[FollowUp]:
    return [FollowUp(key=f.key, question=f.question,
                     options=[FollowUpOption(value=o.value, fact=f"{f.key}={o.value}") for o in f.options])
            for f in guide.open_facts(facts)]


def _offer(question: str, guide: Guide | None) -> CalculatorOffer | None:
    """The guide's calculator with what the guide implies and what the question gives; else the
    calculator the question itself names."""
    registered = all_calculators()
    offer = next((o for o in guide.calculators if o.name in registered), None) if guide else None
    if offer is None:
        return prefill(question, registered)
    calc = registered[offer.name]
    inputs = {**offer.inputs, **read_inputs(question, calc.input_model.model_json_schema())}
    url = f"/calculators/{calc.name}" + (f"?{urlencode(inputs)}" if inputs else "")
    return CalculatorOffer(name=calc.name, title=calc.title, prefilled=inputs, url=url)


def _case_on_topic(service: SearchService, results: list[SearchResult], guide: Guide | None) -> Case | None:
    """A lawyer case about the same dispute: one the guide names, or one sharing its topic, near
    the top; without a guide, only a case that is the first result on both stages' evidence."""
    for i, r in enumerate(results[:CASE_TOP_RANK if guide is None else GUIDE_CASE_RANK]):
        if r.kind != "case":
            continue
        case = service.library.case(r.id)
        if case is None:
            continue
        if guide is not None and (case.id in guide.related_cases or case.topic in guide.topics):
            return case
        if guide is None and i == 0 and {"bm25", "dense"} <= set(r.matched_by):
            return case
    return None


def _governing_articles(service: SearchService, results: list[SearchResult], guide: Guide | None,
                        top: int = GOVERNING_ARTICLES) -> list[Article]:
    """The best-ranked articles in force that the guide rests on (without a guide: those found on
    their own evidence; an explicit reference always); never an article a later rule displaced."""
    allowed = guide.cited_ids() if guide else None
    found: list[Article] = []
    for r in results:
        if len(found) == top:
            break
        if allowed is None and not _EVIDENCE_STAGES & set(r.matched_by):
            continue
        if r.kind != "article" or r.law is None or r.article is None or r.status_note:
            continue
        law = service.library.statutes.laws.get(r.law)
        if law is not None and ("废止" in law.status or "已被修订" in law.status):
            continue
        if allowed is None or r.id in allowed or "reference" in r.matched_by:
            article = service.library.article(r.law, r.article)
            if article is not None:
                found.append(article)
    return found


MAX_FACTS = 10
MAX_FACT_CHARS = 100


def parse_facts(raw: list[str]) -> dict[str, str]:
    """`["sex=女", "pregnant=是"]` (the `fact` parameter of the page, API and tools) → {key: value}."""
    if len(raw) > MAX_FACTS:
        raise UserError(f"关键事实最多 {MAX_FACTS} 个 / at most {MAX_FACTS} facts",
                        [{"field": "fact", "message": f"最多 {MAX_FACTS} 个 / at most {MAX_FACTS}"}])
    facts = {}
    for item in raw:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip() or len(item) > MAX_FACT_CHARS:
            raise UserError(f"关键事实应写成 key=值，例如 sex=女 / a fact is key=value, e.g. sex=女: {item[:40]!r}",
                            [{"field": "fact", "message": "应写成 key=值 / expected key=value"}])
        facts[key.strip()] = value.strip()
    return facts


def in_scope(service: SearchService, question: str, search: SearchResponse) -> bool:
    """A labour question: it names an article, asks a guide's narrower question, or holds a labour word."""
    if search.results and "reference" in search.results[0].matched_by:
        return True
    if any(r.kind == "guide" and r.section for r in search.results):
        return True
    text = unicodedata.normalize("NFKC", question)
    return any(term in text for term in service.library.labour_terms)


def build_answer(service: SearchService, q: str, k: int = 10, facts: dict[str, str] | None = None) -> AnswerResponse:
    search = service.search(q, k=max(k, 20), max_guides=None)
    guides_shown = [r.id for r in search.results if r.kind == "guide"][:MAX_GUIDES]
    listed = [r for r in search.results if r.kind != "guide" or r.id in guides_shown]
    shown = search.model_copy(update={"results": listed[:k], "k": k})
    if not in_scope(service, q, search):
        return AnswerResponse(query=search.query, confidence="low", in_scope=False, answer=[], referral=OUT_OF_SCOPE,
                              search=shown.model_copy(update={"results": []}), notice=NOTICE)
    match = match_guide(service, search)
    guide = match.guide if match else None
    known = {**(guide.read_facts(q) if guide else {}), **(facts or {})}
    if guide is not None:
        known = {key: value for key, value in known.items() if key in {f.key for f in guide.facts}}
    reference = bool(search.results) and "reference" in search.results[0].matched_by
    named = search.results[0] if reference else None  # the article the question names
    case = _case_on_topic(service, search.results, guide)
    confidence = confidence_of(match, case is not None, reference, _direct_article(search.results))
    if confidence == "low" or (match is not None and confidence_of(match, False, False, False) == "low"):
        guide = None  # a weak guide does not speak for the question
    answer: list[AnswerSentence] = []
    if confidence != "low":
        governing = _governing_articles(service, search.results, guide)
        if named is not None:  # the article named comes first; without a guide, what it means in a guide's words
            if guide is None:
                governing = [a for a in governing if a.law == named.law]  # not another law's same number
            first = next((a for a in governing if a.id == named.id), None)
            if first is not None:
                answer += article_answer(first, search.terms, whole=True)  # asked for: all its items
                answer += _plain_words(service, first.id) if guide is None else []
        lawyer = case_answer(case, search.terms) if case is not None else []
        if guide is not None:
            answer += _guide_sentences(service, guide, known, match.question) + lawyer
            # and the article search puts first on both its words and its meaning
            strong = [r for r in search.results if r.kind == "article" and {"bm25", "dense"} <= set(r.matched_by)]
            governing += [a for a in _governing_articles(service, strong[:1], None) if a not in governing]
        for article in governing:
            if article.id not in {i for s in answer for i in s.source_ids}:
                answer += article_answer(article, search.terms)
        if guide is None:  # without a guide, a case's conclusion follows the articles: led by it, the answer
            answer += lawyer  # was on point 3 times in 19 (a neighbouring point of the case, docs/answers.md)
        if confidence == "high" and named is not None and _ASKS_MEANING.search(q):
            # its text says what it says, not what it means or how to use it: that takes the words of
            # the guide built on it (a neighbouring guide explains its own dispute, not the article)
            explained = guide.built_on(named.id) if guide is not None else any(s.from_guide for s in answer)
            confidence = "high" if explained else "medium"
        if not answer:
            confidence = "low"
    weak = confidence == "low"
    if weak:
        answer, guide = [], None
    # a labour question always gets a way forward: the guide's; for a named article, that of the guide
    # built on it (工伤认定 at the 人社局, not arbitration); else where and how to file
    step_guide = (guide or (_guide_resting_on(service, named.id) if named is not None and not weak else None)
                  or service.library.guide(GENERAL_GUIDE))
    return AnswerResponse(
        query=search.query, confidence=confidence, answer=answer, referral=REFERRAL if weak else None,
        guide=_guide_ref(guide, match.question if match else None) if guide else None,
        facts=known if guide else {}, follow_up=_follow_up(guide, known) if guide else [],
        next_steps=_steps(step_guide, arbitration_office(service.library.offices, q)) if step_guide else [], evidence=list(step_guide.evidence) if step_guide else [],
        calculator=_offer(q, guide), search=shown, notice=NOTICE)
