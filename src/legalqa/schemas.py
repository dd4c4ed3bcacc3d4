"""The JSON contract shared by the API, the CLI, the web page and chatbot tools."""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from legalqa.rates import RateUsed


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
    section: str | None = Field(None, description="cases: the section the snippet is from; guides: the narrower "
                                                  "question of the guide the search matched best, if any")
    question_margin: float | None = Field(None, description="guides with a narrower question matched: how much closer "
                                          "(cosine) the question is to it than to any other guide text")
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
    where: str | None = Field(None, description="the competent office in the city the worker named, with address and "
                                                "phone where a source gives them (offices/arbitration_commissions.yaml)")


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
    question: str | None = Field(None, description="the guide's narrower question the answer leads with, when the "
                                                   "worker asked just that")
    questions: list[str] = Field(default_factory=list,
                                 description="the guide's other narrower questions, to offer the worker: sent back "
                                             "as `q`, each gets the rule that decides it")


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


class GuideExclusion(BaseModel):
    """A neighbouring situation the guide does not answer, what governs it, and the guides that do."""
    text: str
    source_ids: list[str] = Field(description="article ids of the rule that governs it instead")
    instead: list[str] = Field(description="slugs of the guides that cover it")


class GuideVariant(BaseModel):
    conditions: dict[str, str] = Field(description="the key facts this variant of the short answer is for; {} = default")
    sentences: list[GuideSentence]


class GuideQuestionOut(BaseModel):
    """A narrower question within the guide's dispute and the rule that decides it."""
    question: str
    phrasings: list[str] = Field(description="other ways of asking it (used for retrieval)")
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
    questions: list[GuideQuestionOut] = Field(default_factory=list,
                                              description="narrower questions within the dispute, each with its answer")
    facts: list[FollowUp] = Field(description="key facts that change the advice")
    next_steps: list[NextStep]
    evidence: list[str]
    calculators: list[GuideCalculator]
    articles: list[str] = Field(description="the articles the guide rests on")
    related_cases: list[str]
    not_for: list[GuideExclusion] = Field(default_factory=list,
                                          description="situations this guide does not answer (neighbouring disputes)")


class ClaimFacts(BaseModel):
    """The worker's facts for a claim sheet and the documents drafted from it: used for one request,
    never stored or logged."""

    model_config = ConfigDict(extra="forbid")

    worker_name: str | None = Field(None, max_length=50, title="申请人姓名")
    worker_gender: str | None = Field(None, max_length=10, title="性别")
    worker_birth_date: date | None = Field(None, title="出生日期")
    worker_id_number: str | None = Field(None, max_length=30, title="公民身份号码")
    worker_phone: str | None = Field(None, max_length=30, title="联系电话")
    worker_address: str | None = Field(None, max_length=200, title="住址（送达地址）")
    employer_name: str | None = Field(None, max_length=100, title="被申请人（用人单位）名称")
    employer_address: str | None = Field(None, max_length=200, title="用人单位住所")
    employer_representative: str | None = Field(None, max_length=50, title="法定代表人（主要负责人）")
    employer_credit_code: str | None = Field(None, max_length=30, title="统一社会信用代码")
    city: str | None = Field(None, max_length=50, title="劳动合同履行地或用人单位所在地",
                             description="广东省的地级以上市，可带区县，如 东莞、深圳市宝安区；用来找有管辖权的仲裁机构")
    job: str | None = Field(None, max_length=50, title="岗位")
    hire_date: date | None = Field(None, title="入职日期")
    end_date: date | None = Field(None, title="劳动关系解除或终止日期")
    narrative: str | None = Field(None, max_length=4000, title="事实经过", description="用自己的话写发生了什么")
    guide: str | None = Field(None, max_length=100, title="纠纷指南", description="纠纷指南的 slug，用来列证据清单")
    order_to_pay_ignored: bool = Field(
        False, title="劳动行政部门已责令限期支付，用人单位逾期仍未支付",
        description="劳动合同法第八十五条加付赔偿金的前提；没有责令的，加付赔偿金不能请求")
    resignation_date: date | None = Field(None, title="提出辞职的日期（撤回辞职用）")
    last_working_day: date | None = Field(None, title="最后工作日（辞职信用）")
    resignation_grounds: list[str] = Field(
        default_factory=list, max_length=6, title="被迫解除劳动合同的理由",
        description="劳动合同法第三十八条的情形（被迫解除劳动合同通知书用）：no_protection, unpaid_wages, "
                    "no_social_insurance, unlawful_rules, invalid_contract, forced_labour")
    grounds_detail: str | None = Field(None, max_length=1000, title="理由的具体情况",
                                       description="如：2024年10月至12月的工资至今未发")
    social_insurance_unpaid: bool = Field(False, title="单位没有为劳动者缴纳社会保险费",
                                          description="劳动保障监察投诉书用：要求责令单位依法缴纳")


class ClaimRequestItem(BaseModel):
    """One claim: a calculator and its inputs (an amount), or a request without an amount in words
    (e.g. 请求裁决被申请人出具解除劳动合同的证明)."""

    model_config = ConfigDict(extra="forbid")

    calculator: str | None = Field(None, max_length=50, examples=["severance"])
    inputs: dict[str, Any] = Field(default_factory=dict, description="the calculator's input")
    claim: str | None = Field(None, min_length=4, max_length=200, description="a request without an amount, in words")


class ClaimsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facts: ClaimFacts = Field(default_factory=ClaimFacts)
    claims: list[ClaimRequestItem] = Field(min_length=1, max_length=20)


class ClaimLine(BaseModel):
    claim: str = Field(examples=["请求裁决被申请人支付违法解除劳动合同赔偿金52000元"])
    calculator: str | None = Field(description="the calculator that computed the amount; null for a request in words")
    amount: float | None = Field(description="元; null for a request without an amount")
    formula: list[str] = Field(description="the calculator's steps, in order")
    source_ids: list[str] = Field(description="article ids, e.g. article/劳动合同法/87")
    citations: list[str] = Field(description="the same articles cited for a filing, e.g. 《中华人民共和国劳动合同法》第八十七条")
    rates: list[RateUsed] = Field(description="the dated rate rows used")
    facts_assumed: list[str] = Field(description="the inputs the amount rests on, e.g. 月工资：6000")
    inspection: bool = Field(False, description="labour inspection can order it paid (劳动保障监察条例 第二十六条): "
                                                "it goes into a 劳动保障监察投诉书 too")


class ClaimSheet(BaseModel):
    lines: list[ClaimLine]
    total: float = Field(description="元, the sum of the amounts")
    warnings: list[str]
