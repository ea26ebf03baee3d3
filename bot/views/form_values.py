"""Reading typed values out of submitted modal state, refusing anything malformed with a clear message."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.errors import InvalidInput


def iso_date(value: object, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("Pick a date from the calendar.", field=field) from None


def integer(value: object, default: int, field: str) -> int:
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        raise InvalidInput("Pick one of the options.", field=field) from None


def state_of(view: dict[str, Any], block: str) -> dict[str, Any]:
    """A submitted input's state, for inputs whose action id is their block id."""
    return view.get("state", {}).get("values", {}).get(block, {}).get(block, {}) or {}


def chosen_value(view: dict[str, Any], block: str, default: str = "") -> str:
    return str((state_of(view, block).get("selected_option") or {}).get("value") or default)


def text_value(view: dict[str, Any], block: str) -> str:
    return str(state_of(view, block).get("value") or "")
