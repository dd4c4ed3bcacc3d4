"""A guide's narrower questions (`## 问：…`): a worker asking just that gets the rule that decides it
first, search names the question it matched, and the question's articles are lifted (mini corpus)."""

from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.answer import build_answer
from legalqa.indexing import index_units
from legalqa.service import QUESTION_MARGIN

HEAT_OVERTIME = "天气预报35度以上，公司还能安排我在外面加班吗？"
ASKED_OTHERWISE = "三十几度还要我们在太阳底下加班"


def _guide_result(service, question):
    return next(r for r in service.search(question, k=20, max_guides=None).results if r.kind == "guide")


def test_search_names_the_narrower_question_it_matched(mini_service):
    for question in (HEAT_OVERTIME, ASKED_OTHERWISE):
        found = _guide_result(mini_service, question)
        assert found.id == "guide/heat-allowance" and found.section == HEAT_OVERTIME
        assert found.question_margin is not None and found.question_margin >= QUESTION_MARGIN


def test_a_general_question_matches_no_narrower_question(mini_service):
    general = _guide_result(mini_service, "广东高温津贴每个月多少钱")
    assert general.section is None and general.question_margin is None


def test_the_questions_articles_are_lifted_first(mini_service):
    articles = mini_service.article_ids(ASKED_OTHERWISE, top=3)
    assert articles[0] == "article/防暑降温措施管理办法/8"


def test_the_answer_leads_with_the_rule_that_decides_the_question(mini_service):
    answer = build_answer(mini_service, ASKED_OTHERWISE)
    assert answer.guide is not None and answer.guide.question == HEAT_OVERTIME
    first = answer.answer[0]
    assert first.from_guide and first.source_ids == ["article/防暑降温措施管理办法/8"]
    assert "不得安排室外露天作业劳动者加班" in first.text
    guide = mini_service.library.guide("guide/heat-allowance")
    short_answer = [s.text for s in guide.select(answer.facts).sentences]
    assert [s.text for s in answer.answer[1:1 + len(short_answer)]] == short_answer  # then the short answer


def test_without_a_narrower_match_the_answer_is_the_short_answer(mini_service):
    answer = build_answer(mini_service, "广东高温津贴每个月多少钱")
    assert answer.guide is not None and answer.guide.question is None
    guide = mini_service.library.guide("guide/heat-allowance")
    assert answer.answer[0].text == guide.default.sentences[0].text


def test_the_guide_page_and_api_list_the_questions(mini_service, mini_settings):
    with TestClient(create_app(mini_settings, service=mini_service)) as client:
        body = client.get("/api/v1/guides/heat-allowance").json()
        question = next(q for q in body["questions"] if q["question"] == HEAT_OVERTIME)
        assert question["question"] == HEAT_OVERTIME and question["phrasings"][0] == ASKED_OTHERWISE
        assert question["sentences"][0]["source_ids"] == ["article/防暑降温措施管理办法/8"]
        page = client.get("/guides/heat-allowance").text
        assert "常见的具体问题" in page and HEAT_OVERTIME in page


def test_a_long_question_is_never_matched_to_a_narrower_question(mini_service):
    long_question = ("我在广州一个建筑工地做了三年，每年夏天都要在外面晒，老板从来不理我们的，" + ASKED_OTHERWISE + "，合法吗")
    assert len(long_question) > 50
    found = [r for r in mini_service.search(long_question, k=30, max_guides=None).results if r.kind == "guide"]
    assert all(r.section is None for r in found)


def test_narrower_questions_are_matched_by_meaning_never_ranked_as_units(mini_service):
    ranked, _ = mini_service.rank(ASKED_OTHERWISE)
    units = [mini_service.index.units[c.unit] for c in ranked if c.unit is not None]
    assert units and all(u.kind != "guide_question" for u in units)
    guide = next(c for c in ranked if c.target == "guide/heat-allowance")
    assert guide.question == HEAT_OVERTIME and "dense" in guide.matched_by


def test_questions_for_every_article_are_embedded_only_and_off_by_default(mini_service):
    more = {"article/劳动合同法/37": ["辞工要提前几耐讲？", "辞职信交咗几日可以走？"]}
    units = [u for u in index_units(mini_service.library, {}, more) if u.kind == "article_question_more"]
    assert [u.text for u in units] == more["article/劳动合同法/37"] and all(u.bm25_text == "" for u in units)
    assert not mini_service.stages.more_article_questions


def test_confidence_is_high_only_when_a_narrower_question_was_asked(mini_service):
    assert build_answer(mini_service, ASKED_OTHERWISE).confidence == "high"
    general = build_answer(mini_service, "广东高温津贴每个月多少钱")
    assert general.guide is not None and general.confidence == "medium"


def test_the_answer_offers_the_guides_other_narrower_questions_and_each_link_answers_it(mini_service, mini_settings):
    guide = mini_service.library.guide("guide/heat-allowance")
    answer = build_answer(mini_service, ASKED_OTHERWISE)
    assert answer.guide.questions == [q.ask for q in guide.questions if q.ask != HEAT_OVERTIME]
    with TestClient(create_app(mini_settings, service=mini_service)) as client:
        page = client.get("/search", params={"q": ASKED_OTHERWISE}).text
        assert "这份指南还回答这些具体问题" in page and "先回答指南里的这一问" in page
        other = answer.guide.questions[0]
        followed = client.get("/api/v1/answer", params={"q": other}).json()
        assert followed["guide"]["question"] == other and followed["confidence"] == "high"
