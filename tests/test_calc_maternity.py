"""Maternity, miscarriage and paternity leave in Guangdong: 女职工劳动保护特别规定 第七条 and
广东省人口与计划生育条例 第三十条, on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.maternity_leave import CALCULATOR, MaternityLeaveInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
BORN = date(2024, 3, 10)


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


@pytest.mark.parametrize(
    ("kw", "days"),
    [
        (dict(), 178),  # 98 + 80
        (dict(difficult_birth=True), 208),  # + 30 in Guangdong (广东办法 第十一条; the national rule gives 15)
        (dict(babies=2), 193),  # + 15 for the second baby
        (dict(babies=3), 208),  # + 2 × 15
        (dict(babies=2, difficult_birth=True), 223),
    ],
)
def test_maternity_leave_days(kw, days):
    assert amount(run(MaternityLeaveInput(case="生育", event_date=BORN, **kw), RATES), "产假合计") == days


@pytest.mark.parametrize(
    ("kw", "last_day"),
    [
        (dict(), "2024-09-03"),  # 2024-03-10 + 177 days
        (dict(leave_start_date=date(2024, 2, 24)), "2024-08-19"),  # 15 days before birth
        (dict(difficult_birth=True), "2024-10-03"),  # 208 days
    ],
)
def test_maternity_leave_last_day(kw, last_day):
    assert amount(run(MaternityLeaveInput(case="生育", event_date=BORN, **kw), RATES), "假期最后一天") == last_day


# The Guangdong 80 days come from the 2021-12-01 amendment; earlier births are not guessed.
@pytest.mark.parametrize("born", [date(2021, 12, 1), date(2026, 11, 21)])
def test_reward_leave_from_2021_12_01(born):
    assert amount(run(MaternityLeaveInput(case="生育", event_date=born), RATES), "产假合计") == 178


def test_birth_before_the_sourced_guangdong_rule_raises():
    with pytest.raises(RateNotCovered, match="maternity_leave_gd_rule"):
        run(MaternityLeaveInput(case="生育", event_date=date(2021, 11, 30)), RATES)


# 广东办法 第十一条: under 4 months 15–30 days by medical advice, 4 to under 7 months 42, 7 months or more 75
@pytest.mark.parametrize(
    ("months", "kw", "days"),
    [(0, {}, 15), (3, {}, 15), (3, {"advised_days": 30}, 30), (4, {}, 42), (6, {}, 42), (7, {}, 75), (9, {}, 75)],
)
def test_miscarriage_leave(months, kw, days):
    result = run(MaternityLeaveInput(case="流产", event_date=BORN, pregnancy_full_months=months, **kw), RATES)
    assert amount(result, "流产产假") == days


def test_guangdong_measures_come_with_the_secondary_source_named():
    result = run(MaternityLeaveInput(case="生育", event_date=BORN, difficult_birth=True), RATES)
    assert any("只见于二手来源" in w and "粤府令第227号" in w for w in result.warnings)


def test_before_the_guangdong_measures_are_sourced_the_national_rule_applies_with_a_warning():
    result = run(MaternityLeaveInput(case="流产", event_date=date(2021, 3, 3), pregnancy_full_months=7), RATES)
    assert amount(result, "流产产假") == 42 and any("施行日期未查得" in w for w in result.warnings)


def test_miscarriage_before_2021_uses_national_rule_only():
    result = run(MaternityLeaveInput(case="流产", event_date=date(2015, 6, 1), pregnancy_full_months=5), RATES)
    assert amount(result, "假期最后一天") == "2015-07-12"


def test_miscarriage_before_national_rule_raises():
    with pytest.raises(RateNotCovered):
        run(MaternityLeaveInput(case="流产", event_date=date(2012, 4, 27), pregnancy_full_months=5), RATES)


@pytest.mark.parametrize(
    ("kw", "name", "expected"),
    [
        (dict(), "陪产假", 15),
        (dict(), "假期最后一天", "2024-03-24"),
        (dict(leave_start_date=date(2024, 3, 20)), "假期最后一天", "2024-04-03"),
        (dict(), "育儿假（子女三周岁以内，父母每年各）", 10),
    ],
)
def test_paternity_leave(kw, name, expected):
    assert amount(run(MaternityLeaveInput(case="陪产假", event_date=BORN, **kw), RATES), name) == expected


def test_prenatal_leave_over_15_days_warns():
    result = run(MaternityLeaveInput(case="生育", event_date=BORN, leave_start_date=date(2024, 2, 23)), RATES)
    assert any("超过产前可休的 15 天" in w for w in result.warnings)


def test_steps_show_the_sum():
    result = run(MaternityLeaveInput(case="生育", event_date=BORN, babies=2, difficult_birth=True), RATES)
    assert "合计 98 + 30 + 15 + 80 = 223 天。" in result.steps


def test_articles():
    result = run(MaternityLeaveInput(case="生育", event_date=BORN), RATES)
    assert result.legal_basis.articles[:2] == ["article/女职工劳动保护特别规定/7", "article/广东省人口与计划生育条例/30"]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(case="生育", babies=0), "babies\n  Input should be greater than or equal to 1"),
        (dict(case="流产"), "pregnancy_full_months is required"),
        (dict(case="流产", pregnancy_full_months=-1), "pregnancy_full_months\n  Input should be greater than or equal to 0"),
        (dict(case="生育", leave_start_date=date(2024, 3, 11)), "leave_start_date must not be after event_date"),
        (dict(case="陪产假", leave_start_date=date(2024, 3, 9)), "leave_start_date must not be before event_date"),
    ],
)
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        MaternityLeaveInput(event_date=BORN, **kw)
