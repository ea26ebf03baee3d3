"""Keep the member directory (names, time zones, deleted, bots) in step with Slack's users.list."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.services import directory, lifecycle, members
from bot.slack.gateway import SlackGateway
from bot.slack.workspaces import TeamGateways

log = structlog.get_logger(__name__)


async def sync_members(deps: Deps, gateways: TeamGateways) -> int:
    """Every workspace Circles is installed in (one with a bot token), one after the other."""
    synced = 0
    for gateway in await gateways.each_team():
        synced += await sync_team(deps, gateway)
    return synced


async def sync_team(deps: Deps, gateway: SlackGateway) -> int:
    """Page through users.list; each page is written in its own short transaction, never across a call."""
    identity = await gateway.identity()
    async with deps.db.session() as session:
        await members.ensure_team(session, identity.team_id, deps.clock.now(), identity.team_name)
        await lifecycle.mark_installed(session, identity.team_id)  # the token works again: a reinstall
    synced = 0
    async for page in gateway.user_pages():
        async with deps.db.session() as session:
            synced += await directory.apply_profiles(session, identity.team_id, page, deps.clock.now())
    log.info("members_synced", team_id=identity.team_id, count=synced)
    return synced
