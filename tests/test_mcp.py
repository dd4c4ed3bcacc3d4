"""The MCP server as a subprocess on stdio, driven by the SDK's client session: every tool is
listed with its argument model's schema and read-only annotations and answers through the shared
dispatcher, its structured content valid against the tool's output schema; articles, cases and guides read
as resources; the consultation prompt; protocol errors, and a JSON-RPC error for an unreadable line.

The server runs `legalqa.mcp_server.serve` with the fake embedder and the mini corpus of
conftest.py (the real `legalqa mcp` command with the real model is driven in test_chatbot_e2e.py)."""

import json
import subprocess
import sys
import textwrap

import anyio
import jsonschema
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError
from mcp_types.jsonrpc import INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR

from conftest import PROJECT_ROOT
from legalqa.settings import Settings
from legalqa.tools import tool_parameters, tool_result_schema, tools

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
    "get_guide": {"slug": "heat-allowance"},
    "list_calculators": {},
    "run_calculator": {"name": "death_benefit", "inputs": {"death_date": "2023-10-05", "contribution_years": 12,
                                                           "monthly_income_override": 4500}},
    "calc_severance": {"reason": "单位违法解除或终止（要赔偿金，不要求复工）", "hire_date": "2020-03-01",
                       "employment_end_date": "2024-02-29", "monthly_wage": 8000, "city": None},
    "find_offices": {"city": "东莞"},
    "build_claim_sheet": {"facts": {"city": "东莞"}, "claims": [
        {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15, "month": "2024-12"}}]},
    "draft_document": {"kind": "arbitration_application", "facts": {"city": "东莞", "employer_name": "东莞某电子有限公司"},
                       "claims": [{"claim": "被申请人出具解除劳动合同的证明"}]},
}
FULL_ANSWER = {**CALLS["answer_question"], "compact": False}


@pytest.fixture(scope="module")
def mcp_exchange(mini_service, mini_settings, tmp_path_factory):
    """tools/list and one tools/call per tool (plus two bad calls), over a real stdio session."""
    params = StdioServerParameters(command=sys.executable, args=_server_args(mini_settings), cwd=str(PROJECT_ROOT))

    async def run():
        with anyio.fail_after(120), open(tmp_path_factory.mktemp("mcp") / "stderr.log", "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    listed = await session.list_tools()
                    results = {name: await session.call_tool(name, args) for name, args in CALLS.items()}
                    results["full_answer"] = await session.call_tool("answer_question", FULL_ANSWER)
                    results["bad"] = await session.call_tool("get_article", {"law": "劳动合同法", "article": "x"})
                    results["templates"] = await session.list_resource_templates()
                    results["resources"] = await session.list_resources()
                    results["guide"] = await session.read_resource(results["resources"].resources[0].uri)
                    results["article"] = await session.read_resource("legalqa://article/中华人民共和国劳动合同法/37")
                    results["case"] = await session.read_resource("legalqa://case/gdgy-000-0e3332-1")
                    results["prompts"] = await session.list_prompts()
                    results["prompt"] = await session.get_prompt("consultation", {"question": "公司不发高温补贴怎么办"})
                    for name, request in {"unknown": session.call_tool("no_such_tool", {}),
                                          "no_resource": session.read_resource("legalqa://article/火星法/1"),
                                          "no_prompt": session.get_prompt("no_such_prompt", {"question": "x"})}.items():
                        try:
                            results[name] = await request
                        except MCPError as exc:
                            results[name] = exc
                    return listed, results

    return anyio.run(run)


def _server_args(settings: Settings) -> list[str]:
    return ["-c", SERVER.format(tests=str(PROJECT_ROOT / "tests"), index=str(settings.index_dir))]


def _json(result) -> dict:
    return json.loads(result.content[0].text)


def test_every_tool_is_listed_with_its_argument_schema(mcp_exchange):
    listed, _ = mcp_exchange
    assert {t.name: t.input_schema for t in listed.tools} == \
        {name: tool_parameters(t) for name, t in tools(Settings()).items()}
    assert "calc_severance" in {t.name for t in listed.tools}
    assert all(t.description for t in listed.tools)


def test_every_tool_declares_its_result_models_schema(mcp_exchange):
    listed, _ = mcp_exchange
    assert {t.name: t.output_schema for t in listed.tools} == \
        {name: tool_result_schema(t) for name, t in tools(Settings()).items()}
    assert all(t.output_schema["type"] == "object" and t.output_schema["properties"] for t in listed.tools)


def test_structured_content_is_the_text_and_valid_against_the_output_schema(mcp_exchange):
    listed, results = mcp_exchange
    schemas = {t.name: t.output_schema for t in listed.tools}
    for name, result in [*((name, results[name]) for name in CALLS), ("answer_question", results["full_answer"])]:
        assert result.structured_content == _json(result), name
        jsonschema.validate(result.structured_content, schemas[name])
    assert "search" not in results["answer_question"].structured_content
    assert results["full_answer"].structured_content["search"]["results"]


def test_every_tool_is_a_titled_read_only_tool(mcp_exchange):
    listed, _ = mcp_exchange
    for tool in listed.tools:
        assert tool.annotations.read_only_hint is True, tool.name
        assert tool.annotations.title and tool.title == tool.annotations.title, tool.name


def test_every_tool_answers(mcp_exchange):
    _, results = mcp_exchange
    for name in CALLS:
        assert not results[name].is_error, (name, results[name].content)


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


def test_a_calculator_tool_takes_the_chinese_label(mcp_exchange, mini_service, mini_settings):
    from legalqa.tools import call_tool

    _, results = mcp_exchange
    by_code = {**CALLS["calc_severance"], "reason": "unlawful_termination"}
    assert _json(results["calc_severance"]) == call_tool("calc_severance", by_code, mini_service, mini_settings)
    assert _json(results["calc_severance"])["amounts"]


def test_bad_arguments_are_tool_errors_the_model_can_read(mcp_exchange):
    _, results = mcp_exchange
    assert results["bad"].is_error and _json(results["bad"])["errors"][0]["field"] == "article"


def test_unknown_tool_resource_or_prompt_is_the_protocols_invalid_params_error(mcp_exchange):
    _, results = mcp_exchange
    for name in ("unknown", "no_resource", "no_prompt"):
        assert isinstance(results[name], MCPError) and results[name].code == INVALID_PARAMS, (name, results[name])
    assert "no_such_tool" in results["unknown"].message
    assert "火星法" in results["no_resource"].message


def test_source_ids_resolve_as_resource_templates(mcp_exchange):
    _, results = mcp_exchange
    assert {t.uri_template for t in results["templates"].resource_templates} == {
        "legalqa://article/{law}/{n}", "legalqa://case/{slug}", "legalqa://guide/{slug}"}
    article, = results["article"].contents
    assert article.mime_type == "application/json" and json.loads(article.text)["id"] == "article/劳动合同法/37"
    assert json.loads(results["case"].contents[0].text)["title"] == "职工提出辞职后，可以撤回吗？"


def test_guides_are_listed_as_resources_that_read(mcp_exchange, mini_service):
    _, results = mcp_exchange
    uris = [r.uri for r in results["resources"].resources]
    assert uris == [f"legalqa://{g.id}" for g in mini_service.library.guides.values()] and uris
    assert f"legalqa://{json.loads(results['guide'].contents[0].text)['id']}" == uris[0]


def test_the_consultation_prompt_carries_the_question_and_the_rules(mcp_exchange):
    _, results = mcp_exchange
    assert [p.name for p in results["prompts"].prompts] == ["consultation"]
    message, = results["prompt"].messages
    text = message.content.text
    assert message.role == "user" and "公司不发高温补贴怎么办" in text
    assert all(word in text for word in ("answer_question", "follow_up", "facts", "reviewed", "12351"))


BROKEN_SERVER = textwrap.dedent("""
    from legalqa.mcp_server import serve
    from legalqa.settings import Settings

    def load(settings):
        raise OSError("no model here")

    serve(Settings(), load=load)
""")


@pytest.mark.process
def test_a_service_that_fails_to_load_still_shakes_hands_and_says_why_on_each_call():
    params = StdioServerParameters(command=sys.executable, args=["-c", BROKEN_SERVER], cwd=str(PROJECT_ROOT))

    async def run():
        with anyio.fail_after(60):
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    return await session.call_tool("get_article", {"law": "劳动合同法", "article": 37})

    result = anyio.run(run)
    assert result.is_error and "no model here" in _json(result)["detail"]


@pytest.mark.process
def test_an_unreadable_line_gets_its_json_rpc_error_and_the_server_keeps_serving(mini_service, mini_settings):
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                             "clientInfo": {"name": "test", "version": "1"}}}
    lines = ["this is not json", json.dumps({"no": "message"}), json.dumps(initialize)]
    server = subprocess.run([sys.executable, *_server_args(mini_settings)], cwd=PROJECT_ROOT, capture_output=True,
                            input="".join(line + "\n" for line in lines), text=True, timeout=120)
    replies = [json.loads(line) for line in server.stdout.splitlines()]
    assert [r.get("error", {}).get("code") for r in replies] == [PARSE_ERROR, INVALID_REQUEST, None], server.stderr
    assert replies[0]["id"] is None and replies[2]["id"] == 1 and replies[2]["result"]["serverInfo"]["name"] == "legalqa"
