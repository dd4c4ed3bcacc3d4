"""A chatbot against a real `python -m legalqa serve` (real model and index) and a real
`python -m legalqa mcp`: it reads the tool list, asks a worker's paraphrase of the magazine
resignation case through the answer endpoint, a tool call and MCP, and checks it gets that
case and a governing article with citations it can resolve; a noisy integration is held to its
rate limit; an off-topic question gets the referral, not a guess."""

import json
import sys

import anyio
import httpx
import jsonschema
import pytest
from live_server import START_TIMEOUT, running_server
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from conftest import PROJECT_ROOT
from legalqa.cases import load_cases

pytestmark = pytest.mark.model

INDEX_DIR = PROJECT_ROOT / "var" / "test-index"
ISSUE_FILE = "000_0e33327127b7fe3f.txt"  # the 广东工运 issue holding the resignation case
QUESTION = "我辞职信都交了，新公司不要我了，能跟原公司说撤回辞职吗"
OFF_TOPIC = "红烧肉怎么做才好吃"
# the articles on a worker's resignation: notice in writing (劳动合同法37, 劳动法31), agreement (劳动合同法36)
RESIGNATION_ARTICLES = {"article/劳动合同法/37", "article/劳动法/31", "article/劳动合同法/36"}
CHATBOT_KEY, NOISY_KEY = "chatbot-e2e-key", "noisy-e2e-key"
RATE_LIMIT = 30


@pytest.fixture(scope="module")
def resignation_case_id() -> str:
    for case in load_cases(PROJECT_ROOT / "cases")[0].values():
        if case.source.get("issue_file") == ISSUE_FILE:
            return case.id
    pytest.fail(f"no case under cases/ comes from the issue file {ISSUE_FILE}")


@pytest.fixture(scope="module")
def server() -> str:
    with running_server("chatbot-e2e-server.log", LEGALQA_API_KEYS=f"{CHATBOT_KEY},{NOISY_KEY}",
                        LEGALQA_RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT)) as base:
        yield base


class Chatbot:
    """What an integration does: read the tool list once, check every call's arguments against
    the listed schema, call the tool, and quote only what comes back."""

    def __init__(self, base: str, key: str):
        self.http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120)
        self.schemas = {t["function"]["name"]: t["function"]["parameters"] for t in self.get("/api/v1/tools")}

    def get(self, path: str, **params):
        r = self.http.get(path, params=params)
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return r.json()

    def call(self, name: str, **arguments) -> dict:
        jsonschema.validate(arguments, self.schemas[name])
        r = self.http.post(f"/api/v1/tools/{name}", json=arguments)
        assert r.status_code == 200, (name, r.status_code, r.text[:500])
        return r.json()

    def ask(self, question: str) -> dict:
        return self.get("/api/v1/answer", q=question)

    def check_quote(self, sentence: dict) -> None:
        """A quoted sentence is in the text of the source it cites, fetched through the tools; a
        guide's sentence (written from the statutes) cites articles the tools can fetch."""
        if sentence.get("from_guide"):
            for source_id in sentence["source_ids"]:
                law, _, number = source_id.removeprefix("article/").rpartition("/")
                assert self.call("get_article", law=law, article=int(number))["id"] == source_id
            return
        kind, _, rest = sentence["source_id"].partition("/")
        if kind == "case":
            source = self.call("get_case", case_id=sentence["source_id"])
            text = "\n".join(s["text"] for s in source["sections"])
        else:
            law, _, number = rest.rpartition("/")
            text = self.call("get_article", law=law, article=int(number))["text"]
        assert sentence["text"] in text, sentence


@pytest.fixture(scope="module")
def chatbot(server) -> Chatbot:
    return Chatbot(server, CHATBOT_KEY)


def test_tool_list_is_usable_for_function_calling(chatbot):
    assert {"search_cases_and_law", "get_article", "get_case", "list_calculators", "run_calculator",
            "answer_question"} <= set(chatbot.schemas)
    for schema in chatbot.schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_answer_endpoint_quotes_the_resignation_case_and_its_article(chatbot, resignation_case_id):
    answer = chatbot.ask(QUESTION)
    assert answer["confidence"] in ("high", "medium") and answer["referral"] is None
    best_case = next(r for r in answer["search"]["results"] if r["kind"] == "case")
    assert best_case["id"] == resignation_case_id
    sources = {i for s in answer["answer"] for i in s["source_ids"]}
    assert resignation_case_id in sources
    assert sources & RESIGNATION_ARTICLES, sources
    for sentence in answer["answer"]:
        chatbot.check_quote(sentence)
    assert answer["next_steps"] and all(s["who"] for s in answer["next_steps"])
    assert answer["notice"].startswith("【提示】")


def test_tool_call_finds_the_resignation_case_and_article(chatbot, resignation_case_id):
    found = chatbot.call("search_cases_and_law", q=QUESTION, k=10)
    ids = [r["id"] for r in found["results"]]
    assert next(i for i in ids if i.startswith("case/")) == resignation_case_id
    assert RESIGNATION_ARTICLES & set(ids), ids
    case = chatbot.call("get_case", case_id=resignation_case_id)
    assert case["source"]["issue_file"] == ISSUE_FILE
    article_id = next(i for i in ids if i in RESIGNATION_ARTICLES)
    _, law, number = article_id.split("/")
    article = chatbot.call("get_article", law=law, article=int(number))
    assert article["id"] == article_id and article["text"].startswith(article["label"])


def test_mcp_server_gives_the_same_case(chatbot, server, resignation_case_id):
    env = {"LEGALQA_INDEX_DIR": str(INDEX_DIR)}
    params = StdioServerParameters(command=sys.executable, args=["-m", "legalqa", "mcp"], env=env,
                                   cwd=str(PROJECT_ROOT))

    async def converse():
        with anyio.fail_after(START_TIMEOUT), open(PROJECT_ROOT / "var" / "chatbot-e2e-mcp.log", "w") as errlog:
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    listed = await session.list_tools()
                    answer = await session.call_tool("answer_question", {"q": QUESTION})
                    found = await session.call_tool("search_cases_and_law", {"q": QUESTION, "k": 10})
                    return listed, answer, found

    listed, answer, found = anyio.run(converse)
    assert {t.name: t.input_schema for t in listed.tools} == chatbot.schemas
    assert not answer.is_error and not found.is_error
    answer, found = json.loads(answer.content[0].text), json.loads(found.content[0].text)
    assert next(r["id"] for r in found["results"] if r["kind"] == "case") == resignation_case_id
    assert resignation_case_id in [s["source_id"] for s in answer["answer"]]
    over_http = chatbot.ask(QUESTION)
    over_http.pop("search")  # the tool's answer is compact by default
    assert answer == over_http  # the same dispatcher and index behind both


def test_a_question_outside_labour_law_is_told_so_not_guessed_at(chatbot):
    answer = chatbot.ask(OFF_TOPIC)
    assert answer["confidence"] == "low" and answer["in_scope"] is False
    assert answer["answer"] == [] and answer["next_steps"] == [] and answer["search"]["results"] == []
    assert answer["referral"].startswith("【提示】") and "只回答劳动和社会保障方面的问题" in answer["referral"]


def test_over_limit_client_gets_429(server):
    noisy = httpx.Client(base_url=server, headers={"X-API-Key": NOISY_KEY}, timeout=30)
    codes = [noisy.get("/api/v1/tools").status_code for _ in range(RATE_LIMIT + 1)]
    assert codes[:RATE_LIMIT] == [200] * RATE_LIMIT and codes[-1] == 429
    r = noisy.get("/api/v1/tools")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "请求太频繁" in r.json()["detail"]
    assert httpx.get(f"{server}/api/v1/tools").status_code == 401  # and without a key: none at all
