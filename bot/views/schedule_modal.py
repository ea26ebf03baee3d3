"""`/circle schedule <name>`: when the circle meets, and the helper that reads the form back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    PlainTextInputElement,
    TimePickerElement,
    UrlInputElement,
)
from slack_sdk.models.views import View

from bot.services.dates import format_clock, parse_clock
from bot.services.meetings import DURATIONS, ScheduleForm
from bot.services.schedule import MEETING_CADENCES, ORDINALS, WEEKDAYS
from bot.views.blocks import note, options, select_input
from bot.views.form_values import integer, iso_date
from bot.views.modal_context import ModalContext

CALLBACK_ID = "circle_schedule_modal"


class Field(StrEnum):
    CADENCE = "schedule_cadence"
    WEEKDAY = "schedule_weekday"
    NTH = "schedule_nth"
    TIME = "schedule_time"
    TZ = "schedule_tz"
    DURATION = "schedule_duration"
    LINK = "schedule_link"
    START = "schedule_start"
    LEAD_DAYS = "schedule_lead_days"
    PAUSED = "schedule_paused"


ERROR_FIELDS = {
    "cadence": Field.CADENCE,
    "weekday": Field.WEEKDAY,
    "nth": Field.NTH,
    "time": Field.TIME,
    "tz": Field.TZ,
    "duration": Field.DURATION,
    "link": Field.LINK,
    "start": Field.START,
    "lead_days": Field.LEAD_DAYS,
}


@dataclass(frozen=True)
class Defaults:
    cadence: str = "weekly"
    weekday: int = 3
    nth: int = 1
    minute_of_day: int = 17 * 60
    tz: str = "UTC"
    duration_minutes: int = 60
    meeting_link: str = ""
    start_date: date | None = None
    lead_days: int = 3
    paused: bool = False


def schedule_modal(circle_name: str, current: Defaults, context: ModalContext) -> dict[str, Any]:
    paused_option = options([("paused", "Paused: no meetings until I untick this")])
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Meeting schedule",
        submit="Save",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            note(f"When *{circle_name}* meets. A different member leads each time."),
            select_input(Field.CADENCE, "How often", list(MEETING_CADENCES.items()), current.cadence),
            select_input(Field.WEEKDAY, "Day", [(str(i), d) for i, d in enumerate(WEEKDAYS)], str(current.weekday)),
            select_input(
                Field.NTH,
                "Which week (monthly only)",
                [(str(k), v.capitalize()) for k, v in ORDINALS.items()],
                str(current.nth),
            ),
            InputBlock(
                block_id=Field.TIME,
                label="Time",
                element=TimePickerElement(action_id=Field.TIME, initial_time=format_clock(current.minute_of_day)),
            ),
            InputBlock(
                block_id=Field.TZ,
                label="Time zone",
                hint="The meeting keeps this local time across daylight-saving changes.",
                element=PlainTextInputElement(action_id=Field.TZ, initial_value=current.tz, max_length=64),
            ),
            select_input(
                Field.DURATION,
                "Length",
                [(str(m), f"{m} minutes") for m in DURATIONS],
                str(current.duration_minutes),
            ),
            InputBlock(
                block_id=Field.LINK,
                label="Meeting link",
                optional=True,
                element=UrlInputElement(action_id=Field.LINK, initial_value=current.meeting_link or None),
            ),
            InputBlock(
                block_id=Field.START,
                label="First meeting on or after",
                element=DatePickerElement(
                    action_id=Field.START,
                    initial_date=current.start_date.isoformat() if current.start_date else None,
                ),
            ),
            select_input(
                Field.LEAD_DAYS,
                "Pick the leader ahead by",
                [(str(d), f"{d} day{'s' if d > 1 else ''}") for d in range(1, 8)],
                str(current.lead_days),
            ),
            InputBlock(
                block_id=Field.PAUSED,
                label="Pause",
                optional=True,
                element=CheckboxesElement(
                    action_id=Field.PAUSED,
                    options=paused_option,
                    initial_options=paused_option if current.paused else None,
                ),
            ),
        ],
    )
    return view.to_dict()


def parse_schedule_form(view: dict[str, Any]) -> tuple[ScheduleForm, ModalContext]:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(field: Field) -> dict[str, Any]:
        return values.get(field, {}).get(field, {}) or {}

    def selected(field: Field, default: str) -> str:
        return str((state(field).get("selected_option") or {}).get("value") or default)

    start = iso_date(state(Field.START).get("selected_date"), "start")
    form = ScheduleForm(
        cadence=selected(Field.CADENCE, ""),
        weekday=integer(selected(Field.WEEKDAY, "-1"), -1, "weekday"),
        nth=integer(selected(Field.NTH, "1"), 1, "nth"),
        minute_of_day=parse_clock(state(Field.TIME).get("selected_time") or "", field="time"),
        tz=(state(Field.TZ).get("value") or "").strip(),
        duration_minutes=integer(selected(Field.DURATION, "0"), 0, "duration"),
        meeting_link=state(Field.LINK).get("value") or "",
        start_date=start or date.min,
        lead_days=integer(selected(Field.LEAD_DAYS, "0"), 0, "lead_days"),
        paused=any(o.get("value") == "paused" for o in state(Field.PAUSED).get("selected_options") or []),
    )
    return form, ModalContext.load(view.get("private_metadata"))
