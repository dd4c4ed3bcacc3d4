import pytest

from conftest import PROJECT_ROOT
from legalqa.citations import LawMatcher, cited_article_ids, find_citations, parse_query_reference, statute_citations
from legalqa.regulations import load_statutes


@pytest.fixture(scope="module")
def corpus():
    return load_statutes(PROJECT_ROOT / "regulations")


@pytest.fixture(scope="module")
def matcher(corpus):
    return LawMatcher(corpus)


def _pairs(text, matcher):
    return [(c.law, c.article) for c in find_citations(text, matcher)]


def test_book_title_with_article_list_and_range(matcher):
    text = "依照《中华人民共和国劳动合同法》第二十三条、第二十四条和劳动法第44条，又见工伤保险条例第三十五条至第三十七条。"
    assert _pairs(text, matcher) == [("劳动合同法", 23), ("劳动合同法", 24), ("劳动法", 44),
                                     ("工伤保险条例", 35), ("工伤保险条例", 36), ("工伤保险条例", 37)]


def test_longer_law_name_wins(matcher):
    assert _pairs("《劳动合同法实施条例》第十条", matcher) == [("劳动合同法实施条例", 10)]


def test_document_without_article(matcher):
    assert _pairs("根据《职工带薪年休假条例》，职工可以休年假。", matcher) == [("职工带薪年休假条例", None)]


def test_anaphora_refers_to_last_document_cited_with_an_article(matcher):
    text = "根据《劳动法》第四十四条规定。此外，根据《工伤保险条例》的精神，再依前述规定第四十五条。"
    assert ("劳动法", 45) in _pairs(text, matcher)


def test_article_far_from_any_law_is_not_guessed(matcher):
    assert _pairs("他说第四十七条很重要。", matcher) == []


def test_cited_article_ids_skip_articles_missing_from_corpus(matcher, corpus):
    assert cited_article_ids("《劳动合同法》第四十七条、第九百条", matcher, corpus) == ["article/劳动合同法/47"]


@pytest.mark.parametrize("query,expected", [
    ("劳动合同法第47条", [("劳动合同法", 47)]),
    ("劳动合同法第四十七条怎么理解", [("劳动合同法", 47)]),
    ("第四十七条", [(None, 47)]),
    ("劳动合同法实施条例第6条", [("劳动合同法实施条例", 6)]),
    ("公司不发高温补贴怎么办", []),
])
def test_query_reference(matcher, query, expected):
    assert [(r.law, r.article) for r in parse_query_reference(query, matcher)] == expected


def test_magazine_cases_link_to_the_articles_they_cite_both_ways():
    from legalqa.library import Library
    from legalqa.settings import Settings

    lib = Library.load(Settings())
    death = next(c for c in lib.cases.values() if c.source.get("issue_file") == "001_1c1ce34bdb716284.txt")
    heat = next(c for c in lib.cases.values() if c.source.get("issue_file") == "004_1db0249e67e079a6.txt")
    # 第十条 quoted by 文号; "前述规定第十一条" refers back to the same document, not to 18号
    assert lib.case_cites[death.id][:2] == ["article/广东省职工假期待遇和死亡抚恤待遇规定/10",
                                           "article/广东省职工假期待遇和死亡抚恤待遇规定/11"]
    assert "article/企业职工基本养老保险遗属待遇暂行办法/5" in lib.case_cites[death.id]
    assert "article/广东省人力资源和社会保障厅关于做好高温天气劳动权益维护有关工作的通知/1" in lib.case_cites[heat.id]
    for case_id, ids in lib.case_cites.items():
        for aid in ids:
            assert case_id in lib.article_cited_by[aid]


def test_an_older_statute_citing_a_renumbered_article_links_to_todays_number(corpus, matcher):
    """因工死亡职工供养亲属范围规定 (2003) cites 第三十七条 of the 2003 工伤保险条例: 第三十九条 since 2010."""
    links = statute_citations(corpus, matcher)
    assert links["article/因工死亡职工供养亲属范围规定/1"] == ["article/工伤保险条例/39"]
    # the same number in a document issued after the revision is read as written
    assert links["article/人力资源社会保障部关于执行《工伤保险条例》若干问题的意见（二）/9"] == ["article/工伤保险条例/67"]


def test_renumbering_applies_only_to_documents_promulgated_before_the_revision(corpus):
    old = corpus.laws["因工死亡职工供养亲属范围规定"]
    new = corpus.laws["工伤认定办法"]  # 2010-12-31, after the revision of 2010-12-20
    assert corpus.current_number("工伤保险条例", 37, old) == 39
    assert corpus.current_number("工伤保险条例", 37, new) == 37
    assert corpus.current_number("工伤保险条例", 14, old) == 14  # not listed: read as written
    assert corpus.current_number("劳动合同法", 37, old) == 37
