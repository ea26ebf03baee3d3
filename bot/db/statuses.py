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


class EventAnswer(StrEnum):
    """Someone's answer to a program event's invitation (past capacity, Going waits on the list)."""

    GOING = "going"
    MAYBE = "maybe"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"


class EventAudience(StrEnum):
    WORKSPACE = "workspace"
    CIRCLES = "circles"
    PROGRAM = "program"


class EventRepeat(StrEnum):
    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class ProjectKind(StrEnum):
    PROJECT = "project"
    STRETCH = "stretch"  # a stretch assignment
    SHADOWING = "shadowing"  # a shadowing day


class ProjectStatus(StrEnum):
    """open (taking volunteers) → started (people chosen, each with a linked goal) → completed."""

    OPEN = "open"
    STARTED = "started"
    COMPLETED = "completed"
