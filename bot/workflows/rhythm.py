"""A circle's rhythm from the members' side: schedule, leaders, away, topics, resources, RSVPs."""

from __future__ import annotations

from datetime import date, datetime

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.errors import InvalidInput
from bot.services import circles, meetings, members, outbox, resources, topics
from bot.services.circles import CircleSummary
from bot.services.dates import parse_date
from bot.services.meetings import Accepted, LeaderAsk, LeadersOverview, RsvpCounts, ScheduleForm
from bot.services.resources import SharedResource
from bot.services.schedule import local_date
from bot.slack.workspaces import WorkspaceGateway
from bot.views import calendar as calendar_views
from bot.views import meeting_posts, rhythm_replies
from bot.views.schedule_modal import Defaults


class RhythmWorkflows:
    def __init__(self, db: Database, gateway: WorkspaceGateway, clock: Clock, sender: OutboxSender):
        self.db = db
        self.clock = clock
        self.sender = sender  # this workspace's messages only (built on the same gateway)

    async def viewer_tz(self, team_id: str, user_id: str) -> str:
        async with self.db.session() as session:
            member = await members.get_member(session, team_id, user_id)
            return member.tz if member else "UTC"

    async def schedule_form(self, team_id: str, user_id: str, name: str) -> tuple[CircleSummary, Defaults]:
        """The circle and what its schedule form starts from: the saved rhythm (starting no earlier
        than today), or the defaults in the reader's time zone."""
        now = self.clock.now()
        async with self.db.session() as session:
            circle = await circles.get_circle(session, team_id, name, user_id)
            current = await meetings.get_schedule(session, team_id, circle.id)
            if current is None:
                reader = await members.get_member(session, team_id, user_id)
                tz = reader.tz if reader else "UTC"
                return circle, Defaults(tz=tz, start_date=local_date(now, tz))
            return circle, Defaults(
                cadence=current.cadence,
                weekday=current.weekday,
                nth=current.nth,
                minute_of_day=current.minute_of_day,
                tz=current.tz,
                duration_minutes=current.duration_minutes,
                meeting_link=current.meeting_link,
                start_date=max(current.start_date, local_date(now, current.tz)),
                lead_days=current.lead_days,
                paused=current.paused,
            )

    async def save_schedule(
        self, team_id: str, user_id: str, circle_id: int, form: ScheduleForm
    ) -> tuple[CircleSummary, meetings.ScheduleSummary, list[datetime]]:
        now = self.clock.now()
        async with self.db.session() as session:
            circle = await circles.get_circle_by_id(session, team_id, circle_id, user_id)
            before = await meetings.get_schedule(session, team_id, circle_id)
            version = before.sequence if before else None
            schedule = await meetings.set_schedule(session, team_id, circle_id, form, now)
            upcoming = [] if schedule.paused else meetings.upcoming_meetings(schedule, now, 3)
            summary = meetings.summary_of(schedule)
            if version is not None and schedule.sequence != version:
                # One note per change; calendars subscribed to the circle follow by themselves.
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"schedule-changed:{circle_id}:{schedule.sequence}",
                    channel=circle.channel_id,
                    message=calendar_views.schedule_changed_note(circle.name, summary.description),
                    now=now,
                )
        await self.sender.deliver_due()
        return circle, summary, upcoming

    async def guest_form(
        self, team_id: str, user_id: str, name: str, day_text: str
    ) -> tuple[CircleSummary, date, datetime, str]:
        """Which meeting gets a guest, checked before the form opens: (circle, day, start, zone)."""
        now = self.clock.now()
        async with self.db.read() as session:
            circle = await circles.get_circle(session, team_id, name, user_id)
            schedule = await meetings.get_schedule(session, team_id, circle.id)
            tz = schedule.tz if schedule else "UTC"
            day = parse_date(day_text, local_date(now, tz), field="date")
            _, starts = await meetings.guest_slot(session, team_id, circle.id, user_id, day, now)
            return circle, day, starts, tz

    async def save_guest(
        self, team_id: str, user_id: str, circle_id: int, day: date, form: meetings.GuestForm
    ) -> tuple[CircleSummary, datetime, str]:
        """The guest takes that meeting; an announcement already out is corrected to present them."""
        now = self.clock.now()
        async with self.db.session() as session:
            circle = await circles.get_circle_by_id(session, team_id, circle_id, user_id)
            meeting = await meetings.set_guest(session, team_id, circle_id, user_id, day, form, now)
            post = await meetings.post_of(session, team_id, meeting.id)
            if await outbox.exists(session, team_id, f"meeting:{meeting.id}:announce"):
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"meeting:{meeting.id}:announce:guest:{now.timestamp()}",
                    channel=circle.channel_id,
                    message=meeting_posts.announcement(post),
                    update_key=f"meeting:{meeting.id}:announce",
                    now=now,
                )
        await self.sender.deliver_due()
        return circle, post.starts_at, post.tz

    async def leaders(self, team_id: str, user_id: str, name: str) -> LeadersOverview:
        async with self.db.session() as session:
            circle = await circles.get_circle(session, team_id, name, user_id)
            return await meetings.leaders_overview(session, team_id, circle.id, self.clock.now())

    async def away(self, team_id: str, user_id: str, until_text: str | None) -> date | None:
        now = self.clock.now()
        async with self.db.session() as session:
            until = None
            if until_text:
                await members.ensure_member(session, team_id, user_id, now)
                member = await members.get_member(session, team_id, user_id)
                until = parse_date(until_text, local_date(now, member.tz if member else "UTC"), field="until")
            await meetings.set_away(session, team_id, user_id, until, now)
            return until

    async def _circle_for(
        self, session, team_id: str, user_id: str, channel_id: str, name: str | None
    ) -> CircleSummary:  # type: ignore[no-untyped-def]
        """The circle a topic command means: named, else the channel's, else the member's only one."""
        if name:
            return await circles.get_circle(session, team_id, name, user_id)
        here = await circles.circles_in_channel(session, team_id, channel_id)
        if len(here) == 1:
            return here[0]
        mine = await circles.my_circles(session, team_id, user_id)
        if len(mine) == 1:
            return mine[0]
        raise InvalidInput(
            "Which circle? Run this in the circle's channel"
            + (", or name it: `/circle topics <name>`." if mine else "; you're not in any circle yet.")
        )

    async def add_topic(self, team_id: str, user_id: str, channel_id: str, text: str) -> tuple[CircleSummary, int]:
        async with self.db.session() as session:
            circle = await self._circle_for(session, team_id, user_id, channel_id, None)
            return circle, await topics.add(session, team_id, circle.id, text, user_id, self.clock.now())

    async def list_topics(
        self, team_id: str, user_id: str, channel_id: str, name: str | None
    ) -> tuple[CircleSummary, list[str]]:
        async with self.db.session() as session:
            circle = await self._circle_for(session, team_id, user_id, channel_id, name)
            return circle, [t.text for t in await topics.queued(session, team_id, circle.id)]

    async def change_topic(self, team_id: str, user_id: str, channel_id: str, number: int, action: str) -> str:
        async with self.db.session() as session:
            circle = await self._circle_for(session, team_id, user_id, channel_id, None)
            change = topics.remove if action == "remove" else topics.move_to_front
            return await change(session, team_id, circle.id, number)

    async def share(
        self, team_id: str, user_id: str, circle_ref: str | int, url: str, note: str
    ) -> tuple[CircleSummary, SharedResource]:
        now = self.clock.now()
        async with self.db.session() as session:
            if isinstance(circle_ref, int):
                circle = await circles.get_circle_by_id(session, team_id, circle_ref, user_id)
            else:
                circle = await circles.get_circle(session, team_id, circle_ref, user_id)
            shared = await resources.share(session, team_id, circle.id, url, note, user_id, now)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"resource:{shared.id}",
                channel=circle.channel_id,
                message=rhythm_replies.resource_post(shared, circle.name),
                now=now,
            )
        await self.sender.deliver_due()
        return circle, shared

    async def resources_page(
        self, team_id: str, user_id: str, circle_ref: str | int, offset: int
    ) -> tuple[CircleSummary, list[SharedResource], int]:
        async with self.db.session() as session:
            if isinstance(circle_ref, int):
                circle = await circles.get_circle_by_id(session, team_id, circle_ref, user_id)
            else:
                circle = await circles.get_circle(session, team_id, circle_ref, user_id)
            items, total = await resources.page(session, team_id, circle.id, offset, rhythm_replies.RESOURCES_PAGE)
            return circle, items, total

    async def my_circles(self, team_id: str, user_id: str) -> list[tuple[int, str]]:
        async with self.db.session() as session:
            return [(c.id, c.name) for c in await circles.my_circles(session, team_id, user_id)]

    async def _send_asks(self, session, asks: list[LeaderAsk], now: datetime) -> None:  # type: ignore[no-untyped-def]
        await enqueue_leader_asks(session, asks, now)

    async def accept_lead(self, team_id: str, user_id: str, turn_id: int) -> Accepted:
        now = self.clock.now()
        async with self.db.session() as session:
            accepted = await meetings.accept(session, team_id, user_id, turn_id, now)
            post = accepted.post
            if await outbox.exists(session, team_id, f"meeting:{post.meeting_id}:announce"):
                # The announcement already went out naming who was being asked: correct it.
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"meeting:{post.meeting_id}:announce:leader:{turn_id}",
                    channel=post.circle.channel_id,
                    message=meeting_posts.announcement(post),
                    update_key=f"meeting:{post.meeting_id}:announce",
                    now=now,
                )
            if accepted.swapped_from:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"meeting:{post.meeting_id}:swapped:{turn_id}",
                    channel=accepted.swapped_from,
                    message=meeting_posts.swapped_dm(user_id, post.circle.name),
                    now=now,
                )
        await self.sender.drain(rounds=2)
        return accepted

    async def skip_lead(self, team_id: str, user_id: str, turn_id: int) -> LeaderAsk | None:
        now = self.clock.now()
        async with self.db.session() as session:
            ask = await meetings.skip_turn(session, team_id, user_id, turn_id, now)
            await self._send_asks(session, [ask] if ask else [], now)
        await self.sender.deliver_due()
        return ask

    async def request_swap(self, team_id: str, user_id: str, turn_id: int, target: str) -> LeaderAsk:
        now = self.clock.now()
        async with self.db.session() as session:
            ask = await meetings.request_swap(session, team_id, user_id, turn_id, target, now)
            await self._send_asks(session, [ask], now)
        await self.sender.deliver_due()
        return ask

    async def decline_swap(self, team_id: str, user_id: str, turn_id: int) -> None:
        now = self.clock.now()
        async with self.db.session() as session:
            asker = await meetings.decline_swap(session, team_id, user_id, turn_id, now)
            circle = await session.scalar(meetings.circle_of_turn(turn_id))
            if asker:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"leader-turn:{turn_id}:declined",
                    channel=asker,
                    message=meeting_posts.swap_declined_dm(user_id, circle or "the circle"),
                    now=now,
                )
        await self.sender.deliver_due()

    async def pick_topic(self, team_id: str, user_id: str, turn_id: int, topic_id: int) -> str:
        async with self.db.session() as session:
            return await meetings.pick_topic(session, team_id, user_id, turn_id, topic_id)

    async def rsvp(self, team_id: str, user_id: str, meeting_id: int, attending: bool) -> tuple[RsvpCounts, object]:
        now = self.clock.now()
        async with self.db.session() as session:
            counts = await meetings.rsvp(session, team_id, user_id, meeting_id, attending, now)
            post = await meetings.post_of(session, team_id, meeting_id)
            return counts, post


async def enqueue_leader_asks(session, asks: list[LeaderAsk], now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Each leader request as a DM, once (the key holds the turn)."""
    for ask in asks:
        await outbox.enqueue(
            session,
            team_id=ask.team_id,
            key=f"meeting:{ask.meeting_id}:ask:{ask.turn_id}",
            channel=ask.user_id,
            message=meeting_posts.leader_ask_message(ask),
            now=now,
        )
