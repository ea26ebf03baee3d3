"""Enqueueing messages: a row per message, written in the transaction of the state that caused it.

The key is unique per team, so running the same scheduled work twice (a restart, a second process)
cannot enqueue the same message twice. `bot.delivery.outbox.OutboxSender` sends the rows.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import Outbox


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
    update_key: str | None = None,
    method: str | None = None,
) -> None:
    """Add a message to send (or, with `update_key`, an edit of an earlier one); a repeated key is a no-op."""
    row = {
        "team_id": team_id,
        "key": key,
        "method": method or ("chat.update" if update_key else "chat.postMessage"),
        "channel": channel,
        "payload": dict(message),
        "thread_key": thread_key,
        "update_key": update_key,
        "status": "pending",
        "attempts": 0,
        "not_before": not_before or now,
        "created_at": now,
    }
    await session.execute(
        insert_for(session)(Outbox).values(row).on_conflict_do_nothing(index_elements=["team_id", "key"])
    )


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
