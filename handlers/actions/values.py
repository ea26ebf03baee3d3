"""Reading the clicked element's value, with a clear message when a button is stale."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.errors import InvalidInput


def action_of(body: dict[str, Any]) -> dict[str, Any]:
    return body["actions"][0]


def int_value(body: dict[str, Any]) -> int:
    try:
        return int(action_of(body).get("value", ""))
    except ValueError:
        raise InvalidInput("That button is out of date. Run the command again.") from None


def selected_date(body: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(action_of(body).get("selected_date") or "")
    except ValueError:
        raise InvalidInput("Pick a date from the calendar.") from None


def id_and_moment(body: dict[str, Any]) -> tuple[int, datetime]:
    """`"12:1792566000"` → (12, that moment in UTC): an id and a time carried in one button value."""
    first, _, second = str(action_of(body).get("value", "")).partition(":")
    if not (first.isdecimal() and second.isdecimal()):
        raise InvalidInput("That button is out of date. Run the command again.")
    return int(first), datetime.fromtimestamp(int(second), UTC)
