"""Guangdong heat allowance: worked examples from 粤人社函〔2022〕219号 as quoted in the 广东工运 004 case
(300 元/月, 13.8 元/天 from 2021-06-01; June–October; outdoor or not cooled below 33℃) and
粤人社发〔2012〕118号 (150 元/月, 6.9 元/天), on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.heat_allowance import CALCULATOR, HeatAllowanceInput
from legalqa.rates import RateBook, RateNotCovered
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
TOTAL = "高温津贴合计"


def total(**kw):
    result = run(HeatAllowanceInput(**kw), RATES)
    return next(a.value for a in result.amounts if a.name == TOTAL)


@pytest.mark.parametrize(
    ("on", "monthly", "daily"),
    [
        ("2021-05-31", 150, 6.9),   # 粤人社发〔2012〕118号, last day
        ("2021-06-01", 300, 13.8),  # 2021 adjustment, first day
        ("2012-06-01", 150, 6.9),
    ],
)
def test_rate_row_in_force_on_the_day(on, monthly, daily):
    row = RATES.row_on("heat_allowance", date.fromisoformat(on))
    assert (row.values["monthly_yuan"], row.values["daily_yuan"]) == (monthly, daily)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2021-05", 0),     # not June–October
        ("2021-06", 300),   # first month of the 300 standard
        ("2020-06", 150),
        ("2020-10", 150),
        ("2021-10", 300),   # last month of the season
        ("2021-11", 0),
        ("2024-07", 300),
    ],
)
def test_whole_month_outdoor(month, expected):
    assert total(outdoor=True, months=[{"month": month}]) == expected


@pytest.mark.parametrize(
    ("temp", "expected"),
    [
        (32.9, 0),    # cooled below 33℃: no allowance
        (33.0, 300),  # 不含33℃: 33℃ itself is not below 33℃
        (36.5, 300),
    ],
)
def test_workplace_temperature_threshold(temp, expected):
    assert total(outdoor=False, workplace_temp_c=temp, months=[{"month": "2023-08"}]) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # seed 004: production line worker hired 2022-05-01, workshop not cooled, no allowance paid
        (dict(outdoor=False, workplace_temp_c=35, start_date="2022-05-01", end_date="2022-10-31"), 1500),
        # part month: 10 days × 13.8
        (dict(outdoor=True, months=[{"month": "2024-07", "heat_days": 10}]), 138),
        # part month under the 2012 standard: 10 days × 6.9
        (dict(outdoor=True, months=[{"month": "2019-07", "heat_days": 10}]), 69),
        # 21 days × 13.8 = 289.8 stays below the monthly standard
        (dict(outdoor=True, months=[{"month": "2024-07", "heat_days": 21}]), 289.8),
        # 22 days × 13.8 = 303.6 is more than a whole month: paid as the monthly 300
        (dict(outdoor=True, months=[{"month": "2024-07", "heat_days": 22}]), 300),
        # across the 2021-06-01 change: each month at the row in force
        (dict(outdoor=True, start_date="2020-06-01", end_date="2021-07-31"), 150 * 5 + 300 * 2),
        # the range starts on the last day of the old standard; June 2021 is whole and at 300
        (dict(outdoor=True, start_date="2021-05-31", end_date="2021-06-30"), 300),
    ],
)
def test_worked_examples(kwargs, expected):
    assert total(**kwargs) == expected


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        # June whole; 2023-07-01..15 has 10 working days (1, 2, 8, 9, 15 are weekends): 300 + 10 × 13.8
        ("2023-07-15", 300 + 138),
        # 2023-07-01..31 is the whole month again: 300 + 300
        ("2023-07-31", 600),
        # 2023-07-01..30: 20 working days × 13.8 = 276, under the monthly 300
        ("2023-07-30", 300 + 276),
    ],
)
def test_part_month_in_a_date_range_is_prorated_by_working_days(end, expected):
    assert total(outdoor=True, start_date="2023-06-01", end_date=end) == expected


def test_a_part_month_prorated_above_the_monthly_standard_is_paid_the_monthly_standard():
    # 2024-07-02..31 has 22 working days: 22 × 13.8 = 303.6 > 300
    assert total(outdoor=True, start_date="2024-07-02", end_date="2024-07-31") == 300


def test_part_month_across_a_holiday_counts_working_days_only():
    # 2024-10-01..07 is the National Day holiday; 10-08..10-12 are working days (10-12 worked in exchange)
    assert total(outdoor=True, start_date="2024-10-01", end_date="2024-10-12") == 5 * 13.8


def test_before_the_first_known_standard_is_not_guessed():
    with pytest.raises(RateNotCovered, match="heat_allowance"):
        total(outdoor=True, months=[{"month": "2011-07"}])


@pytest.mark.parametrize(
    "fragment",
    ["清凉饮料不能充抵高温津贴", "高温津贴不计入最低工资"],
)
def test_warnings_for_workers(fragment):
    result = run(HeatAllowanceInput(outdoor=True, months=[{"month": "2024-07"}]), RATES)
    assert any(fragment in w for w in result.warnings)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(outdoor=False, months=[{"month": "2024-07"}]), "workplace_temp_c is required"),
        (dict(outdoor=True, months=[{"month": "2024-06", "heat_days": 31}]), "heat_days for 2024-06 must be between 0 and 30"),
        (dict(outdoor=True, months=[{"month": "2024-13"}]), "month must be YYYY-MM"),
        (dict(outdoor=True, start_date="2024-08-01", end_date="2024-07-01"), "end_date must not be before start_date"),
        (dict(outdoor=True), "give months or start_date and end_date"),
        (dict(outdoor=False, workplace_temp_c=120, months=[{"month": "2024-07"}]), "workplace_temp_c\n  Input should be less than or equal to 70"),
        (dict(outdoor=True, months=[{"month": "2024-07"}, {"month": "2024-07"}]), "a month appears twice"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        HeatAllowanceInput(**kwargs)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    result = run(HeatAllowanceInput(outdoor=True, months=[{"month": "2024-07"}]), RATES)
    assert sorted(a for a in result.legal_basis.articles if a not in corpus.articles) == []


def test_registered_and_shows_rate_rows_used():
    result = run(HeatAllowanceInput(outdoor=True, start_date="2020-06-01", end_date="2021-07-31"), RATES)
    assert (CALCULATOR.name, [str(r.start_date) for r in result.legal_basis.rates]) == (
        "heat_allowance", ["2012-06-01", "2021-06-01"])


@pytest.mark.parametrize("payload,fragment", [
    ({"outdoor": True, "start_date": "0001-01-01", "end_date": "9999-12-31"}, "起止日期最长50年"),
    ({"outdoor": True, "months": [{"month": "0000-07"}]}, "月份应为 YYYY-MM"),
])
def test_absurd_periods_are_refused(payload, fragment):
    with pytest.raises(ValidationError) as err:
        HeatAllowanceInput.model_validate(payload)
    assert fragment in str(err.value)
