"""Guangdong work-injury benefits: worked examples from 工伤保险条例 第三十五–三十九、六十四条 and
广东省工伤保险条例 第二十八–三十三、三十五、六十四条, plus calc_dev.jsonl, on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.work_injury import CALCULATOR, WorkInjuryInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
ON = date(2024, 3, 1)


def amount(result, name):
    return next((a.value for a in result.amounts if a.name == name), None)


def disability(grade, own=5000, **kw):
    kw.setdefault("local_minimum_wage", 1000)
    return run(WorkInjuryInput(case="伤残", event_date=kw.pop("event_date", ON), own_wage_12m_avg=own,
                               disability_grade=grade, **kw), RATES)


def death(**kw):
    return run(WorkInjuryInput(case="因工死亡", event_date=kw.pop("event_date", ON), **kw), RATES)


# 一次性伤残补助金 = months × 本人工资 (27/25/23/21/18/16/13/11/9/7 months).
@pytest.mark.parametrize(
    ("grade", "expected"),
    [(1, 135000), (2, 125000), (3, 115000), (4, 105000), (5, 90000),
     (6, 80000), (7, 65000), (8, 55000), (9, 45000), (10, 35000)],
)
def test_one_off_disability_subsidy(grade, expected):
    assert amount(disability(grade), "一次性伤残补助金") == expected


# 伤残津贴 = 本人工资 × 90/85/80/75/70/60 %; 7–10级 have none.
@pytest.mark.parametrize(
    ("grade", "expected"),
    [(1, 4500), (2, 4250), (3, 4000), (4, 3750), (5, 3500), (6, 3000), (7, None), (10, None)],
)
def test_disability_allowance_by_grade(grade, expected):
    assert amount(disability(grade), "伤残津贴") == expected


# calc_dev lexeval-3_5-122: 四级, 本人工资 4652 → 4652 × 75% = 3489.
def test_calc_dev_disability_allowance_monthly():
    assert amount(disability(4, own=4652), "伤残津贴") == 3489


@pytest.mark.parametrize(
    ("grade", "own", "kw", "expected"),
    [
        (6, 2000, dict(local_minimum_wage=1200), 1200),  # 2000 × 60% = 1200, not below
        (6, 2000, dict(local_minimum_wage=1200.01), 1200.01),  # topped up
        (1, 2000, dict(local_minimum_wage=1800), 1800),  # 2000 × 90% = 1800, equal
        (1, 2000, dict(local_minimum_wage=1900), 1900),  # topped up
        (4, 3000, dict(local_minimum_wage=None, city="广州", event_date=date(2025, 2, 28)), 2300),  # 2250 → 2300
        (4, 3000, dict(local_minimum_wage=None, city="广州", event_date=date(2025, 3, 1)), 2500),  # 2250 → 2500
        (5, 5000, dict(work_arranged=True), None),  # job arranged: no allowance
        (5, 5000, dict(employment_ends=True), None),  # relationship ended: lump sums instead
    ],
)
def test_allowance_topped_up_to_minimum_wage(grade, own, kw, expected):
    assert amount(disability(grade, own=own, **kw), "伤残津贴") == expected


# 本人工资 bounded to 60 %–300 % of the provincial average (8807 → 5284.2 / 26421).
@pytest.mark.parametrize(
    ("own", "expected"),
    [(5284.19, 5284.2), (5284.2, 5284.2), (6000, 6000), (26421, 26421), (26421.01, 26421), (3000, 5284.2)],
)
def test_own_wage_bounds(own, expected):
    assert amount(disability(9, own=own, provincial_avg_monthly_wage=8807), "本人工资（核定后）") == expected


# 5–10级 lump sums on leaving (广东省工伤保险条例 第三十一、三十二条), base 6000.
@pytest.mark.parametrize(
    ("grade", "medical", "employment"),
    [(5, 60000, 300000), (6, 48000, 240000), (7, 36000, 150000),
     (8, 24000, 90000), (9, 12000, 48000), (10, 6000, 24000)],
)
def test_lump_sums_on_leaving(grade, medical, employment):
    result = disability(grade, own=6000, employment_ends=True)
    assert (amount(result, "一次性工伤医疗补助金"), amount(result, "一次性伤残就业补助金")) == (medical, employment)


@pytest.mark.parametrize(
    ("before", "avg", "expected_employment"),
    [
        (7000, None, 28000),  # 10级: base is the higher pre-termination wage, 4 × 7000
        (5000, None, 24000),  # lower: base stays 本人工资 6000
        (30000, 8807, 105684),  # capped at 300 %: 4 × 26421
    ],
)
def test_lump_sum_base_guangdong_article_33(before, avg, expected_employment):
    result = disability(10, own=6000, employment_ends=True, wage_12m_before_termination=before,
                        provincial_avg_monthly_wage=avg)
    assert amount(result, "一次性伤残就业补助金") == expected_employment


def test_no_lump_sums_while_employed():
    assert amount(disability(7, own=6000), "一次性工伤医疗补助金") is None


def test_grades_1_to_4_have_no_lump_sums_on_leaving():
    assert amount(disability(3, employment_ends=True), "一次性伤残就业补助金") is None


# calc_dev lexeval-3_5-110: death in 2022 → 47412 × 20 = 948240.
@pytest.mark.parametrize(
    ("died", "expected"),
    [
        (date(2022, 6, 1), 948240),
        (date(2019, 12, 31), 785020),
        (date(2020, 1, 1), 847180),
        (date(2025, 12, 31), 1083760),
        (date(2026, 1, 1), 1130040),
        (date(2026, 11, 21), 1130040),
    ],
)
def test_work_death_lump_sum(died, expected):
    assert amount(death(event_date=died, provincial_avg_monthly_wage=4512), "一次性工亡补助金") == expected


# calc_dev lexeval-3_5-111: 6 × 4512 = 27072.
def test_calc_dev_funeral_subsidy():
    assert amount(death(event_date=date(2022, 6, 1), provincial_avg_monthly_wage=4512), "丧葬补助金") == 27072


@pytest.mark.parametrize(
    ("dependants", "expected"),
    [
        ([{"relation": "配偶"}], 2000),
        ([{"relation": "其他亲属"}], 1500),
        ([{"relation": "其他亲属", "orphan_or_lone_elder": True}], 2000),
        ([{"relation": "配偶"}, {"relation": "其他亲属"}, {"relation": "其他亲属"}], 5000),  # exactly 本人工资
        ([{"relation": "配偶"}, {"relation": "其他亲属", "orphan_or_lone_elder": True},
          {"relation": "其他亲属"}], 5000),  # 5500 capped
    ],
)
def test_dependants_pension_capped_at_own_wage(dependants, expected):
    result = death(provincial_avg_monthly_wage=4512, own_wage_12m_avg=5000, dependants=dependants)
    assert amount(result, "供养亲属抚恤金合计") == expected


def test_january_death_warns_about_publication_timing():
    assert any("1月" in w for w in death(event_date=date(2024, 1, 5), provincial_avg_monthly_wage=9167).warnings)


def test_rule_not_guessed_before_its_source():
    with pytest.raises(RateNotCovered):
        death(event_date=date(2019, 6, 30), provincial_avg_monthly_wage=6338)


def test_steps_show_the_arithmetic():
    assert "21 个月 × 4652 = 97692.00 元" in disability(4, own=4652).steps[1]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(case="伤残", own_wage_12m_avg=5000, disability_grade=11, local_minimum_wage=1000),
         "disability_grade\n  Input should be less than or equal to 10"),
        (dict(case="伤残", own_wage_12m_avg=5000, disability_grade=0, local_minimum_wage=1000),
         "disability_grade\n  Input should be greater than or equal to 1"),
        (dict(case="伤残", own_wage_12m_avg=-1, disability_grade=7), "own_wage_12m_avg\n  Input should be greater than 0"),
        (dict(case="伤残", own_wage_12m_avg=5000), "disability_grade is required"),
        (dict(case="伤残", own_wage_12m_avg=5000, disability_grade=2), "city or local_minimum_wage is required"),
        (dict(case="伤残", own_wage_12m_avg=5000, disability_grade=8, city="台北"), "city must be one of Guangdong"),
        (dict(case="因工死亡"), "provincial_avg_monthly_wage is required"),
        (dict(case="因工死亡", provincial_avg_monthly_wage=-4512), "provincial_avg_monthly_wage\n  Input should be greater than 0"),
        (dict(case="因工死亡", provincial_avg_monthly_wage=4512, dependants=[{"relation": "配偶"}]), "own_wage_12m_avg is required"),
    ],
)
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        WorkInjuryInput(event_date=ON, **kw)


# ---- 停工留薪期 (工伤保险条例 第三十三条; 广东省工伤保险条例 第二十五条: at most 24 months) ----

@pytest.mark.parametrize(("months", "total"), [(3, 18000), (24, 144000), ("24.5", 144000)])
def test_paid_leave_is_the_original_pay_for_at_most_24_months(months, total):
    result = run(WorkInjuryInput(case="停工留薪期", event_date=date(2024, 3, 1), monthly_wage=6000,
                                 paid_leave_months=months), RATES)
    assert amount(result, "停工留薪期工资合计") == total


# ---- 因工死亡 after the paid leave, and dependants' totals until 18 (广东省工伤保险条例 第三十五条) ----

def test_grade_1_to_4_death_after_the_paid_leave_has_no_lump_sum():
    result = run(WorkInjuryInput(case="因工死亡", event_date=date(2024, 3, 1), provincial_avg_monthly_wage=9167,
                                 died_after_leave_grade_1_to_4=True), RATES)
    assert [a.name for a in result.amounts] == ["丧葬补助金"]


@pytest.mark.parametrize(("born", "months"), [
    ("2010-03-01", 48),   # turns 18 on 2028-03-01: 48 whole months from 2024-03-01
    ("2010-03-02", 48),   # a day later: still 48 whole months (2028-03-02 is not yet a 49th)
    ("2010-02-29", 0),    # no such day
])
def test_child_dependant_total_until_18(born, months):
    if born == "2010-02-29":
        with pytest.raises(ValidationError):
            WorkInjuryInput(case="因工死亡", event_date=date(2024, 3, 1), provincial_avg_monthly_wage=9167,
                            own_wage_12m_avg=6000, dependants=[{"relation": "子女", "birth_date": born}])
        return
    result = run(WorkInjuryInput(case="因工死亡", event_date=date(2024, 3, 1), provincial_avg_monthly_wage=9167,
                                 own_wage_12m_avg=6000, dependants=[{"relation": "子女", "birth_date": born}]), RATES)
    assert amount(result, "供养亲属1（子女）领到年满18周岁的抚恤金合计") == 1800 * months


def test_a_child_needs_a_birth_date():
    with pytest.raises(ValidationError, match="birth_date is required"):
        WorkInjuryInput(case="因工死亡", event_date=date(2024, 3, 1), provincial_avg_monthly_wage=9167,
                        own_wage_12m_avg=6000, dependants=[{"relation": "子女"}])
