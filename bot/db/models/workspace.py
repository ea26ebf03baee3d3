"""Workspaces and the people in them, with the workspace-wide settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.types import UTCDateTime


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
    title: Mapped[str] = mapped_column(String(255), nullable=False, default="", server_default="")  # Slack's title
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
    # When they were last asked to rate their skills (on joining a circle, then every three months).
    skills_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Public recognition (badges celebrated in channels, a mentor's end-of-cycle thanks); off: only a DM.
    public_recognition: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


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
    # The months (1-12) whose first days ask every circle member and pair for an evaluation; [] is off.
    evaluation_months: Mapped[list[int]] = mapped_column(
        JSON, nullable=False, default=lambda: [6, 12], server_default="[6, 12]"
    )
    # Opt-in: where the program's monthly summary (aggregates only, with its chart) is posted.
    leadership_channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    # Icebreaker questions admins added for intros (`/circles icebreaker add …`), after the built-in ones.
    icebreakers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    # Onboarding: hours after joining before the welcome, the buddy pool channel, each buddy's most
    # new hires at once, and the day-0/7/30 texts loaded from YAML (`circles onboarding set`).
    onboarding_delay_hours: Mapped[int] = mapped_column(Integer, nullable=False, default=48, server_default="48")
    buddy_channel_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)
    buddy_load: Mapped[int] = mapped_column(Integer, nullable=False, default=2, server_default="2")
    onboarding_messages: Mapped[dict[str, str]] = mapped_column(JSON, nullable=False, default=dict, server_default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
