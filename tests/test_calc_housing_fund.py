"""住房公积金 (住房公积金管理条例 第十六、十八、三十八条): monthly contributions at the rates given, at least 5 %
each; arrears are pursued through the housing fund centre."""

import pytest

from conftest import PROJECT_ROOT
from legalqa.calculators.housing_fund import CALCULATOR, HousingFundInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")


def run(**kw):
    return CALCULATOR.run(HousingFundInput(on_date="2025-06-01", **kw), RATES)


def amounts(**kw):
    return {a.name: a.value for a in run(**kw).amounts}


def test_monthly_contributions_and_arrears():
    result = amounts(monthly_wage=8000, employer_percent=5, worker_percent=12, unpaid_months=12)
    assert (result["单位每月缴存额"], result["职工每月缴存额"], result["欠缴的住房公积金"]) == (400, 960, 16320)


@pytest.mark.parametrize(("employer", "worker", "ok"), [(5, None, True), ("4.99", None, False), (5, "4.99", False)])
def test_rates_below_five_percent_are_refused(employer, worker, ok):
    if ok:
        assert amounts(monthly_wage=8000, employer_percent=employer, worker_percent=worker)["每月合计存入个人账户"] == 800
    else:
        with pytest.raises(ValueError, match="at least 5"):
            run(monthly_wage=8000, employer_percent=employer, worker_percent=worker)


def test_arrears_point_to_the_housing_fund_centre_not_arbitration():
    result = run(monthly_wage=8000, employer_percent=5, unpaid_months=3)
    assert any("住房公积金管理中心" in w and "不是劳动争议仲裁" in w for w in result.warnings)
    assert "article/住房公积金管理条例/38" in result.legal_basis.articles
