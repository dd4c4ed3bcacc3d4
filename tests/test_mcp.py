"""The MCP server as a subprocess on stdio, driven by the SDK's client session: every tool is
listed with its argument model's schema and answers through the shared dispatcher.

The server runs `legalqa.mcp_server.serve` with the fake embedder and the mini corpus of
conftest.py (the real `legalqa mcp` command with the real model is driven in test_chatbot_e2e.py)."""

import json
import sys
import textwrap

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from conftest import PROJECT_ROOT
from legalqa.settings import Settings
from legalqa.tools import tools

SERVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from conftest import FakeEmbedder, mini_corpus_settings
    from legalqa.mcp_server import serve
    from legalqa.service import open_service

    settings = mini_corpus_settings(Path({index!r}))
    serve(settings, load=lambda s: open_service(s, embedder=FakeEmbedder(), build=True,
                                                log=lambda m: print(m, file=sys.stderr)))
""")

CALLS = {
    "answer_question": {"q": "公司不发高温补贴怎么办"},
    "search_cases_and_law": {"q": "职工提出辞职后可以撤回吗", "k": 5},
    "get_article": {"law": "劳动合同法", "article": 37},
    "get_case": {"case_id": "case/gdgy-000-0e3332-1"},
    "list_calculators": {},
    "run_calculator": {"name": "death_benefit", "inputs": {"death_date": "2023-10-05", "contribution_years": 12,
                                                           "monthly_income_override": 4500}},
}


@pytest.fixture(scope="module")
def mcp_exchange(mini_service, mini_settings, tmp_path_factory):
    """tools/list and one tools/call per tool (plus two bad calls), over a real stdio session."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-c", SERVER.format(tests=str(PROJECT_ROOT / "tests"), index=str(mini_settings.index_dir))],
        cwd=str(PROJECT_ROOT))

    async def run():
        with anyio.fail_after(120), open(tmp_path_factory.mktemp("mcp") / "stderr.log", "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    listed = await session.list_tools()
                    results = {name: await session.call_tool(name, args) for name, args in CALLS.items()}
                    results["unknown"] = await session.call_tool("no_such_tool", {})
                    results["bad"] = await session.call_tool("get_article", {"law": "劳动合同法", "article": "x"})
                    return listed, results

    return anyio.run(run)


def _json(result) -> dict:
    return json.loads(result.content[0].text)


def test_every_tool_is_listed_with_its_argument_schema(mcp_exchange):
    listed, _ = mcp_exchange
    assert {t.name: t.input_schema for t in listed.tools} == \
        {name: t.arguments.model_json_schema() for name, t in tools(Settings()).items()}
    assert all(t.description for t in listed.tools)


def test_every_tool_answers(mcp_exchange):
    _, results = mcp_exchange
    for name in CALLS:
        assert not results[name].is_error, (name, results[name].content)
        assert results[name].structured_content == _json(results[name])


def test_results_are_the_http_contract(mcp_exchange, mini_service, mini_settings):
    from legalqa.tools import call_tool

    _, results = mcp_exchange
    for name, args in CALLS.items():
        assert _json(results[name]) == call_tool(name, args, mini_service, mini_settings)


def test_search_finds_the_resignation_case(mcp_exchange):
    _, results = mcp_exchange
    ids = [r["id"] for r in _json(results["search_cases_and_law"])["results"]]
    assert "case/gdgy-000-0e3332-1" in ids


def test_answer_and_article_carry_citations(mcp_exchange):
    _, results = mcp_exchange
    answer = _json(results["answer_question"])
    assert answer["answer"] and all(s["source_id"] and s["url"] for s in answer["answer"])
    assert _json(results["get_article"])["id"] == "article/劳动合同法/37"
    assert _json(results["get_case"])["title"] == "职工提出辞职后，可以撤回吗？"


def test_calculator_figures_come_from_the_calculator(mcp_exchange):
    _, results = mcp_exchange
    assert "death_benefit" in [c["name"] for c in _json(results["list_calculators"])["calculators"]]
    assert _json(results["run_calculator"])["amounts"]


def test_errors_are_tool_errors_the_model_can_read(mcp_exchange):
    _, results = mcp_exchange
    assert results["unknown"].is_error and "unknown tool" in _json(results["unknown"])["detail"]
    assert results["bad"].is_error and _json(results["bad"])["errors"][0]["field"] == "article"
