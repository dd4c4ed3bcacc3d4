"""The web pages through TestClient with the fake embedder: every page renders, errors are
shown in Chinese next to what caused them, user input is escaped, the notice and hotline are
on every page. The calculator form is tested against a demo calculator defined here, so the
form logic does not depend on what the calculator engineers register; the registered ones get
a smoke test each."""

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from html import unescape
from typing import Literal
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field

from api import forms, templating
from api.main import create_app
from legalqa import calculators
from legalqa.calculators import Calculator, list_calculators
from legalqa.calculators.base import Amount, CalcResult, LegalBasis
from legalqa.rates import RateUsed

NOTICE = "本页内容为法律信息，不构成针对具体案件的律师意见"
REGISTERED = [c.name for c in list_calculators()]


@pytest.fixture(scope="module")
def client(fake_settings, fake_service):
    return TestClient(create_app(fake_settings, service=fake_service))


def main_text(html: str) -> str:
    return html.split('<main', 1)[1].split('</main>', 1)[0]


def field_block(html: str, name: str) -> str:
    """The HTML of one form field's wrapper (label, help, errors, input)."""
    m = re.search(rf'<(div|fieldset) class="field[^"]*" id="field-{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert m, f"no field {name}"
    return m.group(2)


def assert_page_basics(html: str) -> None:
    assert '<html lang="zh-CN">' in html
    assert NOTICE in html
    assert 'href="tel:12351"' in html
    # resources are local: no CDN, no third-party requests
    for resource in re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', html):
        assert resource.startswith("/static/"), f"third-party or non-local resource {resource}"


# ---- home, results --------------------------------------------------------------------------

def test_home_has_question_box_topics_calculators_and_hotline(client):
    r = client.get("/")
    assert r.status_code == 200
    assert_page_basics(r.text)
    assert '<label for="q">' in r.text and 'name="q"' in r.text
    for label in ["辞职", "工资/加班", "工伤", "社保", "高温", "女职工"]:
        assert f">{label}</a>" in r.text
    assert 'href="/search?q=' in r.text
    for name in REGISTERED:
        assert f'href="/calculators/{name}"' in r.text
    assert "职工服务热线" in r.text


def test_plain_words_from_a_guide_say_they_are_not_yet_reviewed(client):
    page = main_text(client.get("/search", params={"q": "劳动合同法第三十八条是什么意思"}).text)
    assert "白话解释摘自维权指南" in page and "尚未经律师审核" in page
    assert "白话解释摘自维权指南" not in main_text(client.get("/search", params={"q": "工伤保险条例第十四条包括哪些情形"}).text)


def test_results_show_answer_cases_articles_with_highlights(client):
    r = client.get("/search", params={"q": "公司不发高温补贴怎么办"})
    assert r.status_code == 200
    assert_page_basics(r.text)
    assert "公司不发高温补贴怎么办</textarea>" in r.text  # the question stays in the box
    cases = re.search(r'<ol class="results" id="case-results">(.*?)</ol>', r.text, re.S).group(1)
    first_case = re.search(r'<a href="(/cases/[^"]+)">', cases).group(1)
    assert first_case == "/cases/gdgy-004-1db024-1"
    assert "<mark>高温</mark>" in r.text
    assert 'id="article-results"' in r.text


def test_results_answer_card_quotes_and_links_its_sources(client):
    r = client.get("/search", params={"q": "公司不发高温补贴怎么办"})
    card = re.search(r'<section class="card answer".*?</section>', r.text, re.S)
    assert card, "a medium/high-confidence question gets an answer card"
    card = card.group(0)
    assert 'href="/guides/heat-allowance"' in card and "尚未经律师审核" in card
    assert 'class="guide-answer"' in card and 'href="/articles/' in card  # each guide sentence with its articles
    assert "<blockquote" in card and 'href="/cases/' in card  # the lawyer's conclusion, quoted
    steps = re.search(r'<section class="card steps".*?</section>', r.text, re.S).group(0)
    assert "下一步怎么做" in steps and "12333" in steps and "期限：" in steps


def test_facts_form_asks_what_changes_the_answer_and_works_without_javascript(client):
    q = "我今年五十八了厂里说我年纪大了不要我了 做了十二年 有冇补偿"
    r = client.get("/search", params={"q": q})
    form = re.search(r'<form method="get" action="/search" id="facts-form">.*?</form>', r.text, re.S)
    assert form, "the answer asks the key facts in a plain form"
    assert 'name="fact" value="sex=男"' in form.group(0) and 'name="fact" value="sex=女"' in form.group(0)
    answers = {}
    for sex in ("男", "女"):
        told = client.get("/search", params={"q": q, "fact": f"sex={sex}"})
        assert told.status_code == 200
        answers[sex] = re.search(r'<div class="guide-answer">(.*?)</div>', told.text, re.S).group(1)
        assert f'name="fact" value="sex={sex}"' in told.text  # kept as a hidden field for the next round
    assert answers["男"] != answers["女"]


@pytest.mark.parametrize("q", ["公司不发高温补贴怎么办", "我被公司炒了怎么办", "怀孕了公司要辞退我"])
def test_other_guides_are_listed_beside_the_one_that_answers(client, q):
    answer = client.get("/api/v1/answer", params={"q": q}).json()
    answering = f"/guides/{answer['guide']['slug']}" if answer["guide"] else None
    others = [r["url"] for r in answer["search"]["results"] if r["kind"] == "guide" and r["url"] != answering]
    page = client.get("/search", params={"q": q}).text
    listed = re.search(r'<ul class="results" id="guide-results">(.*?)</ul>', page, re.S)
    assert [m for m in re.findall(r'href="(/guides/[^"]+)"', listed.group(1))] == others if others else listed is None
    if answering:
        assert not listed or f'href="{answering}"' not in listed.group(1)  # the answering guide is in the card


def test_a_malformed_fact_is_a_chinese_message(client):
    r = client.get("/search", params={"q": "怀孕了公司要辞退我", "fact": "sex"})
    assert r.status_code == 422 and "key=值" in r.text


def test_guide_page_shows_every_variant_steps_and_its_review_state(client):
    r = client.get("/guides/dismissal-pregnancy")
    assert r.status_code == 200
    assert_page_basics(r.text)
    assert "尚未经工会律师审核" in r.text and "下一步怎么做" in r.text and "证据清单" in r.text
    assert 'href="/articles/' in r.text
    assert client.get("/guides/no-such-guide").status_code == 404


def test_results_offer_the_calculator_with_figures_from_the_question(client):
    r = client.get("/search", params={"q": "老公交了十二年社保，因病去世了，家属能领多少抚恤金"})
    assert r.status_code == 200
    offer = re.search(r'<section class="card offer".*?</section>', r.text, re.S).group(0)
    assert "累计缴费年限" in offer and "<strong>12</strong>" in offer
    assert 'href="/calculators/death_benefit?contribution_years=12"' in offer


def test_a_question_outside_labour_law_says_so_without_statutes(client):
    r = client.get("/search", params={"q": "qwerty asdf"})
    assert r.status_code == 200
    low = re.search(r'<section class="card card-low".*?</section>', r.text, re.S)
    assert low and "只回答劳动和社会保障方面的问题" in low.group(0)
    assert 'class="card answer"' not in r.text and 'id="article-results"' not in r.text


@pytest.mark.parametrize("q", ["", "   "])
def test_empty_question_is_a_chinese_message_on_the_page(client, q):
    r = client.get("/search", params={"q": q})
    assert r.status_code == 422
    assert "text/html" in r.headers["content-type"]
    assert "请输入问题" in r.text
    assert 'aria-invalid="true"' in r.text
    assert_page_basics(r.text)


def test_too_long_question_keeps_the_text(client, fake_settings):
    q = "公司拖欠工资" * (fake_settings.max_query_chars // 6 + 1)
    r = client.get("/search", params={"q": q})
    assert r.status_code == 422
    assert "问题太长了" in r.text
    assert f">{q}</textarea>" in r.text


def test_user_input_is_escaped(client):
    q = '<script>alert("x")</script> 高温补贴'
    r = client.get("/search", params={"q": q})
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in r.text
    r = client.get(f"/calculators/{REGISTERED[0]}", params={"city": '"><script>x</script>'})
    assert "<script>x</script>" not in r.text


def test_zh_keeps_the_chinese_half_only():
    assert templating.zh("没有找到案例「x」/ no case 'x'") == "没有找到案例「x」"
    assert templating.zh("数值太小 / Input should be greater than 0") == "数值太小"
    assert templating.zh("【提示】请拨打12351。 / [Notice] Please call") == "【提示】请拨打12351。"
    assert templating.zh("标准 300 元/月，按天 13.8 元/天") == "标准 300 元/月，按天 13.8 元/天"


def test_highlight_marks_terms_and_escapes_everything_else():
    out = str(templating.highlight('<b>高温</b> & 高温津贴 病', ["高温", "高温津贴", "<b>", "病"]))
    assert out == ("<mark>&lt;b&gt;</mark><mark>高温</mark>&lt;/b&gt; &amp; <mark>高温津贴</mark> 病")


# ---- case and article pages -----------------------------------------------------------------

def test_case_page_sections_firm_source_citations(client, fake_service):
    library = fake_service.library
    case_id = next(cid for cid, cites in library.case_cites.items()
                   if cites and library.cases[cid].kind == "magazine")
    case = library.cases[case_id]
    r = client.get(f"/cases/{case.slug}")
    assert r.status_code == 200
    assert_page_basics(r.text)
    text = unescape(r.text)
    assert f"<h1>{case.title}</h1>" in text
    for section in case.sections:
        assert section.name.replace("·", " · ") in text
        assert section.text.split("\n")[0] in text
    assert case.law_firm in text
    assert case.source["issue_file"] in text
    for aid in library.case_cites[case_id]:
        law, n = aid.split("/")[1:]
        assert f'href="/articles/{quote(law)}/{n}"' in r.text


def test_case_page_lists_related_cases(client, fake_service):
    library = fake_service.library
    pairs = [(cid, other) for cid, ids in library.case_cites.items() for other, o_ids in library.case_cites.items()
             if other != cid and set(ids) & set(o_ids)]
    cid, other = pairs[0]  # the corpus has cases citing the same article
    r = client.get(f"/cases/{library.cases[cid].slug}")
    assert "相关案例" in r.text and f'href="/cases/{library.cases[other].slug}"' in r.text


def test_article_page_text_title_status_neighbours_cited_by(client, fake_service):
    library = fake_service.library
    aid = next(a for a in library.article_cited_by if a.startswith("article/劳动合同法/"))
    n = int(aid.rsplit("/", 1)[1])
    art = library.article("劳动合同法", n)
    r = client.get(f"/articles/劳动合同法/{n}")
    assert r.status_code == 200
    assert_page_basics(r.text)
    text = unescape(r.text)
    assert art.text.split("\n")[0] in text
    assert "中华人民共和国劳动合同法" in text
    assert "现行有效" in text and "施行日期" in text
    for neighbour in library.statutes.neighbours(art):
        assert f'href="/articles/{quote(neighbour.law)}/{neighbour.number}"' in r.text
    for cid in library.article_cited_by[aid]:
        assert f'href="/cases/{library.cases[cid].slug}"' in r.text


@pytest.mark.parametrize("url", ["/cases/no-such-case", "/articles/劳动合同法/99999", "/articles/没有这部法/1",
                                 "/articles/劳动合同法/abc", "/calculators/no_such_calculator", "/no/such/page"])
def test_unknown_pages_are_friendly_404s(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "<h1>没有找到</h1>" in r.text
    assert not re.search(r"/ (no|unknown|'|\[)", main_text(r.text)), "only the Chinese half of the message"
    assert 'action="/search"' in r.text
    assert_page_basics(r.text)


def test_api_404_stays_json(client):
    r = client.get("/api/v1/cases/no-such-case")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")


def test_static_css_is_served(client):
    r = client.get("/static/app.css")
    assert r.status_code == 200 and "@media print" in r.text


# ---- calculators ----------------------------------------------------------------------------

def test_calculator_list_links_every_registered_calculator(client):
    r = client.get("/calculators")
    assert r.status_code == 200
    assert_page_basics(r.text)
    for info in list_calculators():
        assert f'href="/calculators/{info.name}"' in r.text and info.title in unescape(r.text)


@pytest.mark.parametrize("name", REGISTERED)
def test_every_registered_calculator_form_renders_with_labels(client, name):
    r = client.get(f"/calculators/{name}")
    assert r.status_code == 200
    assert_page_basics(r.text)
    form = r.text.split('id="calc-form"', 1)[1].split("</form>", 1)[0]
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', form)
    assert ids
    for input_id in ids:
        assert f'<label for="{input_id}">' in form


# A demo calculator with every kind of field, registered only inside the tests below.
class Shift(str, Enum):
    day = "白班"
    night = "夜班"


class ShiftRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: str = Field(title="月份", description="YYYY-MM")
    days: int = Field(title="天数", ge=0, le=31)
    outdoor: bool = Field(False, title="露天")


class DemoInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: date = Field(title="开始日期", description="加班开始的日期")
    hours: Decimal = Field(title="加班小时数", ge=0, description="当月加班的小时数")
    days: int = Field(title="天数", ge=1, description="出勤天数")
    shift: Shift = Field(title="班次", description="白班或夜班")
    city: Literal["广州", "深圳"] | None = Field(None, title="城市", description="用人单位所在城市")
    holiday: bool = Field(False, title="是否法定节假日", description="法定节假日加班请勾选")
    note: str | None = Field(None, title="备注", description="任意说明")
    other_years: list[float] = Field(default_factory=list, title="其他单位年限", description="每个单位一项")
    rows: list[ShiftRow] = Field(default_factory=list, title="逐月情况", description="每月一行")


def _run_demo(inp: DemoInput, rates) -> CalcResult:
    return CalcResult(
        calculator="demo", amounts=[Amount(name="加班费", value=float(inp.hours) * 1000.5, unit="元")],
        steps=[f"{inp.hours} 小时 × 1000.5 元", f"其他单位 {len(inp.other_years)} 个",
               "逐月：" + "、".join(f"{r.month} {r.days}天{'露天' if r.outdoor else ''}" for r in inp.rows)],
        legal_basis=LegalBasis(articles=["article/劳动合同法/31", "article/没有这部法/1"],
                               rates=[RateUsed(table="demo_rate", start_date=date(2024, 1, 1), end_date=None,
                                               region="广州", values={"hourly": 12.5, "bands": [1, 2]},
                                               source="演示文件（示例〔2024〕1号）第三条")]),
        warnings=["这是演示提醒"])


DEMO = Calculator(name="demo", title="演示计算器", purpose="测试表单用", input_model=DemoInput, run=_run_demo)


@pytest.fixture
def demo(monkeypatch):
    registered = dict(calculators.all_calculators())
    monkeypatch.setattr(calculators, "all_calculators", lambda: {**registered, "demo": DEMO})


VALID = {"start": "2024-07-01", "hours": "2.5", "days": "22", "shift": "夜班", "city": "",
         "holiday": "true", "note": "", "other_years": "1.5，2"}


def test_demo_form_field_kinds_follow_the_schema(client, demo):
    r = client.get("/calculators/demo")
    assert r.status_code == 200
    html = r.text
    assert 'type="date"' in field_block(html, "start")
    assert 'type="number" step="any"' in field_block(html, "hours")
    assert 'type="number" step="1"' in field_block(html, "days")
    shift = field_block(html, "shift")
    assert "<select" in shift and '<option value="白班">' in shift and '<option value="夜班">' in shift
    city = field_block(html, "city")
    assert "<select" in city and '<option value="">（不填）</option>' in city and '<option value="深圳">' in city
    assert 'type="checkbox"' in field_block(html, "holiday")
    assert 'type="text"' in field_block(html, "note")
    assert "多个数字用逗号隔开" in field_block(html, "other_years")
    assert "加班开始的日期" in field_block(html, "start")  # description as help text
    assert "（必填）" in field_block(html, "start") and "（选填）" in field_block(html, "note")
    assert 'aria-describedby="h-hours"' in field_block(html, "hours")


def test_demo_form_is_prefilled_from_the_query_string(client, demo):
    r = client.get("/calculators/demo", params={"hours": "12", "shift": "夜班", "holiday": "True",
                                                "other_years": "3,4"})
    assert 'value="12"' in field_block(r.text, "hours")
    assert '<option value="夜班" selected>' in field_block(r.text, "shift")
    assert " checked" in field_block(r.text, "holiday")
    assert 'value="3,4"' in field_block(r.text, "other_years")


def test_demo_form_runs_and_shows_figures_steps_basis_rates_warnings(client, demo):
    r = client.post("/calculators/demo", data=VALID)
    assert r.status_code == 200, r.text
    result = re.search(r'<section class="card calc-result".*?</section>', r.text, re.S).group(0)
    assert "加班费" in result and "2,501.25" in result
    assert "2.5 小时 × 1000.5 元" in result and "其他单位 2 个" in result
    assert f'href="/articles/{quote("劳动合同法")}/31">劳动合同法 第三十一条</a>' in result
    assert "没有这部法/1" in result and 'href="/articles/没有这部法' not in result  # unknown ids are not links
    assert "演示文件（示例〔2024〕1号）第三条" in result and "2024-01-01" in result and "广州" in result
    assert "这是演示提醒" in result
    assert_page_basics(r.text)


def test_invalid_form_shows_chinese_errors_next_to_fields_and_keeps_input(client, demo):
    data = {**VALID, "start": "", "hours": "-1", "note": "我的备注<b>", "days": "abc"}
    r = client.post("/calculators/demo", data=data)
    assert r.status_code == 422
    assert "text/html" in r.headers["content-type"]
    start = field_block(r.text, "start")
    assert 'class="field-error"' in start and "必填项未填写" in start and 'aria-invalid="true"' in start
    hours = field_block(r.text, "hours")
    assert "数值太小" in hours and 'value="-1"' in hours
    assert "请填写整数" in field_block(r.text, "days")
    assert 'value="我的备注&lt;b&gt;"' in field_block(r.text, "note")  # kept, and escaped
    assert '<option value="夜班" selected>' in field_block(r.text, "shift")
    assert " checked" in field_block(r.text, "holiday")
    assert 'value="1.5，2"' in field_block(r.text, "other_years")
    assert "English" not in r.text and "Input should" not in r.text  # the Chinese half only
    summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
    assert 'href="#f-start"' in summary
    assert 'class="card calc-result"' not in r.text


def test_unchecked_box_is_false_not_kept_from_default(client, demo):
    data = {k: v for k, v in VALID.items() if k != "holiday"}
    data["hours"] = "-1"
    r = client.post("/calculators/demo", data=data)
    assert " checked" not in field_block(r.text, "holiday")


def test_registered_calculator_with_empty_form_shows_required_errors(client):
    r = client.post("/calculators/death_benefit", data={})
    assert r.status_code == 422
    assert 'class="field-error"' in r.text and "请检查填写的内容" in r.text
    assert_page_basics(r.text)


def test_records_are_rows_of_sub_fields_and_empty_rows_are_left_out(client, demo):
    r = client.get("/calculators/demo")
    rows = field_block(r.text, "rows")
    assert rows.count('class="record"') == forms.ROWS
    assert '<label for="f-rows-0-month"><span class="visually-hidden">第1项 </span>月份</label>' in rows
    data = {**VALID, "rows.0.month": "2024-07", "rows.0.days": "31", "rows.2.month": "2024-08", "rows.2.days": "10",
            "rows.2.outdoor": "true"}
    r = client.post("/calculators/demo", data=data)
    assert r.status_code == 200, r.text
    assert "逐月：2024-07 31天、2024-08 10天露天" in r.text
    assert field_block(r.text, "rows").count('class="record"') == forms.ROWS  # row 2 filled: 5 rows still enough
    many = {**VALID, **{f"rows.{i}.month": f"2024-0{i + 1}" for i in range(forms.ROWS)},
            **{f"rows.{i}.days": "1" for i in range(forms.ROWS)}}
    r = client.post("/calculators/demo", data=many)
    assert field_block(r.text, "rows").count('class="record"') == forms.ROWS + 1  # one empty row to add another


def test_record_errors_land_on_the_row_they_came_from(client, demo):
    data = {**VALID, "rows.0.month": "2024-07", "rows.0.days": "31", "rows.3.month": "2024-08", "rows.3.days": "40"}
    r = client.post("/calculators/demo", data=data)
    assert r.status_code == 422
    assert "数值太大" in field_block(r.text, "rows-3-days")
    assert 'value="40"' in field_block(r.text, "rows-3-days")
    assert 'class="field-error"' not in field_block(r.text, "rows-1-days")
    assert 'href="#f-rows-3-days"' in r.text


def test_select_options_show_chinese_labels(client):
    html = client.get("/calculators/severance").text
    assert '<option value="layoff_41">经济性裁员</option>' in html


def test_severance_form_computes_the_unlawful_dismissal_award(client):
    # 劳动合同法 第四十七、八十七条: 3 years 7 months counts as 4 months (six months or more is a year);
    # 2 × 4 × 6500 = 52000. The unticked notice box and the empty 第四十条 fields are no obstacle.
    data = {"reason": "unlawful_termination", "employer_years": "3", "employer_months": "7", "monthly_wage": "6500",
            "hire_date": "", "employment_end_date": "", "city": "", "last_month_wage": ""}
    r = client.post("/calculators/severance", data=data)
    assert r.status_code == 200, r.text
    result = re.search(r'<section class="card calc-result".*?</section>', r.text, re.S).group(0)
    assert re.search(r"违法解除或终止赔偿金</dt><dd><strong>52,000.00</strong>", result)
    assert "没有核对3倍封顶（劳动合同法第四十七条第二款）" in result  # no local average wage: said, not refused


def test_rate_values_are_shown_with_chinese_labels(client):
    r = client.post("/calculators/severance", data={"reason": "layoff_41", "employer_years": "2", "monthly_wage": "5000"})
    rates = re.search(r'<ul class="rates">.*?</ul>', r.text, re.S).group(0)
    assert "每满一年支付的月工资数（个月）" in rates and "经济补偿与违法解除赔偿金的计算标准" in rates
    assert "months_per_full_year" not in rates and "severance_rule" not in rates


def test_deadline_result_shows_the_procedure_as_a_timeline_with_the_computed_day(client):
    r = client.post("/calculators/arbitration_deadline",
                    data={"claim_type": "general", "known_date": "2024-10-01", "as_of": "2025-03-01"})
    assert r.status_code == 200
    timeline = re.search(r'<ol class="timeline".*?</ol>', r.text, re.S).group(0)
    stages = re.findall(r"<strong>(.*?)</strong>", timeline)
    assert stages == ["知道权利被侵害", "申请仲裁的最后一天", "仲裁委员会决定是否受理", "仲裁裁决", "不服裁决，向法院起诉"]
    assert "2025-10-09" in timeline and "已早于今天" not in timeline  # after the National Day break
    assert "四十五日" in timeline and "十五日内向人民法院提起诉讼" in timeline
    assert 'href="/articles/' in timeline
    late = client.post("/calculators/arbitration_deadline",
                       data={"claim_type": "general", "known_date": "2024-10-01", "as_of": "2026-11-29"}).text
    assert 'class="passed"' in late and "已早于今天" in late


def test_no_timeline_under_other_calculators(client):
    r = client.post("/calculators/heat_allowance", data={"outdoor": "true", "months-0-month": "2024-07"})
    assert 'class="timeline"' not in r.text
