"""Circle meetings: plan occurrences, ask and escalate leaders, announce, remind; all via the outbox."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.services import meetings, outbox
from bot.slack.workspaces import TeamGateways
from bot.views import meeting_posts
from bot.workflows.rhythm import enqueue_leader_asks

log = structlog.get_logger(__name__)


async def run_meetings(deps: Deps, gateway: TeamGateways) -> int:
    """One tick. Every step is recorded on the meeting (and each message under its own key) before
    anything is sent, so a restart or a second process repeats nothing."""
    now = deps.clock.now()
    queued = 0
    async with deps.db.session() as session:
        asks = await meetings.plan_due(session, now)
        asks += await meetings.escalate_due(session, now)
        await enqueue_leader_asks(session, asks, now)
        for post in await meetings.announcements_due(session, now):
            await outbox.enqueue(
                session,
                team_id=post.team_id,
                key=f"meeting:{post.meeting_id}:announce",
                channel=post.circle.channel_id,
                message=meeting_posts.announcement(post),
                now=now,
            )
            queued += 1
        for post in await meetings.reminders_due(session, now):
            reminder = f"meeting:{post.meeting_id}:reminder"
            await outbox.enqueue(
                session,
                team_id=post.team_id,
                key=reminder,
                channel=post.circle.channel_id,
                message=meeting_posts.meeting_reminder(post),
                now=now,
            )
            await outbox.enqueue(
                session,
                team_id=post.team_id,
                key=f"meeting:{post.meeting_id}:notes",
                channel=post.circle.channel_id,
                message=meeting_posts.notes_starter(),
                thread_key=reminder,
                now=now,
            )
            queued += 2
        queued += len(asks)
    if queued:
        log.info("meeting_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued
