"""The real rate tables behind medical_period, work_injury, maternity_leave, minimum_wage,
arbitration_deadline and probation_resignation: sourced, no overlaps, no gaps, cover today;
and every article those calculators cite resolves in the statute corpus."""

from datetime import date, timedelta

import pytest
import yaml

from conftest import PROJECT_ROOT
from legalqa.calculators import all_calculators
from legalqa.calculators.fields import GUANGDONG_CITIES
from legalqa.rates import RateBook
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")
TABLES = [
    "medical_period_rule", "sick_pay_rule", "work_injury_gd_rule", "national_urban_disposable_income",
    "maternity_leave_national", "maternity_leave_gd_rule", "minimum_wage_gd", "minimum_wage_gd_city_class",
    "arbitration_rule", "probation_rule",
]
WAGE_CLASSES = ["一类", "二类", "三类", "四类", "深圳"]


def rows_by_region(name):
    table = RATES.table(name)
    return {region: sorted((r for r in table.rows if r.region == region), key=lambda r: r.start_date)
            for region in table.regions()}


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_its_source(name):
    assert all(len(r.source) >= 10 for r in RATES.table(name).rows)


@pytest.mark.parametrize("name", TABLES)
def test_no_overlaps_or_gaps_within_a_region(name):
    with (PROJECT_ROOT / "rates" / f"{name}.yaml").open(encoding="utf-8") as f:
        declared = {(g["region"], g["start_date"], g["end_date"]) for g in yaml.safe_load(f).get("known_gaps") or []}
    problems = []
    for region, rows in rows_by_region(name).items():
        for before, after in zip(rows, rows[1:]):
            gap = (region, before.end_date + timedelta(days=1) if before.end_date else None,
                   after.start_date - timedelta(days=1))
            if before.end_date is None or (before.end_date + timedelta(days=1) != after.start_date
                                           and gap not in declared):
                problems.append((region, before.start_date, before.end_date, after.start_date))
        problems += [(region, r.start_date, r.end_date, "end before start")
                     for r in rows if r.end_date is not None and r.end_date < r.start_date]
    assert problems == []


@pytest.mark.parametrize("name", [t for t in TABLES if t != "minimum_wage_gd" and t != "minimum_wage_gd_city_class"])
def test_table_covers_today(name):
    for region in RATES.table(name).regions():
        assert RATES.row_on(name, date.today(), region) is not None


@pytest.mark.parametrize("wage_class", WAGE_CLASSES)
def test_minimum_wage_covers_today_for_every_class(wage_class):
    assert RATES.row_on("minimum_wage_gd", date.today(), wage_class).values["monthly_yuan"] > 0


@pytest.mark.parametrize("city", GUANGDONG_CITIES)
def test_every_city_has_a_minimum_wage_class_today(city):
    region = RATES.row_on("minimum_wage_gd_city_class", date.today(), city).values["wage_region"]
    assert RATES.row_on("minimum_wage_gd", date.today(), region).values["monthly_yuan"] > 0


def test_every_city_class_row_points_to_wage_rows_for_its_whole_span():
    missing = []
    for row in RATES.table("minimum_wage_gd_city_class").rows:
        for day in (row.start_date, row.end_date or date.today()):
            try:
                RATES.row_on("minimum_wage_gd", day, row.values["wage_region"])
            except LookupError:
                missing.append((row.region, day))
    assert missing == []


def test_medical_period_tiers_cover_every_combination_once():
    tiers = RATES.row_on("medical_period_rule", date.today()).values["tiers"]

    def inside(y, lo, hi):
        return y >= lo and (hi is None or y < hi)

    counts = {
        (total, employer): sum(inside(total, t["total_years_from"], t["total_years_below"])
                               and inside(employer, t["employer_years_from"], t["employer_years_below"]) for t in tiers)
        for total in range(0, 45) for employer in range(0, total + 1)
    }
    assert set(counts.values()) == {1}


def test_probation_tiers_are_contiguous_from_zero():
    tiers = RATES.row_on("probation_rule", date.today()).values["fixed_term_tiers"]
    edges = [(t["term_months_from"], t["term_months_below"]) for t in tiers]
    assert [e[0] for e in edges] == [0] + [e[1] for e in edges[:-1]] and edges[-1][1] is None


def test_work_injury_grades_complete():
    v = RATES.row_on("work_injury_gd_rule", date.today()).values
    assert (sorted(v["disability_subsidy_months"]), sorted(v["disability_allowance_percent"]),
            sorted(v["injury_medical_subsidy_months"]), sorted(v["disability_employment_subsidy_months"])) == (
        list(range(1, 11)), list(range(1, 7)), list(range(5, 11)), list(range(5, 11)))


TODAY = date.today()
SAMPLES = {
    "medical_period": [dict(total_work_years=12, employer_years=6, on_date=TODAY, city="广州", sick_days=3,
                            days_per_month=21.75)],
    "work_injury": [
        dict(case="伤残", event_date=TODAY, own_wage_12m_avg=6000, provincial_avg_monthly_wage=9167, disability_grade=g,
             city="湛江", employment_ends=g >= 5) for g in range(1, 11)
    ] + [dict(case="伤残", event_date=TODAY, own_wage_12m_avg=6000, disability_grade=5, city="湛江"),
         dict(case="因工死亡", event_date=TODAY, own_wage_12m_avg=6000, provincial_avg_monthly_wage=9167,
              dependants=[{"relation": "配偶"}])],
    "maternity_leave": [dict(case="生育", event_date=TODAY, difficult_birth=True),
                        dict(case="流产", event_date=TODAY, pregnancy_full_months=5),
                        dict(case="陪产假", event_date=TODAY)],
    "minimum_wage": [dict(city="深圳", on_date=TODAY, monthly_wage=2000),
                     dict(city="云浮", on_date=TODAY, part_time=True, hourly_wage=15)],
    "arbitration_deadline": [dict(claim_type="未订立书面劳动合同二倍工资", known_date=TODAY),
                             dict(claim_type="拖欠劳动报酬")],
    "probation_resignation": [dict(on_date=TODAY, contract_type="固定期限", contract_term_months=24,
                                   probation_served_months=3, post_probation_monthly_wage=6000,
                                   resignation_notice_date=TODAY)],
}


def test_all_six_calculators_are_registered():
    assert set(SAMPLES) <= set(all_calculators())


@pytest.fixture(scope="module")
def corpus():
    return load_statutes(PROJECT_ROOT / "regulations")


@pytest.mark.parametrize(("name", "inp"), [(n, i) for n, inputs in SAMPLES.items() for i in inputs])
def test_cited_articles_resolve_in_the_corpus_and_rates_have_sources(name, inp, corpus):
    calc = all_calculators()[name]
    result = calc.run(calc.input_model(**inp), RATES)
    unresolved = [a for a in result.legal_basis.articles if a not in corpus.articles]
    assert (unresolved, all(r.source for r in result.legal_basis.rates), bool(result.steps)) == ([], True, True)
