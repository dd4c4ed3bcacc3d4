"""The real rate tables (rates/*.yaml), all under one set of rules: every row names its source;
within a table and region, rows neither overlap nor leave a gap the table does not declare in
`known_gaps` (a gap declared without a region holds for every region); every rule covers today in
every region (statistics published a year late may not); the copies in tests/fixtures/rates were
real rows once. Then what the calculators rely on: statutory constants in force today, tiers that
cover every case, a minimum wage for every city today."""

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_ROOT
from legalqa.calculators.fields import GUANGDONG_CITIES
from legalqa.rates import RateBook, RateTable, load_table

RATES_DIR = PROJECT_ROOT / "rates"
RATES = RateBook.from_dir(RATES_DIR)
FIXTURES = Path(__file__).parent / "fixtures" / "rates"
TABLES = sorted(path.stem for path in RATES_DIR.glob("*.yaml"))
# income and wage statistics, published a year or more after the year they describe
PUBLISHED_LATE = {"gd_urban_disposable_income", "national_urban_disposable_income", "shenzhen_on_post_avg_wage",
                  "city_avg_monthly_wage"}
TODAY = date.today()


def rows_by_region(table: RateTable) -> dict:
    return {region: sorted((r for r in table.rows if r.region == region), key=lambda r: r.start_date)
            for region in table.regions()}


def declared_gaps(name: str) -> set[tuple]:
    raw = yaml.safe_load((RATES_DIR / f"{name}.yaml").read_text("utf-8"))
    return {(g.get("region"), g["start_date"], g["end_date"]) for g in raw.get("known_gaps") or []}


def test_every_table_is_here():
    assert TABLES and set(RATES.tables) == set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_under_its_file_name(name):
    assert load_table(RATES_DIR / f"{name}.yaml").name == name


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_its_source(name):
    assert [r.start_date for r in RATES.table(name).rows if len(r.source) < 10] == []


@pytest.mark.parametrize("name", TABLES)
def test_rows_do_not_overlap_and_leave_no_undeclared_gaps(name):
    declared = declared_gaps(name)
    problems = []
    for region, rows in rows_by_region(RATES.table(name)).items():
        problems += [f"{region}: {r.start_date} ends {r.end_date}, before it starts"
                     for r in rows if r.end_date is not None and r.end_date < r.start_date]
        for before, after in zip(rows, rows[1:]):
            if before.end_date is None or before.end_date >= after.start_date:
                problems.append(f"{region}: {before.start_date} overlaps {after.start_date}")
            elif before.end_date + timedelta(days=1) != after.start_date:
                start, end = before.end_date + timedelta(days=1), after.start_date - timedelta(days=1)
                if not {(region, start, end), (None, start, end)} & declared:
                    problems.append(f"{region}: gap {start} – {end}")
    assert problems == []


@pytest.mark.parametrize("name", sorted(set(TABLES) - PUBLISHED_LATE))
def test_rule_covers_today_in_every_region(name):
    # fails when a rule's last row has ended: add the new row with its source
    table = RATES.table(name)
    assert [region for region in table.regions() if not any(r.covers(TODAY) for r in table.rows
                                                            if r.region == region)] == []


@pytest.mark.parametrize("name", sorted(path.stem for path in FIXTURES.glob("*.yaml")))
def test_fixture_rows_are_a_copy_of_real_rows(name):
    # fixtures may lag behind the real table (an end date set since, a value key added since), but
    # every figure in a fixture row is the figure of the real row starting that day
    real = {(r.start_date, r.region): r.values for r in RATES.table(name).rows}
    fixture = load_table(FIXTURES / f"{name}.yaml")
    assert [(r.start_date, r.region) for r in fixture.rows
            if not r.values.items() <= real.get((r.start_date, r.region), {}).items()] == []


# ---- what the calculators rely on ---------------------------------------------------------

@pytest.mark.parametrize(("name", "key", "expected"), [
    ("heat_allowance", "monthly_yuan", 300),
    ("heat_allowance", "daily_yuan", 13.8),
    ("monthly_pay_days", "monthly_pay_days", 21.75),
    ("overtime_rule", "weekday_extension_percent", 150),
    ("overtime_rule", "rest_day_percent", 200),
    ("overtime_rule", "statutory_holiday_percent", 300),
    ("annual_leave_rule", "unused_leave_pay_percent", 300),
    ("severance_rule", "high_wage_max_years", 12),
    ("double_wage_rule", "max_months", 11),
])
def test_statutory_constants_in_force_today(name, key, expected):
    assert RATES.row_on(name, TODAY).values[key] == expected


@pytest.mark.parametrize("city", GUANGDONG_CITIES)
def test_every_city_has_a_minimum_wage_today(city):
    region = RATES.row_on("minimum_wage_gd_city_class", TODAY, city).values["wage_region"]
    assert RATES.row_on("minimum_wage_gd", TODAY, region).values["monthly_yuan"] > 0


def test_every_city_class_row_points_to_wage_rows_for_its_whole_span():
    missing = []
    for row in RATES.table("minimum_wage_gd_city_class").rows:
        for day in (row.start_date, row.end_date or TODAY):
            try:
                RATES.row_on("minimum_wage_gd", day, row.values["wage_region"])
            except LookupError:
                missing.append((row.region, day))
    assert missing == []


def test_medical_period_tiers_cover_every_combination_once():
    tiers = RATES.row_on("medical_period_rule", TODAY).values["tiers"]

    def inside(years, low, below):
        return years >= low and (below is None or years < below)

    counts = {
        (total, employer): sum(inside(total, t["total_years_from"], t["total_years_below"])
                               and inside(employer, t["employer_years_from"], t["employer_years_below"]) for t in tiers)
        for total in range(0, 45) for employer in range(0, total + 1)
    }
    assert set(counts.values()) == {1}


def test_probation_tiers_are_contiguous_from_zero():
    tiers = RATES.row_on("probation_rule", TODAY).values["fixed_term_tiers"]
    edges = [(t["term_months_from"], t["term_months_below"]) for t in tiers]
    assert [e[0] for e in edges] == [0] + [e[1] for e in edges[:-1]] and edges[-1][1] is None


def test_work_injury_grades_complete():
    v = RATES.row_on("work_injury_gd_rule", TODAY).values
    assert (sorted(v["disability_subsidy_months"]), sorted(v["disability_allowance_percent"]),
            sorted(v["injury_medical_subsidy_months"]), sorted(v["disability_employment_subsidy_months"])) == (
        list(range(1, 11)), list(range(1, 7)), list(range(5, 11)), list(range(5, 11)))
