"""Circle meetings: plan occurrences, ask and escalate leaders, announce, remind; all via the outbox."""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendars import ics
from bot.deps import Deps
from bot.services import calendar_feeds, meetings, outbox
from bot.services.meetings import MeetingPost
from bot.slack.workspaces import TeamGateways
from bot.views import meeting_posts
from bot.workflows.rhythm import enqueue_leader_asks

log = structlog.get_logger(__name__)


async def enqueue_calendar_file(session: AsyncSession, post: MeetingPost, thread_key: str, now: datetime) -> int:
    """ "Add to my calendar": the meeting as a single-event file in its post's thread, once."""
    key = f"meeting:{post.meeting_id}:ics"
    if await outbox.exists(session, post.team_id, key):
        return 0
    event = calendar_feeds.meeting_event(post, now)
    await outbox.enqueue(
        session,
        team_id=post.team_id,
        key=key,
        channel=post.circle.channel_id,
        message=outbox.file_payload(
            f"{post.circle.name} {post.starts_at:%Y-%m-%d}.ics",
            "Add to my calendar",
            ics.single([event]),
            alt_text=f"{post.circle.name} meeting, as a calendar file",
        ),
        method="files.upload",
        thread_key=thread_key,
        now=now,
    )
    return 1


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
            await enqueue_calendar_file(session, post, f"meeting:{post.meeting_id}:announce", now)
            queued += 2
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
            # Announced a day before, the file is in that thread; otherwise it comes with the reminder.
            queued += await enqueue_calendar_file(session, post, reminder, now)
        queued += len(asks)
    if queued:
        log.info("meeting_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued
