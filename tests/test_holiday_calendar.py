"""The holiday calendar against the State Council's published schedules for 2024–2026, and the
estimate for a year whose schedule is not known.

The dates below are copied from the notices as published (国务院办公厅关于2024年部分节假日安排的通知
国办发明电〔2023〕7号; 关于2025年部分节假日安排的通知 国办发明电〔2024〕12号; 关于2026年部分节假日安排的通知
国办发明电〔2025〕7号): each break as "X月X日至X日放假调休" (joined with the adjacent weekend where the
notice says 与周末连休), and each weekend the notice names as a working day (上班)."""

from datetime import date, timedelta

import pytest

from legalqa.holiday_calendar import OFFICIAL_YEARS, rest_day, rest_period, schedule_published

BREAKS = [
    # 2024
    (date(2023, 12, 30), date(2024, 1, 1)),  # 元旦：1月1日放假，与周末连休
    (date(2024, 2, 10), date(2024, 2, 17)),  # 春节
    (date(2024, 4, 4), date(2024, 4, 6)),  # 清明节
    (date(2024, 5, 1), date(2024, 5, 5)),  # 劳动节
    (date(2024, 6, 8), date(2024, 6, 10)),  # 端午节：6月10日放假，与周末连休
    (date(2024, 9, 15), date(2024, 9, 17)),  # 中秋节
    (date(2024, 10, 1), date(2024, 10, 7)),  # 国庆节
    # 2025
    (date(2025, 1, 1), date(2025, 1, 1)),  # 元旦：1月1日放假1天，不调休
    (date(2025, 1, 28), date(2025, 2, 4)),  # 春节
    (date(2025, 4, 4), date(2025, 4, 6)),  # 清明节
    (date(2025, 5, 1), date(2025, 5, 5)),  # 劳动节
    (date(2025, 5, 31), date(2025, 6, 2)),  # 端午节
    (date(2025, 10, 1), date(2025, 10, 8)),  # 国庆节、中秋节
    # 2026
    (date(2026, 1, 1), date(2026, 1, 3)),  # 元旦
    (date(2026, 2, 15), date(2026, 2, 23)),  # 春节
    (date(2026, 4, 4), date(2026, 4, 6)),  # 清明节
    (date(2026, 5, 1), date(2026, 5, 5)),  # 劳动节
    (date(2026, 6, 19), date(2026, 6, 21)),  # 端午节
    (date(2026, 9, 25), date(2026, 9, 27)),  # 中秋节
    (date(2026, 10, 1), date(2026, 10, 7)),  # 国庆节
]

WORKED_WEEKENDS = [
    date(2024, 2, 4), date(2024, 2, 18), date(2024, 4, 7), date(2024, 4, 28), date(2024, 5, 11),
    date(2024, 9, 14), date(2024, 9, 29), date(2024, 10, 12),
    date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
]


@pytest.mark.parametrize(("first", "last"), BREAKS, ids=lambda d: d.isoformat())
def test_each_break_is_one_run_of_days_off_exactly_as_published(first, last):
    for day in (first, last):
        period = rest_period(day)
        assert (period[0].day, period[-1].day, len(period)) == (first, last, (last - first).days + 1)


@pytest.mark.parametrize("day", WORKED_WEEKENDS, ids=lambda d: d.isoformat())
def test_weekends_worked_in_exchange_are_working_days(day):
    assert day.weekday() >= 5 and rest_day(day) is None and rest_period(day) == []


def test_days_off_are_named():
    assert [rest_day(date(2025, 10, d)).name for d in (1, 4, 6)] == ["国庆节", "星期六", "中秋节"]
    assert rest_day(date(2025, 10, 9)) is None


def test_2024_to_2026_are_official_and_a_later_year_is_not():
    assert all(schedule_published(y) for y in (2024, 2025, 2026))
    assert not schedule_published(OFFICIAL_YEARS.stop)


# An unpublished year: 全国年节及纪念日放假办法 第二条 (国庆节 10月1日至3日; 劳动节 5月1日、2日) and
# 第六条 (a holiday on a weekend is made up on the next working day). 2035 is far past any schedule.
@pytest.mark.parametrize(("day", "first", "last"), [
    (date(2035, 10, 2), date(2035, 9, 29), date(2035, 10, 3)),  # Mon–Wed, after the weekend
    (date(2035, 5, 1), date(2035, 5, 1), date(2035, 5, 2)),  # Tue–Wed
    (date(2034, 10, 1), date(2034, 9, 30), date(2034, 10, 4)),  # Sun 1 Oct: 补假 on Wed 4 Oct
])
def test_unpublished_year_uses_the_statutory_holidays(day, first, last):
    period = rest_period(day)
    assert not schedule_published(day.year)
    assert (period[0].day, period[-1].day) == (first, last)
    assert rest_day(last + timedelta(days=1)) is None
