"""Check-ins: each member's schedule, the periods it opens, answers, skips, snoozes and pauses.

Functions here change state and return plain data; the job or workflow that calls them renders the
messages and enqueues them in the same transaction. By concern: `schedules` (each member's
rhythm, pauses and settings), `prompts` (what the minute tick opens and reminds), `answers`
(checking in, skipping, snoozing, history).
"""

from __future__ import annotations

from bot.services.checkins.answers import (
    Answered,
    CheckinAnswer,
    HistoryEntry,
    answer,
    goals_for_checkin,
    history,
    skip,
    snooze,
    start_manual,
    streak_of,
)
from bot.services.checkins.prompts import Prompt, due_reminders, open_due_periods, prompt_key
from bot.services.checkins.schedules import (
    REMINDER_CHOICES,
    SNOOZE,
    ScheduleSettings,
    ScheduleView,
    change_settings,
    enrol,
    ensure_schedule,
    mark_unreachable,
    pause,
    reschedule_member,
    resume,
    rhythm_of,
)

__all__ = [
    "REMINDER_CHOICES",
    "SNOOZE",
    "Answered",
    "CheckinAnswer",
    "HistoryEntry",
    "Prompt",
    "ScheduleSettings",
    "ScheduleView",
    "answer",
    "change_settings",
    "due_reminders",
    "enrol",
    "ensure_schedule",
    "goals_for_checkin",
    "history",
    "mark_unreachable",
    "open_due_periods",
    "pause",
    "prompt_key",
    "reschedule_member",
    "resume",
    "rhythm_of",
    "skip",
    "snooze",
    "start_manual",
    "streak_of",
]
