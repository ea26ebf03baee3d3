"""Remembering which Events API deliveries were handled, so a retried event applies once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import ProcessedEvent
from bot.services.members import ensure_team

KEEP = timedelta(days=1)  # Slack retries for minutes, not days


async def first_delivery(session: AsyncSession, team_id: str, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen for the team; False for a retry of it."""
    await ensure_team(session, team_id, now)
    inserted = await session.execute(
        insert_for(session)(ProcessedEvent)
        .values(team_id=team_id, event_id=event_id, received_at=now)
        .on_conflict_do_nothing(index_elements=["team_id", "event_id"])
        .returning(ProcessedEvent.id)
    )
    return inserted.scalar() is not None


async def forget_old(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < now - KEEP))
