"""Arbitration time limit: 劳动争议调解仲裁法 第二十七条, periods counted by 民法典 第二百零一至二百零三条
(a last day that is a day off moves to the day after the days off, by the State Council's holiday
schedule), on fixture rates. The breaks quoted below are those of the published notices (see
tests/test_holiday_calendar.py)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from legalqa.calculators.arbitration_deadline import CALCULATOR, ArbitrationDeadlineInput, add_years
from legalqa.holiday_calendar import rest_day
from legalqa.rates import RateBook, RateNotCovered

RATES = RateBook.from_dir(Path(__file__).parent / "fixtures" / "rates")
LAST = "申请仲裁最后一天"
run = CALCULATOR.run


BEFORE = date(2000, 1, 1)  # an `as_of` before every deadline below


def result(**kw):
    return run(ArbitrationDeadlineInput(**{"as_of": BEFORE, **kw}), RATES)


def last_day(**kw):
    return next(a.value for a in result(**kw).amounts if a.name == LAST)


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
        # the example: 2025-10-01 is in the National Day break 10-01..10-08
        (dict(claim_type="一般劳动争议", known_date=date(2024, 10, 1)), "2025-10-09"),
        # calc_dev lexeval-3_5-181 counts 2019-05-05 → 2020-05-05 by 第二百零一、二百零二条 alone (its question
        # quotes only those); 2020-05-05 closed the Labour Day break 05-01..05-05, so 第二百零三条 gives 05-06
        (dict(claim_type="一般劳动争议", known_date=date(2019, 5, 5)), "2020-05-06"),
        (dict(claim_type="拖欠劳动报酬", employment_ended=True, employment_end_date=date(2019, 5, 5)), "2020-05-06"),
        (dict(claim_type="一般劳动争议", known_date=date(2008, 5, 1)), "2009-05-04"),  # law's first day; break 05-01..03
        (dict(claim_type="一般劳动争议", known_date=date(2024, 6, 8)), "2025-06-09"),  # Sunday → Monday
        (dict(claim_type="一般劳动争议", known_date=date(2024, 2, 29)), "2025-02-28"),  # plain Friday
        # 2025-06-01 is in the Dragon Boat break 05-31..06-02
        (dict(claim_type="一般劳动争议", known_date=date(2024, 1, 10), interruption_date=date(2024, 6, 1)), "2025-06-03"),
        (dict(claim_type="一般劳动争议", known_date=date(2024, 1, 10), interruption_date=date(2024, 1, 10)), "2025-01-10"),
        # 2026-01-01..03 off; the next day is a Sunday worked in exchange (调休上班), so the period ends on it
        (dict(claim_type="一般劳动争议", known_date=date(2025, 1, 1)), "2026-01-04"),
        (dict(claim_type="未订立书面劳动合同二倍工资", known_date=date(2025, 11, 21)), "2026-11-23"),  # Saturday
        (dict(claim_type="拖欠劳动报酬"), "劳动关系存续期间不受一年时效限制"),
    ],
)
def test_last_day_to_apply(kw, expected):
    assert last_day(**kw) == expected


def test_before_the_law_took_effect_is_not_guessed():
    with pytest.raises(RateNotCovered):
        result(claim_type="一般劳动争议", known_date=date(2008, 4, 30))


def test_double_wage_cites_guangdong_minutes_item_15():
    out = result(claim_type="未订立书面劳动合同二倍工资", known_date=date(2024, 1, 1))
    assert out.legal_basis.articles[-1].endswith("座谈会纪要/15")


def test_steps_state_each_rule_with_its_dates():
    steps = result(claim_type="一般劳动争议", known_date=date(2024, 10, 1)).steps
    assert "2024-10-01 + 1 年 → 2025-10-01" in steps[1]
    assert ("2025-10-01（国庆节）在 2025-10-01 至 2025-10-08 的连续休假内（按国务院办公厅关于2025年部分节假日安排的通知）"
            in steps[2] and steps[2].endswith("（民法典第二百零三条）：2025-10-09。"))


def test_a_working_last_day_says_so_and_cites_article_203():
    out = result(claim_type="一般劳动争议", known_date=date(2024, 2, 29))
    assert "2025-02-28 是工作日" in out.steps[2] and "article/民法典/203" in out.legal_basis.articles


def test_days_left_counted_from_as_of():
    out = result(claim_type="一般劳动争议", known_date=date(2024, 10, 1), as_of=date(2025, 10, 1))
    assert out.steps[-1] == "到 2025-10-01 为止，离最后一天还有 8 天。"
    assert not any("可能已经届满" in w for w in out.warnings)


@pytest.mark.parametrize(("as_of", "passed"), [(date(2025, 10, 9), False), (date(2025, 10, 10), True)])
def test_past_last_day_may_have_passed_and_says_why_not(as_of, passed):
    out = result(claim_type="一般劳动争议", known_date=date(2024, 10, 1), as_of=as_of)
    assert any("可能已经届满" in w for w in out.warnings) is passed
    if passed:
        assert out.warnings[0].startswith("按以上计算，申请仲裁的最后一天 2025-10-09 早于 2025-10-10，仲裁时效可能已经届满")
        assert all(part in out.warnings[0] for part in ("时效中断", "第二十七条第二款", "时效中止", "第三款", "第四款"))


def test_past_unpaid_wages_after_termination_does_not_offer_the_wage_exception():
    out = result(claim_type="拖欠劳动报酬", employment_ended=True, employment_end_date=date(2024, 3, 1),
                 as_of=date(2026, 1, 1))
    assert "可能已经届满" in out.warnings[0] and "第四款" not in out.warnings[0]


def test_as_of_defaults_to_today():
    assert ArbitrationDeadlineInput(claim_type="一般劳动争议", known_date=date(2024, 1, 1)).as_of == date.today()


def test_year_without_published_schedule_is_estimated_and_warned():
    # 2035-10-01 (Monday): 全国年节及纪念日放假办法 第二条 gives 10-01..10-03 off
    out = result(claim_type="一般劳动争议", known_date=date(2034, 10, 1))
    assert out.amounts[0].value == "2035-10-04"
    assert "按全国年节及纪念日放假办法第二条、第六条推算" in out.steps[2]
    assert any(w.startswith("2035年的国务院放假安排尚未收录") for w in out.warnings)
    assert {"article/全国年节及纪念日放假办法/2", "article/全国年节及纪念日放假办法/6"} <= set(out.legal_basis.articles)


def test_published_year_has_no_estimate_warning():
    out = result(claim_type="一般劳动争议", known_date=date(2024, 10, 1))
    assert not any("尚未收录" in w for w in out.warnings)
    assert not any("放假办法" in a for a in out.legal_basis.articles)


def test_the_last_day_is_never_a_day_off():
    start = date(2024, 1, 1)
    for offset in range(0, 731, 7):  # a known date every week of 2024–2025
        last = date.fromisoformat(last_day(claim_type="一般劳动争议", known_date=start + timedelta(days=offset)))
        assert rest_day(last) is None, last


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
