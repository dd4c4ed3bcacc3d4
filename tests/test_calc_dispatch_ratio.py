"""劳务派遣用工比例 (劳务派遣暂行规定 第四条): at most 10 % of 用工总量 = contract workers + dispatched;
worked examples on both sides of the limit."""

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.dispatch_ratio import CALCULATOR, DispatchRatioInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")
ON = "2025-06-01"


def amounts(**kw):
    return {a.name: a.value for a in CALCULATOR.run(DispatchRatioInput(on_date=ON, **kw), RATES).amounts}


@pytest.mark.parametrize(("contract", "most"), [(0, 0), (8, 0), (9, 1), (89, 9), (90, 10), (91, 10), (900, 100)])
def test_most_dispatched_from_contract_workers(contract, most):
    # d ≤ 10 % × (c + d) ⇔ d ≤ c ÷ 9
    assert amounts(contract_workers=contract)["最多可使用的被派遣劳动者"] == most


@pytest.mark.parametrize(("total", "most"), [(9, 0), (10, 1), (109, 10), (110, 11)])
def test_most_dispatched_from_the_total(total, most):
    assert amounts(total_workforce=total)["最多可使用的被派遣劳动者"] == most


@pytest.mark.parametrize(("contract", "dispatched", "over", "excess"), [
    (90, 10, "否", 0),   # 10 of 100: exactly 10 %
    (90, 11, "是", 1),   # 11 of 101: 10.89 %
    (89, 10, "是", 1),   # 10 of 99: 10.10 %
])
def test_whether_the_dispatched_workers_are_over_the_limit(contract, dispatched, over, excess):
    result = amounts(contract_workers=contract, dispatched_workers=dispatched)
    assert (result["是否超过比例"], result["超出的人数"]) == (over, excess)


@pytest.mark.parametrize(("kw", "message"), [
    ({}, "give contract_workers or total_workforce"),
    ({"contract_workers": 10, "total_workforce": 20}, "give contract_workers or total_workforce"),
    ({"total_workforce": 20, "dispatched_workers": 2}, "give contract_workers instead"),
    ({"contract_workers": -1}, "contract_workers\n  Input should be greater than or equal to 0"),
])
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        DispatchRatioInput(**kw)
