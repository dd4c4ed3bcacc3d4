"""Probation and resignation: 劳动合同法 第十九条 (maximum probation), 第八十三条 (compensation),
第三十七条 (notice), on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.probation_resignation import CALCULATOR, ProbationResignationInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
SIGNED = date(2024, 1, 1)


def amount(result, name):
    return next((a.value for a in result.amounts if a.name == name), None)


def max_probation(**kw):
    return amount(run(ProbationResignationInput(on_date=SIGNED, **kw), RATES), "法定试用期上限")


# Both sides of every threshold of 第十九条.
@pytest.mark.parametrize(
    ("term", "expected"),
    [(1, 0), (2, 0), (3, 1), (11, 1), (12, 2), (24, 2), (35, 2), (36, 6), (60, 6)],
)
def test_max_probation_fixed_term(term, expected):
    assert max_probation(contract_type="固定期限", contract_term_months=term) == expected


@pytest.mark.parametrize(
    ("contract_type", "expected"),
    [("无固定期限", 6), ("以完成一定工作任务为期限", 0)],
)
def test_max_probation_other_contracts(contract_type, expected):
    assert max_probation(contract_type=contract_type) == expected


# calc_dev lexeval-3_5-372: two-year contract → at most 2 months.
def test_calc_dev_probation_max_months():
    assert max_probation(contract_type="固定期限", contract_term_months=24) == 2


COMPENSATION = "违法约定试用期赔偿金"


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # calc_dev lexeval-3_5-115: second probation of 2 months served, 6000 a month → 12000
        (dict(contract_type="固定期限", contract_term_months=36, repeated_probation=True), 12000),
        (dict(contract_type="固定期限", contract_term_months=24), 0),  # 2 months served, cap 2
        (dict(contract_type="固定期限", contract_term_months=11), 6000),  # cap 1: 1 month over
        (dict(contract_type="固定期限", contract_term_months=2), 12000),  # no probation allowed
        (dict(contract_type="以完成一定工作任务为期限"), 12000),
        (dict(contract_type="无固定期限"), 0),
    ],
)
def test_illegal_probation_compensation(kw, expected):
    inp = ProbationResignationInput(on_date=SIGNED, probation_served_months=2, post_probation_monthly_wage=6000, **kw)
    assert amount(run(inp, RATES), COMPENSATION) == expected


def test_compensation_for_part_months():
    inp = ProbationResignationInput(on_date=SIGNED, contract_type="固定期限", contract_term_months=12,
                                    probation_served_months="3.5", post_probation_monthly_wage="5000.5")
    assert amount(run(inp, RATES), COMPENSATION) == 7500.75  # 1.5 × 5000.5


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (dict(resignation_notice_date=date(2024, 5, 6)), "2024-06-05"),  # 30 days
        (dict(resignation_notice_date=date(2024, 5, 6), in_probation=True), "2024-05-09"),  # 3 days
        (dict(resignation_notice_date=date(2024, 1, 31)), "2024-03-01"),  # leap February
        (dict(resignation_notice_date=date(2026, 11, 21)), "2026-12-21"),
    ],
)
def test_resignation_effective_date(kw, expected):
    assert amount(run(ProbationResignationInput(**kw), RATES), "通知期届满日（辞职生效）") == expected


def test_resignation_cannot_be_withdrawn_unilaterally():
    result = run(ProbationResignationInput(resignation_notice_date=date(2024, 5, 6)), RATES)
    assert any("不能单方撤回" in w and "见案例：职工提出辞职后，可以撤回吗？" in w for w in result.warnings)


def test_resignation_cites_article_37():
    result = run(ProbationResignationInput(resignation_notice_date=date(2024, 5, 6)), RATES)
    assert "article/劳动合同法/37" in result.legal_basis.articles


def test_agreed_probation_over_cap_warns():
    result = run(ProbationResignationInput(on_date=SIGNED, contract_type="固定期限", contract_term_months=24,
                                           agreed_probation_months=3), RATES)
    assert any("违反劳动合同法第十九条" in w for w in result.warnings)


def test_steps_show_the_arithmetic():
    inp = ProbationResignationInput(on_date=SIGNED, contract_type="固定期限", contract_term_months=24,
                                    probation_served_months=3, post_probation_monthly_wage=6000)
    assert run(inp, RATES).steps[-1] == "赔偿金 = 试用期满月工资 6000 × 1 个月 = 6000.00 元。"


def test_before_the_labour_contract_law_is_not_guessed():
    with pytest.raises(RateNotCovered):
        run(ProbationResignationInput(on_date=date(2007, 12, 31), contract_type="无固定期限"), RATES)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(), "give contract_type, a probation wage, or resignation_notice_date"),
        (dict(contract_type="固定期限"), "on_date is required"),
        (dict(on_date=SIGNED, contract_type="固定期限"), "contract_term_months is required"),
        (dict(on_date=SIGNED, contract_type="固定期限", contract_term_months=0), "contract_term_months\n  Input should be greater than or equal to 1"),
        (dict(on_date=SIGNED, contract_type="无固定期限", post_probation_monthly_wage=-6000, probation_served_months=1),
         "post_probation_monthly_wage\n  Input should be greater than 0"),
        (dict(on_date=SIGNED, contract_type="无固定期限", probation_served_months=2),
         "post_probation_monthly_wage is required with probation_served_months"),
        (dict(resignation_notice_date=SIGNED, probation_served_months=2, post_probation_monthly_wage=6000),
         "contract_type is required"),
    ],
)
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        ProbationResignationInput(**kw)


# ---- 辞职预告 backwards: the latest day the notice must arrive for a wanted last day ----

@pytest.mark.parametrize(("kw", "latest"), [
    (dict(wanted_leaving_date=date(2024, 6, 5)), "2024-05-06"),  # the forward example above, backwards
    (dict(wanted_leaving_date=date(2024, 3, 1)), "2024-01-31"),  # across a leap February
    (dict(wanted_leaving_date=date(2024, 5, 9), in_probation=True), "2024-05-06"),  # 3 days in probation
])
def test_latest_notice_day_for_a_wanted_leaving_date(kw, latest):
    result = run(ProbationResignationInput(**kw), RATES)
    assert amount(result, "最晚送达辞职通知的日子") == latest
    sent = date.fromisoformat(latest)
    forward = run(ProbationResignationInput(resignation_notice_date=sent, in_probation=kw.get("in_probation", False)),
                  RATES)
    assert amount(forward, "通知期届满日（辞职生效）") == kw["wanted_leaving_date"].isoformat()


# ---- 试用期工资下限 (劳动合同法 第二十条; 实施条例 第十五条) ----

@pytest.mark.parametrize(("kw", "floor", "short"), [
    # 80 % of the agreed 8000 = 6400, above 广州's 2500 (2025-03-01)
    (dict(post_probation_monthly_wage=8000, probation_monthly_wage=6400), 6400, 0),
    (dict(post_probation_monthly_wage=8000, probation_monthly_wage="6399.99"), 6400, 0.01),
    # 80 % of 3000 = 2400 is below the minimum wage 2500: the minimum wage is the floor
    (dict(post_probation_monthly_wage=3000, probation_monthly_wage=2400), 2500, 100),
    # the same post's lowest grade 7000 × 80 % = 5600 is lower than 80 % of 8000: either satisfies the law
    (dict(post_probation_monthly_wage=8000, same_post_lowest_wage=7000, probation_monthly_wage=5600), 5600, 0),
])
def test_probation_wage_floor(kw, floor, short):
    result = run(ProbationResignationInput(on_date=date(2025, 3, 1), city="广州", **kw), RATES)
    assert (amount(result, "试用期工资下限"), amount(result, "试用期工资每月差额")) == (floor, short)
