"""What program events hand to views: plain data, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.db.statuses import EventAnswer


@dataclass(frozen=True)
class EventCard:
    """An event as its invitation, reminders and lists show it."""

    id: int
    team_id: str
    title: str
    description: str
    starts_at: datetime  # UTC
    tz: str  # the organiser's zone, for channel posts' fallback text
    duration_minutes: int
    place: str
    host_user_id: str | None
    guest_name: str
    guest_title: str
    guest_org: str
    capacity: int | None
    repeat: str
    audience: str  # a phrase: "everyone", "Rust, Go", "Spring mentoring"
    going: int = 0
    maybe: int = 0
    waitlisted: int = 0
    declined: int = 0
    cancelled: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.going >= self.capacity

    @property
    def guest_line(self) -> str:
        """`Dr. Ada Byron, Principal Engineer at Analytical Engines`."""
        if not self.guest_name:
            return ""
        role = " at ".join(part for part in (self.guest_title, self.guest_org) if part)
        return f"{self.guest_name}, {role}" if role else self.guest_name


@dataclass(frozen=True)
class AnswerOutcome:
    card: EventCard
    answer: EventAnswer
    position: int | None = None  # on the waitlist, 1-based
    promoted: list[str] = field(default_factory=list)  # user ids moved from the waitlist to Going


@dataclass(frozen=True)
class ListedEvent:
    """One line of `/circles events`: the event and the reader's own answer."""

    card: EventCard
    answer: EventAnswer | None
    position: int | None = None


@dataclass(frozen=True)
class AudienceChoices:
    """What the creator may invite: every circle for admins, their own circles for organisers."""

    is_admin: bool
    circles: list[tuple[int, str]]  # (id, name)
    programs: list[tuple[int, str]]
    tz: str  # the creator's, the form's default


@dataclass(frozen=True)
class Reminder:
    team_id: str
    rsvp_id: int
    user_id: str
    tz: str
    stage: str  # "day" | "hour"
    card: EventCard


@dataclass(frozen=True)
class FollowUp:
    """An event that has just ended: who hears what, and its next occurrence if it repeats."""

    card: EventCard
    invited: int
    attendees: list[str]  # Going: each gets the feedback question
    next_event_id: int | None = None


@dataclass(frozen=True)
class FeedbackSummary:
    title: str
    answers: int
    average: float | None  # None below five answers
    distribution: dict[int, int] = field(default_factory=dict)  # empty below five answers
    comments: list[str] = field(default_factory=list)  # no names, and none below five answers
    attended: int | None = None  # None below five people
