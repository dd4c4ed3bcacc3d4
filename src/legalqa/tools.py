"""Tools for chatbots: one pydantic argument model per tool, the OpenAI-style function
definitions derived from those models, and one dispatcher used by the HTTP tool endpoint
and the MCP server, so the schema a chatbot sees and the code that runs cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from legalqa.calculators import list_calculators, run_calculator
from legalqa.claims import build_claims
from legalqa.documents import DRAFTERS, DocumentRequest, draft_document
from legalqa.errors import NotFound, UserError, field_errors
from legalqa.offices import load_offices
from legalqa.schemas import ClaimFacts, ClaimRequestItem
from legalqa.service import SearchService
from legalqa.settings import Settings
from legalqa.validation import check_query
from legalqa.views import article_view, case_view, guide_view


class ToolArguments(BaseModel):
    model_config = ConfigDict(extra="forbid")  # additionalProperties: false, for strict function calling


class QuestionArgs(ToolArguments):
    """The arguments of a question tool; `_question_arguments` bounds them by the settings."""

    q: str
    k: int = 10


def _question_arguments(max_chars: int, max_k: int) -> tuple[type[QuestionArgs], type[QuestionArgs]]:
    """The argument models of search_cases_and_law and answer_question, limited to `max_chars`
    characters and `max_k` results (LEGALQA_MAX_QUERY_CHARS, LEGALQA_MAX_K)."""

    class SearchArgs(QuestionArgs):
        q: str = Field(min_length=1, max_length=max_chars,
                       description="the worker's question in Chinese, in their own words",
                       examples=["我辞职信都交了，新公司不要我了，能撤回辞职吗"])
        k: int = Field(10, ge=1, le=max_k, description="how many results (cases and articles together)")

    class AnswerArgs(SearchArgs):
        facts: dict[str, str] = Field(
            default_factory=dict, max_length=10, examples=[{"sex": "女"}],
            description="key facts the worker told you, as {key: value} from a previous reply's follow_up options "
                        "(e.g. {\"sex\": \"女\"}); the answer then takes the guide's variant for them")
        compact: bool = Field(True, description="leave out the embedded search results (about 6k characters); "
                                                "the answer's own items keep their source ids and urls")

    return SearchArgs, AnswerArgs


class GetArticleArgs(ToolArguments):
    law: str = Field(min_length=1, max_length=200, examples=["劳动合同法"],
                     description="short law name as in search results (field `law`), without 中华人民共和国")
    article: int = Field(ge=1, le=100000, examples=[37], description="article number as an integer (第三十七条 → 37)")


class GetCaseArgs(ToolArguments):
    case_id: str = Field(min_length=1, max_length=200, examples=["case/gdgy-000-0e3332-1"],
                         description="case id from search results (case/<slug>) or the bare slug")


class GetGuideArgs(ToolArguments):
    slug: str = Field(min_length=1, max_length=200, examples=["dismissal-pregnancy"],
                      description="guide slug from an answer's `guide.slug` or a search result (guide/<slug>)")


class ListCalculatorsArgs(ToolArguments):
    pass


class RunCalculatorArgs(ToolArguments):
    name: str = Field(min_length=1, max_length=100, examples=["death_benefit"],
                      description="calculator name from list_calculators")
    inputs: dict[str, Any] = Field(
        examples=[{"death_date": "2023-10-05", "contribution_years": 12}],
        description="input object matching that calculator's input_schema from list_calculators; "
                    "dates as YYYY-MM-DD")


class FindOfficesArgs(ToolArguments):
    city: str = Field(min_length=1, max_length=50, examples=["东莞"],
                      description="the Guangdong city where the worker works or the employer is located: "
                                  "东莞, 东莞市, Dongguan, 深圳市宝安区 …")
    district: str | None = Field(None, max_length=50, examples=["松山湖"],
                                 description="district or town, where the worker named one")


_FACTS = "the worker's facts (names, city, dates …): used for this call only, neither stored nor logged"
_CLAIMS = ("each claim a calculator with its inputs (as for run_calculator), or a request without an amount in words "
           "({\"claim\": \"被申请人出具解除劳动合同的证明\"})")


class ClaimSheetArgs(ToolArguments):
    facts: ClaimFacts = Field(default_factory=ClaimFacts, description=_FACTS)
    claims: list[ClaimRequestItem] = Field(min_length=1, max_length=20, description=_CLAIMS, examples=[[
        {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15, "month": "2024-12"}}]])


class DraftDocumentArgs(ToolArguments):
    kind: Literal[tuple(DRAFTERS)] = Field(description="the document to draft")  # type: ignore[valid-type]
    facts: ClaimFacts = Field(default_factory=ClaimFacts, description=_FACTS)
    claims: list[ClaimRequestItem] = Field(default_factory=list, max_length=20, description=_CLAIMS)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[ToolArguments]
    run: Callable[[Any, SearchService, Settings], dict]


def _search(args: QuestionArgs, service: SearchService, settings: Settings) -> dict:
    check_query(args.q, args.k, settings)
    return service.search(args.q, k=args.k).model_dump(mode="json")


def _answer(args: QuestionArgs, service: SearchService, settings: Settings) -> dict:
    from legalqa.answer import build_answer, parse_facts

    check_query(args.q, args.k, settings)
    facts = parse_facts([f"{k}={v}" for k, v in args.facts.items()])
    answer = build_answer(service, args.q, k=args.k, facts=facts).model_dump(mode="json")
    if args.compact:
        answer.pop("search")
    return answer


def _get_article(args: GetArticleArgs, service: SearchService, settings: Settings) -> dict:
    return article_view(service.library, args.law, args.article).model_dump(mode="json")


def _get_case(args: GetCaseArgs, service: SearchService, settings: Settings) -> dict:
    return case_view(service.library, args.case_id).model_dump(mode="json")


def _get_guide(args: GetGuideArgs, service: SearchService, settings: Settings) -> dict:
    return guide_view(service.library, args.slug).model_dump(mode="json")


def _list_calculators(args: ListCalculatorsArgs, service: SearchService, settings: Settings) -> dict:
    return {"calculators": [c.model_dump(mode="json") for c in list_calculators()]}


def _run_calculator(args: RunCalculatorArgs, service: SearchService, settings: Settings) -> dict:
    return run_calculator(args.name, args.inputs, settings).model_dump(mode="json")


def _find_offices(args: FindOfficesArgs, service: SearchService, settings: Settings) -> dict:
    return load_offices(settings.offices_dir).lookup(args.city, args.district).model_dump(mode="json")


def _claim_sheet(args: ClaimSheetArgs, service: SearchService, settings: Settings) -> dict:
    return build_claims(args.facts, args.claims, settings).model_dump(mode="json")


def _draft_document(args: DraftDocumentArgs, service: SearchService, settings: Settings) -> dict:
    request = DocumentRequest(facts=args.facts, claims=args.claims)
    return draft_document(args.kind, request, settings, service.library).model_dump(mode="json")


def tools(settings: Settings) -> dict[str, Tool]:
    """The tools by name, the question tools limited by the settings."""
    return _tools(settings.max_query_chars, settings.max_k)


_CITE = "Quote its sentences with their source ids; never state an article number or a figure it did not return."


@lru_cache(maxsize=4)
def _tools(max_chars: int, max_k: int) -> dict[str, Tool]:
    search_args, answer_args = _question_arguments(max_chars, max_k)
    return {t.name: t for t in [
        Tool("answer_question",
             "Answer to a Guangdong worker's labour-rights question: the matching dispute guide's short answer for the "
             "worker's facts (each sentence with the article ids it rests on), the lawyer's conclusion from a case "
             "about the same dispute and the governing article (quoted verbatim); `next_steps` (who, deadline, "
             "articles), `evidence` to collect, `follow_up` questions whose answers change the advice (ask the worker, "
             "then call again with `facts`), and a calculator with figures prefilled; confidence. When confidence is "
             "'low' the answer is empty and `referral` says to call the 12351 hotline or a union lawyer: pass that on "
             "instead of answering yourself; `in_scope` false means not a labour question. Guides with reviewed=false "
             f"are not yet reviewed by a lawyer: say so. {_CITE} 广东职工维权问答。",
             answer_args, _answer),
        Tool("search_cases_and_law",
             "Search union-lawyer Q&A cases (广东工运), official typical cases and statute articles for a worker's "
             "question. Returns ranked results with ids (case/<slug>, article/<law>/<n>), snippets, urls, the articles "
             f"each case cites, and a confidence level (low: refer to the 12351 hotline). {_CITE}",
             search_args, _search),
        Tool("get_article",
             "Full text of one statute article with its law title, status (现行有效 …), effective date, document "
             "number and the cases citing it. Use the `law` and `article` fields of a search result.",
             GetArticleArgs, _get_article),
        Tool("get_case",
             "One case with all its sections (案件概况, 回复意见, 案例拓展 … or 裁判要点, 基本案情 …), its source "
             "and the article ids it cites.",
             GetCaseArgs, _get_case),
        Tool("get_guide",
             "One dispute guide whole: the short answer in every variant (by key facts), the key facts, next steps "
             "with who and deadlines, evidence list, calculators and related cases; `reviewed` says whether a union "
             "lawyer has reviewed it.",
             GetGuideArgs, _get_guide),
        Tool("list_calculators",
             "The calculators (severance, death benefit, heat allowance, minimum wage …) with their input JSON schemas. "
             "Call before run_calculator.",
             ListCalculatorsArgs, _list_calculators),
        Tool("run_calculator",
             "Run a calculator with exact rates from dated, sourced tables. Returns the amounts, the worked steps and "
             "the legal basis (article ids and rate rows). Use its figures as they are; do not do the arithmetic yourself.",
             RunCalculatorArgs, _run_calculator),
        Tool("find_offices",
             "Where a Guangdong worker applies for labour arbitration: the jurisdiction rule with its article ids, the "
             "city's competent arbitration commission(s) with address and phone where a source gives them (null "
             "otherwise), and the 12333 labour-inspection, 12348 legal-aid and 12351 union hotlines, each with its "
             "source and checked date. Pass on `missing` where it is set; tell the worker to phone before going.",
             FindOfficesArgs, _find_offices),
        Tool("build_claim_sheet",
             "The claim sheet (仲裁请求) for labour arbitration: each claim computed by its calculator from one set of "
             "facts, worded for a filing, with its formula, formatted citations, rate rows and the facts assumed, and "
             "one total. A request that the employer enrol the worker in social insurance or pay contributions is "
             "refused with where to go instead (not a labour dispute in Guangdong). Give the figures as returned.",
             ClaimSheetArgs, _claim_sheet),
        Tool("draft_document",
             "Draft a document from the facts and the claim sheet: arbitration_application (劳动人事争议仲裁申请书, "
             "addressed to the competent commission), inspection_complaint (劳动保障监察投诉书), "
             "forced_resignation_notice (被迫解除劳动合同通知书, facts.resignation_grounds required), "
             "resignation_letter (辞职信), withdraw_resignation (撤回辞职申请书: needs the employer's consent). "
             "Returns its sections and the warnings to pass on; the worker gets a DOCX or a printable page by "
             "POSTing the same facts and claims to /api/v1/documents/{kind}?format=docx or ?format=html.",
             DraftDocumentArgs, _draft_document),
    ]}


class FunctionDefinition(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any] = Field(description="JSON schema of the arguments")


class ToolDefinition(BaseModel):
    type: Literal["function"] = "function"
    function: FunctionDefinition


def tool_definitions(settings: Settings) -> list[ToolDefinition]:
    """OpenAI-style function definitions, the schemas taken from the argument models."""
    return [ToolDefinition(function=FunctionDefinition(name=t.name, description=t.description,
                                                       parameters=t.arguments.model_json_schema()))
            for t in tools(settings).values()]


def call_tool(name: str, arguments: dict | None, service: SearchService, settings: Settings) -> dict:
    """Validate the arguments against the tool's model and run it; UserError (NotFound for an
    unknown tool, case, article or calculator) says what is wrong."""
    known = tools(settings)
    tool = known.get(name)
    if tool is None:
        raise NotFound(f"没有名为「{name}」的工具，可用的有：{'、'.join(known)} / unknown tool '{name}'")
    if arguments is not None and not isinstance(arguments, dict):
        raise UserError("参数应为 JSON 对象 / arguments must be a JSON object")
    try:
        args = tool.arguments.model_validate(arguments or {})
    except ValidationError as exc:
        raise UserError.invalid(field_errors(exc.errors(include_url=False))) from None
    return tool.run(args, service, settings)
