"""What the bot owes Slack and what it has seen: the outbox, missed scheduled work, processed events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import SLACK_ID, Base, team_fk
from bot.db.statuses import OutboxStatus
from bot.db.types import UTCDateTime


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
