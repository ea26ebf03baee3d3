"""`/checkin settings`: when I'm asked, in my own time zone, and my quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import InputBlock, TimePickerElement
from slack_sdk.models.views import View

from bot.services.checkins import REMINDER_CHOICES, ScheduleSettings, ScheduleView
from bot.services.dates import format_clock, parse_clock
from bot.services.schedule import CADENCES, WEEKDAYS
from bot.views.blocks import note, select_input
from bot.views.modal_context import ModalContext

CALLBACK_ID = "checkin_settings_modal"


class Field(StrEnum):
    CADENCE = "settings_cadence"
    WEEKDAY = "settings_weekday"
    TIME = "settings_time"
    QUIET_START = "settings_quiet_start"
    QUIET_END = "settings_quiet_end"
    REMINDER = "settings_reminder"


ERROR_FIELDS = {
    "cadence": Field.CADENCE,
    "weekday": Field.WEEKDAY,
    "time": Field.TIME,
    "quiet_start": Field.QUIET_START,
    "quiet_end": Field.QUIET_END,
    "reminder": Field.REMINDER,
}


def _reminder_label(minutes: int) -> str:
    return "No reminder" if minutes == 0 else f"After {minutes // 60} hour{'s' if minutes != 60 else ''}"


@dataclass(frozen=True)
class SettingsForm:
    settings: ScheduleSettings
    context: ModalContext


def settings_modal(current: ScheduleView, context: ModalContext) -> dict[str, Any]:
    quiet_start = format_clock(current.quiet_start) if current.quiet_start is not None else None
    quiet_end = format_clock(current.quiet_end) if current.quiet_end is not None else None
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Check-in settings",
        submit="Save",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            select_input(Field.CADENCE, "How often", list(CADENCES.items()), current.cadence),
            select_input(
                Field.WEEKDAY,
                "Day (weekly and every 2 weeks)",
                [(str(i), d) for i, d in enumerate(WEEKDAYS)],
                str(current.weekday),
            ),
            InputBlock(
                block_id=Field.TIME,
                label="Time",
                element=TimePickerElement(action_id=Field.TIME, initial_time=format_clock(current.minute_of_day)),
            ),
            InputBlock(
                block_id=Field.QUIET_START,
                label="Quiet hours start",
                optional=True,
                element=TimePickerElement(action_id=Field.QUIET_START, initial_time=quiet_start),
            ),
            InputBlock(
                block_id=Field.QUIET_END,
                label="Quiet hours end",
                optional=True,
                element=TimePickerElement(action_id=Field.QUIET_END, initial_time=quiet_end),
            ),
            select_input(
                Field.REMINDER,
                "Reminder if I haven't answered",
                [(str(m), _reminder_label(m)) for m in REMINDER_CHOICES],
                str(current.reminder_delay_minutes),
            ),
            note(f"Times are in your Slack time zone ({current.tz}); reminders and snoozes skip quiet hours."),
        ],
    )
    return view.to_dict()


def parse_settings_form(view: dict[str, Any]) -> SettingsForm:
    """Typed settings; raises InvalidInput naming the field for a value no setting can hold."""
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(field: Field) -> dict[str, Any]:
        return values.get(field, {}).get(field, {}) or {}

    def selected(field: Field) -> str:
        return str((state(field).get("selected_option") or {}).get("value") or "")

    def clock(field: Field, name: str) -> int | None:
        raw = state(field).get("selected_time")
        return parse_clock(raw, field=name) if raw else None

    weekday = selected(Field.WEEKDAY)
    reminder = selected(Field.REMINDER)
    settings = ScheduleSettings(
        cadence=selected(Field.CADENCE),
        weekday=int(weekday) if weekday.isdecimal() else -1,
        minute_of_day=clock(Field.TIME, "time")
        if state(Field.TIME).get("selected_time")
        else parse_clock("", field="time"),
        quiet_start=clock(Field.QUIET_START, "quiet_start"),
        quiet_end=clock(Field.QUIET_END, "quiet_end"),
        reminder_delay_minutes=int(reminder) if reminder.isdecimal() else -1,
    )
    return SettingsForm(settings=settings, context=ModalContext.load(view.get("private_metadata")))
