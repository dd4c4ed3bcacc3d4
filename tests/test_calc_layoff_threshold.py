"""经济性裁员的程序门槛 (劳动合同法 第四十一条): 20 or more dismissals, or fewer than 20 but 10 % or more of
the workforce; worked examples on both sides of each threshold."""

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.layoff_threshold import CALCULATOR, LayoffThresholdInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")


def amounts(**kw):
    return {a.name: a.value for a in CALCULATOR.run(LayoffThresholdInput(on_date="2025-06-01", **kw), RATES).amounts}


@pytest.mark.parametrize(("workforce", "dismissals", "triggered"), [
    (100, 9, "否"), (100, 10, "是"),     # 10 % of 100 is 10
    (105, 10, "否"), (105, 11, "是"),    # 10.5: 10 is under 10 %, 11 is over
    (1000, 19, "否"), (1000, 20, "是"),  # 20 people whatever the share
    (5, 1, "是"),                        # one of five is 20 %
])
def test_whether_the_procedure_applies(workforce, dismissals, triggered):
    assert amounts(workforce=workforce, dismissals=dismissals)["是否须履行裁员程序"] == triggered


@pytest.mark.parametrize(("workforce", "largest"), [(5, 0), (10, 0), (11, 1), (100, 9), (105, 10), (190, 18),
                                                     (191, 19), (200, 19), (5000, 19)])
def test_largest_number_that_does_not_trigger_the_procedure(workforce, largest):
    assert amounts(workforce=workforce)["不须履行裁员程序的最多裁减人数"] == largest


def test_the_procedure_is_spelled_out_when_it_applies():
    result = CALCULATOR.run(LayoffThresholdInput(workforce=100, dismissals=20), RATES)
    assert any("提前 30 日向工会或者全体职工说明情况" in w for w in result.warnings)


@pytest.mark.parametrize(("kw", "message"), [
    ({"workforce": 0}, "workforce must be at least 1"),
    ({"workforce": 10, "dismissals": 11}, "dismissals must not exceed workforce"),
])
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        LayoffThresholdInput(**kw)
