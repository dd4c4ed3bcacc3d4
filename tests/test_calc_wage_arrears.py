"""加付赔偿金 (劳动合同法 第八十五条): 50 %–100 % of the amount owed once the labour inspectorate's deadline
has passed."""

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.wage_arrears import CALCULATOR, WageArrearsInput
from legalqa.rates import RateBook

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")


def amounts(**kw):
    return {a.name: a.value for a in CALCULATOR.run(WageArrearsInput(on_date="2025-06-01", **kw), RATES).amounts}


def test_range_when_no_percent_is_given():
    result = amounts(unpaid_wages=10000, unpaid_overtime=2000, below_minimum_shortfall=300)
    assert (result["应付金额"], result["加付赔偿金（50%）"], result["加付赔偿金（100%）"]) == (12300, 6150, 12300)


@pytest.mark.parametrize(("percent", "extra"), [(50, 5000), (100, 10000), ("75.5", 7550)])
def test_at_the_percent_ordered(percent, extra):
    result = amounts(unpaid_severance=10000, percent=percent)
    assert (result["加付赔偿金"], result["合计"]) == (extra, 10000 + extra)


@pytest.mark.parametrize(("kw", "message"), [
    ({"unpaid_wages": 100, "percent": "49.99"}, "percent\n  Input should be greater than or equal to 50"),
    ({"unpaid_wages": 100, "percent": "100.01"}, "percent\n  Input should be less than or equal to 100"),
    ({}, "give at least one unpaid amount"),
])
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        WageArrearsInput(**kw)
