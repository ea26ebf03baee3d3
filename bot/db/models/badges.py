"""Badges: the ones admins define (the built-in ones live in code), and each one someone earned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.types import UTCDateTime


class Badge(Base):
    """A badge an admin defined, to award by hand."""

    __tablename__ = "badge"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    key: Mapped[str] = mapped_column(String(40), nullable=False)  # "custom:<slug>"
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    emoji: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class BadgeAward(Base):
    """One badge earned by one person: never twice (the unique key), celebrated once."""

    __tablename__ = "badge_award"
    __table_args__ = (UniqueConstraint("member_id", "badge_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    badge_key: Mapped[str] = mapped_column(String(40), nullable=False)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    awarded_by: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)  # None: earned
    reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # Where it is celebrated: the circle it was earned in (None: the kudos channel).
    circle_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("circle.id", ondelete="SET NULL"), nullable=True)
