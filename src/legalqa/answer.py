"""A grounded, extractive answer for chatbots and the answer card.

Every sentence of `answer` and `next_steps` is copied verbatim from the best matching case's
reply (or holding) or from the governing statute article, with its citation. The only other
text is fixed template text marked 【提示】: the referral (when the evidence is weak, instead
of a guess) and the notice. Nothing is paraphrased or generated.
"""

import re

from legalqa.calculators import all_calculators
from legalqa.cases import Case
from legalqa.prefill import prefill
from legalqa.regulations import Article
from legalqa.schemas import AnswerResponse, AnswerSentence, SearchResponse, SearchResult
from legalqa.search import SearchService, article_url
from legalqa.tokens import tokens

REFERRAL = ("【提示】现有的律师案例和法条不足以可靠地回答这个问题，为免误导，这里不作猜测。"
            "请拨打12351职工服务热线，或向当地工会的律师咨询。"
            " / [Notice] The cases and statutes on file do not answer this reliably, so we do not guess. "
            "Please call the 12351 union hotline or ask a union lawyer.")
NOTICE = ("【提示】以上句子原文摘自工会律师案例和法规条文，并注明出处；这是法律信息，不是针对您个案的律师意见。"
          "具体情况请咨询工会律师或拨打12351。"
          " / [Notice] Sentences quoted verbatim from union-lawyer cases and statutes, with sources; "
          "legal information, not advice on your particular case.")

# Sections holding a conclusion: the lawyer's reply (magazine) or the holding and reasoning (typical).
ANSWER_SECTIONS = ("回复意见", "案例拓展·回复", "裁判要点", "裁判理由", "案例分析", "典型意义")
# Sections that may advise the worker what to do; narrative sections never count as steps.
STEP_SECTIONS = ("回复意见", "案例拓展·回复", "典型意义")
# Words marking a conclusion (weight 2) or a right or duty (weight 1).
CONCLUSION_CUES = ("倾向认为", "综上", "基于上述", "因此", "所以", "故", "可见")
RIGHT_CUES = ("有权", "应当", "应予", "可以", "不能", "不得", "无权", "无需", "必须", "即生效", "得以")
# Patterns marking a step the worker can take (an action, not just 首先 or 其次).
STEP_CUES = (r"可以?向.{0,20}(投诉|举报|申请|起诉|反映|求助)", r"投诉", r"举报", r"申请(劳动)?仲裁",
             r"提起(劳动)?诉讼", r"(可以|可)(再次|先)?与.{0,12}(沟通|协商)", r"保留.{0,8}(证据|材料)",
             r"拨打.{0,8}热线")

CASE_SENTENCES = 3
ARTICLE_SENTENCES = 2
LONG_SENTENCE_CHARS = 150
WHOLE_ARTICLE_CHARS = 300  # shorter articles are quoted whole
STEPS = 4
TOP_CASE_RANK = 5  # a case further down the results is not "the best case" for the answer
# Ranking always finds *something*, even for 红烧肉怎么做: the answer counts as grounded only when
# the quoted sources share at least this many of the question's words, or one statute term the
# vocabulary (knowledge/) links to a labour phrase in the question.
MIN_SHARED_TERMS = 2


def split_sentences(text: str) -> list[str]:
    """Sentences of a Chinese text, each a verbatim substring of it. A sentence ends at 。！？；
    or a line break, not inside quotation marks; a closing quote right after 。 belongs to it."""
    sentences, start, depth = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
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
        i += 1
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _overlap(sentence: str, terms: list[str]) -> int:
    return sum(1 for t in set(terms) if len(t) > 1 and t in sentence)


def _sentence_score(sentence: str, terms: list[str]) -> float:
    if sentence.endswith(("？", "?")):
        return 0.0  # a rhetorical or restated question is no answer
    cue = 2 * any(c in sentence for c in CONCLUSION_CUES) + any(c in sentence for c in RIGHT_CUES)
    # a long sentence is mostly a quoted statute, given whole as the governing article instead
    too_long = 2 * (len(sentence) > LONG_SENTENCE_CHARS)
    return cue + min(_overlap(sentence, terms), 3) - too_long


def _case_sentence(case: Case, text: str) -> AnswerSentence:
    return AnswerSentence(text=text, source_id=case.id, source_title=case.title, url=f"/cases/{case.slug}")


def _article_sentence(article: Article, text: str) -> AnswerSentence:
    return AnswerSentence(text=text, source_id=article.id, source_title=f"{article.law} {article.label}",
                          url=article_url(article.law, article.number))


def is_step(sentence: str) -> bool:
    return any(re.search(p, sentence) for p in STEP_CUES)


def case_answer(case: Case, terms: list[str]) -> list[AnswerSentence]:
    """The case's best conclusion sentences, in the order they appear; steps go to next_steps."""
    scored = []
    for section in case.sections:
        if section.name in ANSWER_SECTIONS:
            for sentence in split_sentences(section.text):
                if not is_step(sentence):
                    scored.append((_sentence_score(sentence, terms), len(scored), sentence))
    best = sorted((s for s in scored if s[0] >= 2), key=lambda s: (-s[0], s[1]))[:CASE_SENTENCES]
    return [_case_sentence(case, s) for _, _, s in sorted(best, key=lambda s: s[1])]


def article_answer(article: Article, terms: list[str]) -> list[AnswerSentence]:
    """A short article whole; of a long one the sentences sharing most words with the question."""
    if len(article.text) <= WHOLE_ARTICLE_CHARS:
        return [_article_sentence(article, article.text)]
    sentences = split_sentences(article.text)
    ranked = sorted(range(len(sentences)), key=lambda i: (-_overlap(sentences[i], terms), i))[:ARTICLE_SENTENCES]
    return [_article_sentence(article, sentences[i]) for i in sorted(ranked)]


def case_steps(case: Case, exclude: set[str]) -> list[AnswerSentence]:
    steps = []
    for section in case.sections:
        if section.name in STEP_SECTIONS:
            for sentence in split_sentences(section.text):
                if sentence not in exclude and is_step(sentence):
                    steps.append(_case_sentence(case, sentence))
    return steps[:STEPS]


def _best_case(search: SearchResponse) -> SearchResult | None:
    return next((r for r in search.results[:TOP_CASE_RANK] if r.kind == "case"), None)


def _governing_article(service: SearchService, search: SearchResponse, case_id: str | None) -> Article | None:
    """A statute pinned by an explicit reference first, then the best-ranked article the best
    case cites, then the best-ranked article."""
    articles = [r for r in search.results if r.kind == "article" and r.law and r.article]
    cited = set(service.library.case_cites.get(case_id, [])) if case_id else set()
    pick = (next((r for r in articles if "reference" in r.matched_by), None)
            or next((r for r in articles if r.id in cited), None)
            or (articles[0] if articles else None))
    return service.library.article(pick.law, pick.article) if pick else None


def shares_enough_words(search: SearchResponse, texts: list[str]) -> bool:
    """An explicit article reference is evidence enough; otherwise the quoted sources must share
    words with the question (see MIN_SHARED_TERMS)."""
    if search.results and "reference" in search.results[0].matched_by:
        return True
    joined = "\n".join(texts)
    own = set(tokens(search.query))
    shared = {t for t in search.terms if len(t) > 1 and t in joined}
    return len(shared) >= MIN_SHARED_TERMS or bool(shared - own)


def build_answer(service: SearchService, q: str, k: int = 10) -> AnswerResponse:
    search = service.search(q, k=k)
    offer = prefill(q, all_calculators())
    confidence = search.confidence
    answer: list[AnswerSentence] = []
    steps: list[AnswerSentence] = []
    if confidence != "low":
        best = _best_case(search)
        case = service.library.case(best.id) if best else None
        if case is not None:
            answer += case_answer(case, search.terms)
        article = _governing_article(service, search, case.id if case else None)
        if article is not None:
            answer += article_answer(article, search.terms)
        if case is not None:
            steps = case_steps(case, {s.text for s in answer})
        sources = ([case.text] if case else []) + ([article.text] if article else [])
        if not answer or not shares_enough_words(search, sources):
            confidence = "low"  # nothing quotable, or quotable but off the question: say so
    weak = confidence == "low"
    return AnswerResponse(query=search.query, confidence=confidence, answer=[] if weak else answer,
                          referral=REFERRAL if weak else None, next_steps=[] if weak else steps,
                          calculator=offer, search=search, notice=NOTICE)
