"""Dates as people type them: `2026-12-31`, `dec 31`, `in 3 weeks`, `end of quarter`."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from bot.errors import InvalidInput

DATE_HINT = "Try `2026-12-31`, `dec 31`, `in 3 weeks`, `end of month` or `end of quarter`."
_RELATIVE = re.compile(r"^in\s+(\d{1,3})\s+(day|week|month|year)s?$")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


def _end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_date(text: str, today: date, *, field: str = "due") -> date:
    """The date `text` means, seen from `today` (the person's local date); never in the past."""
    cleaned = " ".join(text.strip().lower().split()).removeprefix("by ").strip()
    parsed = _parse(cleaned, today)
    if parsed is None:
        raise InvalidInput(f"I couldn't read the date `{text.strip()}`. {DATE_HINT}", field=field)
    if parsed < today:
        raise InvalidInput(f"{parsed:%b %-d, %Y} is in the past. {DATE_HINT}", field=field)
    return parsed


def _parse(text: str, today: date) -> date | None:
    if text in ("today",):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text in ("end of week", "end of the week"):
        return today + timedelta(days=6 - today.weekday())
    if text in ("end of month", "end of the month"):
        return _end_of_month(today)
    if text in ("end of quarter", "end of the quarter"):
        last_month = ((today.month - 1) // 3) * 3 + 3
        return _end_of_month(today.replace(month=last_month, day=1))
    if text in ("end of year", "end of the year"):
        return today.replace(month=12, day=31)
    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        return today + relativedelta(**{_UNITS[unit]: amount})
    if _ISO.match(text) or _MONTH_NAME.search(text):
        try:
            parsed = date_parser.parse(text, default=datetime(today.year, today.month, today.day)).date()
        except (ValueError, OverflowError):
            return None
        has_year = bool(re.search(r"\b\d{4}\b", text))
        if parsed < today and not has_year:
            parsed = parsed.replace(year=parsed.year + 1)  # "dec 31" typed in January means this year's
        return parsed
    return None


def parse_clock(text: str, *, field: str = "time") -> int:
    """`10:00` or `9:30` → minutes since midnight."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise InvalidInput(f"`{text}` isn't a time of day; use HH:MM, e.g. 10:00.", field=field)
    return int(match.group(1)) * 60 + int(match.group(2))


def format_clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
