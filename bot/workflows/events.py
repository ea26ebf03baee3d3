"""Program events from Slack: the form, answers and the waitlist, the host's follow-up, feedback."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.statuses import EventAnswer, EventAudience
from bot.delivery.outbox import OutboxSender
from bot.services import members, outbox
from bot.services import program_events as events
from bot.services.program_events import (
    AnswerOutcome,
    AudienceChoices,
    EventCard,
    EventForm,
    FeedbackSummary,
    ListedEvent,
)
from bot.services.program_events.events import get_event
from bot.slack.workspaces import WorkspaceGateway
from bot.views import rhythm_replies
from bot.views.events import messages


class EventWorkflows:
    def __init__(
        self, db: Database, gateway: WorkspaceGateway, clock: Clock, admins: Collection[str], sender: OutboxSender
    ):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.admins = admins
        self.sender = sender  # this workspace's messages only (built on the same gateway)

    async def form(self, team_id: str, user_id: str) -> AudienceChoices:
        """What the form may offer; refuses anyone who may not create events, before it opens."""
        async with self.db.session() as session:
            return await events.require_creator(session, team_id, user_id, self.admins, self.clock.now())

    async def create(self, team_id: str, user_id: str, form: EventForm) -> tuple[EventCard, list[str]]:
        if form.audience != EventAudience.CIRCLES and form.channel_id:
            # The bot joins a public announcements channel first; a private one it isn't in is refused.
            await self.gateway.usable_channel(form.channel_id)
        now = self.clock.now()
        async with self.db.session() as session:
            event_id = await events.create(session, team_id, user_id, form, self.admins, now)
            card, channels = await enqueue_invitations(session, team_id, event_id, now)
            if card.host_user_id and card.host_user_id != user_id:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"event:{event_id}:host",
                    channel=card.host_user_id,
                    message=messages.host_dm(card, user_id),
                    now=now,
                )
        await self.sender.drain(rounds=2)
        return card, channels

    async def answer(self, team_id: str, user_id: str, event_id: int, wanted: EventAnswer) -> tuple[AnswerOutcome, str]:
        now = self.clock.now()
        async with self.db.session() as session:
            outcome = await events.answer(session, team_id, user_id, event_id, wanted, now)
            await enqueue_invitation_updates(session, team_id, event_id, outcome.card, now)
            for promoted in outcome.promoted:
                member = await members.get_member(session, team_id, promoted)
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"event:{event_id}:promoted:{promoted}:{now.timestamp()}",
                    channel=promoted,
                    message=messages.promoted_dm(outcome.card, member.tz if member else "UTC"),
                    now=now,
                )
            reader = await members.get_member(session, team_id, user_id)
        await self.sender.deliver_due()
        return outcome, reader.tz if reader else "UTC"

    async def upcoming(self, team_id: str, user_id: str) -> tuple[list[ListedEvent], str]:
        async with self.db.read() as session:
            reader = await members.get_member(session, team_id, user_id)
            listed = await events.upcoming_for(session, team_id, user_id, self.clock.now())
            return listed, reader.tz if reader else "UTC"

    async def rate(self, team_id: str, user_id: str, event_id: int, score: int) -> str:
        async with self.db.session() as session:
            return await events.rate(session, team_id, user_id, event_id, score, self.clock.now())

    async def comment(self, team_id: str, user_id: str, event_id: int, text: str) -> str:
        async with self.db.session() as session:
            return await events.comment(session, team_id, user_id, event_id, text, self.clock.now())

    async def attendance_form(self, team_id: str, user_id: str, event_id: int) -> tuple[str, list[str]]:
        """The host's "who came" form starts from who came or, before anyone was marked, who said Going."""
        async with self.db.session() as session:
            return await events.attendance_of(session, team_id, user_id, event_id)

    async def mark_attendance(self, team_id: str, user_id: str, event_id: int, present: list[str]) -> tuple[str, int]:
        now = self.clock.now()
        async with self.db.session() as session:
            came = await events.mark_attendance(session, team_id, user_id, event_id, present, now)
            return (await get_event(session, team_id, event_id)).title, came

    async def feedback(self, team_id: str, user_id: str, event_id: int) -> FeedbackSummary:
        async with self.db.session() as session:
            return await events.feedback_summary(session, team_id, user_id, event_id)

    async def share_recording(self, team_id: str, user_id: str, event_id: int, url: str) -> tuple[str, list[str]]:
        now = self.clock.now()
        async with self.db.session() as session:
            event, shared = await events.share_recording(session, team_id, user_id, event_id, url, now)
            for channel in await events.invitation_channels(session, event):
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"event:{event_id}:recording:{channel}:{now.timestamp()}",
                    channel=channel,
                    message=messages.recording_post(event.title, event.recording_url),
                    thread_key=f"event:{event_id}:invite:{channel}",
                    now=now,
                )
            for name, channel, resource in shared:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"resource:{resource.id}",
                    channel=channel,
                    message=rhythm_replies.resource_post(resource, name),
                    now=now,
                )
        await self.sender.drain(rounds=2)
        return event.title, [name for name, _, _ in shared]


async def enqueue_invitations(
    session: AsyncSession, team_id: str, event_id: int, now: datetime
) -> tuple[EventCard, list[str]]:
    """The invitation in each of the audience's channels, once (the key holds the channel)."""
    event = await get_event(session, team_id, event_id)
    card = await events.card(session, event)
    channels = await events.invitation_channels(session, event)
    for channel in channels:
        await outbox.enqueue(
            session,
            team_id=team_id,
            key=f"event:{event_id}:invite:{channel}",
            channel=channel,
            message=messages.invitation(card),
            now=now,
        )
    return card, channels


async def enqueue_invitation_updates(
    session: AsyncSession, team_id: str, event_id: int, card: EventCard, now: datetime
) -> None:
    """Every invitation post shows the new counts: one edit per post, re-armed with the newest
    counts (many answers in a minute coalesce into one edit per channel)."""
    event = await get_event(session, team_id, event_id)
    for channel in await events.invitation_channels(session, event):
        await outbox.enqueue(
            session,
            team_id=team_id,
            key=f"event:{event_id}:invite:{channel}:counts",
            channel=channel,
            message=messages.invitation(card),
            update_key=f"event:{event_id}:invite:{channel}",
            now=now,
            replace=True,
        )
