"""The claim sheet (issue 13): claims computed from one set of facts, worded for a filing, with
formatted citations, the rate rows and the facts assumed; refusals for what is not a labour dispute in
Guangdong and for 加付赔偿金 without an ignored order to pay; POST /api/v1/claims as JSON and CSV."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from conftest import PROJECT_ROOT
from legalqa.claims import build_claims, format_citation, statutes_in
from legalqa.errors import UserError
from legalqa.schemas import ClaimsRequest
from legalqa.settings import Settings

SETTINGS = Settings()
DISMISSED = {"calculator": "severance", "inputs": {"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                                   "employment_end_date": "2024-12-31", "monthly_wage": 6000,
                                                   "city": "东莞"}}
UNPAID_DAYS = {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15, "month": "2024-12"}}
ARREARS = {"calculator": "wage_arrears", "inputs": {"unpaid_wages": 4000, "percent": 50, "on_date": "2025-03-01"}}


def sheet(*claims, **facts):
    request = ClaimsRequest.model_validate({"facts": facts, "claims": list(claims)})
    return build_claims(request.facts, request.claims, SETTINGS)


def refusal(*claims, **facts) -> UserError:
    with pytest.raises(UserError) as caught:
        sheet(*claims, **facts)
    assert caught.value.status == 422
    return caught.value


def test_dismissed_after_three_years_with_unpaid_days():
    result = sheet(DISMISSED, UNPAID_DAYS)
    award, wages = result.lines
    assert award.claim == "请求裁决被申请人支付违法解除劳动合同赔偿金36000元"  # 6000 × 3 × 2
    assert wages.claim == "请求裁决被申请人支付拖欠的工资4137.93元"  # 6000 ÷ 21.75 × 15
    assert result.total == 40137.93
    assert "《中华人民共和国劳动合同法》第八十七条" in award.citations
    assert "article/劳动合同法/87" in award.source_ids
    assert award.formula[-1].startswith("违法解除赔偿金 = 经济补偿标准 18000 × 2")
    assert [r.table for r in award.rates] == ["severance_rule", "city_avg_monthly_wage"]
    assert "月工资：6000" in award.facts_assumed and "入职日期：2022-01-01" in award.facts_assumed
    assert "用人单位未提前三十日书面通知：否（未填，按默认）" in award.facts_assumed
    assert wages.facts_assumed == ["月工资：6000", "未付工资的出勤天数：15", "月份：2024-12"]
    assert any("支付了赔偿金的，不再支付经济补偿" in w for w in result.warnings)


@pytest.mark.parametrize(("article_id", "citation"), [
    ("article/劳动合同法/87", "《中华人民共和国劳动合同法》第八十七条"),
    ("article/劳动争议调解仲裁法/27", "《中华人民共和国劳动争议调解仲裁法》第二十七条"),
    ("article/劳动合同法实施条例/110", "《中华人民共和国劳动合同法实施条例》第一百一十条"),
    ("article/广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要/1",
     "《广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要》（粤高法〔2012〕284号）第一条"),
    ("article/人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知/2",
     "《人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知》（人社部发〔2025〕2号）二"),
])
def test_citations_for_a_filing(article_id, citation):
    assert format_citation(article_id, statutes_in(PROJECT_ROOT / "regulations")) == citation


@pytest.mark.parametrize("words", ["被申请人为申请人补缴2022年1月至2024年12月的社会保险费",
                                   "被申请人为申请人办理养老保险参保手续", "被申请人给我买社保"])
def test_enrolment_and_contributions_are_refused_with_where_to_go(words):
    error = refusal(DISMISSED, {"claim": words})
    assert "粤高法〔2012〕284号 纪要 第1条" in error.message and "社会保险费征收机构" in error.message
    assert error.errors[0]["field"] == "claims.1.claim"


def test_repaying_contributions_the_worker_advanced_is_a_claim():
    result = sheet({"claim": "被申请人返还申请人垫付的社会保险费"})
    assert result.lines[0].claim == "请求裁决被申请人返还申请人垫付的社会保险费" and result.total == 0


def test_a_request_in_words_carries_no_amount():
    error = refusal({"claim": "被申请人支付工资5000元"})
    assert "请用计算器算出" in error.message


def test_additional_compensation_needs_an_ignored_order_to_pay():
    assert "劳动保障监察" in refusal(UNPAID_DAYS, ARREARS).message
    result = sheet(UNPAID_DAYS, ARREARS, order_to_pay_ignored=True)
    assert result.lines[1].claim == "请求裁决被申请人支付加付赔偿金2000元"
    assert "《中华人民共和国劳动合同法》第八十五条" in result.lines[1].citations


def test_additional_compensation_is_never_on_the_unlawful_termination_award():
    on_severance = {"calculator": "wage_arrears", "inputs": {"unpaid_severance": 18000, "percent": 100}}
    error = refusal(DISMISSED, on_severance, order_to_pay_ignored=True)
    assert "第八十七条" in error.message and error.errors[0]["field"] == "claims.1.inputs.unpaid_severance"


def test_additional_compensation_without_a_percent_has_no_amount_to_claim():
    error = refusal({"calculator": "wage_arrears", "inputs": {"unpaid_wages": 4000}}, order_to_pay_ignored=True)
    assert "percent" in error.message


@pytest.mark.parametrize(("claim", "field", "message"), [
    ({"calculator": "arbitration_deadline", "inputs": {}}, "claims.0.calculator", "不是一项金额"),
    ({"calculator": "housing_fund", "inputs": {"monthly_wage": 8000, "employer_percent": 5, "unpaid_months": 12}},
     "claims.0.calculator", "住房公积金管理中心"),
    ({"calculator": "no_such_thing", "inputs": {}}, "claims.0.calculator", "unknown calculator"),
    ({"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 0}},
     "claims.0.inputs.days_worked", "数值太小"),
    ({"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000}}, "claims.0.inputs", "days_worked together"),
    ({"calculator": "unpaid_wages", "claim": "被申请人出具离职证明"}, "claims.0.calculator", "要么"),
])
def test_claims_that_cannot_be_on_the_sheet(claim, field, message):
    error = refusal(claim)
    assert error.errors[0]["field"] == field and message in error.errors[0]["message"]


@pytest.fixture(scope="module")
def client(mini_service):
    with TestClient(create_app(SETTINGS, service=mini_service)) as c:
        yield c


@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_api_returns_the_sheet(client, prefix):
    response = client.post(f"{prefix}/claims", json={"facts": {"city": "东莞"}, "claims": [DISMISSED, UNPAID_DAYS]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"lines", "total", "warnings"} and body["total"] == 40137.93
    assert set(body["lines"][0]) >= {"claim", "amount", "formula", "source_ids", "citations", "rates", "facts_assumed"}


def test_api_csv_opens_in_excel(client):
    response = client.post("/api/v1/claims?format=csv", json={"claims": [DISMISSED, UNPAID_DAYS]})
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["请求", "金额（元）"]
    assert rows[1][:2] == ["请求裁决被申请人支付违法解除劳动合同赔偿金36000元", "36000"]
    assert "《中华人民共和国劳动合同法》第八十七条" in rows[1][3] and "severance_rule" not in rows[1][4]
    assert rows[3][:2] == ["合计", "40137.93"]


@pytest.mark.parametrize(("body", "field"), [
    ({"claims": [{"claim": "被申请人为申请人补缴社会保险费"}]}, "claims.0.claim"),
    ({"claims": []}, "claims"),
    ({"facts": {"salary": 1}, "claims": [UNPAID_DAYS]}, "facts.salary"),
])
def test_api_bad_input_is_422_in_the_one_error_body(client, body, field):
    response = client.post("/api/v1/claims", json=body)
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"} and response.json()["errors"][0]["field"] == field


def test_facts_assumed_read_list_inputs_by_their_titles():
    heat = {"calculator": "heat_allowance", "inputs": {"outdoor": True, "months": [{"month": "2024-07"},
                                                                                  {"month": "2024-08", "heat_days": 10}]}}
    line = sheet(heat).lines[0]
    assert line.claim.startswith("请求裁决被申请人支付高温津贴")
    assert "露天岗位：是" in line.facts_assumed
    assert any(f.endswith("月份 2024-07；月份 2024-08，高温岗位工作天数 10") for f in line.facts_assumed)
