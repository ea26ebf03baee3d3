"""What people say and do in their intro group: met, not yet, we skipped; pause intros; come back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import IntroConfig, IntroGroup, IntroGroupMember, IntroParticipant, IntroRound
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member

ANSWERS = ("met", "not_yet", "skipped")


async def _membership(
    session: AsyncSession, team_id: str, user_id: str, group_id: int, now: datetime
) -> tuple[IntroGroupMember, IntroConfig]:
    member_id = await ensure_member(session, team_id, user_id, now)
    row = (
        await session.execute(
            select(IntroGroupMember, IntroConfig)
            .join(IntroGroup, IntroGroup.id == IntroGroupMember.group_id)
            .join(IntroRound, IntroRound.id == IntroGroup.round_id)
            .join(IntroConfig, IntroConfig.id == IntroRound.config_id)
            .where(
                IntroGroupMember.group_id == group_id,
                IntroGroupMember.member_id == member_id,
                IntroGroupMember.team_id == team_id,
            )
        )
    ).first()
    if row is None:
        raise NotFound("That intro group isn't yours.")
    return row[0], row[1]


async def answer(session: AsyncSession, team_id: str, user_id: str, group_id: int, said: str, now: datetime) -> str:
    """Their answer to "Did you meet?" (or "Skip this round"); the intros' channel."""
    if said not in ANSWERS:
        raise InvalidInput("That button is out of date.")
    membership, config = await _membership(session, team_id, user_id, group_id, now)
    membership.answer, membership.answered_at = said, now
    return config.channel_id


async def pause(session: AsyncSession, team_id: str, user_id: str, group_id: int, now: datetime) -> str:
    """No more intros in this group's channel until they come back; the channel."""
    membership, config = await _membership(session, team_id, user_id, group_id, now)
    membership.answer = membership.answer or "skipped"  # telling us counts as an answer
    standing = await session.scalar(
        select(IntroParticipant).where(
            IntroParticipant.config_id == config.id, IntroParticipant.member_id == membership.member_id
        )
    )
    if standing is None:
        standing = IntroParticipant(team_id=team_id, config_id=config.id, member_id=membership.member_id)
        session.add(standing)
    standing.paused_at, standing.ignored_rounds = now, 0
    return config.channel_id


async def resume(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> list[str]:
    """Back in every intros they had paused (or been paused from); their channels."""
    member_id = await ensure_member(session, team_id, user_id, now)
    rows = (
        await session.execute(
            select(IntroParticipant, IntroConfig.channel_id)
            .join(IntroConfig, IntroConfig.id == IntroParticipant.config_id)
            .where(IntroParticipant.member_id == member_id, IntroParticipant.paused_at.is_not(None))
        )
    ).all()
    for standing, _ in rows:
        standing.paused_at, standing.ignored_rounds = None, 0
    return [channel for _, channel in rows]
