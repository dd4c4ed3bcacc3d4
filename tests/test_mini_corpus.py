"""The mini corpus of tests/fixtures/mini: a faithful copy of the real data, and fixed questions
give fixed top results on its index (fake embedder). A change of ranking shows here first, not as
a puzzling failure in the fault, admin, MCP or privacy tests that run on it."""

from dataclasses import replace

import pytest

from conftest import MINI, PROJECT_ROOT
from legalqa.cases import load_cases
from legalqa.knowledge import load_article_questions, load_labour_terms, load_vocabulary
from legalqa.regulations import load_statutes

TOP_RESULT = {
    "劳动合同法第47条": "article/劳动合同法/47",
    "职工提出辞职后可以撤回吗": "case/gdgy-000-0e3332-1",
    "辞职后还能反悔吗": "case/gdgy-000-0e3332-1",
    "辞职要提前多久通知": "article/劳动合同法/37",
    "经济补偿金怎么算": "article/劳动合同法/47",
    "没休的年假怎么补偿": "article/职工带薪年休假条例/5",
}


@pytest.mark.parametrize("query", TOP_RESULT)
def test_fixed_questions_give_fixed_top_results(mini_service, query):
    # without guides: the mini corpus's one guide (heat allowance) also asks about resigning, and
    # with no resignation guide to outrank it, it would lift its own articles
    ranked, _ = mini_service.rank(query, stages=replace(mini_service.stages, guides=False))
    assert ranked[0].target == TOP_RESULT[query]


def test_the_mini_corpus_loads_without_errors(mini_service):
    library = mini_service.library
    assert library.errors == []
    assert sorted(library.statutes.laws) == sorted([
        "劳动合同法", "职工带薪年休假条例", "防暑降温措施管理办法", "广东省高温天气劳动保护办法",
        "广东省人力资源和社会保障厅关于做好高温天气劳动权益维护有关工作的通知"])
    assert sorted(library.cases) == ["case/gdgy-000-0e3332-1", "case/gdgy-004-1db024-1"]
    assert list(library.guides) == ["heat-allowance"]


def test_every_article_is_the_real_article():
    real = load_statutes(PROJECT_ROOT / "regulations").articles
    mini = load_statutes(MINI / "regulations").articles
    assert {aid: art.text for aid, art in mini.items()} == {aid: real[aid].text for aid in mini if aid in real}


def test_every_case_is_the_real_case():
    real, _ = load_cases(PROJECT_ROOT / "cases")
    mini, errors = load_cases(MINI / "cases")
    assert errors == []
    for case in mini.values():
        assert (case.title, case.sections) == (real[case.id].title, real[case.id].sections)


def test_knowledge_entries_are_real_entries():
    real_questions = load_article_questions(PROJECT_ROOT / "knowledge")
    mini_questions = load_article_questions(MINI / "knowledge")
    assert {aid: real_questions.get(aid) for aid in mini_questions} == mini_questions
    assert set(load_vocabulary(MINI / "knowledge")) <= set(load_vocabulary(PROJECT_ROOT / "knowledge"))
    assert load_labour_terms(MINI / "knowledge") == load_labour_terms(PROJECT_ROOT / "knowledge")


@pytest.mark.parametrize("guide", [p.name for p in (MINI / "guides").glob("*.md")])
def test_every_guide_is_the_real_guide(guide):
    real = (PROJECT_ROOT / "guides" / guide).read_text("utf-8")
    assert (MINI / "guides" / guide).read_text("utf-8") == real, f"copy guides/{guide} to tests/fixtures/mini/guides/"
