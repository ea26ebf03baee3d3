"""Every hour: each circle against its channel's members, for the membership events Slack didn't deliver."""

from __future__ import annotations

from bot.deps import Deps
from bot.slack.workspaces import TeamGateways


async def reconcile_circle_channels(deps: Deps, gateways: TeamGateways) -> int:
    changed = 0
    flows = deps.circle_channels()
    for gateway in await gateways.each_team():
        added, removed = await flows.reconcile(gateway)
        changed += added + removed
    return changed
