"""Sends whatever the outbox holds that is due (retries, and anything a tick didn't finish)."""

from __future__ import annotations

from bot.delivery.outbox import DeliveryReport
from bot.deps import Deps
from bot.slack.workspaces import TeamGateways


async def deliver(deps: Deps, gateway: TeamGateways) -> DeliveryReport:
    return await deps.sender(gateway).deliver_due()
