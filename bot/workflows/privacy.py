"""Data rights from the member's side: see, export, erase, opt out and back in."""

from __future__ import annotations

import json
import uuid

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.services import outbox, privacy
from bot.workflows.home import HomeRefresh


class PrivacyWorkflows:
    def __init__(self, db: Database, sender: OutboxSender, clock: Clock, home: HomeRefresh):
        self.db = db
        self.sender = sender
        self.clock = clock
        self.home = home

    async def counts(self, team_id: str, user_id: str) -> dict[str, int]:
        async with self.db.session() as session:
            return await privacy.counts(session, team_id, user_id)

    async def export(self, team_id: str, user_id: str) -> None:
        """DM the person a JSON file of everything stored about them."""
        now = self.clock.now()
        async with self.db.session() as session:
            data = await privacy.export(session, team_id, user_id)
            content = json.dumps(data, indent=2, ensure_ascii=False).encode()
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"export:{user_id}:{uuid.uuid4().hex}",
                channel=user_id,
                message=outbox.file_payload("my-circles-data.json", "Your Circles data", content),
                method="files.upload",
                now=now,
            )
        await self.sender.deliver_due()

    async def erase(self, team_id: str, user_id: str) -> None:
        async with self.db.session() as session:
            await privacy.erase(session, team_id, user_id)

    async def opt(self, team_id: str, user_id: str, out: bool) -> None:
        async with self.db.session() as session:
            await privacy.set_opt_out(session, team_id, user_id, out, self.clock.now())
            await self.home.queue(session, team_id, [user_id], self.clock.now())  # Home is where one opts back in
        await self.sender.deliver_due()
