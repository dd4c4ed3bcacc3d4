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


class FieldError(BaseModel):
    field: str
    message: str = Field(description="the reason, in Chinese and English")


class ErrorOut(BaseModel):
    """Every 4xx from the API: a readable message, and per-field reasons where there are fields."""

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


class AnswerSentence(BaseModel):
    text: str = Field(description="a sentence copied verbatim from a case reply or a statute article")
    source_id: str = Field(description="case/<slug> or article/<law>/<n> the sentence is taken from")
    source_title: str
    url: str


class CalculatorOffer(BaseModel):
    name: str = Field(description="calculator name for POST /api/v1/calculators/{name}")
    title: str
    prefilled: dict = Field(default_factory=dict, description="inputs read from the question, e.g. contribution_years: 12")
    url: str = Field(description="web page of the calculator with the prefilled figures in its query string")


class AnswerResponse(BaseModel):
    query: str
    confidence: Literal["high", "medium", "low"]
    answer: list[AnswerSentence] = Field(description="extractive answer: sentences from the corpus, each cited; empty when confidence is low")
    referral: str | None = Field(None, description="fixed template text (marked as such) pointing to the 12351 hotline or a union lawyer")
    next_steps: list[AnswerSentence] = Field(default_factory=list, description="what to do next, copied from the best case where it gives steps")
    calculator: CalculatorOffer | None = None
    search: SearchResponse
    notice: str = Field(description="fixed template text: legal information, not a lawyer's advice for the specific case")
