"""Publishing App Home, on opening it and whenever the member's data changes."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable

from sqlalchemy import select

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Member
from bot.delivery.outbox import OutboxSender
from bot.services import home, outbox
from bot.views.home import home_view


class HomePublisher:
    def __init__(self, db: Database, sender: OutboxSender, clock: Clock, admins: Collection[str]):
        self.db = db
        self.sender = sender
        self.clock = clock
        self.admins = admins

    async def publish(self, team_id: str, user_id: str) -> None:
        await self._enqueue(team_id, [user_id])
        await self.sender.deliver_due()

    async def refresh(self, team_id: str, user_ids: Iterable[str]) -> None:
        """Re-publish for people who have opened their Home (others see it fresh when they first do)."""
        async with self.db.session() as session:
            visited = list(
                await session.scalars(
                    select(Member.user_id).where(
                        Member.team_id == team_id,
                        Member.user_id.in_(list(user_ids)),
                        Member.home_opened_at.is_not(None),
                    )
                )
            )
        if visited:
            await self._enqueue(team_id, visited)
            await self.sender.deliver_due()

    async def _enqueue(self, team_id: str, user_ids: list[str]) -> None:
        now = self.clock.now()
        async with self.db.session() as session:
            for user_id in user_ids:
                data = await home.gather(session, team_id, user_id, now, self.admins)
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"home:{user_id}:{uuid.uuid4().hex}",  # every publish is wanted; the newest wins
                    channel=user_id,
                    message={"text": "Circles home", "view": home_view(data)},
                    method="views.publish",
                    now=now,
                )
