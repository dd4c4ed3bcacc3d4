"""The retrieval service over the real corpus with the fake embedder (fast)."""

import pytest

from legalqa.service import Stages, open_service


def test_reference_with_law_puts_that_article_first(fake_service):
    response = fake_service.search("劳动合同法第47条", k=5)
    first = response.results[0]
    assert (first.id, first.law, first.article, first.label) == ("article/劳动合同法/47", "劳动合同法", 47, "第四十七条")
    assert "reference" in first.matched_by
    assert response.confidence == "high"


def test_bare_article_number_goes_to_the_central_law(fake_service):
    assert fake_service.search("第四十七条", k=3).results[0].id == "article/劳动合同法/47"


def test_reference_to_another_law(fake_service):
    assert fake_service.search("工伤保险条例第十四条是什么", k=3).results[0].id == "article/工伤保险条例/14"


def test_results_are_grouped_one_per_case_or_article(fake_service):
    results = fake_service.search("公司不发高温津贴怎么办", k=20).results
    ids = [r.id for r in results]
    assert len(ids) == len(set(ids)) == 20
    assert {r.kind for r in results} <= {"case", "article", "guide"} and "article" in {r.kind for r in results}


def test_case_result_carries_its_citations_and_urls(fake_service):
    results = fake_service.search("竞业限制补偿", k=20).results
    case = next(r for r in results if r.kind == "case")
    assert case.url == f"/cases/{case.id.removeprefix('case/')}"
    assert case.api_url.startswith("/api/v1/cases/")
    assert all(a.startswith("article/") for a in case.cites)


def test_article_result_fields(fake_service):
    art = fake_service.search("劳动合同法第47条", k=1).results[0]
    assert art.law_title == "中华人民共和国劳动合同法"
    assert art.status == "现行有效"
    assert art.url == "/articles/%E5%8A%B3%E5%8A%A8%E5%90%88%E5%90%8C%E6%B3%95/47"
    assert art.snippet


def test_cited_by_links_articles_back_to_cases(fake_service):
    lib = fake_service.library
    for case_id, ids in lib.case_cites.items():
        for aid in ids:
            assert case_id in lib.article_cited_by[aid]


def test_disabling_bm25_and_dense_leaves_only_references(fake_service):
    ranked, _ = fake_service.rank("加班费怎么算", stages=Stages(bm25=False, dense=False))
    assert ranked == []


@pytest.mark.parametrize("stage", Stages.names())
def test_every_stage_can_be_switched_off(fake_service, stage):
    ranked, _ = fake_service.rank("公司拖欠工资怎么办", stages=Stages(**{stage: False}))
    assert ranked  # the stages left on still find something


@pytest.mark.parametrize("retriever", ["bm25", "dense"])
def test_a_retriever_switched_off_matches_nothing(fake_service, retriever):
    ranked, _ = fake_service.rank("公司拖欠工资怎么办", stages=Stages(**{retriever: False}))
    matched = set().union(*(c.matched_by for c in ranked))
    assert retriever not in matched and ({"bm25", "dense"} - {retriever}) <= matched


def test_terms_include_vocabulary_expansion_when_on(fake_service):
    entry = fake_service.vocabulary[0]
    query = f"{entry.colloquial[0]}怎么办"
    _, terms_on = fake_service.rank(query, stages=Stages())
    _, terms_off = fake_service.rank(query, stages=Stages(expansion=False))
    assert set(entry.statute_terms) - set(query) <= set(terms_on)
    assert len(terms_on) >= len(terms_off)


def test_a_search_service_keeps_numpy_to_one_thread(mini_settings, fake_embedder):
    """The small products after the encoder stay on one thread (service.small_products_on_one_thread)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):  # as a fresh process has them on 2 cores
        open_service(mini_settings, embedder=fake_embedder, log=lambda m: None)
        assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {1}
