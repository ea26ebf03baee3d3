"""Keeping the member directory current from Slack's events (`team_join`, `user_change`)."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.engine import Database
from bot.services import directory, events
from bot.services.members import MemberProfile


class DirectoryWorkflows:
    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    async def profile_changed(self, team_id: str, profile: MemberProfile) -> None:
        async with self.db.session() as session:
            await directory.apply_profiles(session, team_id, [profile], self.clock.now())

    async def first_delivery(self, team_id: str, event_id: str) -> bool:
        """False for an Events API delivery already handled (Slack retries until it hears 200)."""
        async with self.db.session() as session:
            return await events.first_delivery(session, team_id, event_id, self.clock.now())
