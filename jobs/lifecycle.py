"""Housekeeping: purge workspaces that removed Circles once their grace is over; forget old event ids."""

from __future__ import annotations

from datetime import timedelta

import structlog

from bot.deps import Deps
from bot.services import events, lifecycle

log = structlog.get_logger(__name__)


async def purge_uninstalled(deps: Deps) -> list[str]:
    async with deps.db.session() as session:
        purged = await lifecycle.purge_due(
            session, deps.clock.now(), timedelta(days=deps.settings.uninstall_grace_days)
        )
        await events.forget_old(session, deps.clock.now())  # retried events come within minutes, not days
    for team_id in purged:
        log.info("workspace_purged", team_id=team_id)
    return purged
