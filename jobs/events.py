"""Program events: reminders a day and an hour before (each attendee's local time), and once an
event has ended the host's summary, the attendees' feedback question and a repeating event's next
invitation; all via the outbox, each under its own key."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.services import outbox
from bot.services import program_events as events
from bot.slack.workspaces import TeamGateways
from bot.views.events import messages
from bot.workflows.events import enqueue_invitations

log = structlog.get_logger(__name__)


async def run_events(deps: Deps, gateway: TeamGateways) -> int:
    """One tick. What is due is marked in the same transaction that queues its messages, so a
    restart or a second process repeats nothing."""
    now = deps.clock.now()
    queued = 0
    async with deps.db.session() as session:
        for reminder in await events.reminders_due(session, now):
            await outbox.enqueue(
                session,
                team_id=reminder.team_id,
                key=f"event:{reminder.card.id}:remind:{reminder.stage}:{reminder.user_id}",
                channel=reminder.user_id,
                message=messages.reminder_dm(reminder.card, reminder.tz, reminder.stage),
                now=now,
            )
            queued += 1
        for ended in await events.follow_ups_due(session, now):
            card = ended.card
            if card.host_user_id:
                await outbox.enqueue(
                    session,
                    team_id=card.team_id,
                    key=f"event:{card.id}:summary",
                    channel=card.host_user_id,
                    message=messages.host_summary(card, ended.invited),
                    now=now,
                )
                queued += 1
            for user_id in ended.attendees:
                await outbox.enqueue(
                    session,
                    team_id=card.team_id,
                    key=f"event:{card.id}:feedback:{user_id}",
                    channel=user_id,
                    message=messages.feedback_dm(card),
                    now=now,
                )
                queued += 1
            if ended.next_event_id is not None:
                _, channels = await enqueue_invitations(session, card.team_id, ended.next_event_id, now)
                queued += len(channels)
    if queued:
        log.info("event_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued
