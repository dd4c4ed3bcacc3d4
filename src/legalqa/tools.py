"""Tools for chatbots: one pydantic argument model per tool (one tool per calculator, `calc_<name>`,
its arguments the calculator's own input model), the OpenAI-style function definitions derived from
those models in OpenAI's strict mode, and one dispatcher used by the HTTP tool endpoint and the MCP
server, so the schema a chatbot sees and the code that runs cannot drift apart.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from legalqa.calculators import Calculator, CalculatorInfo, all_calculators, list_calculators, run_calculator
from legalqa.calculators.base import CalcResult
from legalqa.claims import build_claims
from legalqa.documents import DRAFTERS, DocumentRequest, DraftedDocument, draft_document
from legalqa.errors import NotFound, UserError, field_errors
from legalqa.offices import OfficesOut, load_offices
from legalqa.schemas import (AnswerResponse, ArticleOut, CaseOut, ClaimFacts, ClaimRequestItem, ClaimSheet, GuideOut,
                             SearchResponse)
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


class AnswerToolResult(AnswerResponse):
    """answer_question's result: the answer, its search block left out in compact mode (the default)."""

    search: SearchResponse | None = Field(None, description="the search behind the answer; absent when compact")


class CalculatorList(BaseModel):
    calculators: list[CalculatorInfo]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[BaseModel]
    run: Callable[[Any, SearchService, Settings], dict]
    result: type[BaseModel]  # the model of the JSON object `run` returns


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
    return CalculatorList(calculators=list_calculators()).model_dump(mode="json")


def _run_calculator(args: RunCalculatorArgs, service: SearchService, settings: Settings) -> dict:
    return run_calculator(args.name, args.inputs, settings).model_dump(mode="json")


def _find_offices(args: FindOfficesArgs, service: SearchService, settings: Settings) -> dict:
    return load_offices(settings.offices_dir).lookup(args.city, args.district).model_dump(mode="json")


def _claim_sheet(args: ClaimSheetArgs, service: SearchService, settings: Settings) -> dict:
    return build_claims(args.facts, args.claims, settings).model_dump(mode="json")


def _draft_document(args: DraftDocumentArgs, service: SearchService, settings: Settings) -> dict:
    request = DocumentRequest(facts=args.facts, claims=args.claims)
    return draft_document(args.kind, request, settings, service.library).model_dump(mode="json")


CALCULATOR_TOOL_PREFIX = "calc_"


def calculator_tool(calc: Calculator) -> Tool:
    """`calc_<name>`: the calculator with its own typed input model as the arguments (codes or Chinese labels
    for choices), run through the same path as run_calculator."""
    def run(args: BaseModel, service: SearchService, settings: Settings) -> dict:
        return run_calculator(calc.name, args.model_dump(exclude_unset=True), settings).model_dump(mode="json")

    return Tool(CALCULATOR_TOOL_PREFIX + calc.name,
                f"计算器：{calc.title}。{calc.purpose} Exact rates from dated, sourced tables; returns the amounts, the "
                "worked steps and the legal basis (article ids and rate rows). A choice takes its code or its Chinese "
                "label; dates as YYYY-MM-DD. Use its figures as they are; do not do the arithmetic yourself.",
                calc.input_model, run, CalcResult)


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
             answer_args, _answer, AnswerToolResult),
        Tool("search_cases_and_law",
             "Search union-lawyer Q&A cases (广东工运), official typical cases and statute articles for a worker's "
             "question. Returns ranked results with ids (case/<slug>, article/<law>/<n>), snippets, urls, the articles "
             f"each case cites, and a confidence level (low: refer to the 12351 hotline). {_CITE}",
             search_args, _search, SearchResponse),
        Tool("get_article",
             "Full text of one statute article with its law title, status (现行有效 …), effective date, document "
             "number and the cases citing it. Use the `law` and `article` fields of a search result.",
             GetArticleArgs, _get_article, ArticleOut),
        Tool("get_case",
             "One case with all its sections (案件概况, 回复意见, 案例拓展 … or 裁判要点, 基本案情 …), its source "
             "and the article ids it cites.",
             GetCaseArgs, _get_case, CaseOut),
        Tool("get_guide",
             "One dispute guide whole: the short answer in every variant (by key facts), the key facts, next steps "
             "with who and deadlines, evidence list, calculators and related cases; `reviewed` says whether a union "
             "lawyer has reviewed it.",
             GetGuideArgs, _get_guide, GuideOut),
        Tool("list_calculators",
             "The calculators (severance, death benefit, heat allowance, minimum wage …) with their input JSON schemas. "
             "Call before run_calculator.",
             ListCalculatorsArgs, _list_calculators, CalculatorList),
        Tool("run_calculator",
             "Run a calculator with exact rates from dated, sourced tables. Returns the amounts, the worked steps and "
             "the legal basis (article ids and rate rows). Use its figures as they are; do not do the arithmetic yourself.",
             RunCalculatorArgs, _run_calculator, CalcResult),
        Tool("find_offices",
             "Where a Guangdong worker applies for labour arbitration: the jurisdiction rule with its article ids, the "
             "city's competent arbitration commission(s) with address and phone where a source gives them (null "
             "otherwise), and the 12333 labour-inspection, 12348 legal-aid and 12351 union hotlines, each with its "
             "source and checked date. Pass on `missing` where it is set; tell the worker to phone before going.",
             FindOfficesArgs, _find_offices, OfficesOut),
        Tool("build_claim_sheet",
             "The claim sheet (仲裁请求) for labour arbitration: each claim computed by its calculator from one set of "
             "facts, worded for a filing, with its formula, formatted citations, rate rows and the facts assumed, and "
             "one total. A request that the employer enrol the worker in social insurance or pay contributions is "
             "refused with where to go instead (not a labour dispute in Guangdong). Give the figures as returned.",
             ClaimSheetArgs, _claim_sheet, ClaimSheet),
        Tool("draft_document",
             "Draft a document from the facts and the claim sheet: arbitration_application (劳动人事争议仲裁申请书, "
             "addressed to the competent commission), inspection_complaint (劳动保障监察投诉书), "
             "forced_resignation_notice (被迫解除劳动合同通知书, facts.resignation_grounds required), "
             "resignation_letter (辞职信), withdraw_resignation (撤回辞职申请书: needs the employer's consent). "
             "Returns its sections and the warnings to pass on; the worker gets a DOCX or a printable page by "
             "POSTing the same facts and claims to /api/v1/documents/{kind}?format=docx or ?format=html.",
             DraftDocumentArgs, _draft_document, DraftedDocument),
        *map(calculator_tool, all_calculators().values()),
    ]}


# OpenAI's strict mode ("Structured Outputs — Supported schemas"): the root an object; every object lists
# all its properties in `required` (an optional one nullable) and has `additionalProperties: false`; types
# string, number, integer, boolean, object, array, null, enum, const and anyOf; of the constraints only these
# keywords and string formats; no allOf/not/if/then/else/oneOf, no default or examples.
STRICT_KEYWORDS = frozenset({
    "type", "title", "description", "properties", "required", "additionalProperties", "items", "anyOf", "enum",
    "const", "$ref", "$defs", "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "minItems", "maxItems"})
STRICT_FORMATS = frozenset({"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"})
_FREE_OBJECT = "a JSON object written as a string"


def _is_free_object(node: dict) -> bool:
    """An object of any keys (`dict[str, …]`): strict mode cannot state one."""
    return node.get("type") == "object" and "properties" not in node


def _resolve(node: dict, defs: dict) -> dict:
    """The node with its `$ref` replaced by the definition, keeping the node's own keys (description …)."""
    if "$ref" not in node:
        return node
    return {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}


def _nullable(node: dict) -> dict:
    if "anyOf" in node:
        return node if {"type": "null"} in node["anyOf"] else {**node, "anyOf": [*node["anyOf"], {"type": "null"}]}
    if node.get("type") in (None, "object"):
        return {"anyOf": [node, {"type": "null"}]}
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    out = {**node, "type": types if "null" in types else [*types, "null"]}
    if "enum" in node and None not in node["enum"]:
        out["enum"] = [*node["enum"], None]
    return out


def strict_schema(schema: dict) -> dict:
    """The JSON schema in OpenAI's strict-mode subset, definitions inlined: optional properties required but
    nullable (null means the default, which the description then names), a choice's Chinese labels added to its
    codes, free-form objects as JSON strings, unsupported keywords left out (the dispatcher still checks them)."""
    defs = schema.get("$defs", {})

    def convert(node: dict, depth: int) -> dict:
        if depth > 20:
            raise ValueError("recursive schema: strict_schema inlines definitions")
        node = _resolve(node, defs)
        if _is_free_object(node):
            return {"type": "string", "description": f"{node.get('description', '')} ({_FREE_OBJECT})".strip()}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties":
                out[key] = {name: convert(sub, depth + 1) for name, sub in value.items()}
            elif key == "items":
                out[key] = convert(value, depth + 1)
            elif key == "anyOf":
                out[key] = [convert(sub, depth + 1) for sub in value]
            elif key in STRICT_KEYWORDS - {"$ref", "$defs"} and not (key == "format" and value not in STRICT_FORMATS):
                out[key] = value
        if labels := node.get("x-enum-labels"):
            out["enum"] = list(dict.fromkeys([*node["enum"], *labels.values()]))
        notes = [f"at most {node['maxLength']} characters"] if "maxLength" in node else []
        if node.get("default") is not None:
            notes.append(f"null: {json.dumps(node['default'], ensure_ascii=False)}")
        if notes:
            out["description"] = f"{out.get('description', '')} ({'; '.join(notes)})".strip()
        if "properties" in out:
            required = set(node.get("required", ()))
            out["properties"] = {name: sub if name in required else _nullable(sub)
                                 for name, sub in out["properties"].items()}
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        return out

    return convert(schema, 0)


@lru_cache(maxsize=64)
def _own_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


@lru_cache(maxsize=64)
def _parameters(model: type[BaseModel]) -> dict[str, Any]:
    return strict_schema(_own_schema(model))


def tool_parameters(tool: Tool) -> dict[str, Any]:
    """The published JSON schema of the tool's arguments (strict mode)."""
    return _parameters(tool.arguments)


@lru_cache(maxsize=64)
def _result_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


def tool_result_schema(tool: Tool) -> dict[str, Any]:
    """The JSON schema of the object the tool returns (MCP's `outputSchema`), from its result model."""
    return _result_schema(tool.result)


def accept_strict(value: Any, schema: dict, defs: dict) -> Any:
    """Arguments as a strict-mode client sends them, read against the model's own schema: null for an optional
    property means leaving it out (its default), and a free-form object may come as a JSON string."""
    schema = _resolve(schema, defs)
    if isinstance(value, dict) and "properties" in schema:
        required = set(schema.get("required", ()))
        return {key: accept_strict(sub, schema["properties"].get(key, {}), defs)
                for key, sub in value.items() if sub is not None or key in required}
    if isinstance(value, list) and "items" in schema:
        return [accept_strict(item, schema["items"], defs) for item in value]
    if isinstance(value, str) and _is_free_object(schema):
        try:
            return json.loads(value)
        except ValueError:
            return value  # the model's validation says what is wrong
    branches = [_resolve(b, defs) for b in schema.get("anyOf", ())]
    if isinstance(value, str) and any(b.get("type") == "string" for b in branches):
        return value
    kind = {dict: "object", list: "array", str: "object"}.get(type(value))  # a string: an object written as one
    return next((accept_strict(value, b, defs) for b in branches if b.get("type") == kind), value)


class FunctionDefinition(BaseModel):
    name: str
    description: str
    parameters: dict[str, Any] = Field(description="JSON schema of the arguments (OpenAI strict mode)")
    strict: bool = Field(True, description="the parameters keep to OpenAI's strict mode")


class ToolDefinition(BaseModel):
    type: Literal["function"] = "function"
    function: FunctionDefinition


def tool_definitions(settings: Settings) -> list[ToolDefinition]:
    """OpenAI-style function definitions, the schemas taken from the argument models in strict mode."""
    return [ToolDefinition(function=FunctionDefinition(name=t.name, description=t.description,
                                                       parameters=tool_parameters(t)))
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
        schema = _own_schema(tool.arguments)
        args = tool.arguments.model_validate(accept_strict(arguments or {}, schema, schema.get("$defs", {})))
    except ValidationError as exc:
        raise UserError.invalid(field_errors(exc.errors(include_url=False))) from None
    return tool.run(args, service, settings)
