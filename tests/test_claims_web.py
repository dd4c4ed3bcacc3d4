"""The worker's web flow from a calculation to a claim (issue 13): the form at /claims/new prefilled
from a calculator, the claim sheet it gives (the same as POST /api/v1/claims), the 仲裁申请书 from
the same form fields as DOCX and page, errors in Chinese next to their fields with the input kept,
the links from a calculator result and an answer, and the facts leaving no trace in the log."""

import io
import logging
import re
from html import unescape
from types import SimpleNamespace

import docx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.library import Library
from legalqa.settings import Settings
from conftest import library_only_client

SETTINGS = Settings()
NAME, ID_NUMBER, MOBILE, EMPLOYER = "李四妹", "44190019900101123X", "13812345678", "东莞某电子有限公司"
FORM = {"worker_name": NAME, "worker_id_number": ID_NUMBER, "worker_phone": MOBILE, "city": "东莞",
        "employer_name": EMPLOYER, "hire_date": "2022-01-01", "end_date": "2024-12-31", "job": "装配工",
        "narrative": "2024年12月31日，人事主管口头通知我明天不用来上班，\n没有说理由。",
        "severance": "true", "severance.monthly_wage": "6000",
        "unpaid_wages": "true", "unpaid_wages.monthly_wage": "6000", "unpaid_wages.days_worked": "15",
        "unpaid_wages.month": "2024-12"}
# the same, as the API takes it
FACTS = {k: FORM[k] for k in ("worker_name", "worker_id_number", "worker_phone", "city", "employer_name",
                              "hire_date", "end_date", "job", "narrative")}
CLAIMS = [{"calculator": "severance", "inputs": {"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                                 "employment_end_date": "2024-12-31", "monthly_wage": "6000",
                                                 "city": "东莞"}},
          {"calculator": "unpaid_wages", "inputs": {"monthly_wage": "6000", "days_worked": "15", "month": "2024-12"}}]


@pytest.fixture(scope="module")
def client():
    service = SimpleNamespace(library=Library.load(SETTINGS))  # the claims and documents read the library only
    with TestClient(create_app(SETTINGS, service=service)) as c:
        yield c


def field_block(html: str, dom: str) -> str:
    return re.search(rf'<div class="field[^"]*" id="field-{re.escape(dom)}">.*?</div>', html, re.S).group(0)


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_form_is_prefilled_from_the_calculator_that_linked_here(client):
    r = client.get("/claims/new", params={"calculator": "severance", "reason": "unlawful_termination",
                                          "monthly_wage": "6000", "hire_date": "2022-01-01",
                                          "employment_end_date": "2024-12-31", "city": "东莞市"})
    assert r.status_code == 200
    assert '<option value="东莞" selected>' in field_block(r.text, "city")
    assert 'value="2024-12-31"' in field_block(r.text, "end_date")
    assert 'value="6000"' in field_block(r.text, "severance-monthly_wage")
    assert " checked" in field_block(r.text, "severance") and " checked" not in field_block(r.text, "unpaid_wages")
    assert '<textarea id="f-narrative" name="narrative"' in r.text
    economic = client.get("/claims/new", params={"calculator": "severance", "reason": "employer_40_3"})
    assert " checked" not in field_block(economic.text, "severance")  # not the 第八十七条 award: left to the worker


def test_the_sheet_is_the_apis_addressed_to_the_dongguan_commission(client):
    sheet = client.post("/api/v1/claims", json={"facts": FACTS, "claims": CLAIMS}).json()
    r = client.post("/claims/new", data=FORM)
    assert r.status_code == 200
    page = unescape(re.search(r'<section[^>]*id="sheet".*?</section>', r.text, re.S).group(0))
    assert "东莞市劳动人事争议仲裁院" in page
    assert [line["claim"] for line in sheet["lines"]] == ["请求裁决被申请人支付违法解除劳动合同赔偿金36000元",
                                                         "请求裁决被申请人支付拖欠的工资4137.93元"]
    for line in sheet["lines"]:
        assert line["claim"] in page
        for text in (*line["formula"], *line["citations"], *line["facts_assumed"], *(r["source"] for r in line["rates"])):
            assert text in page
    assert "<dt>合计</dt><dd><strong id=\"sheet-total\">40,137.93</strong> 元</dd>" in page
    assert all(w in page for w in sheet["warnings"])
    # both document buttons carry the facts on, the narrative's line break too
    forms = re.findall(r'<form action="/claims/document\?format=(\w+)" method="post">(.*?)</form>', r.text, re.S)
    assert [f for f, _ in forms] == ["docx", "html"]
    sent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', forms[0][1]))
    assert {k: unescape(v) for k, v in sent.items()} == FORM


def test_the_document_buttons_give_the_apis_application(client):
    api = client.post("/api/v1/documents/arbitration_application?format=docx", json={"facts": FACTS, "claims": CLAIMS})
    r = client.post("/claims/document", params={"format": "docx"}, data=FORM)
    assert r.status_code == 200 and r.headers["content-type"] == api.headers["content-type"]
    assert 'attachment; filename="arbitration_application.docx"' == r.headers["content-disposition"]
    text = docx_text(r.content)
    assert text == docx_text(api.content)
    assert "东莞市劳动人事争议仲裁院" in text and "以上金额合计40137.93元。" in text and f"姓名：{NAME}" in text
    page = client.post("/claims/document", params={"format": "html"}, data=FORM)
    assert page.status_code == 200 and "/static/document.css" in page.text
    assert "请求裁决被申请人支付违法解除劳动合同赔偿金36000元" in page.text


@pytest.mark.parametrize(("changes", "dom", "message"), [
    ({"hire_date": "2022-13-01"}, "hire_date", "日期格式应为"),
    ({"severance.monthly_wage": "-5"}, "severance-monthly_wage", "数值太小"),
    ({"unpaid_wages.days_worked": ""}, "unpaid_wages", "月工资和出勤天数"),
    ({"hire_date": "", "end_date": ""}, "severance", "入职和解除日期"),
    ({"severance": None, "unpaid_wages": None}, "severance", "请至少勾选一项请求"),
])
def test_errors_come_back_in_chinese_next_to_the_field_with_the_input_kept(client, changes, dom, message):
    form = {k: v for k, v in {**FORM, **changes}.items() if v is not None}
    for url in ("/claims/new", "/claims/document?format=docx"):
        r = client.post(url, data=form)
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
        block = field_block(r.text, dom)
        assert message in block and 'aria-invalid="true"' in block
        assert f'href="#f-{dom}"' in r.text  # the summary links to the field
        assert f'value="{NAME}"' in field_block(r.text, "worker_name")
        assert "2024年12月31日，人事主管" in field_block(r.text, "narrative")


def test_a_calculator_result_and_an_answer_link_to_the_form(client):
    r = client.post("/calculators/severance", data={"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                                    "employment_end_date": "2024-12-31", "monthly_wage": "6000",
                                                    "city": "东莞"})
    link = re.search(r'<a class="button" href="(/claims/new\?[^"]+)">生成仲裁申请书</a>', r.text).group(1)
    form = client.get(unescape(link)).text
    assert " checked" in field_block(form, "severance") and 'value="6000"' in field_block(form, "severance-monthly_wage")
    assert '<option value="东莞" selected>' in field_block(form, "city")
    heat = client.post("/calculators/heat_allowance", data={"outdoor": "true", "months.0.month": "2024-07"})
    assert heat.status_code == 200 and "生成仲裁申请书" not in heat.text  # the form offers no such claim


@pytest.mark.parametrize("log_queries", [False, True])
def test_the_workers_facts_leave_no_trace_in_the_log(caplog, log_queries):
    caplog.set_level(logging.DEBUG)  # root: every logger of every library
    with library_only_client(SETTINGS, log_queries) as client:
        assert client.post("/claims/new", data=FORM).status_code == 200
        for fmt in ("docx", "html"):
            assert client.post(f"/claims/document?format={fmt}", data=FORM).status_code == 200
        assert client.post("/claims/new", data={**FORM, "worker_name": NAME * 30}).status_code == 422
    records = [r for r in caplog.records if r.name.split(".")[0] not in {"httpx", "httpx2", "httpcore"}]
    text = "\n".join(r.getMessage() for r in records)
    assert "POST /claims/new" in text and "POST /claims/document" in text  # the request log did run
    for secret in (NAME, ID_NUMBER, MOBILE, EMPLOYER, "人事主管"):
        assert secret not in text


def test_an_answers_calculator_offer_links_to_the_form_where_the_form_offers_its_claim(fake_settings, fake_service):
    client = TestClient(create_app(fake_settings, service=fake_service))

    def offer(question: str) -> str:
        page = client.get("/search", params={"q": question}).text
        return re.search(r'<section class="card offer".*?</section>', page, re.S).group(0)

    link = re.search(r'href="(/claims/new\?[^"]+)">生成仲裁申请书</a>', offer("被公司违法辞退怎么办")).group(1)
    assert unescape(link) == "/claims/new?calculator=severance&reason=unlawful_termination"
    assert " checked" in field_block(client.get(unescape(link)).text, "severance")
    assert "生成仲裁申请书" not in offer("老公交了十二年社保，因病去世了，家属能领多少抚恤金")  # death benefit: no claim here
