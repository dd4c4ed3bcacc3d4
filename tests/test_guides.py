"""Dispute guides: the format (guides/README.md) and every guide's legal content checked against
the statutes — ids resolve, quotations verbatim, every sentence cited, variants on defined facts."""

from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from legalqa.calculators import all_calculators
from legalqa.guides import cite_sentences, guide_files, load_guides, parse_guide, problems
from legalqa.knowledge import load_article_status
from legalqa.library import Library
from legalqa.settings import Settings

GUIDES_DIR = PROJECT_ROOT / "guides"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(Settings())


@pytest.fixture(scope="module")
def guides():
    found, errors = load_guides(GUIDES_DIR)
    assert errors == []
    return found


def test_every_guide_file_parses():
    assert guide_files(GUIDES_DIR), "guides/ holds no guide"
    found, errors = load_guides(GUIDES_DIR)
    assert errors == []
    assert len(found) == len(guide_files(GUIDES_DIR))


@pytest.mark.parametrize("path", guide_files(GUIDES_DIR), ids=lambda p: p.stem)
def test_guide_content_rests_on_the_statutes(path, library):
    guide = parse_guide(path)
    found = problems(guide, library.statutes, case_ids=set(library.cases), calculator_names=set(all_calculators()),
                     displaced=set(load_article_status(PROJECT_ROOT / "knowledge")),
                     guide_slugs={p.stem for p in guide_files(GUIDES_DIR)})
    assert found == [], "\n".join(found)


def test_sentences_need_their_own_citation():
    sentences, uncited = cite_sentences("公司不能辞退你。[劳动合同法/42]你可以要求赔偿。又一句。[劳动合同法/87]")
    assert [s.text for s in sentences] == ["公司不能辞退你。", "又一句。"]
    assert sentences[0].source_ids == ("article/劳动合同法/42",)
    assert uncited == ["你可以要求赔偿。"]


def test_a_full_stop_inside_quotation_marks_does_not_end_the_sentence():
    sentences, uncited = cite_sentences("条文说“不得解除劳动合同。”所以不能辞退。[劳动合同法/42]")
    assert uncited == []
    assert sentences[0].text == "条文说“不得解除劳动合同。”所以不能辞退。"


GOOD = """---
slug: {slug}
title: 测试指南
topics: [解除劳动合同]
phrasings: [怀孕被辞退]
articles: [劳动合同法/42]
calculators: [{{name: severance, inputs: {{reason: unlawful_termination}}}}]
related_cases: []
facts:
  - key: pregnant
    question: 你是否怀孕？
    options:
      - {{value: 是, cues: ["怀孕|怀了"]}}
      - {{value: 否, cues: []}}
next_steps:
  - {{text: 申请仲裁。, who: 劳动人事争议仲裁委员会, deadline: 一年, source_ids: [劳动争议调解仲裁法/27]}}
  - {{text: 打电话问工会。, who: 工会（12351）, source_ids: []}}
evidence: [劳动合同]
not_for:
  - cues: ["试用期.{{0,6}}辞(职|工)"]
    instead: [other-guide]
    why: 劳动者在试用期内提前三日通知即可解除合同。[劳动合同法/37]
last_checked: 2026-11-29
reviewed: false
---

## 简要回答

要看你是否怀孕。[劳动合同法/42]

## 简要回答（pregnant=是）

你怀孕期间，公司不能依照本法第四十条、第四十一条的规定辞退你，条文写的是“不得依照本法第四十条、第四十一条的规定解除劳动合同”。[劳动合同法/42]

## 问：试用期怀孕了，公司能不能辞退我？
也会这样问：试用期有了宝宝公司说不要我；试用期怀孕会不会被炒
公司不能以你怀孕为由在试用期辞退你，但能证明你不符合录用条件的除外。[劳动合同法/42, 劳动合同法/39]

## 下一步

（见 YAML 头）
"""


def _write(tmp_path: Path, text: str, slug: str = "test-guide") -> Path:
    path = tmp_path / f"{slug}.md"
    path.write_text(text.format(slug=slug), encoding="utf-8")
    return path


def test_a_good_guide_has_no_problems(tmp_path, library):
    guide = parse_guide(_write(tmp_path, GOOD))
    assert problems(guide, library.statutes, set(library.cases), set(all_calculators()),
                    guide_slugs={"other-guide"}) == []


def test_a_situation_the_guide_does_not_govern_excludes_it(tmp_path):
    guide = parse_guide(_write(tmp_path, GOOD))
    assert guide.excluded_by("我怀孕了，公司说辞退我") is None
    exclusion = guide.excluded_by("我在试用期想辞职，公司不放人")
    assert exclusion is not None and exclusion.instead == ("other-guide",)


def test_variant_chosen_by_the_workers_own_words(tmp_path):
    guide = parse_guide(_write(tmp_path, GOOD))
    facts = guide.read_facts("我怀孕三个月被公司炒了")
    assert facts == {"pregnant": "是"}
    assert guide.select(facts).conditions == (("pregnant", "是"),)
    assert guide.select({}).conditions == ()
    assert [f.key for f in guide.open_facts({})] == ["pregnant"]
    assert guide.open_facts(facts) == []


def test_a_narrower_question_is_read_with_its_other_phrasings(tmp_path):
    guide = parse_guide(_write(tmp_path, GOOD))
    (question,) = guide.questions
    assert question.ask == "试用期怀孕了，公司能不能辞退我？"
    assert question.phrasings == ("试用期有了宝宝公司说不要我", "试用期怀孕会不会被炒")
    assert [s.source_ids for s in question.sentences] == [("article/劳动合同法/42", "article/劳动合同法/39")]
    assert guide.question(question.ask) is question and guide.question("别的问题？") is None
    assert "article/劳动合同法/39" in guide.cited_ids()
    assert len(guide.select({}).sentences) == 1  # the question's sentences are not the short answer's


@pytest.mark.parametrize("change, expected", [
    ("“不得依照本法第四十条、第四十一条的规定解除劳动合同”", "“公司绝对不能辞退怀孕的人”"),
    ("[劳动合同法/42]\n\n## 问：", "\n\n## 问："),
    ("articles: [劳动合同法/42]", "articles: [劳动合同法/420]"),
    ("## 简要回答（pregnant=是）", "## 简要回答（pregnant=也许）"),
    ("source_ids: [劳动争议调解仲裁法/27]", "source_ids: [劳动法/82]"),
    ("who: 劳动人事争议仲裁委员会, deadline: 一年, source_ids: [劳动争议调解仲裁法/27]",
     "who: 劳动人事争议仲裁委员会, deadline: 一年, source_ids: []"),
    ("reviewed: false", "reviewed: true"),
    ("name: severance", "name: no_such_calculator"),
    ("instead: [other-guide]", "instead: [no-such-guide]"),
    ('cues: ["试用期.{{0,6}}辞(职|工)"]', 'cues: ["试用期.{{0,6}}辞(职|工"]'),
    ('cues: ["试用期.{{0,6}}辞(职|工)"]', 'cues: ["试用期.{{0,6}}辞(职|工)", "怀孕"]'),
    ("why: 劳动者在试用期内提前三日通知即可解除合同。[劳动合同法/37]", "why: 劳动者在试用期内提前三日通知即可解除合同。"),
    ("能不能辞退我？", "能不能辞退我"),
    ("但能证明你不符合录用条件的除外。[劳动合同法/42, 劳动合同法/39]", "但能证明你不符合录用条件的除外。"),
    ("但能证明你不符合录用条件的除外。", "但能证明你“不符合试用条件”的除外。"),
    ('cues: ["试用期.{{0,6}}辞(职|工)"]', 'cues: ["试用期.{{0,6}}辞(职|工)", "有了宝宝"]'),
])
def test_each_kind_of_mistake_is_reported(tmp_path, library, change, expected):
    assert change in GOOD
    guide = parse_guide(_write(tmp_path, GOOD.replace(change, expected)))
    found = problems(guide, library.statutes, set(library.cases), set(all_calculators()),
                     displaced=set(load_article_status(PROJECT_ROOT / "knowledge")), guide_slugs={"other-guide"})
    assert len(found) == 1, found


def test_a_guide_without_a_default_answer_is_refused(tmp_path):
    _write(tmp_path, GOOD.replace("## 简要回答\n\n要看你是否怀孕。[劳动合同法/42]\n\n", ""))
    found, errors = load_guides(tmp_path)
    assert found == {} and "默认" in errors[0]


def test_displaced_articles_name_what_governs_instead(library):
    status = load_article_status(PROJECT_ROOT / "knowledge")
    assert status["article/劳动法/82"].by == ("article/劳动争议调解仲裁法/27", "article/劳动争议调解仲裁法/43")
    for entry in status.values():
        law, _, n = entry.id.removeprefix("article/").rpartition("/")
        article = library.statutes.get(law, int(n))
        assert article is not None and entry.part in article.text
        for aid in entry.by:
            law, _, n = aid.removeprefix("article/").rpartition("/")
            assert library.statutes.get(law, int(n)) is not None, aid


def test_calculator_offers_prefill_fields_the_calculator_has(guides):
    calculators = all_calculators()
    for guide in guides.values():
        for offer in guide.calculators:
            fields = calculators[offer.name].input_model.model_json_schema()["properties"]
            assert set(offer.inputs) <= set(fields), (guide.slug, offer.name, set(offer.inputs) - set(fields))


def test_injury_guides_give_way_to_the_past_retirement_guide_for_a_worker_past_retirement(guides):
    by_slug = guides
    past_retirement = by_slug["past-retirement-age"]
    for slug in ("work-injury-insured", "commuting-accident"):
        for words in ("退休返聘人员工作中受伤，能否认定工伤？", "我领着养老金还在厂里做，被机器压伤了",
                      "超过退休年龄还在上班，下班路上被车撞了"):
            exclusion = by_slug[slug].excluded_by(words)
            assert exclusion is not None and exclusion.instead[0] == "past-retirement-age", (slug, words)
        about_to_retire = by_slug[slug].excluded_by("快退休了，上班路上被车撞了")
        assert about_to_retire is None or about_to_retire.instead[0] != "past-retirement-age"
    facts = past_retirement.read_facts("退休返聘人员工作中受伤，能否认定工伤？")
    assert facts == {"pension": "已领养老金", "injured": "是"}
    first = past_retirement.select(facts).sentences[0]
    assert "工伤" in first.text and "超龄劳动者基本权益保障暂行规定/15" in " ".join(first.source_ids)


def test_about_to_retire_is_not_read_as_retired(guides):
    uninsured = guides["work-injury-uninsured"]
    for words in ("快退休了，在车间被机器压伤", "就要退休了被砸伤", "准备退休了，前几日受伤"):
        assert "retired" not in uninsured.read_facts(words), words
    for words in ("退休了还在工地做，被砸伤", "我已经退休，返聘回来受了伤", "退休后返聘又受伤"):
        assert uninsured.read_facts(words).get("retired") == "是", words


def test_a_retirees_death_or_occupational_disease_goes_to_the_guides_that_answer_it(guides):
    past_retirement = guides["past-retirement-age"]
    assert past_retirement.excluded_by("退休返聘的老爸在工地出事去世了").instead[0] == "work-injury-death"
    assert past_retirement.excluded_by("退休以后才查出尘肺病").instead[0] == "occupational-disease"
    assert past_retirement.excluded_by("退休返聘人员工作中受伤，能否认定工伤？") is None
