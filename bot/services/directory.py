"""Applying Slack's view of people (sync job and profile events) and what follows from changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.services import checkins, members
from bot.services.members import MemberProfile


async def apply_profiles(session: AsyncSession, team_id: str, profiles: Sequence[MemberProfile], now: datetime) -> int:
    """Upsert the profiles; members whose time zone or reachability changed get their prompts moved."""
    if not profiles:
        return 0
    known = {
        row.user_id: (row.tz, row.is_deleted, row.is_bot)
        for row in (
            await session.execute(
                select(Member.user_id, Member.tz, Member.is_deleted, Member.is_bot).where(
                    Member.team_id == team_id, Member.user_id.in_([p.user_id for p in profiles])
                )
            )
        ).all()
    }
    count = await members.upsert_profiles(session, team_id, profiles, now)
    for profile in profiles:
        before = known.get(profile.user_id)
        if before is not None and before != (profile.tz, profile.is_deleted, profile.is_bot):
            await checkins.reschedule_member(session, team_id, profile.user_id, now)
    return count
