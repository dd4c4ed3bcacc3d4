"""The grounded answer: every sentence is in the corpus text of the source it cites; weak
evidence gives the referral and no answer."""

import pytest

from legalqa.calculators import all_calculators
from legalqa.answer import NOTICE, REFERRAL, build_answer, split_sentences
from legalqa.schemas import AnswerResponse

HEAT = "公司不发高温补贴怎么办"
DEATH = "职工非因工死亡家属能拿什么待遇"
QUESTIONS = [HEAT, DEATH, "劳动合同法第四十七条", "末位淘汰合法吗", "辞职以后还能撤回吗"]


def source_text(service, source_id: str) -> str:
    if source_id.startswith("case/"):
        return service.library.case(source_id).text
    _, law, number = source_id.split("/")
    return service.library.article(law, int(number)).text


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_sentence_is_verbatim_from_its_cited_source(fake_service, question):
    answer = build_answer(fake_service, question)
    for sentence in answer.answer + answer.next_steps:
        assert sentence.text in source_text(fake_service, sentence.source_id)


@pytest.mark.parametrize("question", QUESTIONS)
def test_sentences_cite_a_resolvable_source_with_its_title_and_page(fake_service, question):
    for sentence in build_answer(fake_service, question).answer:
        if sentence.source_id.startswith("case/"):
            case = fake_service.library.case(sentence.source_id)
            assert (sentence.source_title, sentence.url) == (case.title, f"/cases/{case.slug}")
        else:
            assert sentence.url.startswith("/articles/")


def test_heat_allowance_answer_quotes_the_case_reply_and_the_governing_article(fake_service):
    answer = build_answer(fake_service, HEAT)
    assert answer.confidence != "low" and answer.referral is None
    case_ids = {s.source_id for s in answer.answer if s.source_id.startswith("case/")}
    assert case_ids == {"case/gdgy-004-1db024-1"}
    assert any(s.source_id.startswith("article/") for s in answer.answer)
    assert any("有权要求用人单位依法支付高温津贴" in s.text for s in answer.answer)


def test_heat_allowance_next_steps_are_the_lawyers_steps(fake_service):
    steps = [s.text for s in build_answer(fake_service, HEAT).next_steps]
    assert any("若沟通无果" in s and "投诉举报" in s for s in steps)
    assert any("申请劳动仲裁" in s for s in steps)
    assert not any(s.startswith("针对张某的情况，首先要明确的是") for s in steps)  # 首先 alone is no step


def test_steps_are_not_repeated_in_the_answer(fake_service):
    answer = build_answer(fake_service, HEAT)
    assert not {s.text for s in answer.answer} & {s.text for s in answer.next_steps}


def test_death_benefit_answer_gives_the_lawyers_conclusion(fake_service):
    texts = [s.text for s in build_answer(fake_service, DEATH).answer]
    assert "因此，职工因病死亡的，其家属可参照人社部发〔2021〕18 号文规定获得丧葬补助金和抚恤金。" in texts


def test_explicit_reference_answers_with_that_article(fake_service):
    answer = build_answer(fake_service, "劳动合同法第四十七条")
    assert answer.confidence == "high"
    assert answer.answer[-1].source_id == "article/劳动合同法/47"
    assert answer.answer[-1].text == fake_service.library.article("劳动合同法", 47).text


def test_off_topic_question_gets_the_referral_and_no_answer(fake_service):
    answer = build_answer(fake_service, "红烧肉怎么做才好吃")
    assert answer.confidence == "low"
    assert answer.answer == [] and answer.next_steps == []
    assert answer.referral == REFERRAL
    assert answer.referral.startswith("【提示】") and "12351" in answer.referral


def test_low_search_confidence_always_means_referral(fake_service, monkeypatch):
    real_search = fake_service.search

    def weak(q, k=10):
        return real_search(q, k=k).model_copy(update={"confidence": "low"})

    monkeypatch.setattr(fake_service, "search", weak)
    answer = build_answer(fake_service, HEAT)
    assert (answer.confidence, answer.answer, answer.referral) == ("low", [], REFERRAL)


@pytest.mark.parametrize("question", ["红烧肉怎么做才好吃", "今天天气怎么样"])
def test_ranked_sources_that_share_no_words_with_the_question_are_weak_evidence(fake_service, monkeypatch,
                                                                                  question):
    real_search = fake_service.search

    def confident(q, k=10):  # the ranking always finds something; pretend it was sure of it
        return real_search(q, k=k).model_copy(update={"confidence": "medium"})

    monkeypatch.setattr(fake_service, "search", confident)
    answer = build_answer(fake_service, question)
    assert (answer.confidence, answer.answer, answer.referral) == ("low", [], REFERRAL)


def test_template_text_is_marked(fake_service):
    answer = build_answer(fake_service, HEAT)
    assert answer.notice == NOTICE and NOTICE.startswith("【提示】")


def test_answer_carries_the_search_contract_and_a_calculator(fake_service):
    answer = build_answer(fake_service, HEAT, k=5)
    AnswerResponse.model_validate(answer.model_dump(mode="json"))
    assert answer.search.k == 5 and len(answer.search.results) <= 5
    expected = "heat_allowance" if "heat_allowance" in all_calculators() else None
    assert (answer.calculator.name if answer.calculator else None) == expected


@pytest.mark.parametrize("text, expected", [
    ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
    ("他说：“不行。不行。”因此不能。", ["他说：“不行。不行。”", "因此不能。"]),
    ("第一款\n第二款。", ["第一款", "第二款。"]),
    ("没有句号", ["没有句号"]),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected
