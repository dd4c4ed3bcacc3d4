"""Non-work death benefits: worked examples from 人社部发〔2021〕18号 第四、五条 (month table), the
广东工运 001 case (2023-10-05 death, about 12.8 years of contributions), 粤人社规〔2023〕17号 第十条
(employer liability) and Shenzhen's own rule, on fixture rates."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.death_benefit import CALCULATOR, DeathBenefitInput
from legalqa.rates import RateBook, RateNotCovered
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
SEED_DEATH = "2023-10-05"


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def calc(**kw):
    return run(DeathBenefitInput(**kw), RATES)


@pytest.mark.parametrize(
    ("years", "months"),
    [
        (4.99, 3),   # 不满5年
        (5, 6),      # 满5年
        (9.99, 6),   # 不满10年
        (10, 9),     # 满10年
        (12.8, 9),   # seed 001: 2010-12 to 2023-10-05
        (15, 9),     # 不超过15年（含15年）
        (15.99, 9),  # 15年以上但未多满1年
        (16, 10),    # 每多缴费1年加1个月
        (20, 14),
        (29, 23),
        (30, 24),    # 最高24个月
        (42, 24),    # 30年以上按30年计
    ],
)
def test_survivor_pension_months_by_contribution_years(years, months):
    assert amount(calc(death_date=SEED_DEATH, contribution_years=years), "抚恤金发放月数") == months


@pytest.mark.parametrize(
    ("years", "drawn", "months"),
    [
        (35, 10.5, 14),  # 24 − 10 whole years
        (35, 0.9, 24),   # less than one year drawn: no reduction
        (35, 15, 9),     # 24 − 15 = 9
        (35, 20, 9),     # would be 4: minimum 9
        (20, 3, 11),     # 14 − 3
    ],
)
def test_retiree_months_reduced_by_years_of_pension(years, drawn, months):
    result = calc(death_date=SEED_DEATH, contribution_years=years, is_retiree=True, pension_years_drawn=drawn)
    assert amount(result, "抚恤金发放月数") == months


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("丧葬补助金（基本养老保险基金支付）", 9484.22),  # 2 × 56905.3 ÷ 12
        ("抚恤金（基本养老保险基金支付）", 42678.98),     # 9 × 56905.3 ÷ 12
        ("合计", 52163.19),
    ],
)
def test_seed_001_case_2023_death_with_12_8_years(name, expected):
    assert amount(calc(death_date=SEED_DEATH, contribution_years=12.8), name) == expected


@pytest.mark.parametrize(
    ("death_date", "funeral"),
    [
        ("2023-12-31", 9484.22),  # 2022 income 56905.3
        ("2024-01-01", 9884.43),  # 2023 income 59306.6: the day the data year changes
    ],
)
def test_base_is_previous_year_income_of_death_date(death_date, funeral):
    assert amount(calc(death_date=death_date, contribution_years=12), "丧葬补助金（基本养老保险基金支付）") == funeral


def test_missing_income_for_2025_deaths_must_be_entered():
    with pytest.raises(RateNotCovered, match="gd_urban_disposable_income.*monthly_income_override"):
        calc(death_date="2025-03-01", contribution_years=12)


def test_user_entered_income_is_used():
    result = calc(death_date="2025-03-01", contribution_years=12, monthly_income_override=5000)
    assert amount(result, "合计") == 55000  # (2 + 9) × 5000


def test_deaths_before_the_rule_row_are_not_guessed():
    with pytest.raises(RateNotCovered, match="survivor_benefit_rule"):
        calc(death_date="2023-10-04", contribution_years=12, monthly_income_override=5000)


@pytest.mark.parametrize(
    ("dependants", "months"),
    [(1, 6), (2, 9), (3, 12), (5, 12)],
)
def test_shenzhen_months_by_dependants(dependants, months):
    result = calc(death_date=SEED_DEATH, contribution_years=3, insured_in_shenzhen=True, dependant_count=dependants)
    assert amount(result, "抚恤金发放月数") == months


def test_shenzhen_funeral_grant_three_months_of_on_post_wage():
    result = calc(death_date=SEED_DEATH, contribution_years=3, insured_in_shenzhen=True, dependant_count=1)
    assert amount(result, "丧葬补助金（深圳，基本养老保险基金支付）") == 41188.5  # 3 × 164754 ÷ 12


def test_shenzhen_without_dependants_has_no_pension():
    result = calc(death_date=SEED_DEATH, contribution_years=3, insured_in_shenzhen=True, dependant_count=0)
    assert [a.name for a in result.amounts] == ["丧葬补助金（深圳，基本养老保险基金支付）"]


def test_shenzhen_wage_missing_for_2024_must_be_entered():
    with pytest.raises(RateNotCovered, match="shenzhen_on_post_avg_wage.*shenzhen_monthly_wage_override"):
        calc(death_date="2024-05-01", contribution_years=3, insured_in_shenzhen=True, dependant_count=1)


def test_shenzhen_wage_entered_by_user():
    result = calc(death_date="2024-05-01", contribution_years=3, insured_in_shenzhen=True, dependant_count=2,
                  shenzhen_monthly_wage_override=14000)
    assert amount(result, "合计") == 168000  # (3 + 9) × 14000


@pytest.mark.parametrize(
    ("kwargs", "name", "expected"),
    [
        # 17号 第十条: never insured → the employer pays the funeral grant by the 18号 standard
        (dict(never_insured=True), "用人单位应支付的丧葬补助金", 9484.22),
        # … and the 抚恤金 for the years it should have insured (3 years → 3 months)
        (dict(never_insured=True, uninsured_years_current_employer=3), "用人单位按未参保年限应支付的抚恤金", 14226.33),
        # insured 8 years elsewhere, current employer never insured its 6 years → 6 months
        (dict(contribution_years=8, uninsured_years_current_employer=6), "用人单位按未参保年限应支付的抚恤金", 28452.65),
        # a former employer that did not insure 11 years → 9 months
        (dict(contribution_years=8, uninsured_years_former_employers=[11]), "第1家曾任职单位应赔偿的抚恤金损失", 42678.98),
    ],
)
def test_employer_liability_for_uninsured_years(kwargs, name, expected):
    assert amount(calc(death_date=SEED_DEATH, **kwargs), name) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(contribution_years=-1), "contribution_years\n  Input should be greater than or equal to 0"),
        (dict(contribution_years=81), "contribution_years\n  Input should be less than or equal to 80"),
        (dict(contribution_years=10, pension_years_drawn=2), "pension_years_drawn needs is_retiree"),
        (dict(never_insured=True, contribution_years=3), "never_insured contradicts"),
        (dict(contribution_years=0), "contribution_years is 0"),
        (dict(contribution_years=3, insured_in_shenzhen=True), "dependant_count is required"),
        (dict(contribution_years=3, monthly_income_override=0), "monthly_income_override\n  Input should be greater than 0"),
        (dict(contribution_years="NaN"), "contribution_years\n  Input should be a finite number"),
        (dict(contribution_years=3, uninsured_years_former_employers=[1] * 51), "at most 50 items"),
        (dict(contribution_years=3, uninsured_years_former_employers=[-2]), "uninsured_years_former_employers"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        DeathBenefitInput(death_date=SEED_DEATH, **kwargs)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    results = [calc(death_date=SEED_DEATH, contribution_years=12.8, uninsured_years_current_employer=2),
               calc(death_date=SEED_DEATH, contribution_years=3, insured_in_shenzhen=True, dependant_count=1)]
    cited = {a for r in results for a in r.legal_basis.articles}
    assert sorted(a for a in cited if a not in corpus.articles) == []


def test_registered_with_steps_and_rates():
    result = calc(death_date=SEED_DEATH, contribution_years=12.8)
    assert (CALCULATOR.name, [r.table for r in result.legal_basis.rates]) == (
        "death_benefit", ["gd_urban_disposable_income", "survivor_benefit_rule"])
