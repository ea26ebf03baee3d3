"""Growth over time: the three-monthly skills question to circle members, the half-yearly evaluation
(and its one reminder), and the opt-in monthly summary to a leadership channel; all via the outbox."""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import TeamSettings
from bot.deps import Deps
from bot.services import evaluations, outbox, outcomes, skills
from bot.slack.workspaces import TeamGateways
from bot.views import evaluations as evaluation_views
from bot.views import outcome_report
from bot.views import skills as skill_views

log = structlog.get_logger(__name__)
SUMMARY_HOUR = 9  # UTC, on the first of the month


async def run_outcomes(deps: Deps, gateway: TeamGateways) -> int:
    """One tick: what is due is marked in the transaction that queues its messages (nothing twice)."""
    now = deps.clock.now()
    queued = 0
    async with deps.db.session() as session:
        for team_id, user_id in await skills.quarterly_due(session, now):
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"skills:quarter:{user_id}:{now:%Y-%m-%d}",
                channel=user_id,
                message=skill_views.quarterly_dm(),
                now=now,
            )
            queued += 1
        for ask in await evaluations.due(session, now):
            await outbox.enqueue(
                session,
                team_id=ask.team_id,
                key=f"evaluation:{ask.evaluation_id}:ask",
                channel=ask.user_id,
                message=evaluation_views.ask_dm(ask.evaluation_id, ask.what),
                now=now,
            )
            queued += 1
        for ask in await evaluations.reminders_due(session, now):
            await outbox.enqueue(
                session,
                team_id=ask.team_id,
                key=f"evaluation:{ask.evaluation_id}:remind",
                channel=ask.user_id,
                message=evaluation_views.ask_dm(ask.evaluation_id, ask.what, reminder=True),
                now=now,
            )
            queued += 1
        queued += await _monthly_summaries(session, now)
    if queued:
        log.info("outcome_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued


async def _monthly_summaries(session: AsyncSession, now: datetime) -> int:
    """On the first of the month, the program's aggregates and chart to each opted-in leadership channel."""
    if now.day != 1 or now.hour < SUMMARY_HOUR:
        return 0
    queued = 0
    for team_id, channel in await session.execute(
        select(TeamSettings.team_id, TeamSettings.leadership_channel_id).where(
            TeamSettings.leadership_channel_id.is_not(None)
        )
    ):
        key = f"summary:{now:%Y-%m}"
        if await outbox.exists(session, team_id, key):
            continue
        found = await outcomes.report(session, team_id, now)
        await outbox.enqueue(
            session, team_id=team_id, key=key, channel=channel, message=outcome_report.monthly_summary(found), now=now
        )
        await outbox.enqueue(
            session,
            team_id=team_id,
            key=f"{key}:chart",
            channel=channel,
            method="files.upload",
            thread_key=key,
            message=outbox.file_payload(
                "circles-engagement.png",
                "Check-in engagement",
                outcome_report.engagement_chart(found),
                alt_text="Weekly check-in engagement",
            ),
            now=now,
        )
        queued += 2
    return queued
