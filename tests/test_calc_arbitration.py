"""Arbitration time limit: 劳动争议调解仲裁法 第二十七条, periods counted by 民法典 第二百零一、二百零二条,
on fixture rates."""

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.arbitration_deadline import ArbitrationDeadlineInput, add_years, run
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates_part2")
LAST = "申请仲裁最后一天"


def last_day(**kw):
    return next(a.value for a in run(ArbitrationDeadlineInput(**kw), RATES).amounts if a.name == LAST)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2019, 5, 5), date(2020, 5, 5)),
        (date(2020, 2, 29), date(2021, 2, 28)),  # no corresponding day: month end
        (date(2023, 2, 28), date(2024, 2, 28)),
        (date(2023, 12, 31), date(2024, 12, 31)),
    ],
)
def test_add_years_corresponding_day(start, expected):
    assert add_years(start, 1) == expected


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # calc_dev lexeval-3_5-181: 2019-05-05 → 2020-05-05
        (dict(claim_type="一般劳动争议", known_date=date(2019, 5, 5)), "2020-05-05"),
        (dict(claim_type="拖欠劳动报酬", employment_ended=True, employment_end_date=date(2019, 5, 5)), "2020-05-05"),
        (dict(claim_type="一般劳动争议", known_date=date(2008, 5, 1)), "2009-05-01"),  # first day of the law
        (dict(claim_type="一般劳动争议", known_date=date(2024, 2, 29)), "2025-02-28"),
        (dict(claim_type="一般劳动争议", known_date=date(2024, 1, 10), interruption_date=date(2024, 6, 1)), "2025-06-01"),
        (dict(claim_type="一般劳动争议", known_date=date(2024, 1, 10), interruption_date=date(2024, 1, 10)), "2025-01-10"),
        (dict(claim_type="未订立书面劳动合同二倍工资", known_date=date(2025, 11, 21)), "2026-11-21"),
        (dict(claim_type="拖欠劳动报酬"), "劳动关系存续期间不受一年时效限制"),
    ],
)
def test_last_day_to_apply(kw, expected):
    assert last_day(**kw) == expected


def test_before_the_law_took_effect_is_not_guessed():
    with pytest.raises(RateNotCovered):
        run(ArbitrationDeadlineInput(claim_type="一般劳动争议", known_date=date(2008, 4, 30)), RATES)


def test_weekend_last_day_warns():
    result = run(ArbitrationDeadlineInput(claim_type="一般劳动争议", known_date=date(2024, 6, 1)), RATES)
    assert result.warnings[0].startswith("最后一日是星期日。")


def test_double_wage_cites_guangdong_minutes_item_15():
    result = run(ArbitrationDeadlineInput(claim_type="未订立书面劳动合同二倍工资", known_date=date(2024, 1, 1)), RATES)
    assert result.legal_basis.articles[-1].endswith("座谈会纪要/15")


def test_steps_state_the_convention():
    result = run(ArbitrationDeadlineInput(claim_type="一般劳动争议", known_date=date(2019, 5, 5)), RATES)
    assert "2019-05-05 + 1 年 → 2020-05-05" in result.steps[-1]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(claim_type="一般劳动争议"), "known_date is required"),
        (dict(claim_type="拖欠劳动报酬", employment_ended=True), "employment_end_date is required"),
        (dict(claim_type="拖欠劳动报酬", employment_end_date=date(2024, 1, 1)), "employment_ended is false"),
        (dict(claim_type="一般劳动争议", known_date=date(2024, 1, 10), interruption_date=date(2024, 1, 9)),
         "时效中断之日不能早于时效起算日 / interruption_date must not be before"),
        (dict(claim_type="拖欠劳动报酬", employment_ended=True, employment_end_date=date(2024, 1, 10),
              interruption_date=date(2023, 12, 1)), "interruption_date must not be before"),
        (dict(claim_type="加班费"), "claim_type"),
    ],
)
def test_invalid_input(kw, message):
    with pytest.raises(ValidationError, match=message):
        ArbitrationDeadlineInput(**kw)
