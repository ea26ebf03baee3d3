"""Calendars: each member's private feed address, and the mentorship sessions a pair put on theirs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, team_fk
from bot.db.types import UTCDateTime


class CalendarFeed(Base):
    """A member's feed token (`GET /calendar/<token>.ics`). A new link revokes the old row; the
    token is the address's secret, so it is unique across every workspace."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PairSession(Base):
    """A mentorship pair's next 1:1, once one of them picked a proposed slot."""

    __tablename__ = "pair_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("mentor_pair.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    chosen_by: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
