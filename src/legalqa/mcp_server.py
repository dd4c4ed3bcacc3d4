"""`legalqa mcp`: the chatbot tools over the Model Context Protocol (stdio), for assistants
such as Claude Desktop. Same tools, schemas and dispatcher as GET/POST /api/v1/tools.

The search service (model and index) loads in a background thread as the server starts, so
the MCP handshake and tools/list answer at once; a tool call waits for it.
"""

import json
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import anyio
import mcp.types as types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

from legalqa.errors import UserError
from legalqa.service import SearchService
from legalqa.settings import Settings
from legalqa.tools import call_tool, tools

INSTRUCTIONS = (
    "legalqa: 广东职工维权法律问答 — union-lawyer cases, statute articles and exact calculators for "
    "Guangdong worker-rights questions. Ask answer_question or search_cases_and_law first; quote the "
    "returned sentences with their source ids; use run_calculator for any figure. When confidence is "
    "'low', pass on the referral (12351 hotline or a union lawyer) instead of answering yourself.")


def mcp_tools(settings: Settings) -> list[types.Tool]:
    return [types.Tool(name=t.name, description=t.description, input_schema=t.arguments.model_json_schema())
            for t in tools(settings).values()]


def _text(data: dict) -> list[types.TextContent]:
    return [types.TextContent(text=json.dumps(data, ensure_ascii=False))]


def _error(body: dict) -> types.CallToolResult:
    """A failed call, its content the body of an API error: {detail, errors}."""
    return types.CallToolResult(content=_text(body), is_error=True)


def create_server(settings: Settings, service: Future) -> Server:
    """An MCP server whose tool calls run on the service the future resolves to."""

    async def list_tools(ctx, params) -> types.ListToolsResult:
        return types.ListToolsResult(tools=mcp_tools(settings))

    async def call(ctx, params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            ready = await anyio.to_thread.run_sync(service.result)
        except Exception as exc:  # the model or index failed to load: say so on every call
            return _error({"detail": f"检索服务启动失败 / the search service failed to start: {exc}", "errors": []})
        try:
            result = await anyio.to_thread.run_sync(call_tool, params.name, params.arguments, ready, settings)
        except UserError as exc:
            return _error(exc.as_json())
        return types.CallToolResult(content=_text(result), structured_content=result)

    return Server("legalqa", version="1", instructions=INSTRUCTIONS, on_list_tools=list_tools, on_call_tool=call)


def _open_service(settings: Settings) -> SearchService:
    from legalqa.service import open_service

    return open_service(settings, build=True, log=lambda m: print(m, file=sys.stderr))


def serve(settings: Settings, load: Callable[[Settings], SearchService] = _open_service) -> int:
    """Serves until stdin closes; `load` opens the search service (tests pass a fake model)."""
    with ThreadPoolExecutor(max_workers=1) as pool:

        async def main() -> None:
            async with stdio_server() as (read, write):  # from here stray prints go to stderr
                server = create_server(settings, pool.submit(load, settings))
                await server.run(read, write, server.create_initialization_options())

        anyio.run(main)
    return 0
