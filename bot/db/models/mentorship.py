"""Mentorship: profiles, programs (cycles), enrolment, pairs, survey answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.statuses import PairState, ProgramStatus
from bot.db.types import UTCDateTime


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
    # The mentee's consent: their mentor may add a rating of the skills they want to grow.
    mentor_may_rate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
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
    # A guide per 1:1 (the nth nudge carries the nth; the last repeats), and the guide mentors get when
    # the cycle is published; empty: the defaults. An optional channel the bot invites the mentors to.
    session_guides: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    mentor_guide: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    mentors_channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # the end-of-cycle thanks


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
    # The pair's agreement: shared goals, how often and how they meet, what success looks like.
    agreement: Mapped[dict[str, object]] = mapped_column(JSON, nullable=False, default=dict, server_default="{}")
    agreed_by: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # 1:1s the pair said they held (answers "We met" to a nudge): the outcome report's meetings per pair.
    meetings_held: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
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
