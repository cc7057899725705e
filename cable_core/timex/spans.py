"""The calendar span a TIMEX3 value covers, and its precision."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from datetime import date, timedelta

SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; each season lasts three

_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d\d)(?:-(?P<day>\d\d)(?P<time>T.*)?)?|W(?P<week>\d\d?)(?P<weekend>-WE)?"
    r"|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
    r"|(?P<decade>\d{3})|(?P<century>\d{2})"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    index = year * 12 + first_month - 1 + count - 1
    return date(year, first_month, 1), _month_end(index // 12, index % 12 + 1)


def _base_span(m: re.Match[str]) -> tuple[date, date, str]:
    if m["decade"]:
        start = int(m["decade"]) * 10
        return date(start, 1, 1), date(start + 9, 12, 31), "decade"
    if m["century"]:
        start = max(1, int(m["century"]) * 100)
        return date(start, 1, 1), date(int(m["century"]) * 100 + 99, 12, 31), "century"
    year = int(m["year"])
    if m["day"]:
        day = date(year, int(m["month"]), int(m["day"]))
        return day, day, "minute" if m["time"] and re.match(r"T\d", m["time"]) else "day"
    if m["month"]:
        return (*_months(year, int(m["month"]), 1), "month")
    if m["week"]:
        monday = date.fromisocalendar(year, int(m["week"]), 1)
        return (monday + timedelta(days=5) if m["weekend"] else monday), monday + timedelta(days=6), "week"
    if m["quarter"]:
        return (*_months(year, 3 * int(m["quarter"]) - 2, 3), "quarter")
    if m["half"]:
        return (*_months(year, 6 * int(m["half"]) - 5, 6), "half")
    if m["season"]:
        return (*_months(year, SEASON_MONTHS[m["season"]], 3), "season")
    return date(year, 1, 1), date(year, 12, 31), "year"


def _narrow(start: date, end: date, mod: str | None) -> tuple[date, date]:
    """START, MID and END keep the first, middle and last third of the span (whole months
    where the span is made of months: early 2007 = January–April)."""
    if mod not in ("START", "MID", "END"):
        return start, end
    part = ("START", "MID", "END").index(mod)
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole_months and months % 3 == 0 and months >= 3:
        third = months // 3
        return _months(*_shift_month(start, third * part), third)
    days = (end - start).days + 1
    third = days // 3
    first = start + timedelta(days=third * part)
    return first, (end if part == 2 else first + timedelta(days=max(third, 1) - 1))


def _shift_month(start: date, months: int) -> tuple[int, int]:
    index = start.year * 12 + start.month - 1 + months
    return index // 12, index % 12 + 1


@lru_cache(maxsize=4096)
def value_span(value: str, mod: str | None) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of a TIMEX3 calendar value narrowed by `mod`; None for
    values that are not calendar dates (PRESENT_REF, durations, sets, X placeholders)."""
    m = _VALUE.fullmatch(value or "")
    if not m:
        return None
    try:
        start, end, precision = _base_span(m)
    except ValueError:
        return None
    start, end = _narrow(start, end, mod)
    return start, end, precision
