"""Badges earned since the last run, in every workspace, each celebrated once (via the outbox)."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.services import badges, members
from bot.slack.workspaces import TeamGateways
from bot.workflows.badges import enqueue_celebration

log = structlog.get_logger(__name__)


async def run_badges(deps: Deps, gateway: TeamGateways) -> int:
    now = deps.clock.now()
    async with deps.db.read() as session:
        teams = [team_id for team_id, _ in await members.workspaces(session)]
    awarded = 0
    for team_id in teams:
        async with deps.db.session() as session:  # one workspace's awards and their celebrations together
            for award in await badges.award_due(session, team_id, now):
                await enqueue_celebration(session, award, now)
                awarded += 1
    if awarded:
        log.info("badges_awarded", count=awarded)
    await deps.sender(gateway).drain(rounds=2)
    return awarded
