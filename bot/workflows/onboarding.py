"""Onboarding from Slack: a new member joins (the welcome is scheduled once), an admin welcomes
people who joined before Circles was installed."""

from __future__ import annotations

from collections.abc import Collection

from bot.clock import Clock
from bot.db.engine import Database
from bot.services import onboarding, team_settings


class OnboardingWorkflows:
    def __init__(self, db: Database, clock: Clock, admins: Collection[str]):
        self.db = db
        self.clock = clock
        self.admins = admins

    async def joined(self, team_id: str, user_id: str) -> bool:
        async with self.db.session() as session:
            return await onboarding.enrol(session, team_id, user_id, self.clock.now())

    async def welcome(self, team_id: str, user_id: str, people: list[str]) -> int:
        """(Admins) schedule the welcome for people Slack can't tell us are new (it doesn't say when an
        account was made); each is welcomed once, whoever asks again."""
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "welcome people to Circles")
            added = 0
            for person in people:
                added += await onboarding.enrol(session, team_id, person, self.clock.now())
            return added
