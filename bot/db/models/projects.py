"""Projects, stretch assignments and shadowing days that a circle's member or a mentorship pair
proposes, and who volunteered or was chosen. Each chosen person's share is a goal (`Goal.project_id`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, team_fk
from bot.db.statuses import ProjectKind, ProjectStatus
from bot.db.types import UTCDateTime


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    # A circle's project (posted in its channel), or a mentorship pair's (no volunteers).
    circle_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("circle.id", ondelete="CASCADE"), nullable=True, index=True
    )
    pair_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentor_pair.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default=ProjectKind.PROJECT)
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    skills: Mapped[str] = mapped_column(String(500), nullable=False, default="")  # the skills it grows
    length_weeks: Mapped[int] = mapped_column(Integer, nullable=False, default=4)
    seats: Mapped[int] = mapped_column(Integer, nullable=False, default=2)  # how many people
    milestones: Mapped[str] = mapped_column(Text, nullable=False, default="")  # one per line, copied to goals
    proposer_member_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=ProjectStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set with the celebration's outbox row, in one transaction: celebrated once.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ProjectVolunteer(Base):
    __tablename__ = "project_volunteer"
    __table_args__ = (UniqueConstraint("project_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = team_fk()
    project_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("project.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
