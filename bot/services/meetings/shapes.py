"""The plain data meetings hand to workflows and views (no ORM objects leave the package)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.services.rotation import QueueEntry

ESCALATE_BEFORE = timedelta(days=1)


ANNOUNCE_BEFORE = timedelta(days=1)


REMIND_BEFORE = timedelta(hours=2)


DURATIONS = (30, 45, 60, 90, 120)


@dataclass(frozen=True)
class ScheduleForm:
    cadence: str
    weekday: int
    nth: int
    minute_of_day: int
    tz: str
    duration_minutes: int
    meeting_link: str
    start_date: date
    lead_days: int
    paused: bool


@dataclass(frozen=True)
class CircleRef:
    id: int
    name: str
    channel_id: str


@dataclass(frozen=True)
class LeaderAsk:
    """Someone to DM: asked to lead (or, with `swap_from`, asked by a colleague to take over)."""

    turn_id: int
    meeting_id: int
    team_id: str
    user_id: str
    circle: CircleRef
    starts_at: datetime
    tz: str  # the asked person's time zone, for showing the time
    topics: list[tuple[int, str]] = field(default_factory=list)
    swap_from_user: str | None = None


@dataclass(frozen=True)
class MeetingPost:
    """What an announcement or meeting-day reminder says."""

    meeting_id: int
    team_id: str
    circle: CircleRef
    starts_at: datetime
    tz: str
    duration_minutes: int
    link: str
    leader_user: str | None
    asked_user: str | None
    topic: str | None
    questions: tuple[str, ...]
    guest: str | None = None  # a guest speaker leads this one
    guest_topic: str | None = None
    guest_link: str | None = None


@dataclass(frozen=True)
class Accepted:
    post: MeetingPost
    swapped_from: str | None  # the colleague who handed the meeting over, to tell them


@dataclass(frozen=True)
class RsvpCounts:
    attending: list[str]
    not_attending: list[str]


@dataclass(frozen=True)
class HistoryRow:
    starts_at: datetime
    leader_user: str | None
    asked: list[tuple[str, str]]  # (user, status) in order


@dataclass(frozen=True)
class LeadersOverview:
    circle: CircleRef
    tz: str | None
    queue: list[QueueEntry]
    history: list[HistoryRow]
