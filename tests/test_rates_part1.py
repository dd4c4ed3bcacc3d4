"""The real rate tables of the death-benefit, heat-allowance, severance, double-wage, overtime and
annual-leave calculators: each row has a source, rows of a table and region neither overlap nor leave
gaps (except gaps the table declares), the tables that must cover today do, and the fixture copies
were copied from these tables."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_ROOT
from legalqa.calculators import all_calculators
from legalqa.rates import RateBook, load_table

RATES_DIR = PROJECT_ROOT / "rates"
FIXTURES = Path(__file__).parent / "fixtures" / "rates_part1"
TABLES = [
    "gd_urban_disposable_income", "survivor_benefit_rule", "shenzhen_death_benefit_rule", "shenzhen_on_post_avg_wage",
    "heat_allowance", "severance_rule", "severance_pre2008_rule", "city_avg_monthly_wage", "double_wage_rule",
    "overtime_rule", "monthly_pay_days", "annual_leave_rule",
]
# rules in force today; income and wage statistics are published a year late and may be missing
MUST_COVER_TODAY = [
    "survivor_benefit_rule", "shenzhen_death_benefit_rule", "heat_allowance", "severance_rule",
    "severance_pre2008_rule", "double_wage_rule", "overtime_rule", "monthly_pay_days", "annual_leave_rule",
]


def table(name):
    return load_table(RATES_DIR / f"{name}.yaml")


def declared_gaps(name):
    with (RATES_DIR / f"{name}.yaml").open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {(g["start_date"], g["end_date"]) for g in raw.get("known_gaps") or []}


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_under_its_file_name(name):
    assert table(name).name == name


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_its_source(name):
    assert [r.start_date for r in table(name).rows if len(r.source) < 10] == []


@pytest.mark.parametrize("name", TABLES)
def test_rows_do_not_overlap_and_leave_no_undeclared_gaps(name):
    t = table(name)
    problems = []
    for region in t.regions():
        rows = sorted((r for r in t.rows if r.region == region), key=lambda r: r.start_date)
        for before, after in zip(rows, rows[1:]):
            if before.end_date is None or before.end_date >= after.start_date:
                problems.append(f"{region}: {before.start_date} overlaps {after.start_date}")
            elif before.end_date + timedelta(days=1) != after.start_date:
                gap = (before.end_date + timedelta(days=1), after.start_date - timedelta(days=1))
                if gap not in declared_gaps(name):
                    problems.append(f"{region}: gap {gap[0]} – {gap[1]}")
    assert problems == []


@pytest.mark.parametrize("name", MUST_COVER_TODAY)
def test_table_covers_today(name):
    # fails when a rule's last row has ended: add the new row with its source
    t = table(name)
    for region in t.regions():
        t.row_on(date.today(), region)


@pytest.mark.parametrize("name", TABLES)
def test_fixture_rows_are_a_copy_of_real_rows(name):
    # fixtures may lag behind the real table, but every fixture row must have been a real row once
    real = {(r.start_date, r.region): r.values for r in table(name).rows}
    fixture = load_table(FIXTURES / f"{name}.yaml")
    assert [r.start_date for r in fixture.rows if real.get((r.start_date, r.region)) != r.values] == []


def test_heat_allowance_today_is_300_a_month():
    row = RateBook.from_dir(RATES_DIR).row_on("heat_allowance", date.today())
    assert (row.values["monthly_yuan"], row.values["daily_yuan"]) == (300, 13.8)


def test_monthly_pay_days_today_is_21_75():
    assert RateBook.from_dir(RATES_DIR).row_on("monthly_pay_days", date.today()).values["monthly_pay_days"] == 21.75


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [
        ("overtime_rule", "weekday_extension_percent", 150),
        ("overtime_rule", "rest_day_percent", 200),
        ("overtime_rule", "statutory_holiday_percent", 300),
        ("annual_leave_rule", "unused_leave_pay_percent", 300),
        ("severance_rule", "high_wage_max_years", 12),
        ("double_wage_rule", "max_months", 11),
    ],
)
def test_statutory_constants_in_force_today(name, key, expected):
    assert table(name).row_on(date.today()).values[key] == expected


def test_the_six_calculators_are_registered():
    names = {"death_benefit", "heat_allowance", "severance", "double_wage", "overtime_pay", "annual_leave"}
    assert names - set(all_calculators()) == set()
