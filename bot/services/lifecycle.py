"""A workspace removing Circles: stop at once, purge after a grace period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Team
from bot.services.members import ensure_team


async def mark_uninstalled(session: AsyncSession, team_id: str, now: datetime) -> None:
    await ensure_team(session, team_id, now)
    await session.execute(
        update(Team).where(Team.team_id == team_id, Team.uninstalled_at.is_(None)).values(uninstalled_at=now)
    )


async def mark_installed(session: AsyncSession, team_id: str) -> None:
    await session.execute(update(Team).where(Team.team_id == team_id).values(uninstalled_at=None))


async def purge_due(session: AsyncSession, now: datetime, grace: timedelta) -> list[str]:
    """Delete every row of workspaces uninstalled longer than `grace` ago (all tables cascade from team)."""
    teams = list(
        await session.scalars(
            select(Team.team_id).where(Team.uninstalled_at.is_not(None), Team.uninstalled_at <= now - grace)
        )
    )
    if teams:
        await session.execute(delete(Team).where(Team.team_id.in_(teams)))
    return teams
