"""The everyday questions of issue 11's table, answered with the real model and index through the
API: the first answer item rests on the article that governs (never the misleading one), the answer
names the next step, and the 五十八 question asks the worker's sex."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app

pytestmark = pytest.mark.model

J = "article/劳动合同法/"
TABLE = [
    # question, first item cites one of these, and none of these
    ("怀孕三个月被公司炒鱿鱼了 说我经常请假 合法吗",
     {J + "42", J + "87", "article/女职工劳动保护特别规定/5"}, {J + "40"}),
    ("我今年五十八了厂里说我年纪大了不要我了 做了十二年 有冇补偿",
     {J + "48", J + "87", "article/劳动合同法实施条例/21"}, {J + "71"}),
    ("在厂里干活手被机器压伤了公司没给我买社保医药费谁出能不能算工伤",
     {"article/工伤保险条例/14", "article/工伤保险条例/17", "article/工伤保险条例/62"},
     {J + "92", "article/劳动法/38", "article/劳动法/41"}),
    ("老板跑路了工资没发怎么办",
     {"article/保障农民工工资支付条例/" + str(n) for n in range(1, 65)}
     | {"article/广东省工资支付条例/" + str(n) for n in range(1, 65)} | {J + "38"}, set()),
    ("我被公司炒了怎么办", {J + n for n in ("39", "40", "42", "48", "87")}, set()),
    ("怀孕了公司要辞退我", {J + "42", "article/女职工劳动保护特别规定/5"}, {J + "40"}),
    ("公司一直不给我交社保 我能不能自己辞职", {J + "38", J + "46"}, set()),
]


@pytest.fixture(scope="module")
def client(real_settings, real_service):
    return TestClient(create_app(real_settings, real_service))


@pytest.mark.parametrize("question, governing, misleading", TABLE, ids=[q[:12] for q, _, _ in TABLE])
def test_first_item_rests_on_the_governing_article_and_the_next_step_is_named(client, question, governing,
                                                                                misleading):
    answer = client.get("/api/v1/answer", params={"q": question}).json()
    assert answer["confidence"] != "low" and answer["answer"], answer["referral"]
    first = set(answer["answer"][0]["source_ids"])
    assert first & governing, f"first item cites {first}"
    assert not first & misleading
    assert answer["next_steps"] and all(s["who"] for s in answer["next_steps"])


def test_the_older_worker_is_asked_their_sex_and_each_answer_differs(client):
    question = TABLE[1][0]
    asked = client.get("/api/v1/answer", params={"q": question}).json()
    assert "sex" in [f["key"] for f in asked["follow_up"]]
    texts = {}
    for sex in ("男", "女"):
        told = client.get("/api/v1/answer", params={"q": question, "fact": f"sex={sex}"}).json()
        assert told["facts"]["sex"] == sex
        texts[sex] = told["answer"][0]["text"]
    assert texts["男"] != texts["女"]


def test_boss_vanished_steps_name_labour_inspection_and_arbitration(client):
    steps = client.get("/api/v1/answer", params={"q": TABLE[3][0]}).json()["next_steps"]
    assert any("12333" in s["who"] for s in steps) and any("仲裁" in s["who"] for s in steps)


def test_a_question_outside_labour_law_is_refused_plainly(client):
    answer = client.get("/api/v1/answer", params={"q": "红烧肉怎么做才好吃"}).json()
    assert answer["in_scope"] is False and answer["answer"] == [] and answer["search"]["results"] == []


def test_a_narrower_question_asked_leads_and_a_neighbouring_one_does_not(client, real_service):
    overtime = real_service.library.guide("guide/overtime-pay")
    refuse = next(q.ask for q in overtime.questions if "拒绝" in q.ask)
    asked = client.get("/api/v1/answer", params={"q": refuse}).json()
    assert asked["guide"]["question"] == refuse and asked["confidence"] == "high"
    # close in meaning to "签了离职协议，还能反悔吗" but about a resignation letter: not that question
    neighbour = client.get("/api/v1/answer", params={"q": "写了辞职信交给主管，第二天就想反悔，辞职已经生效了吗？"}).json()
    assert neighbour["guide"] is None or neighbour["guide"]["question"] is None
