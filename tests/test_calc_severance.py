"""Severance (劳动合同法 第四十六、四十七条), unlawful-termination damages (第八十七条) and service before
2008 (第九十七条; 粤高法〔2012〕284号 第32、33条): worked examples from the statute text and the
severance cases of ../shared/eval/calc_dev.jsonl, on fixture rates."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.severance import CALCULATOR, SeveranceInput
from legalqa.rates import RateBook
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
AVG = 10000  # a local average wage for examples where the 3× cap is not reached (3 × 10000 = 30000)


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def calc(**kw):
    kw.setdefault("local_avg_monthly_wage", AVG)
    return run(SeveranceInput(**kw), RATES)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2023-01-01", "2023-06-29", 0.5),  # 6 months less a day: 不满六个月 → half a month
        ("2023-01-01", "2023-06-30", 1),    # exactly 6 months: 六个月以上 → one month
        ("2023-03-15", "2023-03-20", 0.5),  # a few days
        ("2023-01-01", "2023-12-31", 1),    # one full year
        ("2023-01-01", "2024-01-01", 1.5),  # one year and a day
        ("2020-02-29", "2021-02-28", 1),    # leap day start: one full year ends on the month's last day
        ("2023-08-31", "2024-02-29", 1),    # 6 months from the 31st end on the last day of February
        ("2013-05-06", "2025-11-05", 13),    # 12 years 6 months
        ("2013-05-06", "2025-11-04", 12.5),  # 12 years 5 months 30 days
    ],
)
def test_months_of_pay_by_service(start, end, months):
    assert amount(calc(hire_date=start, employment_end_date=end, reason="worker_resigns_38", monthly_wage=6000),
                  "计发月数") == months


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # calc_dev lexeval-3_5-297: 协商解除, 2 years 3 months, 6000/month → 2.5 months = 15000
        (dict(employer_years=2, employer_months=3, reason="mutual_employer_proposed", monthly_wage=6000), 15000),
        # calc_dev disc-subj-72 (2022): 2021-07-16 to 2022-07-18, unpaid wages (第三十八条), 6000/month.
        # 第四十七条 gives 1 year + 3 days = 1.5 months = 9000 (the worker's claim); the judgment awarded 6000
        # without saying why, so the dataset marks it disputed.
        (dict(hire_date="2021-07-16", employment_end_date="2022-07-18", reason="worker_resigns_38", monthly_wage=6000), 9000),
        # wage exactly 3× the local average: not above it, no cap
        (dict(employer_years=15, employer_months=0, reason="layoff_41", monthly_wage=30000), 450000),
        # wage above 3×: base 30000 and at most 12 years
        (dict(employer_years=15, employer_months=0, reason="layoff_41", monthly_wage=30000.01), 360000),
        # above 3× with 12 years exactly: the cap does not bite on the years
        (dict(employer_years=12, employer_months=0, reason="layoff_41", monthly_wage=50000), 360000),
        # above 3× with 11 years 7 months → 12 months, still within 12
        (dict(employer_years=11, employer_months=7, reason="layoff_41", monthly_wage=50000), 360000),
        # average below the local minimum wage: paid on the minimum wage (实施条例 第二十七条)
        (dict(employer_years=3, employer_months=0, reason="employer_40_3", monthly_wage=2000, local_minimum_wage=2500), 7500),
    ],
)
def test_severance_amount(kwargs, expected):
    assert amount(calc(**kwargs), "经济补偿") == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 第八十七条: twice the severance standard; 3 years × 8000 × 2
        (dict(hire_date="2021-01-01", employment_end_date="2023-12-31", monthly_wage=8000), 48000),
        # years from the start of employment, including before 2008 (实施条例 第二十五条; 纪要 第33条): 24 years
        (dict(hire_date="2000-03-01", employment_end_date="2024-02-29", monthly_wage=8000), 384000),
        # high earner: 3× base and 12 years
        (dict(hire_date="2000-03-01", employment_end_date="2024-02-29", monthly_wage=40000), 720000),
    ],
)
def test_unlawful_termination_damages(kwargs, expected):
    assert amount(calc(reason="unlawful_termination", **kwargs), "违法解除或终止赔偿金") == expected


@pytest.mark.parametrize(
    ("kwargs", "months"),
    [
        # not due under the old rules: years from 2008-01-01 (第九十七条第三款; 纪要 第32条第一项) → 16 years
        (dict(hire_date="2005-03-01", employment_end_date="2023-12-31", reason="fixed_term_expiry"), 16),
        # due under both: years from the start of employment (纪要 第32条第二项) → 18 years 10 months
        (dict(hire_date="2005-03-01", employment_end_date="2023-12-31", reason="layoff_41"), 19),
        # 协商一致: pre-2008 years at most 12 (1990-03 → counted from 1996-01-01) → 28 years 2 months
        (dict(hire_date="1990-03-01", employment_end_date="2024-02-29", reason="mutual_employer_proposed"),
         28.5),
        # 不能胜任: the same limit
        (dict(hire_date="1990-03-01", employment_end_date="2024-02-29", reason="employer_40_2"), 28.5),
        # other reasons: no 12-year limit before 2008 → 34 years
        (dict(hire_date="1990-03-01", employment_end_date="2024-02-29", reason="layoff_41"), 34),
    ],
)
def test_service_before_2008(kwargs, months):
    assert amount(calc(monthly_wage=8000, **kwargs), "计发月数") == months


def test_high_earner_pre2008_years_not_limited_but_post2008_at_most_12():
    # 纪要 第32条: 2000-03 to 2024-02, 24 years, of which 16 years 2 months after 2008 → 24 − (16.5 − 12) = 19.5
    result = calc(hire_date="2000-03-01", employment_end_date="2024-02-29", reason="layoff_41", monthly_wage=40000,
                  )
    assert amount(result, "计发月数") == 19.5


@pytest.mark.parametrize(("reason", "counted_from", "cited"), [
    ("layoff_41", "2005-03-01", "article/违反和解除劳动合同的经济补偿办法/9"),  # 481号 第九条: due then too
    ("worker_resigns_38", "2008-01-01", "article/劳动法/28"),  # 劳动法 第二十八条 gave no severance for it
])
def test_pre2008_entitlement_is_decided_from_the_rules_of_the_time(reason, counted_from, cited):
    result = calc(hire_date="2005-03-01", employment_end_date="2023-12-31", reason=reason, monthly_wage=8000)
    assert any(s.startswith(f"计发经济补偿的年限：{counted_from}") for s in result.steps)
    assert cited in result.legal_basis.articles


@pytest.mark.parametrize(
    "reason",
    ["mutual_worker_proposed", "fixed_term_expiry_worker_refused", "worker_resigns", "employer_39"],
)
def test_reasons_without_severance(reason):
    result = calc(hire_date="2020-01-01", employment_end_date="2023-12-31", reason=reason, monthly_wage=8000)
    assert amount(result, "经济补偿") == 0


def test_notice_pay_when_40_without_30_days_notice():
    result = calc(hire_date="2015-03-01", employment_end_date="2024-02-29", reason="employer_40_3", monthly_wage=8000,
                  no_notice=True, last_month_wage=7500)
    assert amount(result, "合计") == 79500  # 9 × 8000 + 7500


def test_without_a_local_average_wage_the_uncapped_figure_comes_with_a_warning():
    result = run(SeveranceInput(hire_date="2021-07-16", employment_end_date="2022-07-18", reason="worker_resigns_38",
                                monthly_wage=60000, city="广州市"), RATES)
    assert amount(result, "经济补偿") == 90000  # 1.5 months, no 3× cap
    assert any("没有核对3倍封顶（劳动合同法第四十七条第二款）" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(employer_years=1, monthly_wage=-1), "monthly_wage\n  Input should be greater than 0"),
        (dict(hire_date="2023-05-01", employment_end_date="2023-04-01", monthly_wage=5000),
         "employment_end_date must not be before hire_date"),
        (dict(employer_years=1, employer_months=12, monthly_wage=5000), "employer_months\n  Input should be less than"),
        (dict(employer_years="3.3", monthly_wage=5000), "employer_years must be whole months"),
        (dict(monthly_wage=5000), "give hire_date and employment_end_date, or employer_years"),
        (dict(employer_years=1, monthly_wage=5000, no_notice=True), "no_notice and last_month_wage apply only"),
        (dict(hire_date="2000-01-01", employment_end_date="2007-06-30", monthly_wage=5000),
         "employment_end_date must be on or after 2008-01-01"),
        (dict(employer_years=1, monthly_wage=5000, local_avg_monthly_wage=0), "local_avg_monthly_wage\n  Input should be greater than 0"),
        (dict(employer_years=1, monthly_wage="NaN"), "monthly_wage\n  Input should be a finite number"),
        (dict(employer_years=1, monthly_wage=1e308), "monthly_wage\n  Input should be less than or equal to 1000000"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    kwargs.setdefault("reason", "worker_resigns_38")
    with pytest.raises(ValidationError, match=message):
        SeveranceInput(**kwargs)


def test_employer_40_without_notice_needs_last_month_wage():
    with pytest.raises(ValidationError, match="last_month_wage is required"):
        SeveranceInput(employer_years=1, reason="employer_40_1", monthly_wage=5000, no_notice=True)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    results = [calc(hire_date="1990-03-01", employment_end_date="2024-02-29", reason=r, monthly_wage=8000)
               for r in ("mutual_employer_proposed", "layoff_41", "fixed_term_expiry", "employer_bankrupt_or_closed",
                         "task_completed", "worker_resigns_38")]
    results += [calc(hire_date="1990-03-01", employment_end_date="2024-02-29", reason="unlawful_termination", monthly_wage=8000),
                calc(employer_years=2, reason="employer_40_1", monthly_wage=8000, no_notice=True, last_month_wage=1,
                     local_minimum_wage=9000),
                calc(employer_years=2, reason="mutual_worker_proposed", monthly_wage=8000)]
    cited = {a for r in results for a in r.legal_basis.articles}
    assert sorted(a for a in cited if a not in corpus.articles) == []


def test_registered_and_shows_rate_rows_used():
    result = calc(hire_date="2005-03-01", employment_end_date="2023-12-31", reason="layoff_41", monthly_wage=8000,
                  )
    assert (CALCULATOR.name, [r.table for r in result.legal_basis.rates]) == (
        "severance", ["severance_rule", "severance_pre2008_rule"])
