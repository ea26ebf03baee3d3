"""A workspace removing Circles (uninstall, revoked tokens): stop at once, forget its tokens."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.clock import Clock
from bot.db.engine import Database
from bot.services import lifecycle


class LifecycleWorkflows:
    def __init__(self, db: Database, clock: Clock, installations: AsyncInstallationStore | None = None):
        self.db = db
        self.clock = clock
        self.installations = installations

    async def removed(self, team_id: str) -> None:
        """Nothing more is sent there; data is purged after UNINSTALL_GRACE_DAYS; tokens go now."""
        async with self.db.session() as session:
            await lifecycle.mark_uninstalled(session, team_id, self.clock.now())
        if self.installations is not None:
            await self.installations.async_delete_installation(enterprise_id=None, team_id=team_id)
            await self.installations.async_delete_bot(enterprise_id=None, team_id=team_id)
