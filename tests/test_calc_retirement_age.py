"""The legal retirement age after the gradual delay (国务院关于渐进式延迟法定退休年龄的办法 第一条至第三条):
worked month by month from article 1's rule, checked against dates the rule itself fixes."""

from datetime import date

import pytest

from legalqa.calculators import all_calculators
from legalqa.calculators.periods import months_on_same_day
from legalqa.rates import RateBook
from conftest import PROJECT_ROOT

CALC = all_calculators()["retirement_age"]
RATES = RateBook.from_dir(PROJECT_ROOT / "rates")
MAN, WOMAN_55, WOMAN_50 = "男职工", "女职工（原五十五周岁退休）", "女职工（原五十周岁退休）"


def figures(birth: str, group: str, on: str = "2026-11-30") -> dict:
    result = CALC.run(CALC.input_model(birth_date=birth, group=group, on_date=on), RATES)
    return {a.name: a.value for a in result.amounts}


@pytest.mark.parametrize("birth, group, delay, age, due", [
    ("1964-12-31", MAN, 0, "60周岁", "2024-12-31"),  # due before 2025-01-01: no delay
    ("1965-01-15", MAN, 1, "60周岁1个月", "2025-02-15"),  # the first month of the reform is delayed one month
    ("1965-04-30", MAN, 1, "60周岁1个月", "2025-05-30"),  # every four months one month more
    ("1965-05-01", MAN, 2, "60周岁2个月", "2025-07-01"),
    ("1976-09-01", MAN, 36, "63周岁", "2039-09-01"),  # the cap: 63
    ("1990-01-01", MAN, 36, "63周岁", "2053-01-01"),
    ("1970-01-01", WOMAN_55, 1, "55周岁1个月", "2025-02-01"),
    ("1981-09-01", WOMAN_55, 36, "58周岁", "2039-09-01"),
    ("1975-01-10", WOMAN_50, 1, "50周岁1个月", "2025-02-10"),
    ("1975-03-10", WOMAN_50, 2, "50周岁2个月", "2025-05-10"),  # every two months one month more
    ("1976-01-10", WOMAN_50, 7, "50周岁7个月", "2026-08-10"),  # a woman worker turning 50 in 2026 is not yet due
    ("1984-11-01", WOMAN_50, 60, "55周岁", "2039-11-01"),  # the cap: 55
])
def test_the_legal_retirement_age_month_by_month(birth, group, delay, age, due):
    got = figures(birth, group)
    assert (got["延迟"], got["法定退休年龄"], got["到龄日期"]) == (delay, age, due)


def test_flexible_retirement_is_at_most_three_years_and_never_before_the_original_age():
    late = figures("1976-09-01", MAN)  # due at 63: may choose 60 at the earliest, agree to 66 at the latest
    assert late["最早可弹性提前退休的日期"] == "2036-09-01" and late["协商一致最晚可弹性延迟到"] == "2042-09-01"
    early = figures("1976-01-10", WOMAN_50)  # due at 50 and 7 months: never before 50
    assert early["最早可弹性提前退休的日期"] == "2026-01-10"


def test_the_minimum_contribution_years_rise_from_2030():
    assert figures("1964-12-31", MAN)["到龄那年的最低缴费年限"] == 15.0
    assert figures("1969-06-01", MAN)["到龄那年的最低缴费年限"] == 15.5  # due 2030-08: six months more
    assert figures("1970-01-01", MAN)["到龄那年的最低缴费年限"] == 16.0  # due 2031-05
    assert figures("1990-01-01", MAN)["到龄那年的最低缴费年限"] == 20.0


def test_a_birthday_the_due_month_lacks_falls_on_its_last_day():
    assert months_on_same_day(date(1980, 2, 29), 12 * 63) == date(2043, 2, 28)


def test_before_the_rule_took_effect_there_is_no_figure_to_use():
    from legalqa.rates import RateNotCovered

    with pytest.raises(RateNotCovered, match="retirement_age_rule"):
        CALC.run(CALC.input_model(birth_date="1965-01-15", group=MAN, on_date="2024-06-01"), RATES)
