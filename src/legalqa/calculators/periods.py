"""Calendar arithmetic for periods counted in months (cf. 民法典 第二百零一、二百零二条)."""

import calendar
from datetime import date, timedelta


def add_months(d: date, n: int) -> date:
    """The day n months on; with no such day (Jan 31 + 1 month) the first day of the next month,
    so a period with no matching day ends on the last day of the month."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, d.day) if d.day <= last else date(year, month, last) + timedelta(days=1)


def months_on_same_day(d: date, n: int) -> date:
    """The same day n months on, or the month's last day where it has none (2月29日 → 2月28日): the
    day a person born on d is n months older (unlike add_months, which ends a period)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start's month to end's month (the days ignored)."""
    return (end.year - start.year) * 12 + end.month - start.month
