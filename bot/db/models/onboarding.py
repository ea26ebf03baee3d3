"""Onboarding: each new hire's welcome, their buddy (if the workspace has a buddy pool), and the
day-7 and day-30 check-ins; each step's time and whether it went out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.types import UTCDateTime


class Onboarding(Base):
    __tablename__ = "onboarding"
    __table_args__ = (UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    welcome_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    buddy_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    conversation_id: Mapped[str | None] = mapped_column(String(SLACK_ID), nullable=True)  # the buddy group DM
    day7_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    day30_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
