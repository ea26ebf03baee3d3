"""ORM models. Every table carries `team_id`: no row exists outside a Slack workspace."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db import oauth_tables
from bot.db.statuses import CheckinStatus, GoalStatus, OutboxStatus, PairState, ProgramStatus, TurnStatus
from bot.db.types import UTCDateTime

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SLACK_ID = 32  # Slack ids (T…, U…, C…) are short; 32 leaves room for enterprise-grid forms.


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def team_fk() -> Mapped[str]:
    return mapped_column(String(SLACK_ID), ForeignKey("team.team_id", ondelete="CASCADE"), nullable=False, index=True)


class Team(Base):
    __tablename__ = "team"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # Set by app_uninstalled / tokens_revoked: nothing is posted from then on; data is purged after a grace period.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Member(Base):
    """A person in the workspace as Slack last described them (kept in sync by a job and events)."""

    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    display_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    real_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    tz: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")
    tz_offset: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_bot: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_owner: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status_text: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    status_emoji: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    status_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # None: never
    away_until: Mapped[date | None] = mapped_column(Date, nullable=True)  # set with `/circle away`
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # `/circles opt-out`
    home_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # first App Home visit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


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


class Outbox(Base):
    """Every message the bot sends on its own: written with the state that caused it, sent once.

    `key` is unique per team, so a second scheduler run or a restart cannot enqueue the same post
    twice; `thread_key` names the row whose message this one replies to.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("team_id", "key"), Index("ix_outbox_pending", "status", "not_before"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    method: Mapped[str] = mapped_column(String(32), nullable=False, default="chat.postMessage")
    channel: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    payload: Mapped[dict[str, object]] = mapped_column(JSON, nullable=False)
    thread_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    update_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    last_error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sent_channel: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    sent_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set when a send may have reached Slack without our knowing (a crash, a lost answer): the next
    # attempt first looks for the message in the conversation instead of posting blindly.
    unconfirmed_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


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


class TeamSettings(Base):
    """Workspace-wide settings an admin changes with `/circles`."""

    __tablename__ = "team_settings"

    team_id: Mapped[str] = mapped_column(
        String(SLACK_ID), ForeignKey("team.team_id", ondelete="CASCADE"), primary_key=True
    )
    company_values: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    kudos_channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    kudos_in_circle: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    kudos_daily_limit: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    kudos_reaction: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kudos_digest_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


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


class MentorProfile(Base):
    """What someone offers and wants from mentoring, and their rules for being matched."""

    __tablename__ = "mentor_profile"
    __table_args__ = (UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="mentee")  # mentor | mentee | both
    interests: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    skills_offered: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    skills_wanted: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    career_track: Mapped[str] = mapped_column(String(32), nullable=False, default="other")
    department: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    seniority: Mapped[int] = mapped_column(Integer, nullable=False, default=2)  # 1 junior .. 5 executive
    capacity: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    reverse_ok: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    department_preference: Mapped[str] = mapped_column(String(8), nullable=False, default="any")  # any | same | other
    avoid_user_ids: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    manager_user_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class MentorProgram(Base):
    """A mentorship cycle: enrolment until the deadline, matching, then pairs meeting on a cadence."""

    __tablename__ = "mentor_program"
    __table_args__ = (UniqueConstraint("team_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    goals: Mapped[str] = mapped_column(Text, nullable=False, default="")
    length_months: Mapped[int] = mapped_column(Integer, nullable=False, default=6)
    cadence_days: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    enrolment_deadline: Mapped[date] = mapped_column(Date, nullable=False)
    channel_ids: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    invited_user_ids: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default=ProgramStatus.ENROLLING
    )  # → proposed → active → ended
    admin_user_id: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ProgramEnrolment(Base):
    __tablename__ = "program_enrolment"
    __table_args__ = (UniqueConstraint("program_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    program_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("mentor_program.id", ondelete="CASCADE"), nullable=False
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class MentorPair(Base):
    __tablename__ = "mentor_pair"
    __table_args__ = (UniqueConstraint("program_id", "mentor_member_id", "mentee_member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    program_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("mentor_program.id", ondelete="CASCADE"), nullable=False, index=True
    )
    mentor_member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    mentee_member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    score: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default=PairState.PROPOSED
    )  # locked | broken | active
    conversation_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    missed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_met_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    next_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class SurveyResponse(Base):
    """Mid-cycle and end-of-cycle feedback; individual answers are shown only to their author."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("program_id", "member_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    program_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("mentor_program.id", ondelete="CASCADE"), nullable=False
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # mid | end
    role: Mapped[str] = mapped_column(String(8), nullable=False, default="mentee")  # mentor | mentee
    answers: Mapped[dict[str, object]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class MissedWork(Base):
    """Scheduled work skipped because it came up more than the grace window late (the bot was down).

    One row per piece of work (`kind`, `ref` as its outbox key would name it): recorded once, never
    sent later; admins see the counts in `/circles deliveries`.
    """

    __tablename__ = "missed_work"
    __table_args__ = (UniqueConstraint("team_id", "kind", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    ref: Mapped[str] = mapped_column(String(200), nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class ProcessedEvent(Base):
    """Events API deliveries already handled: Slack retries an event it thinks we missed (X-Slack-Retry-Num)."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("team_id", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    event_id: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)


# slack_sdk's OAuth installation, bot and state tables (only used with SLACK_CLIENT_ID/SECRET). Rows
# of the first two carry the team_id of the workspace they authorise; state rows exist for the
# minutes between "Add to Slack" and Slack's redirect, before any workspace is known.
SLACK_INSTALLATIONS, SLACK_BOTS, SLACK_OAUTH_STATES = oauth_tables.declare(Base.metadata)
