"""Introductions: a channel's rhythm of small groups meeting colleagues, each round, its groups and
who answered "Did you meet?", and each participant's pause, skip and ignored rounds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.types import UTCDateTime


class IntroConfig(Base):
    """Intros for one channel (or a circle's channel): how often, how many per group, on what day."""

    __tablename__ = "intro_config"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    circle_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=True)
    cadence: Mapped[str] = mapped_column(String(16), nullable=False, default="biweekly")  # weekly|biweekly|monthly
    weekday: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # Monday = 0
    group_size: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    cross_team: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    no_repeat_rounds: Mapped[int] = mapped_column(Integer, nullable=False, default=6)
    tz: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")  # rounds start 10:00 here
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    next_round_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class IntroRound(Base):
    __tablename__ = "intro_round"
    __table_args__ = (UniqueConstraint("config_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    config_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("intro_config.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    checkin_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)  # "Did you meet?"
    checked_in: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # ignored rounds counted


class IntroGroup(Base):
    __tablename__ = "intro_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("intro_round.id", ondelete="CASCADE"), nullable=False, index=True
    )
    icebreaker: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The group DM, once opened (a group without one is opened by the next tick).
    conversation_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)


class IntroGroupMember(Base):
    __tablename__ = "intro_group_member"
    __table_args__ = (UniqueConstraint("group_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    group_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("intro_group.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    answer: Mapped[str | None] = mapped_column(String(16), nullable=True)  # met | not_yet | skipped
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class IntroParticipant(Base):
    """A member's standing in one channel's intros: paused, skipping the next round, rounds ignored."""

    __tablename__ = "intro_participant"
    __table_args__ = (UniqueConstraint("config_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    config_id: Mapped[int] = mapped_column(Integer, ForeignKey("intro_config.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    skip_round: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the round number they skip
    ignored_rounds: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # in a row
