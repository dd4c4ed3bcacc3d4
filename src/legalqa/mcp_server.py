"""`legalqa mcp`: the chatbot tools over the Model Context Protocol (stdio), for assistants
such as Claude Desktop. Same tools, schemas and dispatcher as GET/POST /api/v1/tools, plus the
articles, cases and guides an answer cites as resources (`legalqa://article/劳动合同法/37`, the
`source_id` behind `legalqa://`) and a consultation prompt. Each tool declares its result model's schema as
`outputSchema` and returns the object as `structuredContent` beside the JSON text; a line on stdin that is no
JSON-RPC message gets the spec's error (-32700 parse error, -32600 invalid request) where the SDK would drop it.

The search service (model and index) loads as the server starts and runs one query to warm the
model; `initialize` is answered once it is ready (about 10 s with the real model), so the first tool
call after the handshake answers at once instead of paying for torch. A service that failed to load
still lets the handshake through, and every call then says why.
"""

import json
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from urllib.parse import unquote

import anyio
import mcp.types as types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from mcp.shared.message import SessionMessage
from mcp_types.jsonrpc import INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError

from legalqa.errors import NotFound, UserError
from legalqa.library import Library
from legalqa.service import SearchService
from legalqa.settings import Settings
from legalqa.calculators import all_calculators
from legalqa.tools import CALCULATOR_TOOL_PREFIX, call_tool, tool_parameters, tool_result_schema, tools
from legalqa.views import article_view, case_view, guide_summary, guide_view

INSTRUCTIONS = (
    "legalqa: 广东职工维权法律问答 — union-lawyer cases, statute articles and exact calculators for "
    "Guangdong worker-rights questions. Ask answer_question or search_cases_and_law first; quote the "
    "returned sentences with their source ids; use a calculator tool (calc_<name>) for any figure. When confidence is "
    "'low', pass on the referral (12351 hotline or a union lawyer) instead of answering yourself. "
    "A source id `article/劳动合同法/37` reads as the resource legalqa://article/劳动合同法/37.")

TOOL_TITLES = {
    "answer_question": "回答职工的问题 / Answer a worker's question",
    "search_cases_and_law": "检索案例和法条 / Search cases and law",
    "get_article": "法条全文 / Statute article",
    "get_case": "案例全文 / Case",
    "get_guide": "维权指南 / Dispute guide",
    "list_calculators": "计算器列表 / List calculators",
    "run_calculator": "计算金额 / Run a calculator",
    "find_offices": "仲裁委和工会 / Find offices",
    "build_claim_sheet": "仲裁请求清单 / Claim sheet",
    "draft_document": "起草文书 / Draft a document",
}

SCHEME = "legalqa://"
RESOURCE_TEMPLATES = [
    types.ResourceTemplate(name="article", title="法条 / Statute article", uri_template=SCHEME + "article/{law}/{n}",
                           mime_type="application/json",
                           description="One statute article: law short name (劳动合同法) and article number (37), "
                                       "with its status, source and the cases citing it."),
    types.ResourceTemplate(name="case", title="案例 / Case", uri_template=SCHEME + "case/{slug}",
                           mime_type="application/json",
                           description="One union-lawyer or court case with all its sections and the articles it cites."),
    types.ResourceTemplate(name="guide", title="维权指南 / Dispute guide", uri_template=SCHEME + "guide/{slug}",
                           mime_type="application/json",
                           description="One dispute guide whole: answer variants by fact, follow-up questions, "
                                       "next steps, evidence; `reviewed` false means not yet reviewed by a lawyer."),
]

CONSULTATION = types.Prompt(
    name="consultation", title="职工维权咨询 / Worker's consultation",
    description="How to answer a Guangdong worker's labour-rights question with these tools.",
    arguments=[types.PromptArgument(name="question", description="the worker's question in their own words",
                                    required=True)])

CONSULTATION_TEXT = """你在为广东的职工解答劳动权益问题，只依据 legalqa 工具返回的内容。/ You are answering a Guangdong worker's labour-rights question from what the legalqa tools return, nothing else.

1. Call answer_question with the worker's words as `q`.
2. If the reply has `follow_up` questions, ask the worker them (in Chinese, plainly), then call answer_question again with the same `q` and the answers as `facts` ({{key: value}} from the options).
3. Give the answer's sentences with their source ids; open an article, case or guide (get_article, get_case, get_guide, or the resource legalqa://<source_id>) when the worker wants the text.
4. If the answer comes from a guide with `reviewed` false, say that it was written from the statutes and has not yet been reviewed by a union lawyer.
5. For any amount (severance, double wages, overtime, injury benefits …) call that calculator's tool (calc_severance, calc_double_wage …; a choice takes its code or its Chinese label); quote the figure the calculator returns.
6. If `confidence` is "low" or the tools find nothing that fits, do not answer from your own knowledge: pass on the referral — the 12351 union hotline or a union lawyer — and the offices find_offices gives for the worker's city.
7. Never state an article, a deadline, an amount or any figure the tools did not return.

职工的问题 / The worker's question:
{question}"""


def tool_title(name: str) -> str:
    """The tool's title; a calculator tool (calc_<name>) is titled after its calculator."""
    if name in TOOL_TITLES:
        return TOOL_TITLES[name]
    calculator = name.removeprefix(CALCULATOR_TOOL_PREFIX)
    return f"计算{all_calculators()[calculator].title} / Calculator: {calculator.replace('_', ' ')}"


def mcp_tools(settings: Settings) -> list[types.Tool]:
    return [types.Tool(name=t.name, title=tool_title(t.name), description=t.description,
                       input_schema=tool_parameters(t), output_schema=tool_result_schema(t),
                       annotations=types.ToolAnnotations(title=tool_title(t.name), read_only_hint=True,
                                                         open_world_hint=False))
            for t in tools(settings).values()]


def _text(data: dict) -> list[types.TextContent]:
    return [types.TextContent(text=json.dumps(data, ensure_ascii=False))]


def _error(body: dict) -> types.CallToolResult:
    """A failed call, its content the body of an API error: {detail, errors}."""
    return types.CallToolResult(content=_text(body), is_error=True)


def read_resource(library: Library, uri: str) -> dict:
    """The JSON view behind `legalqa://article/<law>/<n>`, `legalqa://case/<slug>` or `legalqa://guide/<slug>`
    (percent-encoded or not); NotFound for anything else."""
    kind, _, rest = unquote(uri).removeprefix(SCHEME).partition("/")
    if uri.startswith(SCHEME) and kind == "article":
        law, _, number = rest.rpartition("/")
        if law and number.isdigit():
            return article_view(library, law, int(number)).model_dump(mode="json")
    if uri.startswith(SCHEME) and kind == "case" and rest:
        return case_view(library, rest).model_dump(mode="json")
    if uri.startswith(SCHEME) and kind == "guide" and rest:
        return guide_view(library, rest).model_dump(mode="json")
    raise NotFound(f"没有这个资源 / unknown resource '{uri}'; expected "
                   + ", ".join(t.uri_template for t in RESOURCE_TEMPLATES))


def create_server(settings: Settings, service: Future) -> Server:
    """An MCP server whose tool calls and resource reads run on the service the future resolves to."""

    async def ready() -> SearchService:
        try:
            return await anyio.to_thread.run_sync(service.result)
        except Exception as exc:  # the model or index failed to load: say so on every request
            raise MCPError(INTERNAL_ERROR, f"检索服务启动失败 / the search service failed to start: {exc}") from exc

    async def list_tools(ctx, params) -> types.ListToolsResult:
        return types.ListToolsResult(tools=mcp_tools(settings))

    async def call(ctx, params: types.CallToolRequestParams) -> types.CallToolResult:
        known = tools(settings)
        if params.name not in known:  # the spec's protocol error for an unknown tool
            raise MCPError(INVALID_PARAMS, f"Unknown tool: {params.name}", {"tools": list(known)})
        try:
            searcher = await ready()
        except MCPError as exc:
            return _error({"detail": exc.message, "errors": []})
        try:
            result = await anyio.to_thread.run_sync(call_tool, params.name, params.arguments, searcher, settings)
        except UserError as exc:
            return _error(exc.as_json())
        return types.CallToolResult(content=_text(result), structured_content=result)

    async def list_resources(ctx, params) -> types.ListResourcesResult:
        library = (await ready()).library
        return types.ListResourcesResult(resources=[
            types.Resource(uri=SCHEME + g.id, name=g.slug, title=g.title, mime_type="application/json",
                           description="维权指南 / dispute guide" + ("" if g.reviewed else "（未经律师审核 / not yet reviewed）"))
            for g in map(guide_summary, library.guides.values())])

    async def list_templates(ctx, params) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(resource_templates=RESOURCE_TEMPLATES)

    async def read(ctx, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        library = (await ready()).library
        try:
            view = read_resource(library, params.uri)
        except NotFound as exc:  # SEP-2164: a resource that does not exist is invalid params
            raise MCPError(INVALID_PARAMS, exc.message, {"uri": params.uri}) from None
        return types.ReadResourceResult(contents=[types.TextResourceContents(
            uri=params.uri, mime_type="application/json", text=json.dumps(view, ensure_ascii=False))])

    async def list_prompts(ctx, params) -> types.ListPromptsResult:
        return types.ListPromptsResult(prompts=[CONSULTATION])

    async def get_prompt(ctx, params: types.GetPromptRequestParams) -> types.GetPromptResult:
        question = (params.arguments or {}).get("question", "").strip()
        if params.name != CONSULTATION.name or not question:
            raise MCPError(INVALID_PARAMS, f"Unknown prompt '{params.name}' or no question; "
                                           f"use {CONSULTATION.name} with a question")
        return types.GetPromptResult(description=CONSULTATION.description, messages=[types.PromptMessage(
            role="user", content=types.TextContent(text=CONSULTATION_TEXT.format(question=question)))])

    return Server("legalqa", version="1", instructions=INSTRUCTIONS, on_list_tools=list_tools, on_call_tool=call,
                  on_list_resources=list_resources, on_list_resource_templates=list_templates,
                  on_read_resource=read, on_list_prompts=list_prompts, on_get_prompt=get_prompt)


def _open_service(settings: Settings) -> SearchService:
    """The real service, its model warmed by one query so the first tool call pays no first-inference cost."""
    from legalqa.service import open_service

    service = open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))
    service.search("试运行 / warm-up", k=1)
    return service


def unreadable_line_error(exc: Exception) -> JSONRPCError:
    """The JSON-RPC error for a line that is no message: -32700 for a line that is not JSON, -32600 for JSON
    that is not a request, notification or response (its id unknown, so null)."""
    not_json = not isinstance(exc, ValidationError) or any(e["type"] == "json_invalid" for e in exc.errors())
    error = ErrorData(code=PARSE_ERROR, message="Parse error") if not_json else \
        ErrorData(code=INVALID_REQUEST, message="Invalid Request")
    return JSONRPCError(jsonrpc="2.0", id=None, error=error)


async def answer_unreadable_lines(transport, write, to_server) -> None:
    """Passes the messages read from stdin on to the server and answers each unreadable line with its error
    (the SDK drops them silently); the server keeps serving."""
    async with to_server:
        async for item in transport:
            if isinstance(item, Exception):
                await write.send(SessionMessage(unreadable_line_error(item)))
            else:
                await to_server.send(item)


def serve(settings: Settings, load: Callable[[Settings], SearchService] = _open_service) -> int:
    """Serves until stdin closes; `load` opens the search service (tests pass a fake model)."""
    with ThreadPoolExecutor(max_workers=1) as pool:

        async def main() -> None:
            async with stdio_server() as (transport, write), anyio.create_task_group() as lines:
                # from here stray prints go to stderr
                to_server, read = anyio.create_memory_object_stream[SessionMessage](0)
                lines.start_soon(answer_unreadable_lines, transport, write, to_server)
                loading = pool.submit(load, settings)
                await anyio.to_thread.run_sync(wait, [loading])  # `initialize` waits in the pipe meanwhile
                server = create_server(settings, loading)
                await server.run(read, write, server.create_initialization_options())
                lines.cancel_scope.cancel()  # the server stopped before stdin closed

        anyio.run(main)
    return 0
