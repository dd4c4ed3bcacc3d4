"""The JSON contract shared by the API, the CLI, the web page and chatbot tools."""

from typing import Literal

from pydantic import BaseModel, Field


class SearchResult(BaseModel):
    kind: Literal["case", "article", "guide"]
    id: str = Field(description="case/<slug>, article/<law>/<n> or guide/<slug>", examples=["article/劳动合同法/47"])
    title: str = Field(description="case or guide title, or law + article label (劳动合同法 第四十七条)")
    score: float = Field(description="fused relevance score (higher is better; comparable within one response)")
    snippet: str = Field(description="the best-matching passage, plain text")
    url: str = Field(description="web page of this case, article or guide")
    api_url: str = Field(description="JSON of this case, article or guide")
    law: str | None = Field(None, description="articles: short law name without 中华人民共和国")
    article: int | None = Field(None, description="articles: article number as an integer")
    label: str | None = Field(None, description="articles: the number as printed, e.g. 第四十七条")
    law_title: str | None = None
    status: str | None = Field(None, description="articles: 现行有效 / 已被修订 …")
    effective: str | None = None
    excerpt: bool = Field(False, description="articles from a document the corpus holds only in part (quoted by a case)")
    status_note: str | None = Field(None, description="articles a later rule displaced (wholly or in part): what governs now")
    superseded_by: list[str] = Field(default_factory=list, description="articles: the article ids that govern instead")
    reviewed: bool | None = Field(None, description="guides: whether a union lawyer has reviewed the guide")
    topic: str | None = Field(None, description="cases and guides: topic word")
    case_kind: str | None = Field(None, description="cases: magazine (广东工运 lawyer column) or typical (official)")
    section: str | None = Field(None, description="cases: the section the snippet is from")
    cites: list[str] = Field(default_factory=list, description="cases and guides: article ids cited")
    cited_by: list[str] = Field(default_factory=list, description="articles: case ids citing the article")
    matched_by: list[str] = Field(default_factory=list, description="stages that found it: reference, bm25, dense, case, guide")


class SearchResponse(BaseModel):
    query: str
    k: int
    confidence: Literal["high", "medium", "low"] = Field(
        description="how strong the evidence is; low means: ask the 12351 hotline or a union lawyer")
    terms: list[str] = Field(default_factory=list, description="query words used for matching and highlighting")
    results: list[SearchResult]


class SectionOut(BaseModel):
    name: str
    text: str


class CaseOut(BaseModel):
    id: str
    slug: str
    title: str
    topic: str
    kind: str
    law_firm: str | None
    source: dict
    cited_regulations: list[str]
    sections: list[SectionOut]
    cites: list[str]
    related: list[str] = Field(default_factory=list, description="case ids sharing cited articles")
    url: str


class ArticleOut(BaseModel):
    id: str
    law: str
    article: int
    label: str
    law_title: str
    chapter: str
    text: str
    status: str
    effective: str
    doc_number: str
    excerpt: bool
    source: dict
    cited_by: list[str]
    neighbours: list[str]
    url: str
    status_note: str | None = Field(None, description="set when a later rule displaced this article (wholly or in part)")
    superseded_by: list[str] = Field(default_factory=list, description="the article ids that govern instead")


class FieldError(BaseModel):
    field: str
    message: str = Field(description="the reason, in Chinese and English")


class ErrorOut(BaseModel):
    """Every 4xx from the API: a readable message, and per-field reasons where there are fields."""

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


class AnswerSentence(BaseModel):
    text: str = Field(description="a sentence of a dispute guide, or copied verbatim from a case reply or a statute article")
    source_id: str = Field(description="the first id the sentence rests on: article/<law>/<n> or case/<slug>")
    source_ids: list[str] = Field(default_factory=list, description="every id the sentence rests on")
    source_title: str
    url: str
    from_guide: bool = Field(False, description="written in a dispute guide (not yet reviewed by a lawyer unless guide.reviewed)")


class NextStep(BaseModel):
    text: str
    who: str = Field(description="who to go to: 用人单位, 劳动保障监察（12333）, 劳动人事争议仲裁委员会 …")
    deadline: str | None = Field(None, description="the time limit the law sets, where it sets one")
    source_ids: list[str] = Field(default_factory=list, description="article ids the step rests on")
    bring: list[str] = Field(default_factory=list, description="what to take along")


class FollowUpOption(BaseModel):
    value: str
    fact: str = Field(description="the fact as `key=value`, to send back in `fact` to get the answer for it")


class FollowUp(BaseModel):
    key: str
    question: str = Field(description="a question whose answer changes the advice, to ask the worker")
    options: list[FollowUpOption]


class GuideRef(BaseModel):
    slug: str
    title: str
    url: str
    reviewed: bool = Field(description="false: written from the statutes, not yet reviewed by a union lawyer")


class CalculatorOffer(BaseModel):
    name: str = Field(description="calculator name for POST /api/v1/calculators/{name}")
    title: str
    prefilled: dict = Field(default_factory=dict, description="inputs read from the question, e.g. contribution_years: 12")
    url: str = Field(description="web page of the calculator with the prefilled figures in its query string")


class AnswerResponse(BaseModel):
    query: str
    confidence: Literal["high", "medium", "low"] = Field(
        description="from the answer itself: how well a guide matches, whether the guide's articles agree with the "
                    "top-ranked ones, whether the case is about the same dispute (calibration: docs/answers.md)")
    in_scope: bool = Field(True, description="false: not a labour or social-insurance question; answer, steps and search are empty")
    answer: list[AnswerSentence] = Field(
        description="the matching guide's short answer for the worker's facts, then the lawyer's conclusion from a case "
                    "about the same dispute, then the governing article; each item cited; empty when confidence is low")
    referral: str | None = Field(None, description="fixed template text (marked as such) pointing to the 12351 hotline or a union lawyer")
    guide: GuideRef | None = Field(None, description="the dispute guide the answer comes from")
    facts: dict[str, str] = Field(default_factory=dict, description="key facts read from the question or sent in `fact`")
    follow_up: list[FollowUp] = Field(default_factory=list, description="key facts still unknown that change the advice")
    next_steps: list[NextStep] = Field(default_factory=list, description="what to do next, in order, with who and deadline")
    evidence: list[str] = Field(default_factory=list, description="what to collect")
    calculator: CalculatorOffer | None = None
    search: SearchResponse
    notice: str = Field(description="fixed template text: legal information, not a lawyer's advice for the specific case")


class GuideSentence(BaseModel):
    text: str
    source_ids: list[str] = Field(description="article ids the sentence rests on")


class GuideVariant(BaseModel):
    conditions: dict[str, str] = Field(description="the key facts this variant of the short answer is for; {} = default")
    sentences: list[GuideSentence]


class GuideCalculator(BaseModel):
    name: str
    inputs: dict = Field(default_factory=dict, description="inputs the guide implies, to prefill")


class GuideSummary(BaseModel):
    id: str = Field(examples=["guide/dismissal-pregnancy"])
    slug: str
    title: str
    topics: list[str]
    reviewed: bool = Field(description="false: written from the statutes, not yet reviewed by a union lawyer")
    url: str
    api_url: str


class GuideOut(GuideSummary):
    last_checked: str
    phrasings: list[str] = Field(description="everyday ways of asking this (used for retrieval)")
    answer: list[GuideVariant] = Field(description="the short answer: the default variant first, then one per set of facts")
    facts: list[FollowUp] = Field(description="key facts that change the advice")
    next_steps: list[NextStep]
    evidence: list[str]
    calculators: list[GuideCalculator]
    articles: list[str] = Field(description="the articles the guide rests on")
    related_cases: list[str]
