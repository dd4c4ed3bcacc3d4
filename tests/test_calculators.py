"""What holds for every calculator, on the real rate tables: each cited article resolves in regulations/,
every number has an upper bound and every list a cap, every label a person reads is Chinese, every rate
value has a Chinese label; the worksheet warns on secondary sources and on tables not re-checked for a
year; and worked examples that depend on today's rate rows (minimum wage from 2026-09-01, city average
wages, Shenzhen sick pay)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators import all_calculators, list_calculators, run_calculator
from legalqa.calculators.base import Worksheet
from legalqa.errors import UserError
from legalqa.rates import RateBook, parse_table
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(PROJECT_ROOT / "rates")
CALCULATORS = all_calculators()
TODAY = date.today()

# Inputs that between them take every branch that cites something.
SAMPLES = {
    "severance": [
        dict(reason=r, hire_date="1990-03-01", employment_end_date="2024-02-29", monthly_wage=8000)
        for r in ("worker_resigns_38", "mutual_employer_proposed", "employer_40_1", "employer_40_2", "employer_40_3",
                  "layoff_41", "fixed_term_expiry", "employer_bankrupt_or_closed", "task_completed",
                  "unlawful_termination", "mutual_worker_proposed", "fixed_term_expiry_worker_refused",
                  "worker_resigns", "employer_39")
    ] + [dict(reason="employer_40_3", employer_years=2, monthly_wage=2000, local_minimum_wage=2500, no_notice=True,
              last_month_wage=2000),
         dict(reason="layoff_41", hire_date="2020-01-01", employment_end_date="2024-06-30", monthly_wage=1500,
              city="深圳")],
    "double_wage": [dict(hire_date="2023-03-10", employment_end_date="2024-08-01", claim_date="2024-06-10",
                         monthly_wage=5000)],
    "heat_allowance": [dict(outdoor=True, start_date="2024-06-15", end_date="2024-10-31"),
                       dict(outdoor=False, workplace_temp_c=30, months=[{"month": "2024-07"}])],
    "overtime_pay": [dict(monthly_wage=6000, on_date="2025-05-01", weekday_overtime_hours=10, weekday_overtime_days=1,
                          rest_day_hours=8, holiday_days=1, paid_overtime=100)],
    "annual_leave": [dict(year=2025, total_work_years=12, join_date="2025-03-01", employment_end_date="2025-10-31",
                          monthly_wage=6000)],
    "death_benefit": [dict(death_date="2023-10-05", contribution_years=12.8, uninsured_years_current_employer=2,
                           uninsured_years_former_employers=[3]),
                      dict(death_date="2023-10-05", contribution_years=3, insured_in_shenzhen=True, dependant_count=1)],
    "medical_period": [dict(total_work_years=12, employer_years=6, on_date=TODAY, city="广州", sick_days=3,
                            days_per_month=21.75),
                       dict(total_work_years=12, employer_years=6, on_date=TODAY, city="深圳", monthly_wage=6000)],
    "work_injury": [dict(case="伤残", event_date=TODAY, own_wage_12m_avg=6000, provincial_avg_monthly_wage=9167,
                         disability_grade=g, city="湛江", employment_ends=g >= 5) for g in (1, 5, 6, 7)]
    + [dict(case="因工死亡", event_date=TODAY, own_wage_12m_avg=6000, provincial_avg_monthly_wage=9167,
            dependants=[{"relation": "配偶"}, {"relation": "其他亲属", "orphan_or_lone_elder": True}]),
       dict(case="因工死亡", event_date=TODAY, own_wage_12m_avg=6000, provincial_avg_monthly_wage=9167,
            died_after_leave_grade_1_to_4=True, dependants=[{"relation": "子女", "birth_date": "2015-01-01"}]),
       dict(case="停工留薪期", event_date=TODAY, monthly_wage=6000, paid_leave_months=30)],
    "maternity_leave": [dict(case="生育", event_date=TODAY, difficult_birth=True, babies=2),
                        dict(case="流产", event_date=TODAY, pregnancy_full_months=5),
                        dict(case="陪产假", event_date=TODAY)],
    "minimum_wage": [dict(city="深圳", on_date=TODAY, monthly_wage=2000),
                     dict(city="云浮", on_date=TODAY, part_time=True, hourly_wage=15)],
    "arbitration_deadline": [dict(claim_type="未订立书面劳动合同二倍工资", known_date=TODAY),
                             dict(claim_type="拖欠劳动报酬")],
    "probation_resignation": [dict(on_date=TODAY, contract_type="固定期限", contract_term_months=24,
                                   agreed_probation_months=3, probation_served_months=3,
                                   post_probation_monthly_wage=6000, resignation_notice_date=TODAY,
                                   wanted_leaving_date=TODAY + timedelta(days=60)),
                              dict(on_date=TODAY, post_probation_monthly_wage=6000, probation_monthly_wage=4000,
                                   city="广州")],
    "dispatch_ratio": [dict(contract_workers=90, dispatched_workers=11), dict(total_workforce=105)],
    "layoff_threshold": [dict(workforce=100, dismissals=10), dict(workforce=100, dismissals=5)],
    "service_period_penalty": [dict(training_cost=24000, service_months=24, served_months=6, agreed_penalty=30000),
                               dict(training_cost=24000, service_months=24, served_months=6, worker_resigns_38=True)],
    "non_compete": [dict(employment_end_date="2025-06-30", monthly_wage=6000, restriction_months=24, city="广州",
                         released_after_months=6)],
    "housing_fund": [dict(monthly_wage=8000, employer_percent=5, unpaid_months=12)],
    "wage_arrears": [dict(unpaid_wages=10000, unpaid_overtime=2000)],
    "retirement_age": [dict(birth_date="1976-01-10", group="女职工（原五十周岁退休）", on_date=TODAY),
                       dict(birth_date="1964-12-31", group="男职工")],
    "unpaid_wages": [dict(monthly_wage=6000, days_worked=10, month="2024-12"),
                     dict(monthly_wage=6000, days_worked=22, month="2025-06")],
}
CASES = [(name, inp) for name, inputs in SAMPLES.items() for inp in inputs]
CASE_IDS = [f"{name}-{i}" for name, inputs in SAMPLES.items() for i in range(len(inputs))]


@pytest.fixture(scope="module")
def statutes():
    return load_statutes(PROJECT_ROOT / "regulations")


def test_every_registered_calculator_has_samples():
    assert set(CALCULATORS) - set(SAMPLES) == set()


@pytest.mark.parametrize(("name", "inp"), CASES, ids=CASE_IDS)
def test_every_cited_article_resolves(name, inp, statutes):
    calc = CALCULATORS[name]
    result = calc.run(calc.input_model(**inp), RATES)
    assert result.calculator == name and result.steps
    assert [a for a in result.legal_basis.articles if a not in statutes.articles] == []
    assert all(r.source and r.title for r in result.legal_basis.rates)


# ---- input schemas ---------------------------------------------------------------------------

def _properties(schema: dict):
    """(path, property schema) of every input field, nested records included."""
    defs = schema.get("$defs", {})

    def walk(props, prefix):
        for key, prop in props.items():
            yield f"{prefix}{key}", prop
            for variant in prop.get("anyOf", [prop]):
                item = variant.get("items", {})
                ref = item.get("$ref") or variant.get("$ref")
                if ref:
                    yield from walk(defs[ref.rsplit("/", 1)[-1]].get("properties", {}), f"{prefix}{key}.")

    yield from walk(schema.get("properties", {}), "")


FIELDS = [(c.name, path, prop) for c in list_calculators() for path, prop in _properties(c.input_schema)]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("name", "path", "prop"), FIELDS, ids=[f"{n}.{p}" for n, p, _ in FIELDS])
def test_every_number_is_bounded_and_every_list_capped(name, path, prop):
    for variant in prop.get("anyOf", [prop]):
        if variant.get("type") in ("number", "integer"):
            assert "maximum" in variant or "exclusiveMaximum" in variant, f"{name}.{path} has no upper bound"
        if variant.get("type") == "array":
            assert variant.get("maxItems", 10**9) <= 50, f"{name}.{path} is not capped"


@pytest.mark.parametrize(("name", "path", "prop"), FIELDS, ids=[f"{n}.{p}" for n, p, _ in FIELDS])
def test_every_label_a_person_reads_is_chinese(name, path, prop):
    assert CJK.search(prop.get("title", "")), f"{name}.{path} has no Chinese title"
    assert not re.search(r"\b(true|false)\b", prop.get("description", "")), f"{name}.{path} asks for true/false"
    for variant in prop.get("anyOf", [prop]):
        if "enum" in variant:
            labels = variant.get("x-enum-labels", {})
            assert all(CJK.search(labels.get(code, code)) for code in variant["enum"]), f"{name}.{path} shows a code"


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("bad", ["NaN", "Infinity", 1e308])
def test_non_finite_and_huge_numbers_are_refused(name, bad):
    numbers = [path for n, path, prop in FIELDS if n == name and "." not in path
               and any(v.get("type") == "number" for v in prop.get("anyOf", [prop]))]
    for path in numbers:
        with pytest.raises(ValidationError):
            CALCULATORS[name].input_model(**{**SAMPLES[name][0], path: bad})


def test_a_choice_takes_its_code_or_its_chinese_label(fake_settings):
    by_code = run_calculator("severance", {"reason": "layoff_41", "employer_years": 2, "monthly_wage": 5000},
                             fake_settings)
    by_label = run_calculator("severance", {"reason": "经济性裁员", "employer_years": 2, "monthly_wage": 5000},
                              fake_settings)
    assert by_code == by_label
    with pytest.raises(UserError):
        run_calculator("severance", {"reason": "illegal_dismissal", "employer_years": 2, "monthly_wage": 5000},
                       fake_settings)


# ---- rate tables ---------------------------------------------------------------------------

def _keys(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield k
            yield from _keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v)


@pytest.mark.parametrize("name", sorted(RATES.tables))
def test_every_rate_value_has_a_chinese_label_and_the_table_a_checked_date(name):
    table = RATES.table(name)
    keys = {k for row in table.rows for k in _keys(row.values)}
    assert sorted(k for k in keys if not CJK.search(row_labels(table).get(k, ""))) == []
    assert table.checked is not None and table.checked <= TODAY


def row_labels(table):
    return table.rows[0].labels if table.rows else {}


def _table(checked, quality):
    return parse_table({"name": "demo", "title": "演示标准", "checked": checked, "rows": [
        {"start_date": date(2020, 1, 1), "end_date": None, "value": 1, "source": "某来源（示例）", "quality": quality}]},
        "demo.yaml")


@pytest.mark.parametrize(("checked", "quality", "warned"), [
    (date(2025, 11, 1), "OFF", []),
    (date(2024, 10, 30), "OFF", ["上次与来源核对是 2024-10-30，已超过一年"]),  # 366 days is the limit
    (date(2025, 11, 1), "SEC", ["只见于二手来源", "某来源（示例）"]),
])
def test_the_worksheet_warns_on_secondary_sources_and_stale_tables(checked, quality, warned):
    sheet = Worksheet(RateBook({"demo": _table(checked, quality)}), today=date(2025, 11, 1))
    sheet.rate("demo", date(2025, 1, 1))
    assert all(any(w in text for text in sheet.warnings) for w in warned) and bool(sheet.warnings) == bool(warned)


# ---- worked examples on today's rate rows ---------------------------------------------------

def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def run(name, **inp):
    calc = CALCULATORS[name]
    return calc.run(calc.input_model(**inp), RATES)


@pytest.mark.parametrize(("city", "on", "monthly", "warning"), [
    ("广州", "2026-08-31", 2500, None),
    ("广州", "2026-09-01", 2680, "只见于二手来源"),  # 粤府函〔2026〕188号 as quoted
    ("深圳", "2026-09-01", 2700, "只见于二手来源"),
    ("珠海", "2026-08-31", 2080, None),
    ("珠海", "2026-09-01", 2300, "只见于二手来源"),
    ("汕头", "2026-09-01", 2040, "只见于二手来源"),
    ("佛山", "2026-08-31", 2080, None),
    ("佛山", "2026-09-01", 2080, "可能已有更高的新标准"),  # other 二类 cities: not found
    ("云浮", "2026-09-01", 1750, "可能已有更高的新标准"),
])
def test_minimum_wage_from_2026_09_01(city, on, monthly, warning):
    result = run("minimum_wage", city=city, on_date=on)
    assert amount(result, "月最低工资标准（全日制）") == monthly
    assert any(warning in w for w in result.warnings) if warning else not any(
        "新标准" in w or "二手来源" in w for w in result.warnings)


@pytest.mark.parametrize(("wage", "expected"), [
    # 深圳 2023 在岗职工 174640 ÷ 12 × 3 = 43660 (2024 terminations); 1 year → 1 month
    (Decimal("43660"), 43660),
    (Decimal("43660.01"), 43660),
])
def test_severance_3x_cap_from_the_city_table(wage, expected):
    result = run("severance", reason="layoff_41", hire_date="2023-06-01", employment_end_date="2024-05-31",
                 monthly_wage=wage, city="深圳")
    assert amount(result, "经济补偿") == expected
    assert any("只见于二手来源" in w and "laitimes.com" in w for w in result.warnings)


def test_severance_without_a_city_figure_is_uncapped_and_says_so():
    result = run("severance", reason="layoff_41", hire_date="2024-06-01", employment_end_date="2026-05-31",
                 monthly_wage=60000, city="佛山")
    assert amount(result, "经济补偿") == 120000
    assert any("没有核对3倍封顶（劳动合同法第四十七条第二款）" in w for w in result.warnings)


@pytest.mark.parametrize(("wage", "floor"), [
    (None, 2016),      # 2520 × 80 % (no own wage given: a warning asks for it)
    (3360, 2016),      # 60 % = 2016: the two floors meet
    (3400, 2040),      # 60 % of the own wage is higher
])
def test_shenzhen_sick_pay_floor(wage, floor):
    inp = dict(total_work_years=5, employer_years=2, on_date="2026-01-05", city="深圳")
    result = run("medical_period", **inp, **({"monthly_wage": wage} if wage else {}))
    assert amount(result, "病假工资月下限") == floor
    assert "article/深圳市员工工资支付条例/23" in result.legal_basis.articles


def test_shenzhen_sick_pay_before_the_current_text_falls_back_to_the_provincial_rule():
    result = run("medical_period", total_work_years=5, employer_years=2, on_date="2025-12-04", city="深圳",
                 monthly_wage=6000)
    assert amount(result, "病假工资月下限") == 2016 and any("更早的文本未核对" in w for w in result.warnings)
