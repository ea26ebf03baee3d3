"""Program events (workshops, talks, AMAs): the event, the circles it invites, and each answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.statuses import EventAnswer, EventAudience, EventRepeat
from bot.db.types import UTCDateTime


class ProgramEvent(Base):
    """One occurrence. A repeating event creates its next occurrence (a new row in the same
    `series_id`) once this one has ended, so every occurrence has its own answers and feedback."""

    __tablename__ = "program_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    series_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the first occurrence's id
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    tz: Mapped[str] = mapped_column(String(64), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    place: Mapped[str] = mapped_column(String(500), nullable=False, default="")  # a room or a link
    host_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    guest_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    guest_title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    guest_org: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    audience: Mapped[str] = mapped_column(String(16), nullable=False, default=EventAudience.WORKSPACE)
    program_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentor_program.id", ondelete="SET NULL"), nullable=True
    )
    # Where the invitation goes for the whole workspace or a program (circles use their own channels).
    channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    repeat: Mapped[str] = mapped_column(String(16), nullable=False, default=EventRepeat.NONE)
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    # Once it has ended: the host's summary and the feedback question went out (and the next one
    # of a series was created); set in the same transaction as those outbox rows.
    followed_up: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Slides or a recording, shared to every invited circle after the event.
    recording_url: Mapped[str] = mapped_column(String(2000), nullable=False, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class EventCircle(Base):
    """A circle an event invites (its channel gets the invitation)."""

    __tablename__ = "event_circle"
    __table_args__ = (UniqueConstraint("event_id", "circle_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("program_event.id", ondelete="CASCADE"), nullable=False, index=True
    )
    circle_id: Mapped[int] = mapped_column(Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False)


class EventRsvp(Base):
    """Someone's answer, their place on the waitlist, whether they came, and their feedback."""

    __tablename__ = "event_rsvp"
    __table_args__ = (UniqueConstraint("event_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("program_event.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answer: Mapped[str] = mapped_column(String(16), nullable=False, default=EventAnswer.GOING)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # Waitlist order: when they asked for a place (kept while they wait).
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    day_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    hour_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # None: unknown; set when the host marks attendance or the person rates the event.
    attended: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    feedback_score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-5
    feedback_comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
