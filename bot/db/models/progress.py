"""Goals and their updates, check-in schedules and check-ins, kudos."""

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

from bot.db.models.base import Base, team_fk
from bot.db.statuses import CheckinStatus, GoalStatus
from bot.db.types import UTCDateTime


class Goal(Base):
    """A member's learning goal. `number` is the member's own stable handle (`/goal done 3`)."""

    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("member_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    why: Mapped[str] = mapped_column(Text, nullable=False, default="")
    measure: Mapped[str] = mapped_column(Text, nullable=False, default="")
    milestones: Mapped[str] = mapped_column(Text, nullable=False, default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    circle_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="SET NULL"), nullable=True, index=True
    )
    visibility: Mapped[str] = mapped_column(String(16), nullable=False, default="private")
    # A chosen person's share of a project, stretch assignment or shadowing day (its milestones copied).
    project_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("project.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=GoalStatus.OPEN)
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class GoalUpdate(Base):
    """A note or progress change on a goal, from `/goal update` or a check-in."""

    __tablename__ = "goal_update"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    goal_id: Mapped[int] = mapped_column(Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False, index=True)
    checkin_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("checkin.id", ondelete="CASCADE"), nullable=True, index=True
    )
    progress: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Who wrote the note: None for the goal's owner; their mentor for a comment on a 'my mentor' goal.
    author_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class CheckinSchedule(Base):
    """When a member is asked to check in, in their own time zone, and what stops it."""

    __tablename__ = "checkin_schedule"
    __table_args__ = (UniqueConstraint("member_id"), Index("ix_checkin_schedule_due", "next_prompt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    cadence: Mapped[str] = mapped_column(String(16), nullable=False, default="weekly")
    weekday: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # Monday = 0
    minute_of_day: Mapped[int] = mapped_column(Integer, nullable=False, default=600)  # 10:00
    quiet_start: Mapped[int | None] = mapped_column(Integer, nullable=True)  # minute of day
    quiet_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reminder_delay_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=240)
    anchor_date: Mapped[date] = mapped_column(Date, nullable=False)  # fortnightly cadence counts from here
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_prompt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    undeliverable_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Checkin(Base):
    """One period's check-in: prompted, then answered, skipped or missed."""

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("member_id", "period_date"), Index("ix_checkin_status", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    period_date: Mapped[date] = mapped_column(Date, nullable=False)  # local date of the scheduled prompt
    scheduled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=CheckinStatus.PROMPTED)
    prompted_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reminders_sent: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    learned: Mapped[str] = mapped_column(Text, nullable=False, default="")
    blockers: Mapped[str] = mapped_column(Text, nullable=False, default="")
    confidence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shareable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    skip_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Kudos(Base):
    """Thanks from one person to another (one row per receiver)."""

    __tablename__ = "kudos"
    __table_args__ = (
        UniqueConstraint("team_id", "source_ref", "receiver_member_id"),
        Index("ix_kudos_giver_time", "giver_member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    giver_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    receiver_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    circle_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # command | shortcut | reaction
    source_ref: Mapped[str] = mapped_column(String(200), nullable=False)  # one kudos per giving act
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
