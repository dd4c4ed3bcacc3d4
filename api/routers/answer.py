from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field

from api.deps import ServiceDep
from legalqa.answer import build_answer, parse_facts
from legalqa.schemas import AnswerResponse
from legalqa.service import SearchService
from legalqa.settings import Settings
from legalqa.validation import check_query

_EXAMPLES = {
    "resignation": {"summary": "撤回辞职 (a magazine case)", "value": "我辞职信都交了，新公司不要我了，能跟原公司说撤回辞职吗"},
    "death benefit": {"summary": "抚恤金, figures prefilled into the calculator",
                      "value": "我老公2023年10月5日病故，交了十二年社保，家属能拿多少抚恤金"},
    "heat allowance": {"summary": "高温津贴, with next steps", "value": "公司不发高温补贴怎么办"},
    "off topic": {"summary": "weak evidence: the referral, no answer", "value": "红烧肉怎么做才好吃"},
}
_DESCRIPTION = ("Sentences copied verbatim from the best case's reply and the governing article, each cited; "
                "next steps; the calculator that applies with figures from the question; the search results. "
                "Confidence low → empty answer and a referral to the 12351 hotline or a union lawyer.")
_FACT = ("key facts the worker gave, as key=value from the answer's follow_up options (e.g. sex=女); "
         "the answer then takes the guide's variant for them")
_RESPONSES = {401: {"description": "API keys are configured and none (or a wrong one) was sent"},
              422: {"description": "empty or over-long question, or k out of range"},
              429: {"description": "this key's rate limit is used up; see Retry-After"}}


def make_router(settings: Settings) -> APIRouter:
    """GET and POST /answer, their limits the settings' (LEGALQA_MAX_QUERY_CHARS, LEGALQA_MAX_K)."""
    router = APIRouter(tags=["answer"])

    class AnswerRequest(BaseModel):
        q: str = Field(min_length=1, max_length=settings.max_query_chars, description="the worker's question")
        k: int = Field(10, ge=1, le=settings.max_k, description="how many search results to return beside the answer")
        fact: list[str] = Field(default_factory=list, max_length=10, description=_FACT)

    def _answer(service: SearchService, q: str, k: int, fact: list[str]) -> AnswerResponse:
        check_query(q, k, settings)
        return build_answer(service, q, k=k, facts=parse_facts(fact))

    @router.get("/answer", response_model=AnswerResponse, summary="Grounded answer to a worker's question",
                description=_DESCRIPTION, responses=_RESPONSES)
    def answer(service: ServiceDep,
               q: Annotated[str, Query(min_length=1, max_length=settings.max_query_chars,
                                       description="the worker's question", openapi_examples=_EXAMPLES)],
               k: Annotated[int, Query(ge=1, le=settings.max_k, description="how many search results")] = 10,
               fact: Annotated[list[str], Query(description=_FACT, examples=["sex=女"])] = [],  # noqa: B006
               ) -> AnswerResponse:
        return _answer(service, q, k, fact)

    @router.post("/answer", response_model=AnswerResponse, summary="Grounded answer (question in a JSON body)",
                 description=_DESCRIPTION, responses=_RESPONSES)
    def answer_post(service: ServiceDep,
                    body: Annotated[AnswerRequest, Body(openapi_examples={
                        name: {"summary": ex["summary"], "value": {"q": ex["value"], "k": 5}}
                        for name, ex in _EXAMPLES.items()})]) -> AnswerResponse:
        return _answer(service, body.q, body.k, body.fact)

    return router
