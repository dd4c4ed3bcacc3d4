"""竞业限制经济补偿 (劳动合同法 第二十三、二十四条; 劳动争议解释（一） 第三十六至三十九条): 30 % of the last
twelve months' average where none was agreed, not below the minimum wage of the place of work; at most two
years; three more months when the employer ends the restriction early."""

import pytest

from conftest import PROJECT_ROOT
from legalqa.calculators.non_compete import CALCULATOR, NonCompeteInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")
END = "2025-06-30"  # 广州 minimum wage 2500 from 2025-03-01


def amounts(**kw):
    kw.setdefault("employment_end_date", END)
    return {a.name: a.value for a in CALCULATOR.run(NonCompeteInput(**kw), RATES).amounts}


@pytest.mark.parametrize(("wage", "monthly"), [
    (10000, 3000),          # 30 %
    (8333.34, 2500),        # 2500.002 → 2500.00, just above the minimum wage
    (8333.33, 2500),        # 2499.999: below 2500, paid the minimum wage
    (6000, 2500),           # 1800 < 2500: the minimum wage
])
def test_monthly_compensation_where_none_was_agreed(wage, monthly):
    assert amounts(monthly_wage=wage, restriction_months=12, city="广州")["每月经济补偿"] == monthly


def test_agreed_compensation_is_used_as_agreed():
    assert amounts(monthly_wage=10000, agreed_monthly_compensation=4000, restriction_months=12)["每月经济补偿"] == 4000


@pytest.mark.parametrize(("months", "total"), [(24, 72000), (25, 72000), (12, 36000)])  # at most 2 years
def test_total_over_the_period(months, total):
    assert amounts(monthly_wage=10000, restriction_months=months, city="广州")["竞业限制经济补偿合计"] == total


def test_early_release_adds_three_months():
    result = amounts(monthly_wage=10000, restriction_months=24, city="广州", released_after_months=6)
    assert (result["已履行期间的经济补偿"], result["提前解除额外支付的补偿"], result["竞业限制经济补偿合计"]) == (
        18000, 9000, 27000)


def test_before_the_interpretation_in_the_corpus_is_not_guessed():
    with pytest.raises(RateNotCovered):
        amounts(employment_end_date="2020-12-31", monthly_wage=10000, restriction_months=12)
