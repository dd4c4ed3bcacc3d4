"""Double wage for no written contract (劳动合同法 第八十二条; 实施条例 第六、七条; 粤高法〔2012〕284号
第14、15条): from the day after the first month, at most 11 months; worked examples on fixture rates."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.double_wage import CALCULATOR, DoubleWageInput
from legalqa.rates import RateBook
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
OWED = "应补二倍工资差额"


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def owed(**kw):
    return amount(run(DoubleWageInput(hire_date="2023-03-10", monthly_wage=5000, **kw), RATES), OWED)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # signed on the last day of the first month (end = 2023-04-09, before the start 2023-04-10): nothing owed
        (dict(contract_signed_date="2023-04-10"), 0),
        # signed one day later: one day of the second month, 1/30 of a month (April 10 – May 9 has 30 days)
        (dict(contract_signed_date="2023-04-11"), 166.67),
        # signed after exactly one month of double wage (2023-04-10 .. 2023-05-09)
        (dict(contract_signed_date="2023-05-10"), 5000),
        # 2 months and 11 days: 2 + 11/30
        (dict(contract_signed_date="2023-06-21"), 11833.33),
        # never signed, left on the last day before the anniversary: 11 months, the maximum
        (dict(employment_end_date="2024-03-09"), 55000),
        # never signed, left long after: still 11 months (then deemed open-ended, 实施条例 第七条)
        (dict(employment_end_date="2025-08-01"), 55000),
        # left one day earlier: 10 months and 28 of the 29 days of 2024-02-10 .. 2024-03-09
        (dict(employment_end_date="2024-03-08"), 54827.59),
        # left within the first month: nothing owed
        (dict(employment_end_date="2023-04-01"), 0),
        # 纪要 第15条: claim filed 2024-06-10, only 2023-06-10 .. 2024-03-09 counts → 9 months
        (dict(employment_end_date="2024-08-01", claim_date="2024-06-10"), 45000),
        # claim filed within a year of the start: nothing cut
        (dict(employment_end_date="2024-08-01", claim_date="2024-04-01"), 55000),
    ],
)
def test_worked_examples(kwargs, expected):
    assert owed(**kwargs) == expected


@pytest.mark.parametrize(
    ("hire", "start", "end"),
    [
        ("2023-03-10", "2023-04-10", "2024-03-09"),
        ("2023-01-31", "2023-03-01", "2024-01-30"),  # no February 31: the first month ends on 2023-02-28
        ("2024-02-29", "2024-03-29", "2025-02-27"),  # leap day hire: 满一年的当日 is 2025-02-28 (民法典 第二百零二条), the day before ends it
    ],
)
def test_start_and_latest_end_of_the_double_wage_period(hire, start, end):
    result = run(DoubleWageInput(hire_date=hire, employment_end_date="2026-01-01", monthly_wage=5000), RATES)
    assert (amount(result, "起算日"), amount(result, "截止日")) == (start, end)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(hire_date="2023-03-10", employment_end_date="2024-01-01", monthly_wage=-1), "monthly_wage"),
        (dict(hire_date="2023-03-10", monthly_wage=5000), "give contract_signed_date or"),
        (dict(hire_date="2023-03-10", contract_signed_date="2023-01-01", monthly_wage=5000),
         "contract_signed_date must not be before hire_date"),
        (dict(hire_date="2007-06-01", employment_end_date="2008-06-01", monthly_wage=5000), "hire_date before 2008-01-01"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        DoubleWageInput(**kwargs)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    result = run(DoubleWageInput(hire_date="2023-03-10", employment_end_date="2024-08-01", claim_date="2024-06-10",
                                 monthly_wage=5000), RATES)
    assert sorted(a for a in result.legal_basis.articles if a not in corpus.articles) == []


def test_registered_and_shows_rate_row_used():
    result = run(DoubleWageInput(hire_date="2023-03-10", employment_end_date="2024-08-01", monthly_wage=5000), RATES)
    assert (CALCULATOR.name, [r.table for r in result.legal_basis.rates]) == ("double_wage", ["double_wage_rule"])
