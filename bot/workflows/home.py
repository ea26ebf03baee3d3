"""App Home follows the data: a change that Home shows queues the member's republish in the same
transaction as the change (one outbox row per member, `home:<user>`, re-armed by each change), and
the sender delivers it. Nobody has to remember to refresh Home after the fact."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Member
from bot.delivery.outbox import OutboxSender
from bot.services import home, outbox
from bot.views.home import home_view


class HomeRefresh:
    """Queues Home republishes inside the caller's transaction."""

    def __init__(self, admins: Collection[str]):
        self.admins = admins

    async def queue(
        self, session: AsyncSession, team_id: str, user_ids: Iterable[str], now: datetime, *, visited_only: bool = True
    ) -> None:
        """Republish for these people: by default only those who have opened Home (others see it fresh
        when they first do). The view is rendered now, from this transaction's data; a later change
        before it is sent replaces it (the same key), so the newest state wins and nothing piles up."""
        wanted = list(dict.fromkeys(user_ids))
        if visited_only:
            wanted = list(
                await session.scalars(
                    select(Member.user_id).where(
                        Member.team_id == team_id, Member.user_id.in_(wanted), Member.home_opened_at.is_not(None)
                    )
                )
            )
        for user_id in wanted:
            data = await home.gather(session, team_id, user_id, now, self.admins)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"home:{user_id}",
                channel=user_id,
                message={"text": "Circles home", "view": home_view(data)},
                method="views.publish",
                now=now,
                replace=True,
            )


class HomePublisher:
    """Publishing Home when someone opens it."""

    def __init__(self, db: Database, sender: OutboxSender, clock: Clock, refresh: HomeRefresh):
        self.db = db
        self.sender = sender
        self.clock = clock
        self.refresh = refresh

    async def publish(self, team_id: str, user_id: str) -> None:
        async with self.db.session() as session:
            await self.refresh.queue(session, team_id, [user_id], self.clock.now(), visited_only=False)
        await self.sender.deliver_due()
