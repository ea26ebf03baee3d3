"""Enqueueing messages: a row per message, written in the transaction of the state that caused it.

The key is unique per team, so running the same scheduled work twice (a restart, a second process)
cannot enqueue the same message twice. `bot.delivery.outbox.OutboxSender` sends the rows.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import Outbox
from bot.db.statuses import OutboxStatus
from bot.services import grace


async def enqueue(
    session: AsyncSession,
    *,
    team_id: str,
    key: str,
    channel: str,
    message: dict[str, Any],
    now: datetime,
    not_before: datetime | None = None,
    thread_key: str | None = None,
    thread_ts: str | None = None,
    update_key: str | None = None,
    method: str | None = None,
    replace: bool = False,
) -> None:
    """Add a message to send (or, with `update_key`, an edit of an earlier one); a repeated key is a no-op.

    A reply names its thread by `thread_key` (another outbox row's message) or `thread_ts` (a message
    that isn't ours, e.g. the one a kudos thanks for).

    With `replace`, a row under the same key is re-armed with this payload (to be sent again, as a
    new message): for what converges, like a Home view, where only the newest matters.
    """
    payload = dict(message) | ({"thread_ts": thread_ts} if thread_ts else {})
    row = {
        "team_id": team_id,
        "key": key,
        "method": method or ("chat.update" if update_key else "chat.postMessage"),
        "channel": channel,
        "payload": payload,
        "thread_key": thread_key,
        "update_key": update_key,
        "status": "pending",
        "attempts": 0,
        "not_before": not_before or now,
        "created_at": now,
    }
    insert = insert_for(session)(Outbox).values(row)
    if replace:
        again = {"payload": payload, "status": "pending", "attempts": 0, "not_before": row["not_before"]}
        await session.execute(
            insert.on_conflict_do_update(
                index_elements=["team_id", "key"],
                set_=again | {"last_error": None, "unconfirmed_since": None, "created_at": now},
            )
        )
        return
    await session.execute(insert.on_conflict_do_nothing(index_elements=["team_id", "key"]))


async def exists(session: AsyncSession, team_id: str, key: str) -> bool:
    return (await session.scalar(select(Outbox.id).where(Outbox.team_id == team_id, Outbox.key == key))) is not None


def file_payload(filename: str, title: str, content: bytes, alt_text: str = "") -> dict[str, Any]:
    """An outbox payload for `method="files.upload"` (the bytes travel base64-encoded in the row)."""
    return {
        "text": title,
        "filename": filename,
        "title": title,
        "alt_text": alt_text,
        "content_b64": base64.b64encode(content).decode(),
    }


@dataclass(frozen=True)
class FailedDelivery:
    method: str
    channel: str
    error: str
    created_at: datetime


@dataclass(frozen=True)
class DeliveryHealth:
    by_status: dict[str, int]  # over the window
    failures: list[FailedDelivery]  # newest first
    oldest_pending: datetime | None
    missed: dict[str, int] = field(default_factory=dict)  # scheduled work skipped as too late, by kind


async def health(session: AsyncSession, team_id: str, now: datetime, days: int = 7, shown: int = 10) -> DeliveryHealth:
    """What the outbox did for a workspace lately: counts by status and the latest failures with Slack's reason."""
    since = now - timedelta(days=days)
    counts = await session.execute(
        select(Outbox.status, func.count())
        .where(Outbox.team_id == team_id, Outbox.created_at >= since)
        .group_by(Outbox.status)
    )
    failed = await session.execute(
        select(Outbox.method, Outbox.channel, Outbox.last_error, Outbox.created_at)
        .where(Outbox.team_id == team_id, Outbox.status == OutboxStatus.FAILED, Outbox.created_at >= since)
        .order_by(Outbox.created_at.desc(), Outbox.id.desc())
        .limit(shown)
    )
    oldest = await session.scalar(
        select(func.min(Outbox.created_at)).where(
            Outbox.team_id == team_id, Outbox.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
        )
    )
    return DeliveryHealth(
        by_status={status: int(count) for status, count in counts.all()},
        failures=[FailedDelivery(m, c, e or "unknown", at) for m, c, e, at in failed.all()],
        oldest_pending=oldest,
        missed=await grace.missed_since(session, team_id, since),
    )
