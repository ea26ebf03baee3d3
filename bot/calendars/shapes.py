"""What a calendar shows, as plain data: a circle's meeting series and single events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a series once its leader or topic is known (an override in the calendar)."""

    starts_at: datetime  # UTC; the occurrence's original start, its RECURRENCE-ID
    leader: str | None = None  # a display name: calendars don't know Slack ids
    topic: str | None = None


@dataclass(frozen=True)
class Series:
    """A circle's meetings: its rhythm in its own zone, from the first meeting on."""

    uid: str
    title: str
    cadence: str  # weekly | biweekly | monthly
    weekday: int  # Monday = 0
    nth: int  # monthly: 1-4, or -1 for the last
    first_start: datetime  # UTC, the first meeting (DTSTART, written in `tz`)
    tz: str
    duration_minutes: int
    link: str
    channel_url: str
    questions: tuple[str, ...]
    sequence: int
    stamp: datetime  # when the series last changed (DTSTAMP), so an unchanged feed is byte-identical
    cancelled: bool = False  # paused, or its channel archived: the whole series is called off
    skipped: tuple[datetime, ...] = ()  # UTC starts of meetings that won't happen (EXDATE)
    overrides: tuple[Occurrence, ...] = ()


@dataclass(frozen=True)
class OneOff:
    """A single event: one meeting of a circle, or a mentorship pair's 1:1."""

    uid: str
    title: str
    starts_at: datetime  # UTC
    tz: str
    duration_minutes: int
    description: str
    stamp: datetime
    link: str = ""
    sequence: int = 0
    cancelled: bool = False


@dataclass(frozen=True)
class MemberCalendar:
    """Everything one member takes part in, and nothing else."""

    name: str
    series: list[Series] = field(default_factory=list)
    events: list[OneOff] = field(default_factory=list)


def describe(topic: str | None, questions: tuple[str, ...], channel_url: str) -> str:
    """An event's DESCRIPTION: the topic once known, the guide's questions, the way to the channel."""
    parts = []
    if topic:
        parts.append(f"Topic: {topic}")
    if questions:
        parts.append("Questions for every meeting:\n" + "\n".join(f"- {q}" for q in questions))
    if channel_url:
        parts.append(f"The circle's channel: {channel_url}")
    return "\n\n".join(parts)
