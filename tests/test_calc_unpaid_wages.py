"""未付的出勤工资: monthly wage ÷ 21.75 × days worked, the conversion notice in force that month."""

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.unpaid_wages import CALCULATOR, UnpaidWagesInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")


def run(**kw):
    return CALCULATOR.run(UnpaidWagesInput(**kw), RATES)


@pytest.mark.parametrize(("wage", "days", "owed"), [
    (6000, 10, 2758.62),  # 6000 ÷ 21.75 = 275.8621 × 10
    (6000, 15, 4137.93),
    (4350, "12.5", 2500.00),  # 4350 ÷ 21.75 = 200 × 12.5
])
def test_worked_examples(wage, days, owed):
    result = run(monthly_wage=wage, days_worked=days, month="2025-06")
    assert {a.name: a.value for a in result.amounts} == {"未付工资": owed}
    assert result.steps[0] == f"日工资 = 月工资 {wage} ÷ 月计薪天数 21.75 = {wage / 21.75:.4f}".rstrip("0").rstrip(".") + " 元"


@pytest.mark.parametrize(("month", "notice"), [
    ("2024-12", "article/关于职工全年月平均工作时间和工资折算问题的通知/2"),
    ("2025-01", "article/人力资源社会保障部关于职工全年月平均工作时间和工资折算问题的通知/2"),
])
def test_cites_the_conversion_notice_in_force_that_month(month, notice):
    result = run(monthly_wage=6000, days_worked=10, month=month)
    assert notice in result.legal_basis.articles
    assert [(r.table, r.start_date.isoformat()) for r in result.legal_basis.rates] == [
        ("monthly_pay_days", "2008-01-03" if month < "2025" else "2025-01-01")]


def test_a_whole_month_warns_that_it_is_paid_as_a_month():
    assert any("整月出勤" in w for w in run(monthly_wage=6000, days_worked=22).warnings)
    assert not any("整月出勤" in w for w in run(monthly_wage=6000, days_worked=21).warnings)


@pytest.mark.parametrize(("kw", "message"), [
    ({"monthly_wage": 6000, "days_worked": 0}, "greater than 0"),
    ({"monthly_wage": 6000, "days_worked": 10, "month": "2025-13"}, "month must be YYYY-MM"),
    ({"monthly_wage": 0, "days_worked": 10}, "greater than 0"),
    ({"monthly_wage": 6000}, "give monthly_wage and days_worked together"),
    ({}, "give days_worked or owed_by_month"),
    ({"owed_by_month": [{"month": "2024-1", "amount": 100}]}, "month must be YYYY-MM"),
])
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        UnpaidWagesInput(**kw)


def test_amounts_owed_per_month_alone_and_with_days():
    months = [{"month": "2024-10", "amount": 6000}, {"month": "2024-11", "amount": "5800.5"}]
    alone = run(owed_by_month=months)
    assert {a.name: a.value for a in alone.amounts} == {"未付工资": 11800.5}
    assert alone.steps == ["逐月欠发：2024-10 6000 元；2024-11 5800.5 元，共 11800.5 元"]
    assert alone.legal_basis.rates == []
    both = run(monthly_wage=6000, days_worked=15, month="2024-12", owed_by_month=months)
    assert {a.name: a.value for a in both.amounts} == {"未付工资": 15938.43}  # 4137.931 + 11800.5
    assert both.steps[-1] == "未付工资合计 = 4137.931 + 11800.5 = 15938.431 元"
