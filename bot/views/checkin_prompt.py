"""The check-in DM: the prompt, its reminder, and what the message turns into after a click."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.checkins import Prompt
from bot.services.schedule import zone
from bot.views.blocks import note, progress_bar, reply
from bot.views.message import Message, message
from bot.views.text import escape, truncate

GOALS_SHOWN = 10


class CheckinAction(StrEnum):
    OPEN = "checkin_open"
    SKIP = "checkin_skip"
    SNOOZE = "checkin_snooze"
    PAUSE = "checkin_pause"


def prompt_message(prompt: Prompt) -> Message:
    if prompt.kind == "reminder":
        opening = ":wave: A friendly nudge: your check-in is still open. Two minutes is enough."
    else:
        opening = f":seedling: Time for your check-in ({prompt.period_date:%A, %b %-d}). How did your learning go?"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=opening))]
    if prompt.goals:
        lines = [
            f"• *#{g.number}* {escape(truncate(g.title, 90))}  {progress_bar(g.progress)} {g.progress}%"
            for g in prompt.goals[:GOALS_SHOWN]
        ]
        if len(prompt.goals) > GOALS_SHOWN:
            lines.append(f"and {len(prompt.goals) - GOALS_SHOWN} more")
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Your open goals*\n" + "\n".join(lines))))
    else:
        blocks.append(note("No open goals yet: tell me what you learned, or set one with `/goal set`."))
    value = str(prompt.checkin_id)
    blocks.append(
        ActionsBlock(
            block_id=f"checkin-{prompt.checkin_id}",
            elements=[
                ButtonElement(text="Check in", action_id=CheckinAction.OPEN, value=value, style="primary"),
                ButtonElement(text="Skip this time", action_id=CheckinAction.SKIP, value=value),
                ButtonElement(text="Remind me in 2 hours", action_id=CheckinAction.SNOOZE, value=value),
                DatePickerElement(action_id=CheckinAction.PAUSE, placeholder="Pause until…"),
            ],
        )
    )
    blocks.append(note("Change when I ask with `/checkin settings`."))
    return message(opening, blocks)


def answered_message(streak: int) -> Message:
    return reply(f":white_check_mark: Checked in. Your streak: *{streak}*. See you next time!")


def skipped_message() -> Message:
    return reply("Skipped this time. No problem; I'll ask again next time.")


def snoozed_message(at: datetime, tz_name: str) -> Message:
    local = at.astimezone(zone(tz_name))
    return reply(f":alarm_clock: I'll remind you at {local:%H:%M} ({local:%a}, your time).")


def paused_message(until: date) -> Message:
    until_text = f"{until:%A, %b %-d}"
    return reply(f":double_vertical_bar: Check-ins paused until {until_text}. `/checkin resume` to start earlier.")
