"""Overtime pay: 劳动法 第四十四条 / 广东省工资支付条例 第二十条 (150 / 200 / 300 %), daily wage =
monthly ÷ 21.75, hourly = daily ÷ 8; worked examples incl. the overtime cases of
../shared/eval/calc_dev.jsonl, on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.overtime_pay import CALCULATOR, OvertimeInput
from legalqa.rates import RateBook
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def total(**kw):
    return amount(run(OvertimeInput(**kw), RATES), "加班工资合计")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # calc_dev lexeval-3_5-206: 2023-10-01..03 statutory holidays, 100 元/天 → 900
        (dict(daily_wage=100, holiday_days=3), 900),
        # calc_dev lexeval-3_5-207: Saturday and Sunday, no time off in lieu, 100 元/天 → 400
        (dict(daily_wage=100, rest_day_days=2), 400),
        # calc_dev lexeval-3_5-303: 2023-10-01..07, 3 holidays + 4 rest days, 200 元/天 → 3400
        (dict(daily_wage=200, holiday_days=3, rest_day_days=4), 3400),
        # calc_dev lexeval-3_5-374: one working day of overtime at about 1000 元/天 → 1500
        (dict(daily_wage=1000, weekday_overtime_days=1), 1500),
        # monthly 4350 ÷ 21.75 = 200/day, ÷ 8 = 25/hour; 10 weekday hours × 150 %
        (dict(monthly_wage=4350, on_date="2024-12-31", weekday_overtime_hours=10), 375),
        # the same on the first day of 人社部发〔2025〕2号: still 21.75
        (dict(monthly_wage=4350, on_date="2025-01-01", weekday_overtime_hours=10), 375),
        # 8 rest-day hours × 25 × 200 %
        (dict(monthly_wage=4350, on_date="2025-06-01", rest_day_hours=8), 400),
        # 8 holiday hours × 25 × 300 %
        (dict(monthly_wage=4350, on_date="2025-10-01", holiday_hours=8), 600),
        # 36 hours a month (the 劳动法 第四十一条 ceiling) at 6000/month: 6000 ÷ 21.75 ÷ 8 × 1.5 × 36
        (dict(monthly_wage=6000, on_date="2025-03-31", weekday_overtime_hours=36), 1862.07),
        # a daily wage with hours: 240 ÷ 8 = 30/hour × 3 h × 150 %
        (dict(daily_wage=240, on_date="2025-03-31", weekday_overtime_hours=3), 135),
    ],
)
def test_worked_examples(kwargs, expected):
    assert total(**kwargs) == expected


def test_calc_dev_monthly_pay_days_constant():
    # calc_dev lexeval-3_5-099: (365 − 104) ÷ 12 = 21.75
    assert RATES.row_on("monthly_pay_days", date(2025, 1, 1)).values["monthly_pay_days"] == (365 - 104) / 12


def test_difference_after_overtime_already_paid():
    result = run(OvertimeInput(daily_wage=200, holiday_days=3, rest_day_days=4, paid_overtime=1000), RATES)
    assert amount(result, "应补加班工资差额") == 2400


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(monthly_wage=-1, on_date="2025-01-01", holiday_days=1), "monthly_wage\n  Input should be greater than 0"),
        (dict(daily_wage=-5, holiday_days=1), "daily_wage\n  Input should be greater than 0"),
        (dict(monthly_wage=5000, daily_wage=200, on_date="2025-01-01", holiday_days=1), "exactly one of"),
        (dict(daily_wage=200), "give the overtime hours or days"),
        (dict(monthly_wage=5000, holiday_days=1), "on_date is required"),
        (dict(daily_wage=200, rest_day_hours=-2), "rest_day_hours\n  Input should be greater than or equal to 0"),
        (dict(daily_wage=200, holiday_days=400), "holiday_days\n  Input should be less than or equal to 366"),
        (dict(daily_wage="NaN", holiday_days=1), "daily_wage\n  Input should be a finite number"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        OvertimeInput(**kwargs)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    result = run(OvertimeInput(monthly_wage=4350, on_date="2025-01-01", weekday_overtime_days=1, rest_day_hours=2,
                               holiday_days=1), RATES)
    assert sorted(a for a in result.legal_basis.articles if a not in corpus.articles) == []


def test_registered_and_shows_rate_rows_used():
    result = run(OvertimeInput(monthly_wage=4350, on_date="2025-01-01", holiday_days=1), RATES)
    assert (CALCULATOR.name, [r.table for r in result.legal_basis.rates]) == (
        "overtime_pay", ["overtime_rule", "monthly_pay_days"])
