"""What people say about their own growth: skill self-ratings (and a mentor's, with consent), and
the twice-yearly evaluation of each circle and pair."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, team_fk
from bot.db.types import UTCDateTime


class SkillRating(Base):
    """One rating (1-5) of one skill, by the person themselves or (with their consent) their mentor."""

    __tablename__ = "skill_rating"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    skill: Mapped[str] = mapped_column(String(100), nullable=False)  # as the person wrote it, case-folded
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    # None: the person's own rating; else the mentor who rated them (only with their consent).
    rater_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=True
    )
    checkpoint: Mapped[str] = mapped_column(String(16), nullable=False, default="start")  # start | quarter | mid | end
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Evaluation(Base):
    """The half-yearly evaluation of one circle or pair by one person: asked, reminded, answered."""

    __tablename__ = "evaluation"
    __table_args__ = (UniqueConstraint("member_id", "period", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    period: Mapped[str] = mapped_column(String(7), nullable=False)  # "2026-12": the evaluation month
    subject: Mapped[str] = mapped_column(String(32), nullable=False)  # "circle:<id>" | "pair:<id>"
    circle_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=True)
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentor_pair.id", ondelete="CASCADE"), nullable=True
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    usefulness: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-5
    changed: Mapped[str] = mapped_column(Text, nullable=False, default="")  # what changed for you
    recommend: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    keep_going: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
