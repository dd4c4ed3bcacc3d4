"""服务期违约金 (劳动合同法 第二十二条; 实施条例 第十六、二十六条): at most the training cost of the part of
the service period not yet served; worked examples on both sides of the cap."""

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.service_period_penalty import CALCULATOR, ServicePeriodPenaltyInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")


def amounts(**kw):
    return {a.name: a.value for a in CALCULATOR.run(ServicePeriodPenaltyInput(**kw), RATES).amounts}


@pytest.mark.parametrize(("served", "cap"), [(0, 24000), (6, 18000), ("12.5", 11500), (24, 0)])
def test_cap_is_the_unserved_share_of_the_training_cost(served, cap):
    assert amounts(training_cost=24000, service_months=24, served_months=served)["违约金上限"] == cap


@pytest.mark.parametrize(("agreed", "owed", "not_owed"), [
    (17999.99, 17999.99, 0),  # under the cap: as agreed
    (18000, 18000, 0),        # at the cap
    (30000, 18000, 12000),    # above: the excess is not owed
])
def test_agreed_penalty_above_the_cap_is_not_owed(agreed, owed, not_owed):
    result = amounts(training_cost=24000, service_months=24, served_months=6, agreed_penalty=agreed)
    assert (result["最多应付的违约金"], result["不需支付的部分"]) == (owed, not_owed)


def test_no_penalty_when_the_worker_leaves_under_article_38():
    result = amounts(training_cost=24000, service_months=24, served_months=6, agreed_penalty=30000,
                     worker_resigns_38=True)
    assert result == {"最多应付的违约金": 0}


def test_served_months_cannot_exceed_the_service_period():
    with pytest.raises(ValidationError, match="served_months must not exceed service_months"):
        ServicePeriodPenaltyInput(training_cost=1000, service_months=12, served_months=13)
