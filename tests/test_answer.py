"""The answer a worker reads first (fake embedder, full corpus and guides): the matching guide's
variant for the worker's facts with cited sentences, next steps and follow-up questions; case and
article sentences verbatim; off-topic questions refused plainly; weak evidence referred."""

from dataclasses import replace

import pytest

from legalqa.answer import (NOTICE, OUT_OF_SCOPE, REFERRAL, build_answer, match_guide, parse_facts,
                            split_sentences)
from legalqa.errors import UserError
from legalqa.guides import Exclusion
from legalqa.schemas import AnswerResponse

HEAT = "公司不发高温补贴怎么办"
PREGNANT = "怀孕了公司要辞退我"
QUESTIONS = [HEAT, PREGNANT, "劳动合同法第四十七条", "老板跑路了工资没发怎么办", "辞职以后还能撤回吗"]


def source_text(service, source_id: str) -> str:
    if source_id.startswith("case/"):
        return service.library.case(source_id).text
    _, law, number = source_id.split("/")
    return service.library.article(law, int(number)).text


@pytest.mark.parametrize("question", QUESTIONS)
def test_quoted_sentences_are_verbatim_and_guide_sentences_cite_resolvable_articles(fake_service, question):
    answer = build_answer(fake_service, question)
    assert answer.answer
    for sentence in answer.answer:
        assert sentence.source_ids and sentence.source_id == sentence.source_ids[0]
        if sentence.from_guide:
            for sid in sentence.source_ids:
                assert source_text(fake_service, sid)
        else:
            assert sentence.text in source_text(fake_service, sentence.source_id)


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_labour_question_always_gets_next_steps_with_who(fake_service, question):
    steps = build_answer(fake_service, question).next_steps
    assert steps and all(s.who and s.text for s in steps)


def test_pregnancy_answer_rests_on_the_protection_and_never_on_the_employers_power(fake_service):
    answer = build_answer(fake_service, PREGNANT)
    assert answer.guide is not None and answer.guide.slug == "dismissal-pregnancy"
    assert answer.guide.reviewed is False
    assert answer.facts.get("pregnant") == "是"  # read from the worker's own words
    assert "article/劳动合同法/42" in answer.answer[0].source_ids
    assert "article/劳动合同法/40" not in answer.answer[0].source_ids
    assert any(s.deadline and "article/劳动争议调解仲裁法/27" in s.source_ids for s in answer.next_steps)


def test_a_guide_whose_not_for_matches_gives_way_to_the_guide_it_names(fake_service, monkeypatch):
    guides = fake_service.library.guides
    found = [r.id.removeprefix("guide/") for r in fake_service.search(PREGNANT, k=20, max_guides=None).results
             if r.kind == "guide"]
    assert len(found) >= 3
    for slug in found:  # only the exclusion set below
        monkeypatch.setitem(guides, slug, replace(guides[slug], not_for=()))
    assert build_answer(fake_service, PREGNANT).guide.slug == found[0]
    exclusion = Exclusion(cues=("怀孕",), instead=("no-such-guide", found[2]), why="")
    monkeypatch.setitem(guides, found[0], replace(guides[found[0]], not_for=(exclusion,)))
    rerouted = match_guide(fake_service, fake_service.search(PREGNANT, k=20, max_guides=None))
    assert rerouted.guide.slug == found[2] and rerouted.rerouted  # never `high`
    monkeypatch.setitem(guides, found[0], replace(guides[found[0]], not_for=(replace(exclusion, instead=()),)))
    assert match_guide(fake_service, fake_service.search(PREGNANT, k=20, max_guides=None)).guide.slug == found[1]


def test_facts_sent_back_select_the_variant_and_are_no_longer_asked(fake_service):
    question = "我今年五十八了厂里说我年纪大了不要我了 做了十二年 有冇补偿"
    asked = build_answer(fake_service, question)
    assert asked.guide is not None and asked.guide.slug == "dismissal-older-worker"
    assert "sex" in [f.key for f in asked.follow_up]
    guide = fake_service.library.guide("dismissal-older-worker")
    for sex in ("男", "女"):
        told = build_answer(fake_service, question, facts={"sex": sex})
        assert told.facts["sex"] == sex and "sex" not in [f.key for f in told.follow_up]
        assert [s.text for s in told.answer[:len(guide.select({"sex": sex}).sentences)]] == \
               [s.text for s in guide.select({"sex": sex}).sentences]
    male, female = (build_answer(fake_service, question, facts={"sex": s}).answer[0].text for s in ("男", "女"))
    assert male != female


def test_the_arbitration_step_names_the_commission_of_the_city_the_worker_mentions(fake_service):
    answer = build_answer(fake_service, "我在东莞的厂里怀孕了公司要辞退我")
    to_arbitration = [s for s in answer.next_steps if "仲裁" in s.who]
    assert to_arbitration and all("东莞市劳动人事争议仲裁院" in s.where for s in to_arbitration)
    assert all(s.where is None for s in answer.next_steps if "仲裁" not in s.who)
    assert all(s.where is None for s in build_answer(fake_service, PREGNANT).next_steps)  # no city named


def test_unknown_facts_are_ignored(fake_service):
    answer = build_answer(fake_service, PREGNANT, facts={"colour": "blue"})
    assert "colour" not in answer.facts


def test_off_topic_question_says_so_without_statutes(fake_service):
    answer = build_answer(fake_service, "红烧肉怎么做才好吃")
    assert answer.in_scope is False and answer.referral == OUT_OF_SCOPE
    assert "只回答劳动和社会保障方面的问题" in answer.referral
    assert answer.answer == [] and answer.next_steps == [] and answer.search.results == []


@pytest.mark.parametrize("question", ["一个月只放两天假合法吗", "法定节假日是哪几天", "流产了有没有假放",
                                      "工亡一次性补助金有几多钱"])
def test_leave_holidays_and_death_at_work_are_labour_questions(fake_service, question):
    assert build_answer(fake_service, question).in_scope


@pytest.mark.parametrize("question", ["网购买到假货 商家不退款", "房东不退押金怎么办", "淘宝平台卖家不发货怎么办"])
def test_everyday_questions_outside_labour_law_stay_out_of_scope(fake_service, question):
    assert build_answer(fake_service, question).in_scope is False


def test_weak_evidence_gets_the_referral_and_general_steps(fake_service, monkeypatch):
    real_search = fake_service.search

    def no_guides_no_cases(q, k=10, **options):  # nothing on the question's dispute ranks near the top
        found = real_search(q, k=k, **options)
        return found.model_copy(update={"results": [r for r in found.results if r.kind == "article"
                                                    and not {"bm25", "dense", "reference"} & set(r.matched_by)]})

    monkeypatch.setattr(fake_service, "search", no_guides_no_cases)
    answer = build_answer(fake_service, "公司的事情我想问问")
    assert (answer.confidence, answer.answer, answer.referral, answer.guide) == ("low", [], REFERRAL, None)
    assert answer.next_steps  # where to turn: the general guide's steps


def test_explicit_reference_answers_with_that_article(fake_service):
    answer = build_answer(fake_service, "劳动合同法第四十七条")
    assert answer.confidence == "high"
    assert "article/劳动合同法/47" in {s.source_id for s in answer.answer}


def test_a_displaced_article_is_never_the_governing_article(fake_service):
    answer = build_answer(fake_service, "劳动法第八十二条 申请仲裁有期限吗")
    assert "article/劳动法/82" not in {s.source_id for s in answer.answer}
    found = next(r for r in answer.search.results if r.id == "article/劳动法/82")
    assert found.status_note and "article/劳动争议调解仲裁法/27" in found.superseded_by


def test_case_sentences_are_the_lawyers_conclusion_not_a_quoted_statute(fake_service):
    answer = build_answer(fake_service, HEAT)
    for s in answer.answer:
        if s.source_id.startswith("case/"):
            assert "“" not in s.text and "规定：" not in s.text


def test_template_text_is_marked_and_the_contract_holds(fake_service):
    answer = build_answer(fake_service, HEAT, k=5)
    assert answer.notice == NOTICE and NOTICE.startswith("【提示】") and REFERRAL.startswith("【提示】")
    AnswerResponse.model_validate(answer.model_dump(mode="json"))
    assert answer.search.k == 5 and len(answer.search.results) <= 5


def test_heat_question_offers_the_heat_calculator(fake_service):
    assert build_answer(fake_service, HEAT).calculator.name == "heat_allowance"


def test_facts_parameter():
    assert parse_facts(["sex=女", " pregnant = 是 "]) == {"sex": "女", "pregnant": "是"}
    for bad in (["sex"], ["=女"], ["sex="], ["x=" + "长" * 200], [f"k{i}=v" for i in range(11)]):
        with pytest.raises(UserError):
            parse_facts(bad)


@pytest.mark.parametrize("text, expected", [
    ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
    ("他说：“不行。不行。”因此不能。", ["他说：“不行。不行。”", "因此不能。"]),
    ("第一款\n第二款。", ["第一款", "第二款。"]),
    ("没有句号", ["没有句号"]),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_a_guides_narrower_question_asked_word_for_word_is_answered_by_that_guide(fake_service):
    missed = []
    for guide in fake_service.library.guides.values():
        for question in guide.questions:
            if len(question.ask) > 50:
                continue
            answer = build_answer(fake_service, question.ask)
            if answer.guide is None or (answer.guide.slug, answer.guide.question) != (guide.slug, question.ask):
                missed.append((guide.slug, question.ask, answer.guide and answer.guide.slug))
            break  # one question a guide keeps the test fast
    assert missed == []


def test_a_named_article_comes_first_then_what_it_means_in_the_words_of_the_guide_built_on_it(fake_service):
    answer = build_answer(fake_service, "劳动合同法第三十八条是什么意思")
    assert answer.guide is None and answer.confidence == "high"
    first, *rest = answer.answer
    assert first.source_id == "article/劳动合同法/38" and not first.from_guide
    plain = [s for s in rest if s.from_guide]
    assert plain and all(s.source_ids[0] == "article/劳动合同法/38" for s in plain)
    assert rest[:len(plain)] == plain  # right after the article's text
    forced = fake_service.library.guide("forced-resignation")
    from legalqa.answer import without_verdict

    assert {s.text for s in plain} <= {without_verdict(s.text) for s in forced.select({}).sentences}
    # articles of other laws sharing the number (实施条例 第三十八条) are no part of the answer
    assert all(s.source_id.startswith(("article/劳动合同法/", "guide/")) for s in answer.answer)


def test_an_article_several_guides_are_built_on_gets_no_single_guides_words(fake_service):
    answer = build_answer(fake_service, "工伤保险条例第十四条包括哪些情形")
    assert answer.answer[0].source_id == "article/工伤保险条例/14"
    assert not any(s.from_guide for s in answer.answer)  # commuting, disease … each explain one case only


def test_a_narrower_question_answers_at_high_only_when_clearly_the_one_asked(fake_service):
    from legalqa.answer import HIGH_QUESTION_MARGIN, GuideMatch, confidence_of

    guide = fake_service.library.guide("overtime-pay")
    asked = guide.questions[0]
    clear = GuideMatch(guide, 0, True, 1, question=asked, question_margin=HIGH_QUESTION_MARGIN + 0.001)
    assert confidence_of(clear, False, False, False) == "high"
    close = GuideMatch(guide, 0, True, 1, question=asked, question_margin=HIGH_QUESTION_MARGIN - 0.003)
    assert confidence_of(close, False, False, False) == "medium"  # still answered, opening with its rule
    rerouted = GuideMatch(guide, 0, True, 1, rerouted=True, question=asked, question_margin=0.05)
    assert confidence_of(rerouted, False, False, False) == "medium"


def test_asked_what_a_named_article_means_its_text_alone_is_no_high_answer(fake_service):
    assert build_answer(fake_service, "劳动合同法第八十七条怎么适用").confidence == "medium"  # no guide built on it
    assert build_answer(fake_service, "劳动合同法第八十七条规定了什么").confidence == "high"  # its text says it
    assert build_answer(fake_service, "劳动合同法第三十八条是什么意思").confidence == "high"  # with plain words


def test_the_general_short_answer_speaks_without_its_opening_verdict(fake_service):
    from legalqa.answer import without_verdict

    assert without_verdict("不可以：你在法定工作时间内提供了正常劳动的，工资不得低于最低工资标准。") == \
        "你在法定工作时间内提供了正常劳动的，工资不得低于最低工资标准。"
    assert without_verdict("一般不能：劳动争议要先申请仲裁。") == "劳动争议要先申请仲裁。"
    kept = "在广东，女职工生育享受国家规定的98天产假（其中产前可以休15天）。"
    assert without_verdict(kept) == kept  # no verdict: unchanged
    minimum = fake_service.library.guide("minimum-wage")
    opening = minimum.default.sentences[0].text
    assert opening.startswith("不可以：")
    answer = build_answer(fake_service, "扣完社保到手不到最低工资 合法吗")
    assert all(not s.text.startswith("不可以：") for s in answer.answer)


def test_a_guide_named_for_the_situation_answers_even_when_search_did_not_find_it(fake_service):
    from legalqa.answer import match_guide

    expiry = next(r for r in fake_service.search("合同到期公司不续签有没有补偿", k=20, max_guides=None).results
                  if r.id == "guide/contract-expiry")
    layoff = "公司说订单少了要裁掉我们部门40多个人，只给每人一个月工资，这个补偿够不够"
    only_expiry = fake_service.search(layoff, k=20, max_guides=None).model_copy(update={"results": [expiry]})
    match = match_guide(fake_service, only_expiry)
    assert match is not None and match.guide.slug == "mass-layoffs" and match.rerouted
    demoted = only_expiry.model_copy(update={"query": "公司把我调去做普通前台，工资降到4500，我没同意"})
    assert match_guide(fake_service, demoted).guide.slug == "job-transfer-pay-cut"
    renewal = only_expiry.model_copy(update={"query": "合同到期公司要降工资才肯续签，我不同意，有补偿吗"})
    assert match_guide(fake_service, renewal).guide.slug == "contract-expiry"  # lower terms on renewal: its own


@pytest.mark.parametrize("question", [
    "被迫辞职要提前30天通知吗",
    "公司已经连续两个月没出粮了，老板说资金紧张再等等，我做了三年，现在想辞职，能不能要补偿"])
def test_resigning_for_the_employers_fault_is_no_ordinary_resignation(fake_service, question):
    assert fake_service.library.guide("resignation-and-withdrawal").excluded_by(question) is not None


def test_a_guide_excluded_below_the_first_eligible_one_names_no_other(fake_service):
    from legalqa.answer import match_guide

    def guide_result(slug):
        phrasing = fake_service.library.guide(slug).phrasings[0]
        return next(r for r in fake_service.search(phrasing, k=30, max_guides=None).results if r.id == f"guide/{slug}")

    question = "员工在工作时间突发疾病死亡算工伤吗"
    assert fake_service.library.guide("work-injury-uninsured").excluded_by(question) is not None
    results = [guide_result("death-from-illness"), guide_result("work-injury-death"), guide_result("work-injury-uninsured")]
    search = fake_service.search(question, k=20, max_guides=None).model_copy(update={"results": results})
    assert match_guide(fake_service, search).guide.slug == "death-from-illness"


@pytest.mark.parametrize("question, article", [
    ("劳动法第四十四条规定的加班工资比例分别是多少？", "article/劳动法/44"),
    ("劳动争议调解仲裁法第二十七条，拖欠工资的仲裁时效怎么算？", "article/劳动争议调解仲裁法/27")])
def test_the_article_a_question_names_comes_first_whatever_guide_answers(fake_service, question, article):
    assert build_answer(fake_service, question).answer[0].source_id == article


def test_asked_how_to_use_an_article_a_neighbouring_guide_does_not_make_it_high(fake_service, monkeypatch):
    import legalqa.answer as answer_module

    guide = fake_service.library.guide("work-injury-uninsured")
    assert guide.articles[:1] != ("article/社会保险法/41",)
    real = answer_module.match_guide
    monkeypatch.setattr(answer_module, "match_guide", lambda service, search: (
        answer_module.GuideMatch(guide, 0, True, 1) if real(service, search) is None else real(service, search)))
    answer = build_answer(fake_service, "社会保险法第四十一条的先行支付怎么申请")
    assert answer.answer[0].source_id == "article/社会保险法/41"
    assert answer.confidence == "medium"


def test_an_article_the_question_names_is_quoted_whole(fake_service):
    article = fake_service.library.statutes.articles["article/劳动合同法实施条例/19"]
    answer = build_answer(fake_service, "劳动合同法实施条例第十九条规定了什么?")
    assert answer.answer[0].source_id == article.id and answer.answer[0].text == article.text


def test_a_partys_position_in_a_case_is_no_conclusion():
    from legalqa.answer import _conclusion_score

    terms = ["加班费", "仲裁时效"]
    party = "本案中，某建筑公司主张张某加班费的请求已经超过了一年的仲裁时效，不应予以支持。"
    holding = "仲裁委员会认为，加班费属于劳动报酬，劳动者在职期间的加班费争议不受一年仲裁时效的限制。"
    rule = "劳动者主张加班费的，应当就加班事实的存在承担举证责任。"
    assert _conclusion_score(party, terms) == 0.0
    assert _conclusion_score(holding, terms) > 0 and _conclusion_score(rule, terms) > 0


def test_a_named_article_gets_the_next_steps_of_a_guide_built_on_it(fake_service):
    answer = build_answer(fake_service, "社会保险法第五十八条规定了什么")
    steps = [s.text for s in answer.next_steps]
    resting = [g for g in fake_service.library.guides.values() if "article/社会保险法/58" in g.articles]
    assert any(steps == [s.text for s in g.next_steps] for g in resting)
    general = fake_service.library.guide("where-to-file-gd")
    assert steps != [s.text for s in general.next_steps]
