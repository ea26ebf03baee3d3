"""Badges from Slack: see them, keep them quiet, and (admins) define and give them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.services import badges, outbox, team_settings
from bot.services.badges import Award
from bot.views import badges as views


class BadgeWorkflows:
    def __init__(self, db: Database, clock: Clock, admins: Collection[str], sender: OutboxSender):
        self.db = db
        self.clock = clock
        self.admins = admins
        self.sender = sender

    async def of(self, team_id: str, user_id: str) -> list[tuple[str, str, str, datetime]]:
        async with self.db.read() as session:
            return await badges.badges_of(session, team_id, user_id)

    async def set_public(self, team_id: str, user_id: str, public: bool) -> None:
        async with self.db.session() as session:
            await badges.set_public(session, team_id, user_id, public, self.clock.now())

    async def require_admin(self, team_id: str, user_id: str, action: str) -> list[tuple[str, str, str]]:
        """Before an admin form opens: who may (and, for giving, the badges there are to give)."""
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, action)
            return await badges.custom_badges(session, team_id)

    async def define(self, team_id: str, user_id: str, name: str, emoji: str, description: str) -> None:
        async with self.db.session() as session:
            await badges.define(session, team_id, user_id, name, emoji, description, self.admins, self.clock.now())

    async def give(self, team_id: str, user_id: str, badge_key: str, to: str, reason: str) -> Award:
        now = self.clock.now()
        async with self.db.session() as session:
            award = await badges.give(session, team_id, user_id, badge_key, to, reason, self.admins, now)
            await enqueue_celebration(session, award, now)
        await self.sender.deliver_due()
        return award


async def enqueue_celebration(session: AsyncSession, award: Award, now: datetime) -> None:
    """Once (the key holds the person and the badge): in the channel, or by DM to who keeps it quiet."""
    public = award.public and award.channel
    await outbox.enqueue(
        session,
        team_id=award.team_id,
        key=f"badge:{award.user_id}:{award.key}",
        channel=award.channel if public else award.user_id,  # type: ignore[arg-type]
        message=views.celebration(award) if public else views.earned_dm(award),
        now=now,
    )
