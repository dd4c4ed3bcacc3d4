"""Tools for chatbots: one pydantic argument model per tool, the OpenAI-style function
definitions derived from those models, and one dispatcher used by the HTTP tool endpoint
and the MCP server, so the schema a chatbot sees and the code that runs cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from legalqa.calculation import CalculationError, field_errors, list_calculators, run_calculator
from legalqa.search import SearchService
from legalqa.settings import Settings
from legalqa.validation import validate_query


class ToolArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")  # additionalProperties: false, for strict function calling


class SearchArgs(ToolArguments):
    q: str = Field(min_length=1, max_length=500, description="the worker's question in Chinese, in their own words",
                   examples=["我辞职信都交了，新公司不要我了，能撤回辞职吗"])
    k: int = Field(10, ge=1, le=50, description="how many results (cases and articles together)")


class AnswerArgs(SearchArgs):
    pass


class GetArticleArgs(ToolArguments):
    law: str = Field(min_length=1, max_length=200, examples=["劳动合同法"],
                     description="short law name as in search results (field `law`), without 中华人民共和国")
    article: int = Field(ge=1, le=100000, examples=[37], description="article number as an integer (第三十七条 → 37)")


class GetCaseArgs(ToolArguments):
    case_id: str = Field(min_length=1, max_length=200, examples=["case/gdgy-000-0e3332-1"],
                         description="case id from search results (case/<slug>) or the bare slug")


class ListCalculatorsArgs(ToolArguments):
    pass


class RunCalculatorArgs(ToolArguments):
    name: str = Field(min_length=1, max_length=100, examples=["death_benefit"],
                      description="calculator name from list_calculators")
    inputs: dict[str, Any] = Field(
        examples=[{"death_date": "2023-10-05", "contribution_years": 12}],
        description="input object matching that calculator's input_schema from list_calculators; "
                    "dates as YYYY-MM-DD")


class ToolError(Exception):
    """A tool call that cannot be served: status as in HTTP, message in Chinese and English."""

    def __init__(self, status: int, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or []

    def as_json(self) -> dict:
        return {"detail": self.message, "errors": self.errors}


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[ToolArguments]
    run: Callable[[Any, SearchService, Settings], dict]


def _search(args: SearchArgs, service: SearchService, settings: Settings) -> dict:
    _check_query(args, settings)
    return service.search(args.q, k=args.k).model_dump(mode="json")


def _answer(args: AnswerArgs, service: SearchService, settings: Settings) -> dict:
    from legalqa.answer import build_answer

    _check_query(args, settings)
    return build_answer(service, args.q, k=args.k).model_dump(mode="json")


def _check_query(args: SearchArgs, settings: Settings) -> None:
    problem = validate_query(args.q, args.k, settings)
    if problem:
        raise ToolError(422, problem, [{"field": "q", "message": problem}])


def _get_article(args: GetArticleArgs, service: SearchService, settings: Settings) -> dict:
    from api.routers.library import article_out  # the same JSON as GET /api/v1/articles/{law}/{n}

    return _from_http(lambda: article_out(service.library, args.law, args.article)).model_dump(mode="json")


def _get_case(args: GetCaseArgs, service: SearchService, settings: Settings) -> dict:
    from api.routers.library import case_out  # the same JSON as GET /api/v1/cases/{slug}

    slug = args.case_id.removeprefix("case/")
    return _from_http(lambda: case_out(service.library, slug)).model_dump(mode="json")


def _from_http(make: Callable[[], BaseModel]) -> BaseModel:
    from fastapi import HTTPException

    try:
        return make()
    except HTTPException as exc:
        raise ToolError(exc.status_code, str(exc.detail)) from None


def _list_calculators(args: ListCalculatorsArgs, service: SearchService, settings: Settings) -> dict:
    return {"calculators": [c.model_dump(mode="json") for c in list_calculators()]}


def _run_calculator(args: RunCalculatorArgs, service: SearchService, settings: Settings) -> dict:
    try:
        return run_calculator(args.name, args.inputs, settings).model_dump(mode="json")
    except CalculationError as exc:
        raise ToolError(exc.status, exc.message, exc.errors) from None


_CITE = "Quote its sentences with their source ids; never state an article number or a figure it did not return."
TOOLS: dict[str, Tool] = {t.name: t for t in [
    Tool("answer_question",
         "Grounded answer to a Guangdong worker's labour-rights question: sentences copied verbatim from the best "
         "union-lawyer case and the governing statute article, each with its source id and url; next steps; the "
         "calculator that applies with figures from the question prefilled; confidence. When confidence is 'low' "
         "the answer is empty and `referral` says to call the 12351 hotline or a union lawyer: pass that on instead "
         f"of answering yourself. {_CITE} 广东职工维权问答：摘录案例和法条原文并注明出处。",
         AnswerArgs, _answer),
    Tool("search_cases_and_law",
         "Search union-lawyer Q&A cases (广东工运), official typical cases and statute articles for a worker's "
         "question. Returns ranked results with ids (case/<slug>, article/<law>/<n>), snippets, urls, the articles "
         f"each case cites, and a confidence level (low: refer to the 12351 hotline). {_CITE}",
         SearchArgs, _search),
    Tool("get_article",
         "Full text of one statute article with its law title, status (现行有效 …), effective date, document "
         "number and the cases citing it. Use the `law` and `article` fields of a search result.",
         GetArticleArgs, _get_article),
    Tool("get_case",
         "One case with all its sections (案件概况, 回复意见, 案例拓展 … or 裁判要点, 基本案情 …), its source "
         "and the article ids it cites.",
         GetCaseArgs, _get_case),
    Tool("list_calculators",
         "The calculators (severance, death benefit, heat allowance, minimum wage …) with their input JSON schemas. "
         "Call before run_calculator.",
         ListCalculatorsArgs, _list_calculators),
    Tool("run_calculator",
         "Run a calculator with exact rates from dated, sourced tables. Returns the amounts, the worked steps and "
         "the legal basis (article ids and rate rows). Use its figures as they are; do not do the arithmetic yourself.",
         RunCalculatorArgs, _run_calculator),
]}


class FunctionDefinition(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any] = Field(description="JSON schema of the arguments")


class ToolDefinition(BaseModel):
    type: Literal["function"] = "function"
    function: FunctionDefinition


def tool_definitions() -> list[ToolDefinition]:
    """OpenAI-style function definitions, the schemas taken from the argument models."""
    return [ToolDefinition(function=FunctionDefinition(name=t.name, description=t.description,
                                                       parameters=t.arguments.model_json_schema()))
            for t in TOOLS.values()]


def call_tool(name: str, arguments: dict | None, service: SearchService, settings: Settings) -> dict:
    """Validate the arguments against the tool's model and run it; ToolError says what is wrong."""
    tool = TOOLS.get(name)
    if tool is None:
        raise ToolError(404, f"没有名为「{name}」的工具，可用的有：{'、'.join(TOOLS)} / unknown tool '{name}'")
    if arguments is not None and not isinstance(arguments, dict):
        raise ToolError(422, "参数应为 JSON 对象 / arguments must be a JSON object")
    try:
        args = tool.arguments.model_validate(arguments or {})
    except ValidationError as exc:
        errors = field_errors(exc)
        raise ToolError(422, "；".join(f"{e['field']}: {e['message']}" for e in errors), errors) from None
    return tool.run(args, service, settings)
