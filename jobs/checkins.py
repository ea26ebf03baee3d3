"""Check-in prompts and reminders: find what is due in the database, enqueue it, deliver it."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.services import checkins, outbox
from bot.slack.workspaces import TeamGateways
from bot.views.checkin_prompt import prompt_message

log = structlog.get_logger(__name__)


async def run_checkins(deps: Deps, gateway: TeamGateways) -> int:
    """One tick: open due periods and due reminders, each recorded under its unique key, then send.

    Safe to run twice or from two processes: a period exists once per member and day, and an
    outbox key once per team.
    """
    now = deps.clock.now()
    async with deps.db.session() as session:
        due = await checkins.open_due_periods(session, now)
        due += await checkins.due_reminders(session, now)
        for prompt in due:
            await outbox.enqueue(
                session,
                team_id=prompt.team_id,
                key=prompt.key,
                channel=prompt.user_id,
                message=prompt_message(prompt),
                now=now,
            )
    if due:
        log.info("checkins_queued", count=len(due))
    await deps.sender(gateway).deliver_due()
    return len(due)
