"""Query shaping for long, run-on worker questions (query_shape.py): pure text functions, no model."""

import pytest

from legalqa.query_shape import (LONG_QUESTION, MAX_PARTS, asking_text, asks, clauses, drop_repeats, problem_parts,
                                 sentences)

# written for these tests in the style of forum questions, not taken from any evaluation set
THREE_PROBLEMS = ("我在东莞一家电子厂上班，今年三月份入职，一直没有签劳动合同，上个月老板说要裁员把我辞退了，"
                  "请问我可以要求双倍工资吗？另外，公司也没有给我买社保，这个可以去哪里投诉？"
                  "还有加班费一直没给，怎么算？谢谢！")


@pytest.mark.parametrize("text", ["", "你好", THREE_PROBLEMS, "公司拖欠工资 三个月了，，怎么办？？"])
def test_clauses_and_sentences_keep_every_character(text):
    assert "".join(clauses(text)) == text
    assert "".join(sentences(text)) == text


def test_a_clause_typed_twice_is_searched_once():
    assert drop_repeats("公司不给我发工资，公司不给我发工资，怎么办？") == "公司不给我发工资，怎么办？"


def test_a_run_typed_twice_without_punctuation_is_kept_once():
    assert drop_repeats("老板拖欠工资老板拖欠工资三个月了") == "老板拖欠工资三个月了"


def test_a_whole_question_pasted_twice_is_kept_once():
    question = "试用期被辞退有补偿吗？"
    assert drop_repeats(f"{question} {question}") == question


def test_a_repeated_clause_passes_its_sentence_end_on():
    assert drop_repeats("被辞退了，没有补偿，被辞退了。怎么办") == "被辞退了，没有补偿。怎么办"


def test_short_repeats_and_different_clauses_stay():
    for text in ("是的，是的，公司没发工资", "公司没发工资，公司没交社保", "哈哈哈哈"):
        assert drop_repeats(text) == text


def test_a_long_question_with_several_problems_is_cut_at_each_question():
    parts = problem_parts(THREE_PROBLEMS)
    assert parts == ["我在东莞一家电子厂上班，今年三月份入职，一直没有签劳动合同，上个月老板说要裁员把我辞退了，"
                     "请问我可以要求双倍工资吗？",
                     "另外，公司也没有给我买社保，这个可以去哪里投诉？",
                     "还有加班费一直没给，怎么算？谢谢！"]  # "谢谢！" is too short to stand alone


def test_numbered_items_open_parts():
    text = ("我在广州做保安两年了，情况如下：1、公司从来没有给我交社会保险，入职时也没签合同；"
            "2、每个月加班八十多个小时，加班费按最低工资算；3、上周主管口头通知我明天不用来了，工资也不结")
    parts = problem_parts(text)
    assert len(parts) == 3
    assert parts[1].startswith("2、") and parts[2].startswith("3、")


def test_a_short_question_or_a_single_problem_is_not_cut():
    assert problem_parts("公司拖欠工资怎么办？另外社保没交怎么办？") == []  # under LONG_QUESTION characters
    single = "我在公司做了五年，每天都加班到晚上十点，周末也经常要回公司，老板一直说效益不好，工资拖了三个月都没发，我想辞职，请问能拿到经济补偿吗？"
    assert len(single) >= LONG_QUESTION
    assert problem_parts(single) == []


def test_at_most_max_parts_and_nothing_lost():
    text = "".join(f"第{n}，公司这个月又没发工资，还扣了我的全勤奖，这样做合法吗？" for n in "一二三四五六")
    parts = problem_parts(text)
    assert len(parts) == MAX_PARTS
    assert "".join(parts) == text


def test_the_asking_clauses_without_the_narrative_before_them():
    text = "我在一家餐馆做服务员，做了一年多，老板一直没有跟我签合同，上个月突然说不用来上班了，我能要求公司支付经济补偿吗？"
    assert asking_text(text) == "我能要求公司支付经济补偿吗？"


def test_a_short_asking_clause_takes_the_clause_before_it_along():
    text = "我在工厂上班已经三年多了，中间换过两次岗位，主管说我不服从安排，这个月工资扣了一半，这样合法吗？"
    assert asking_text(text) == "这个月工资扣了一半，这样合法吗？"


def test_no_asking_text_when_nothing_asks_or_the_question_is_all_asking():
    assert asking_text("公司拖欠我三个月工资，老板人也找不到了。") is None
    assert asking_text("试用期被辞退有补偿吗？") is None


@pytest.mark.parametrize("clause,asking", [("能不能要回来", True), ("该怎么办", True), ("是否合法", True),
                                           ("我该找谁呢", True), ("公司违法辞退了我", False),
                                           ("老板拖欠工资三个月", False)])
def test_what_asks(clause, asking):
    assert asks(clause) is asking


# ---- in the search service (fake embedder) --------------------------------------------------

class CountingEmbedder:
    """The fake embedder, remembering the texts of each call."""

    def __init__(self, inner):
        self.inner, self.name, self.dimension = inner, inner.name, inner.dimension
        self.calls: list[list[str]] = []

    def embed(self, texts, kind):
        self.calls.append(list(texts))
        return self.inner.embed(texts, kind)


@pytest.fixture
def counting_service(fake_service, monkeypatch):
    counting = CountingEmbedder(fake_service.embedder)
    monkeypatch.setattr(fake_service, "embedder", counting)
    return fake_service, counting


def test_a_question_with_several_problems_is_encoded_once_with_its_parts(counting_service):
    from legalqa.service import Stages

    service, embedder = counting_service
    ranked, _ = service.rank(THREE_PROBLEMS, stages=Stages())
    assert ranked
    assert embedder.calls == [[THREE_PROBLEMS, *problem_parts(THREE_PROBLEMS)]]
    service.rank(THREE_PROBLEMS, stages=Stages(problem_split=False, asking_focus=False))
    assert embedder.calls[-1] == [THREE_PROBLEMS]


def test_a_question_typed_twice_ranks_as_typed_once(fake_service):
    from legalqa.service import Stages

    question = "公司拖欠工资三个月了怎么办"
    once, terms_once = fake_service.rank(question, stages=Stages())
    twice, terms_twice = fake_service.rank(f"{question}，{question}", stages=Stages())
    assert [c.target for c in twice] == [c.target for c in once] and terms_twice == terms_once
