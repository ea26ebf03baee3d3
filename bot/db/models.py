"""ORM models. Every table carries `team_id`: no row exists outside a Slack workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    return mapped_column(
        String(SLACK_ID), ForeignKey("team.team_id", ondelete="CASCADE"), nullable=False, index=True
    )


class Team(Base):
    __tablename__ = "team"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


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
