"""Minimum wage by Guangdong city and date: worked examples from the provincial notices
(粤府函〔2013〕27号 … 粤府函〔2025〕23号) and Shenzhen's own standards, on fixture rates."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.minimum_wage import CALCULATOR, MinimumWageInput
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


MONTHLY = "月最低工资标准（全日制）"
HOURLY = "小时最低工资标准（非全日制）"


@pytest.mark.parametrize(
    ("city", "on", "expected"),
    [
        ("广州", "2025-02-28", 2300),  # 粤府函〔2021〕345号, last day
        ("广州", "2025-03-01", 2500),  # 粤府函〔2025〕23号, first day
        ("广州", "2021-11-30", 2100),  # 粤府函〔2018〕187号, last day
        ("广州", "2021-12-01", 2300),
        ("广州", "2013-05-01", 1550),  # 粤府函〔2013〕27号
        ("广州", "2015-05-01", 1895),  # 粤府函〔2015〕20号
        ("湛江", "2021-11-30", 1410),  # still 四类
        ("湛江", "2021-12-01", 1720),  # moved to 三类
        ("茂名", "2021-12-01", 1620),  # 四类
        ("深圳", "2018-06-30", 2130),  # Shenzhen's own standard
        ("深圳", "2018-07-01", 2200),  # in the provincial notice
        ("深圳", "2021-12-31", 2200),  # 2021 notice applies to Shenzhen from 2022-01-01
        ("深圳", "2022-01-01", 2360),
        ("深圳", "2025-03-01", 2520),
        ("深圳", "2012-02-01", 1500),  # 深人社规〔2011〕19号
        ("珠海", "2018-06-30", 1650),  # 珠海's own figure under 粤府函〔2015〕20号
        ("珠海", "2018-07-01", 1720),  # 二类
        ("珠海", "2013-05-01", 1380),
        ("佛山", "2016-01-01", 1510),  # 二类 2015
        ("肇庆", "2013-05-01", 1130),  # 三类 from 2013
        ("汕头", "2025-03-01", 1850),  # 三类 2025
        ("云浮", "2025-03-01", 1750),  # 四类 2025
        ("东莞", "2026-11-21", 2080),  # 二类, today
        ("广州市", "2025-03-01", 2500),  # "市" suffix accepted
    ],
)
def test_monthly_minimum(city, on, expected):
    result = run(MinimumWageInput(city=city, on_date=date.fromisoformat(on)), RATES)
    assert amount(result, MONTHLY) == expected


@pytest.mark.parametrize(
    ("city", "on", "expected"),
    [
        ("广州", "2025-02-28", 22.2),
        ("广州", "2025-03-01", 23.7),
        ("湛江", "2021-11-30", 14),
        ("湛江", "2021-12-01", 17.0),
        ("深圳", "2017-06-01", 19.5),
        ("梅州", "2018-07-01", 14),
    ],
)
def test_hourly_minimum(city, on, expected):
    result = run(MinimumWageInput(city=city, on_date=date.fromisoformat(on), part_time=True), RATES)
    assert amount(result, HOURLY) == expected


@pytest.mark.parametrize(
    ("inp", "below", "shortfall"),
    [
        (dict(city="广州", on_date="2025-03-01", monthly_wage=2499), "是", 1.0),
        (dict(city="广州", on_date="2025-03-01", monthly_wage=2500), "否", 0.0),
        (dict(city="广州", on_date="2025-02-28", monthly_wage=2300), "否", 0.0),
        (dict(city="广州", on_date="2025-03-01", monthly_wage=2300), "是", 200.0),
        (dict(city="湛江", on_date="2021-12-01", monthly_wage=1500.5), "是", 219.5),
        (dict(city="广州", on_date="2025-03-01", part_time=True, hourly_wage=23.6), "是", 0.1),
        (dict(city="广州", on_date="2025-03-01", part_time=True, hourly_wage=23.7), "否", 0.0),
    ],
)
def test_below_minimum_and_shortfall(inp, below, shortfall):
    result = run(MinimumWageInput(**inp), RATES)
    assert (amount(result, "是否低于最低工资标准"), amount(result, "低于最低工资标准的差额")) == (below, shortfall)


def test_date_before_first_row_is_not_guessed():
    with pytest.raises(RateNotCovered, match="请手动输入"):
        run(MinimumWageInput(city="广州", on_date=date(2013, 4, 30)), RATES)


@pytest.mark.parametrize(
    ("inp", "message"),
    [
        (dict(city="香港", on_date="2025-03-01"), "city must be one of Guangdong"),
        (dict(city="长沙", on_date="2025-03-01"), "不是广东省的地级以上市"),
        (dict(city="广州", on_date="2025-03-01", monthly_wage=-1), "monthly_wage\n  Input should be greater than or equal to 0"),
        (dict(city="广州", on_date="2025-03-01", part_time=True, hourly_wage=-0.5), "hourly_wage\n  Input should be greater than or equal to 0"),
        (dict(city="广州", on_date="2025-03-01", part_time=True, monthly_wage=2000), "非全日制用工请填写小时工资"),
        (dict(city="广州", on_date="2025-03-01", hourly_wage=20), "full-time: give monthly_wage"),
    ],
)
def test_invalid_input(inp, message):
    with pytest.raises(ValidationError, match=message):
        MinimumWageInput(**inp)


def test_steps_show_the_figures():
    result = run(MinimumWageInput(city="广州", on_date=date(2025, 3, 1), monthly_wage=Decimal("2400")), RATES)
    assert "差额 = 2500 − 2400 = 100.00 元" in result.steps[-1]


def test_rates_used_carry_sources():
    result = run(MinimumWageInput(city="湛江", on_date=date(2021, 12, 1)), RATES)
    assert all("粤府函〔2021〕345号" in r.source for r in result.legal_basis.rates)


def test_registered():
    assert CALCULATOR.name == "minimum_wage"
