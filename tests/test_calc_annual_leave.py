"""Paid annual leave: 职工带薪年休假条例 第三条 (5/10/15 days), 企业职工带薪年休假实施办法 第五条 (joiners),
第十二条 (leavers), 第十条、第十一条 (300 % of monthly ÷ 21.75); worked examples on fixture rates."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import PROJECT_ROOT
from legalqa.calculators.annual_leave import CALCULATOR, AnnualLeaveInput
from legalqa.rates import RateBook
from legalqa.regulations import load_statutes

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
run = CALCULATOR.run
UNTAKEN = "应休未休年休假天数"


def amount(result, name):
    return next(a.value for a in result.amounts if a.name == name)


def calc(**kw):
    return run(AnnualLeaveInput(**kw), RATES)


@pytest.mark.parametrize(
    ("years", "days"),
    [
        (0.99, 0),   # not yet 1 year
        (1, 5),      # 已满1年不满10年
        (9.99, 5),
        (10, 10),    # 已满10年不满20年
        (19.99, 10),
        (20, 15),    # 已满20年
        (35, 15),
    ],
)
def test_days_by_cumulative_years(years, days):
    assert amount(calc(year=2025, total_work_years=years), "全年应休年休假天数") == days


@pytest.mark.parametrize(
    ("kwargs", "days"),
    [
        # joiner 2023-07-01: 184 remaining days ÷ 365 × 5 = 2.52 → 2
        (dict(year=2023, total_work_years=3, join_date="2023-07-01"), 2),
        # joiner on 1 January: 365 ÷ 365 × 10 = 10
        (dict(year=2023, total_work_years=12, join_date="2023-01-01"), 10),
        # joiner on 1 January of a leap year: 366 ÷ 365 × 5 = 5.01 → 5
        (dict(year=2024, total_work_years=3, join_date="2024-01-01"), 5),
        # joiner on 31 December: 1 ÷ 365 × 5 → 0
        (dict(year=2023, total_work_years=3, join_date="2023-12-31"), 0),
        # joiner 2023-05-01 with 15 days: 245 ÷ 365 × 15 = 10.07 → 10
        (dict(year=2023, total_work_years=25, join_date="2023-05-01"), 10),
        # joiner 2023-09-20 with 5 days: 103 ÷ 365 × 5 = 1.41 → 1
        (dict(year=2023, total_work_years=3, join_date="2023-09-20"), 1),
        # leaver 2022-07-18 (calc_dev disc-subj-72 worker): 199 ÷ 365 × 5 = 2.73 → 2
        (dict(year=2022, total_work_years=1, employment_end_date="2022-07-18"), 2),
        # leaver 2023-06-30 with 10 days, 2 taken: 181 ÷ 365 × 10 − 2 = 2.96 → 2
        (dict(year=2023, total_work_years=12, employment_end_date="2023-06-30", days_taken=2), 2),
        # leaver who took more than the prorated share: nothing owed, nothing clawed back
        (dict(year=2024, total_work_years=5, employment_end_date="2024-03-31", days_taken=3), 0),
        # a full year in the unit, 3 of 10 days taken
        (dict(year=2024, total_work_years=12, days_taken=3), 7),
    ],
)
def test_untaken_days(kwargs, days):
    assert amount(calc(**kwargs), UNTAKEN) == days


@pytest.mark.parametrize(
    ("kwargs", "name", "expected"),
    [
        # 6525 ÷ 21.75 = 300/day; 10 untaken days: 300 % = 9000, of which 200 % = 6000 still to pay
        (dict(year=2025, total_work_years=12, monthly_wage=6525), "未休年休假工资报酬（300%，含正常工资）", 9000),
        (dict(year=2025, total_work_years=12, monthly_wage=6525), "应另付的未休年休假工资", 6000),
        # calc_dev disc-subj-72: the worker claimed 5 days at 300 % of 6000 ÷ 21.75 = 4137.93 ("4137.9元")
        (dict(year=2022, total_work_years=1, monthly_wage=6000), "未休年休假工资报酬（300%，含正常工资）", 4137.93),
        # the same days when the normal wage was paid: 200 % = 2758.62
        (dict(year=2022, total_work_years=1, monthly_wage=6000), "应另付的未休年休假工资", 2758.62),
        # the worker declined in writing for personal reasons: only normal wages (实施办法 第十条第二款)
        (dict(year=2025, total_work_years=12, monthly_wage=6525, declined_in_writing=True), "应另付的未休年休假工资", 0),
    ],
)
def test_pay_for_untaken_days(kwargs, name, expected):
    assert amount(calc(**kwargs), name) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(year=2025, total_work_years=5, monthly_wage=-100), "monthly_wage\n  Input should be greater than 0"),
        (dict(year=2025, total_work_years=-1), "total_work_years\n  Input should be greater than or equal to 0"),
        (dict(year=2025, total_work_years=5, join_date="2024-12-01"), "join_date must fall in 2025"),
        (dict(year=2025, total_work_years=5, join_date="2025-06-01", employment_end_date="2025-05-01"),
         "employment_end_date must not be before join_date"),
        (dict(year=2005, total_work_years=5), "year\n  Input should be greater than or equal to 2008"),
    ],
)
def test_invalid_input_names_field_and_reason(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        AnnualLeaveInput(**kwargs)


def test_every_cited_article_resolves_in_the_corpus():
    corpus = load_statutes(PROJECT_ROOT / "regulations")
    results = [calc(year=2023, total_work_years=3, join_date="2023-07-01", monthly_wage=5000),
               calc(year=2023, total_work_years=3, employment_end_date="2023-07-01", monthly_wage=5000)]
    cited = {a for r in results for a in r.legal_basis.articles}
    assert sorted(a for a in cited if a not in corpus.articles) == []


def test_registered_and_shows_rate_rows_used():
    result = calc(year=2025, total_work_years=12, monthly_wage=6525)
    assert (CALCULATOR.name, [r.table for r in result.legal_basis.rates]) == (
        "annual_leave", ["annual_leave_rule", "monthly_pay_days"])
