"""The case loader, the 43 official cases copied as data, and the regulation excerpts that hold
what the magazine cases quote or restate."""

import re
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from legalqa.cases import Case, load_cases, parse_case_file
from legalqa.datafiles import DataFileError
from legalqa.regulations import parse_law

CASES_DIR = PROJECT_ROOT / "cases"
EXCERPTS_DIR = PROJECT_ROOT / "regulations" / "excerpts"
GUIDING = [18, 179, 180, 181, 182, 183, 184, 190, 237, 238, 239, 240]
MAGAZINE = ["gdgy-000-0e3332-1", "gdgy-001-1c1ce3-1", "gdgy-004-1db024-1"]
# 人社部/最高法 劳动人事争议典型案例: year-batch → number of cases (batch 1: 2020, 2: 2021, 3: 2023)
MOHRSS_BATCHES = {"2021-2": 10, "2020-1": 15, "2023-3": 6}
MOHRSS = [f"mohrss-{batch}-{k}" for batch, n in MOHRSS_BATCHES.items() for k in range(1, n + 1)]


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    cases, errors = load_cases(CASES_DIR)
    assert errors == []
    return cases


@pytest.fixture(scope="module")
def typical_src(shared_dir) -> Path:
    return shared_dir / "corpus" / "typical_cases"


def split(text: str) -> tuple[list[str], str]:
    """(front-matter lines, body) of a markdown file with YAML front matter."""
    head, body = text[4:].split("\n---\n", 1)
    return head.split("\n"), body


# --- loading ---------------------------------------------------------------------------

def test_all_cases_load(cases):
    assert len(cases) == 46
    assert sorted(c.slug for c in cases.values() if c.kind == "magazine") == MAGAZINE
    typical = sorted(c.slug for c in cases.values() if c.kind == "typical")
    assert typical == sorted([f"gc-{n}" for n in GUIDING] + MOHRSS)


def test_every_case_is_well_formed(cases):
    for case in cases.values():
        assert case.id == f"case/{case.slug}"
        assert case.sections and all(s.name and s.text for s in case.sections), case.id
        assert case.title and case.topic and len(case.topic) <= 5, case.id  # 新就业形态
        assert case.kind in {"magazine", "typical"}
        assert case.text == "\n".join(s.text for s in case.sections)
        assert all(s.text in case.text for s in case.sections)


def test_magazine_cases(cases):
    for slug in MAGAZINE:
        case = cases[f"case/{slug}"]
        assert case.kind == "magazine" and case.law_firm == "广东胜伦律师事务所"
        assert [s.name for s in case.sections] == ["案件概况", "回复意见", "案例拓展·问题", "案例拓展·回复"]
        assert case.source["publication"] == "广东工运"
        assert case.source["issue_file"].startswith(slug.split("-")[1] + "_")
    assert {cases[f"case/{s}"].topic for s in MAGAZINE} == {"辞职", "社保", "高温"}
    death = cases["case/gdgy-001-1c1ce3-1"]
    assert death.cited_regulations == ["粤人社规〔2023〕17号", "人社部发〔2021〕18号"]
    assert death.section("案例拓展·问题").text == "人社部发〔2021〕18 号文规定的丧葬补助金和抚恤金标准是什么？"


def test_typical_cases_carry_their_sources_and_sections(cases):
    gc = cases["case/gc-179"]
    assert gc.kind == "typical" and gc.law_firm is None and gc.topic == "劳动关系"
    assert [s.name for s in gc.sections] == ["裁判要点", "相关法条", "基本案情", "裁判结果", "裁判理由"]
    assert gc.source["issuer"] == "最高人民法院" and gc.source["batch"] == "指导性案例179号"
    assert gc.source["date"] == "2022-07-06"
    assert gc.source["repo"] == "lttxzmj/chinese-law-corpus"
    assert gc.source["official_url"] == "https://www.court.gov.cn/shenpan/xiangqing/364631.html"
    assert gc.section("裁判要点").text.startswith("1.劳动关系适格主体以“合作经营”等为名订立协议")
    overtime = cases["case/mohrss-2021-2-10"]
    assert overtime.title == "加班费的仲裁时效应当如何认定" and overtime.topic == "加班"
    assert overtime.source["batch"] == "劳动人事争议典型案例（第二批）"
    rider = cases["case/mohrss-2023-3-2"]  # 第三批案例2: the source's "？" stays in the title
    assert rider.title == "如何认定网约配送员与平台企业之间是否存在劳动关系？" and rider.topic == "新就业形态"
    assert rider.source["repo"] == "lexcao1729/lvshu" and rider.source["date"] == "2023-04-24"
    assert [s.name for s in cases["case/mohrss-2023-3-5"].sections][1] == "原告诉讼请求"
    assert cases["case/mohrss-2020-1-1"].title == "用人单位能否以新冠肺炎疫情属不可抗力为由中止劳动合同"
    assert {cases[f"case/gc-{n}"].topic for n in (184, 190)} == {"竞业限制"}
    assert {cases[f"case/gc-{n}"].topic for n in (237, 238, 239, 240)} == {"劳动关系"}


# --- the typical cases are the shared files, unchanged ------------------------------------

def test_typical_cases_are_the_shared_files_unchanged(typical_src):
    """Each shared case is one file of cases/typical: the same body, the same front-matter lines
    in order, plus id, slug, kind (and a topic where the source has none)."""
    ours = {split(path.read_text(encoding="utf-8"))[1]: path
            for path in sorted((CASES_DIR / "typical").glob("*.md")) if path.name != "SOURCES.md"}
    shared = [path for path in sorted(typical_src.glob("*.md")) if path.name != "INDEX.md"]
    assert len(shared) == len(ours) == 43
    for path in shared:
        theirs_head, body = split(path.read_text(encoding="utf-8"))
        assert body in ours, path.name
        slug = ours[body].stem
        ours_head = split(ours[body].read_text(encoding="utf-8"))[0]
        added = [line for line in ours_head if line not in theirs_head]
        assert [line for line in ours_head if line in theirs_head] == theirs_head  # kept, in order
        assert added[:3] == [f'id: "case/{slug}"', f'slug: "{slug}"', 'kind: "typical"'], slug
        assert all(re.fullmatch(r'topic: "\S+"', line) for line in added[3:]) and len(added) <= 4
    assert (CASES_DIR / "typical" / "SOURCES.md").read_bytes() == (typical_src / "INDEX.md").read_bytes()


# --- broken files ------------------------------------------------------------------------

GOOD = """---
id: case/test-1
slug: test-1
title: 测试案例
topic: 辞职
kind: magazine
source:
  publication: 广东工运
  issue_file: 000_x.txt
law_firm: 某律师事务所
cited_regulations: []
---

# 测试案例

## 案件概况

第一段。

第二段，
续行。

## 案例拓展

### 问题

问什么？

### 回复

答。
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_parses(tmp_path):
    case = parse_case_file(write(tmp_path, GOOD))
    assert [(s.name, s.text) for s in case.sections] == [
        ("案件概况", "第一段。\n第二段，续行。"), ("案例拓展·问题", "问什么？"), ("案例拓展·回复", "答。")]
    assert case.law_firm == "某律师事务所" and case.source == {"publication": "广东工运", "issue_file": "000_x.txt"}


@pytest.mark.parametrize("text, line, message", [
    (GOOD.replace("---\n", "", 1), 1, "missing YAML front matter"),
    (GOOD.replace("\n---\n\n# ", "\n\n# ", 1), 1, "not closed"),
    (GOOD.replace("topic: 辞职", "topic: 辞职: 撤回"), 5, "bad YAML"),
    (GOOD.replace("title: 测试案例\n", ""), 1, "'title'"),
    (GOOD.replace("id: case/test-1", "id: case/other"), 2, "must be 'case/test-1'"),
    (GOOD.replace("slug: test-1", "slug: Test 1").replace("case/test-1", "case/Test 1"), 3, "slug"),
    (GOOD.replace("kind: magazine", "kind: blog"), 6, "kind"),
    (GOOD.replace("# 测试案例\n", ""), 13, "missing the '# <title>' heading"),
    (GOOD.replace("# 测试案例\n", "# 别的标题\n"), 14, "differs from the front-matter title"),
    (GOOD.split("## 案件概况")[0], 14, "no sections"),
    (GOOD.replace("第一段。\n\n第二段，\n续行。\n", ""), 16, "section '案件概况' has no text"),
    (GOOD.replace("答。\n", ""), 29, "section '案例拓展·回复' has no text"),
])
def test_a_broken_file_raises_with_path_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as err:
        parse_case_file(path)
    assert err.value.path == path and err.value.line == line, str(err.value)
    assert message in err.value.message
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_a_repeated_id_or_a_broken_file_is_reported_and_left_out(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "typical").mkdir()
    (tmp_path / "typical" / "b.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "typical" / "SOURCES.md").write_text("# not a case", encoding="utf-8")
    (tmp_path / "typical" / "c.md").write_text("no front matter", encoding="utf-8")
    cases, errors = load_cases(tmp_path)
    assert [c.path for c in cases.values()] == [tmp_path / "a.md"]  # the first file keeps the id
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'typical' / 'b.md'}:1: id 'case/test-1' is also used by {tmp_path / 'a.md'}; "
        "this file is left out",
        f"{tmp_path / 'typical' / 'c.md'}:1: missing YAML front matter (a first line '---')"]


# --- regulation excerpts: only what the cases print ----------------------------------------

EXCERPTS = {  # file → (case, article labels, restated rather than quoted)
    "广东省职工假期待遇和死亡抚恤待遇规定.md": ("case/gdgy-001-1c1ce3-1", ["第十条", "第十一条"], False),
    "企业职工基本养老保险遗属待遇暂行办法.md": ("case/gdgy-001-1c1ce3-1", ["第四条", "第五条"], True),
    "广东省人力资源和社会保障厅关于做好高温天气劳动权益维护有关工作的通知.md": ("case/gdgy-004-1db024-1", ["摘录1"], False),
    "广东省高温天气劳动保护办法.md": ("case/gdgy-004-1db024-1", ["摘录1"], True),
}


def test_excerpt_files_hold_exact_passages_of_their_case(cases):
    assert sorted(p.name for p in EXCERPTS_DIR.glob("*.md")) == sorted(EXCERPTS)
    for name, (case_id, labels, restated) in EXCERPTS.items():
        path = EXCERPTS_DIR / name
        law = parse_law(path)
        meta = law.meta
        assert meta["excerpt"] is True and meta["excerpt_source"]["case"] == case_id
        assert ("restated" in meta["excerpt_source"]["note"]) == restated, name
        for key in ("title", "kind", "issuer", "doc_number", "status", "effective", "source"):
            assert key in meta, (name, key)
        assert [a.label for a in law.articles] == labels
        for article in law.articles:
            passage = article.text.removeprefix(article.label).lstrip()
            assert passage in cases[case_id].text, (name, article.label)
        if law.doc_number:
            assert law.doc_number.replace("号", " 号") in cases[case_id].text  # as the case prints it


def test_excerpt_passage_numbers_are_only_the_named_ones():
    """第X条 only where the case (or RATES.md's source, for 18号) names the article."""
    for name in EXCERPTS:
        body = split((EXCERPTS_DIR / name).read_text(encoding="utf-8"))[1]
        numbered = re.findall(r"^(第\S+条|【摘录\d+】)", body, flags=re.M)
        assert numbered == [label if label.startswith("第") else f"【{label}】" for label in EXCERPTS[name][1]]
    survivor = parse_law(EXCERPTS_DIR / "企业职工基本养老保险遗属待遇暂行办法.md").meta
    assert "RATES.md" in survivor["notes"] and survivor["effective"] == ""
