"""Documents drafted from the facts and the claim sheet (issue 13): the 仲裁申请书 of a worker in 东莞
dismissed without reason after 3 years at 6,000 a month, read back from the DOCX; the page; the
resignation letter and the withdrawal that needs the employer's consent; and the worker's facts
leaving no trace in the request log."""

import io
import logging
from types import SimpleNamespace

import docx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from legalqa.claims import cite_together, statutes_in
from legalqa.library import Library
from legalqa.settings import Settings
from conftest import library_only_client

SETTINGS = Settings()
NAME, ID_NUMBER, MOBILE = "李四妹", "44190019900101123X", "13812345678"
FACTS = {"worker_name": NAME, "worker_id_number": ID_NUMBER, "worker_phone": MOBILE, "city": "东莞",
         "employer_name": "东莞某电子有限公司", "hire_date": "2022-01-01", "end_date": "2024-12-31", "job": "装配工",
         "guide": "unlawful-dismissal", "narrative": "2024年12月31日，人事主管口头通知我明天不用来上班，没有说理由。"}
CLAIMS = [{"calculator": "severance", "inputs": {"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                                 "employment_end_date": "2024-12-31", "monthly_wage": 6000,
                                                 "city": "东莞"}},
          {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15, "month": "2024-12"}}]


@pytest.fixture(scope="module")
def client():
    service = SimpleNamespace(library=Library.load(SETTINGS))  # the documents read the library only
    with TestClient(create_app(SETTINGS, service=service)) as c:
        yield c


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_arbitration_application_docx_holds_every_claim_the_total_and_each_citation(client):
    sheet = client.post("/api/v1/claims", json={"facts": FACTS, "claims": CLAIMS}).json()
    response = client.post("/api/v1/documents/arbitration_application?format=docx",
                           json={"facts": FACTS, "claims": CLAIMS})
    assert response.status_code == 200
    assert response.headers["content-type"] == ("application/vnd.openxmlformats-officedocument."
                                                "wordprocessingml.document")
    text = docx_text(response.content)
    assert text.startswith("劳动人事争议仲裁申请书")
    for line in sheet["lines"]:
        assert line["claim"] in text
        assert cite_together(line["source_ids"], statutes_in(SETTINGS.regulations_dir)) in text
    assert [line["claim"] for line in sheet["lines"]] == ["请求裁决被申请人支付违法解除劳动合同赔偿金36000元",
                                                         "请求裁决被申请人支付拖欠的工资4137.93元"]
    assert "以上金额合计40137.93元。" in text
    assert "《中华人民共和国劳动合同法》第四十八条、第八十七条" in text
    assert "此致\n东莞市劳动人事争议仲裁院\n提交地点：东莞市劳动人事争议仲裁院" in text
    assert f"姓名：{NAME}" in text and f"公民身份号码：{ID_NUMBER}" in text
    assert "1. 劳动合同" in text  # the guide's evidence list
    assert "申请人于2022年1月1日入职被申请人处，担任装配工" in text


def test_arbitration_application_as_json_and_page(client):
    body = {"facts": {**FACTS, "city": "东莞市松山湖"}, "claims": CLAIMS}
    drafted = client.post("/api/documents/arbitration_application", json=body).json()
    assert drafted["addressed_to"] == "东莞市劳动人事争议仲裁院松山湖仲裁庭"
    assert drafted["office"]["source"]["url"] and drafted["claim_sheet"]["total"] == 40137.93
    assert [s["heading"] for s in drafted["sections"]][:5] == ["申请人", "被申请人", "仲裁请求", "事实与理由", "证据清单"]
    page = client.post("/api/v1/documents/arbitration_application?format=html", json=body)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/document.css" in page.text and "请求裁决被申请人支付违法解除劳动合同赔偿金36000元" in page.text
    assert client.get("/static/document.css").text.count("@page { size: A4") == 1


def test_a_city_without_a_sourced_commission_leaves_the_addressee_blank(client):
    drafted = client.post("/api/v1/documents/arbitration_application",
                          json={"facts": {"city": "汕尾"}, "claims": CLAIMS[1:]}).json()
    assert drafted["addressed_to"] == "＿＿＿＿＿＿劳动人事争议仲裁委员会" and drafted["office"] is None
    assert any("12333" in w for w in drafted["warnings"])


def test_withdrawal_says_it_needs_the_employers_consent(client):
    drafted = client.post("/api/v1/documents/withdraw_resignation",
                          json={"facts": {"worker_name": NAME, "employer_name": "某厂",
                                          "resignation_date": "2025-03-03"}}).json()
    text = "\n".join(p for s in drafted["sections"] for p in s["paragraphs"])
    assert f"本人{NAME}于2025年3月3日向贵单位提出辞职" in text and "撤回辞职须经贵单位同意" in text
    assert "case/gdgy-000-0e3332-1" in drafted["sources"] and any("不能单方撤回" in w for w in drafted["warnings"])


def test_resignation_letter_lists_what_is_still_owed(client):
    response = client.post("/api/v1/documents/resignation_letter?format=docx",
                           json={"facts": {"worker_name": NAME, "last_working_day": "2025-04-30"},
                                 "claims": CLAIMS[1:]})
    text = docx_text(response.content)
    assert "第三十七条" in text and "最后工作日为2025年4月30日" in text and "拖欠的工资4137.93元" in text


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/v1/documents/arbitration_application", {"facts": FACTS}, "claims"),
    ("/api/v1/documents/will", {"claims": CLAIMS}, "kind"),
    ("/api/v1/documents/arbitration_application", {"claims": [{"claim": "被申请人为申请人补缴社会保险费"}]},
     "claims.0.claim"),
    ("/api/v1/documents/resignation_letter?format=pdf", {}, "format"),
    ("/api/v1/documents/arbitration_application", {"facts": {"city": "北京"}, "claims": CLAIMS}, "facts.city"),
])
def test_bad_input_is_422(client, url, body, field):
    response = client.post(url, json=body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("log_queries", [False, True])
def test_the_workers_facts_leave_no_trace_in_the_log(caplog, log_queries):
    caplog.set_level(logging.DEBUG)  # root: every logger of every library
    with library_only_client(SETTINGS, log_queries) as client:
        for fmt in ("json", "html", "docx"):
            assert client.post(f"/api/v1/documents/arbitration_application?format={fmt}",
                               json={"facts": FACTS, "claims": CLAIMS}).status_code == 200
        assert client.post("/api/v1/claims?format=csv", json={"facts": FACTS, "claims": CLAIMS}).status_code == 200
        assert client.post("/api/v1/documents/arbitration_application",
                           json={"facts": {**FACTS, "worker_gender": ID_NUMBER * 2}, "claims": CLAIMS}).status_code == 422
    records = [r for r in caplog.records if r.name.split(".")[0] not in {"httpx", "httpx2", "httpcore"}]
    text = "\n".join(r.getMessage() for r in records)
    assert "POST /api/v1/documents/arbitration_application" in text  # the request log did run
    for secret in (NAME, ID_NUMBER, MOBILE, "东莞某电子有限公司", "人事主管"):
        assert secret not in text


def test_forced_resignation_notice_names_its_grounds(client):
    facts = {"worker_name": NAME, "employer_name": "某厂", "end_date": "2025-01-10",
             "resignation_grounds": ["unpaid_wages", "no_social_insurance"],
             "grounds_detail": "2024年10月至12月的工资至今未发"}
    drafted = client.post("/api/v1/documents/forced_resignation_notice",
                          json={"facts": facts, "claims": CLAIMS[1:]}).json()
    text = "\n".join(p for s in drafted["sections"] for p in s["paragraphs"])
    assert "一、未及时足额支付劳动报酬（第三十八条第一款第二项）；" in text
    assert "二、未依法为劳动者缴纳社会保险费（第三十八条第一款第三项）；" in text
    assert "本人于2025年1月10日解除与贵单位的劳动合同" in text and "拖欠的工资4137.93元" in text
    assert "第四十六条第一项" in text and "article/劳动合同法/38" in drafted["sources"]
    response = client.post("/api/v1/documents/forced_resignation_notice",
                           json={"facts": {**facts, "resignation_grounds": ["bored"]}})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "facts.resignation_grounds"


def test_inspection_complaint_holds_only_what_inspection_can_order(client):
    body = {"facts": {**FACTS, "social_insurance_unpaid": True}, "claims": CLAIMS}
    drafted = client.post("/api/v1/documents/inspection_complaint", json=body).json()
    assert drafted["addressed_to"] == "东莞市人力资源和社会保障局（劳动保障监察）"
    matters = next(s for s in drafted["sections"] if s["heading"] == "投诉事项")["paragraphs"]
    assert matters == ["一、责令被投诉单位支付拖欠的工资4137.93元；",
                       "二、责令被投诉单位依法为投诉人参加社会保险、缴纳社会保险费；"]
    assert any("违法解除劳动合同赔偿金36000元" in w and "请申请仲裁" in w for w in drafted["warnings"])
    response = client.post("/api/v1/documents/inspection_complaint", json={"claims": CLAIMS[:1]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "claims"



def test_the_chatbot_tools_give_the_api_answers(client):
    from legalqa.tools import tool_definitions

    body = {"facts": FACTS, "claims": CLAIMS}
    names = {d.function.name for d in tool_definitions(SETTINGS)}
    assert {"build_claim_sheet", "draft_document", "find_offices"} <= names
    sheet = client.post("/api/v1/tools/build_claim_sheet", json=body)
    assert sheet.json() == client.post("/api/v1/claims", json=body).json()
    drafted = client.post("/api/v1/tools/draft_document", json={"kind": "arbitration_application", **body})
    assert drafted.json() == client.post("/api/v1/documents/arbitration_application", json=body).json()
    refused = client.post("/api/v1/tools/draft_document", json={"kind": "will", **body})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kind"
