"""A pair's 1:1 times from Slack: **Propose times** posts three slots to the pair's DM (each with its
calendar file in the thread), **Pick this** books one, tells the pair, and puts it in both feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendars import ics
from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.services import calendar_feeds, outbox
from bot.services.mentorship import sessions
from bot.services.mentorship.sessions import PairPeople
from bot.views import mentorship as views


class PairSessionWorkflows:
    def __init__(self, db: Database, clock: Clock, sender: OutboxSender):
        self.db = db
        self.clock = clock
        self.sender = sender  # this workspace's messages only

    async def propose(self, team_id: str, user_id: str, pair_id: int) -> list[datetime]:
        now = self.clock.now()
        async with self.db.session() as session:
            people = await sessions.pair_people(session, team_id, user_id, pair_id)
            slots = sessions.slots_for(people, now)
            key = f"mentor:pair:{pair_id}:times:{int(now.timestamp())}:{user_id}"
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=key,
                channel=people.conversation_id,
                message=views.times_proposal(people, slots, user_id),
                now=now,
            )
            for start in slots:
                await _file(session, people, start, key, now)
        await self.sender.drain(rounds=3)  # the proposal, then its files in its thread
        return slots

    async def pick(self, team_id: str, user_id: str, pair_id: int, starts_at: datetime) -> PairPeople:
        now = self.clock.now()
        async with self.db.session() as session:
            people = await sessions.pair_people(session, team_id, user_id, pair_id)
            booked = await sessions.book(session, people, user_id, starts_at, now)
            key = f"mentor:pair:{pair_id}:picked:{booked.id}"
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=key,
                channel=people.conversation_id,
                message=views.time_picked(people, starts_at, user_id),
                now=now,
            )
            await _file(session, people, starts_at, key, now)
        await self.sender.drain(rounds=3)
        return people


async def _file(session: AsyncSession, people: PairPeople, start: datetime, thread_key: str, now: datetime) -> None:
    """One slot's calendar file, in the thread of the message that offers or confirms it."""
    event = calendar_feeds.slot_event(
        people.pair_id, people.team_id, start, sessions.SESSION_MINUTES, people.mentor_tz, now
    )
    await outbox.enqueue(
        session,
        team_id=people.team_id,
        key=f"{thread_key}:ics:{int(start.timestamp())}",
        channel=people.conversation_id,
        message=outbox.file_payload(
            f"Mentorship 1:1 {start:%Y-%m-%d %H%M}.ics", "Add to my calendar", ics.single([event])
        ),
        method="files.upload",
        thread_key=thread_key,
        now=now,
    )
