"""Learning circles: membership, meeting rhythm, meetings, leader turns, topics, RSVPs, resources."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.statuses import TurnStatus
from bot.db.types import UTCDateTime


class Circle(Base):
    __tablename__ = "circle"
    __table_args__ = (
        UniqueConstraint("team_id", "name_key"),
        Index("ix_circle_team_channel", "team_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    # Case- and space-folded name: the unique key that makes "Rust Club" and "rust  club" one circle.
    name_key: Mapped[str] = mapped_column(String(80), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    guide_key: Mapped[str | None] = mapped_column(String(32), nullable=True)  # adopted starter guide
    digest_weekday: Mapped[int] = mapped_column(Integer, nullable=False, default=4)  # Friday
    digest_minute: Mapped[int] = mapped_column(Integer, nullable=False, default=16 * 60)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    digest_skip_empty: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    next_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    # The channel's name as Slack last told us (creation, `channel_rename`, the hourly reconciliation).
    channel_name: Mapped[str] = mapped_column(String(80), nullable=False, default="", server_default="")
    # Set while the circle's channel is archived: the circle is paused (no meetings, digests or posts).
    channel_archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A digest skipped after downtime: the next one covers from here (it is folded in, not lost).
    digest_missed_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class CircleMembership(Base):
    """One row per person and circle; leaving sets `left_at` so the history stays."""

    __tablename__ = "circle_membership"
    __table_args__ = (UniqueConstraint("circle_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="member")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Turns credited on (re)joining, so a newcomer queues at the end of the current round
    # instead of jumping ahead of everyone who has already led.
    rotation_credit: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class CircleSchedule(Base):
    """A circle's meeting rhythm, in the circle's own time zone."""

    __tablename__ = "circle_schedule"
    __table_args__ = (UniqueConstraint("circle_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    circle_id: Mapped[int] = mapped_column(Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False)
    cadence: Mapped[str] = mapped_column(String(16), nullable=False)  # weekly | biweekly | monthly
    weekday: Mapped[int] = mapped_column(Integer, nullable=False)
    nth: Mapped[int] = mapped_column(Integer, nullable=False, default=1)  # monthly: 1-4, or -1 for the last
    minute_of_day: Mapped[int] = mapped_column(Integer, nullable=False)
    tz: Mapped[str] = mapped_column(String(64), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=60)
    meeting_link: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    lead_days: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    paused: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Calendars' SEQUENCE for the series: raised by every change a calendar shows (time, rhythm,
    # pause, a skipped meeting), so subscribed clients take the new version over the old.
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # When the next meeting enters its leader-picking window (UTC); the tick only looks at due rows.
    next_plan_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Meeting(Base):
    """One occurrence of a circle's meeting, created when it enters the leader-picking window."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("circle_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    meeting_link: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    leader_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    topic_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("topic.id", ondelete="SET NULL"), nullable=True)
    escalated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    announced: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reminded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # `/circle skip`: this occurrence doesn't happen (no leader asked, no posts; calendars drop it).
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # `/circle guest`: a guest speaker leads this one (nobody from the rotation is asked).
    guest_name: Mapped[str] = mapped_column(String(200), nullable=False, default="", server_default="")
    guest_topic: Mapped[str] = mapped_column(String(500), nullable=False, default="", server_default="")
    guest_link: Mapped[str] = mapped_column(String(500), nullable=False, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class LeaderTurn(Base):
    """Someone asked to lead a meeting, and what they answered: the rotation's history."""

    __tablename__ = "leader_turn"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    meeting_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # asked → accepted | skipped | expired | swapped; a swap target is asked with swap_from set.
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=TurnStatus.ASKED)
    swap_from_turn_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Topic(Base):
    """A circle's discussion-guide queue: topics or questions, in order."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    added_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Rsvp(Base):
    __tablename__ = "rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    meeting_id: Mapped[int] = mapped_column(Integer, ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    attending: Mapped[bool] = mapped_column(Boolean, nullable=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Resource(Base):
    """A link shared to a circle: who, when, what, why."""

    __tablename__ = "resource"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=False, index=True
    )
    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    shared_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
