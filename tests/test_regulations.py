import re
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from legalqa.regulations import load_statutes, parse_law, short_law_name

REGULATIONS = PROJECT_ROOT / "regulations"


@pytest.fixture(scope="module")
def corpus():
    return load_statutes(REGULATIONS)


def test_all_files_parse_without_errors(corpus):
    assert corpus.errors == []
    assert len(corpus.laws) >= 50


@pytest.mark.parametrize("law,count", [("劳动合同法", 98), ("劳动法", 107), ("社会保险法", 98),
                                       ("工伤保险条例", 67), ("劳动争议解释（一）", 54),
                                       ("劳动争议解释（二）", 21), ("民法典", 825)])
def test_article_counts_match_the_source_index(corpus, law, count):
    assert len(corpus.laws[law].articles) == count


def _index_article_counts() -> dict[str, str]:
    """File stem → the 条数 column of SOURCES.md (a copy of the shared corpus INDEX.md)."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in (REGULATIONS / "SOURCES.md").read_text("utf-8").splitlines() if line.startswith("| ")]
    header = rows[0]
    return {row[0]: row[header.index("条数")] for row in rows[1:] if len(row) == len(header)}


def test_every_statute_has_the_article_count_of_its_index_row(corpus):
    counts = _index_article_counts()
    for law in corpus.laws.values():
        if law.is_excerpt:
            continue
        stated = counts.get(law.path.stem) or counts[law.path.stem + "（总则编、合同编、侵权责任编）"]
        numbers = [a.number for a in law.articles]
        assert numbers == sorted(set(numbers)), law.name
        if m := re.fullmatch(r"(\d+)|—（(\d+)项）", stated):  # 第X条 articles, or 一、… items
            assert len(numbers) == int(m.group(1) or m.group(2)), law.name
        else:
            assert stated == "—" and numbers[0] == 1, law.name  # a notice: items, uncounted


def test_statute_files_are_the_shared_files_byte_for_byte(shared_dir):
    theirs = shared_dir / "corpus" / "regulations"
    ours = sorted(p.name for p in REGULATIONS.glob("*.md") if p.name != "SOURCES.md")
    assert ours == sorted(p.name for p in theirs.glob("*.md") if p.name != "INDEX.md")
    for name in ours:
        assert (REGULATIONS / name).read_bytes() == (theirs / name).read_bytes(), name
    assert (REGULATIONS / "SOURCES.md").read_bytes() == (theirs / "INDEX.md").read_bytes()


def test_opinions_numbered_with_items_and_half_width_marks(corpus):
    third = corpus.laws["人力资源社会保障部关于执行《工伤保险条例》若干问题的意见（三）"]
    assert [a.label for a in third.articles] == [f"{n}、" for n in "一二三四五六七八九"] + ["十、", "十一、", "十二、"]
    assert third.articles[0].text.endswith(";(5)加班时间。")  # (1)…(5) stay inside item 一
    assert third.articles[-1].text.endswith("2025年11月13日")
    dispatch = corpus.laws["劳务派遣暂行规定"]  # half-width "," and "(一)" throughout
    assert dispatch.articles[1].text.startswith("第二条 劳务派遣单位经营劳务派遣业务,企业(以下称用工单位)")
    assert dispatch.articles[0].chapter == "第一章 总则"


def test_replaced_working_time_notice_is_marked_so(corpus):
    old = corpus.laws["关于职工全年月平均工作时间和工资折算问题的通知"]
    new = corpus.laws["人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知"]
    assert old.status.startswith("已废止（2025-01-01起由人社部发〔2025〕2号")
    assert new.doc_number == "人社部发〔2025〕2号" and new.status.startswith("现行有效")
    assert "＝248天" in new.articles[0].text and "＝250天" in old.articles[0].text


ADDED_2026_11 = ["劳务派遣暂行规定", "工伤认定办法", "违反和解除劳动合同的经济补偿办法", "因工死亡职工供养亲属范围规定",
                 "超龄劳动者基本权益保障暂行规定", "劳动能力鉴定管理办法", "企业职工患病或非因工负伤医疗期规定",
                 "人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知",
                 "人力资源社会保障部关于执行《工伤保险条例》若干问题的意见",
                 "人力资源社会保障部关于执行《工伤保险条例》若干问题的意见（二）",
                 "人力资源社会保障部关于执行《工伤保险条例》若干问题的意见（三）",
                 "深圳市员工工资支付条例", "深圳经济特区和谐劳动关系促进条例"]


def test_statutes_added_in_2026_11_are_named_by_their_titles(corpus):
    for name in ADDED_2026_11:
        assert corpus.laws[name].title == name
    assert len(corpus.laws) == 63 + 4  # the shared corpus and the excerpts: no name taken twice


def test_article_47_text_is_copied_exactly(corpus):
    art = corpus.get("劳动合同法", 47)
    source = (REGULATIONS / "中华人民共和国劳动合同法.md").read_text("utf-8")
    assert art.label == "第四十七条"
    assert art.chapter == "第四章 劳动合同的解除和终止"
    assert art.text.startswith("第四十七条 经济补偿按劳动者在本单位工作的年限")
    assert art.text.endswith("本条所称月工资是指劳动者在劳动合同解除或者终止前十二个月的平均工资。")
    for paragraph in art.text.split("\n"):
        assert paragraph in source


def test_status_and_effective_date_come_from_front_matter(corpus):
    law = corpus.laws["劳动合同法"]
    assert law.status == "现行有效"
    assert law.effective.startswith("2008-01-01")
    assert law.meta["source"]["repo"] == "LawRefBook/Laws"


def test_spc_interpretations_have_short_names():
    assert short_law_name("最高人民法院关于审理劳动争议案件适用法律问题的解释（一）") == "劳动争议解释（一）"
    assert short_law_name("中华人民共和国劳动法") == "劳动法"


def test_superseded_version_keeps_its_own_name(corpus):
    assert "全国年节及纪念日放假办法" in corpus.laws
    old = [n for n in corpus.laws if n.startswith("全国年节及纪念日放假办法（2013")]
    assert old and corpus.laws[old[0]].status.startswith("已被修订")


def test_arabic_article_numbers_and_item_headings(corpus):
    minutes = next(l for l in corpus.laws.values() if l.title.endswith("座谈会纪要"))
    first = minutes.articles[0]
    assert first.number == 1 and first.label == "第1条"
    assert first.chapter.endswith("一、适用《社会保险法》的若干意见")


def test_notice_without_articles_is_split_at_items(corpus):
    notice = corpus.laws["劳动和社会保障部关于确立劳动关系有关事项的通知"]
    assert [a.label for a in notice.articles][:2] == ["一、", "二、"]
    assert "（三）劳动者提供的劳动是用人单位业务的组成部分。" in notice.articles[0].text


def test_neighbours(corpus):
    art = corpus.get("劳动合同法", 47)
    assert [a.number for a in corpus.neighbours(art)] == [46, 48]


def test_broken_file_is_reported_with_path_and_skipped(tmp_path):
    good = REGULATIONS / "职工带薪年休假条例.md"
    (tmp_path / good.name).write_text(good.read_text("utf-8"), "utf-8")
    (tmp_path / "坏文件.md").write_text("---\ntitle: [unclosed\n---\n第一条 x\n", "utf-8")
    (tmp_path / "无条文.md").write_text('---\ntitle: "空"\n---\n\n# 空\n\n只有一段话。\n', "utf-8")
    corpus = load_statutes(tmp_path)
    assert list(corpus.laws) == ["职工带薪年休假条例"]
    messages = sorted(str(e) for e in corpus.errors)
    assert any("坏文件.md:" in m and "bad YAML" in m for m in messages)
    assert any("无条文.md:1" in m for m in messages)


def test_excerpt_passages(tmp_path):
    path = tmp_path / "摘录.md"
    path.write_text('---\ntitle: "某通知"\nexcerpt: true\n---\n\n# 某通知\n\n【摘录1】第一段。\n\n【摘录2】第二段。\n',
                    "utf-8")
    law = parse_law(path)
    assert law.is_excerpt
    assert [(a.number, a.label, a.text) for a in law.articles] == [(1, "摘录1", "第一段。"), (2, "摘录2", "第二段。")]


def test_unknown_article_is_none(corpus):
    assert corpus.get("劳动合同法", 999) is None
    assert corpus.get("不存在的法", 1) is None


def test_paths_are_files(corpus):
    assert all(isinstance(l.path, Path) and l.path.exists() for l in corpus.laws.values())
