"""The values of every `status` column, as StrEnums (they compare equal to the strings stored)."""

from __future__ import annotations

from enum import StrEnum


class GoalStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class CheckinStatus(StrEnum):
    PROMPTED = "prompted"
    ANSWERED = "answered"
    SKIPPED = "skipped"
    MISSED = "missed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class TurnStatus(StrEnum):
    """A leader turn: who was asked to lead a meeting, and what became of it."""

    ASKED = "asked"
    ACCEPTED = "accepted"
    SKIPPED = "skipped"
    EXPIRED = "expired"
    DECLINED = "declined"
    SWAPPED = "swapped"


class ProgramStatus(StrEnum):
    ENROLLING = "enrolling"
    PROPOSED = "proposed"
    ACTIVE = "active"
    ENDED = "ended"


class PairState(StrEnum):
    PROPOSED = "proposed"
    LOCKED = "locked"
    BROKEN = "broken"
    ACTIVE = "active"
