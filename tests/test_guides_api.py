"""Guides over the API and as chatbot tools: the list, one guide, the answer's facts parameter,
the compact answer, and get_guide through the one dispatcher."""

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.errors import NotFound, UserError
from legalqa.guides import Exclusion
from legalqa.tools import call_tool

PREGNANT = "怀孕了公司要辞退我"


@pytest.fixture(scope="module")
def client(fake_settings, fake_service) -> TestClient:
    return TestClient(create_app(fake_settings, fake_service))


def test_guide_list_and_one_guide(client, fake_service):
    listed = client.get("/api/v1/guides").json()
    assert {g["slug"] for g in listed} == set(fake_service.library.guides)
    assert all(g["reviewed"] is False and g["url"] == f"/guides/{g['slug']}" for g in listed)
    guide = client.get("/api/v1/guides/dismissal-pregnancy").json()
    assert guide["answer"][0]["conditions"] == {}  # the default variant first
    assert all(s["source_ids"] for v in guide["answer"] for s in v["sentences"])
    assert guide["next_steps"] and all(s["who"] for s in guide["next_steps"])
    assert client.get("/api/guides/guide/dismissal-pregnancy").json() == guide  # alias, and the id form


def test_situations_a_guide_does_not_answer_are_shown_with_the_guides_that_do(client, fake_service, monkeypatch):
    guides = fake_service.library.guides
    exclusion = Exclusion(cues=("辞职",), instead=("resignation-and-withdrawal",),
                          why="劳动者自己辞职的，看辞职的规定。[劳动合同法/37]")
    monkeypatch.setitem(guides, "dismissal-pregnancy", replace(guides["dismissal-pregnancy"], not_for=(exclusion,)))
    guide = client.get("/api/v1/guides/dismissal-pregnancy").json()
    assert guide["not_for"] == [{"text": "劳动者自己辞职的，看辞职的规定。", "source_ids": ["article/劳动合同法/37"],
                                 "instead": ["resignation-and-withdrawal"]}]
    page = client.get("/guides/dismissal-pregnancy").text
    assert "这份指南不适用的情形" in page and 'href="/guides/resignation-and-withdrawal"' in page
    assert guides["resignation-and-withdrawal"].title in page


def test_unknown_guide_is_404_in_the_one_error_body(client):
    r = client.get("/api/v1/guides/no-such-guide")
    assert r.status_code == 404 and set(r.json()) == {"detail", "errors"} and "no-such-guide" in r.json()["detail"]


def test_answer_takes_facts_and_returns_structured_follow_up(client):
    asked = client.get("/api/v1/answer", params={"q": PREGNANT}).json()
    assert asked["guide"]["slug"] == "dismissal-pregnancy" and asked["guide"]["reviewed"] is False
    assert asked["facts"] == {"pregnant": "是"}
    follow = asked["follow_up"][0]
    told = client.get("/api/v1/answer", params={"q": PREGNANT, "fact": follow["options"][0]["fact"]}).json()
    assert told["facts"][follow["key"]] == follow["options"][0]["value"]
    assert follow["key"] not in [f["key"] for f in told["follow_up"]]
    posted = client.post("/api/v1/answer", json={"q": PREGNANT, "fact": [follow["options"][0]["fact"]]}).json()
    assert posted == told
    step = asked["next_steps"][0]
    assert set(step) == {"text", "who", "deadline", "source_ids", "bring", "where"}
    assert all({"text", "source_id", "source_ids"} <= set(item) for item in asked["answer"])


@pytest.mark.parametrize("fact", ["sex", "=女", "x=" + "长" * 200])
def test_a_malformed_fact_is_a_422(client, fact):
    r = client.get("/api/v1/answer", params={"q": PREGNANT, "fact": fact})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "fact"


def test_answer_tool_is_compact_by_default_and_takes_facts(fake_settings, fake_service):
    compact = call_tool("answer_question", {"q": PREGNANT}, fake_service, fake_settings)
    assert "search" not in compact and compact["answer"]
    full = call_tool("answer_question", {"q": PREGNANT, "compact": False}, fake_service, fake_settings)
    assert full["search"]["results"] and len(str(compact)) < len(str(full))
    key = compact["follow_up"][0]["key"]
    value = compact["follow_up"][0]["options"][0]["value"]
    told = call_tool("answer_question", {"q": PREGNANT, "facts": {key: value}}, fake_service, fake_settings)
    assert told["facts"][key] == value
    with pytest.raises(UserError):
        call_tool("answer_question", {"q": PREGNANT, "facts": {"sex": ""}}, fake_service, fake_settings)


def test_get_guide_tool(fake_settings, fake_service):
    guide = call_tool("get_guide", {"slug": "boss-vanished"}, fake_service, fake_settings)
    assert guide["id"] == "guide/boss-vanished" and guide["next_steps"]
    with pytest.raises(NotFound):
        call_tool("get_guide", {"slug": "nope"}, fake_service, fake_settings)


def test_search_returns_guides_as_a_result_kind(client):
    results = client.get("/api/v1/search", params={"q": "老板跑路了工资没发怎么办"}).json()["results"]
    guide = next(r for r in results if r["kind"] == "guide")
    assert guide["id"] == "guide/boss-vanished" and guide["api_url"] == "/api/v1/guides/boss-vanished"
