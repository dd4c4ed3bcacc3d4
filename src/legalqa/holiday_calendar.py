"""Rest days in mainland China, for periods whose last day falls on one (民法典 第二百零三条).

A year whose State Council schedule (国务院办公厅关于某年部分节假日安排的通知) the `holidays` package
carries is read from it, with the weekends worked in exchange (调休上班) as working days. Any other
year is estimated: weekends and the statutory holidays of 全国年节及纪念日放假办法 第二条, those on a
weekend made up on the next working day (第六条); the official schedule will also move weekends."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from holidays.countries.china import China, ChinaStaticHolidays

# the years the package carries a State Council notice for (every year in between has one)
OFFICIAL_YEARS = range(min(ChinaStaticHolidays.special_public_holidays),
                       max(ChinaStaticHolidays.special_public_holidays) + 1)
FALLBACK_ARTICLES = ("article/全国年节及纪念日放假办法/2", "article/全国年节及纪念日放假办法/6")

_WEEKDAY_ZH = "一二三四五六日"


@dataclass(frozen=True)
class RestDay:
    day: date
    name: str  # 国庆节, 休息日（由 2025-09-28 调休）, 星期六 …


def schedule_published(year: int) -> bool:
    """Whether the official schedule of that year is known (else the days are estimated)."""
    return year in OFFICIAL_YEARS


@lru_cache(maxsize=32)
def _calendar(year: int) -> China:
    return China(years=year, language="zh_CN")


def rest_day(day: date) -> RestDay | None:
    """The day off on that date, or None for a working day (a weekend worked in exchange is one)."""
    calendar = _calendar(day.year)
    if calendar.is_working_day(day):
        return None
    return RestDay(day, calendar.get(day) or f"星期{_WEEKDAY_ZH[day.weekday()]}")


def rest_period(day: date) -> list[RestDay]:
    """The unbroken run of days off that contains `day`; empty when `day` is a working day."""
    if rest_day(day) is None:
        return []
    first = day
    while rest_day(first - timedelta(days=1)) is not None:
        first -= timedelta(days=1)
    period = []
    while (rest := rest_day(first)) is not None:
        period.append(rest)
        first += timedelta(days=1)
    return period
