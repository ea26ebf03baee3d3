"""Calendars for people: the feed link (`/circles calendar`, App Home), the feed itself, files by DM
when there's no public address, and skipping one meeting (`/circle skip`)."""

from __future__ import annotations

from datetime import datetime

from bot.calendars import ics
from bot.calendars.shapes import MemberCalendar
from bot.clock import Clock
from bot.config import Settings
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.errors import InvalidInput
from bot.services import calendar_feeds, circles, meetings, members, outbox
from bot.services.dates import parse_date
from bot.services.schedule import local_date
from bot.views import calendar as calendar_views
from bot.views.calendar import CalendarLink

FILES_AT_MOST = 10  # single-event files per "Send me the files"


class CalendarWorkflows:
    def __init__(self, db: Database, clock: Clock, settings: Settings, sender: OutboxSender | None):
        self.db = db
        self.clock = clock
        self.settings = settings
        self._sender = sender  # None for the feed server, which only reads

    @property
    def sender(self) -> OutboxSender:
        assert self._sender is not None, "built without a workspace: it can only serve feeds"
        return self._sender

    def why_no_feed(self) -> str | None:
        """Feeds need an address calendar apps can reach; Socket Mode has none."""
        if self.settings.slack_app_token:
            return "I'm running in Socket Mode here, without a public web address."
        if not self.settings.circles_public_url:
            return "My admin hasn't given me a public web address yet (`CIRCLES_PUBLIC_URL`)."
        return None

    async def link(self, team_id: str, user_id: str, renew: bool = False) -> CalendarLink:
        why_not = self.why_no_feed()
        if why_not:
            return CalendarLink(url=None, why_not=why_not)
        now = self.clock.now()
        async with self.db.session() as session:
            member_id = await members.ensure_member(session, team_id, user_id, now)
            issue = calendar_feeds.new_token if renew else calendar_feeds.feed_token
            token = await issue(session, team_id, member_id, now)
        return CalendarLink(url=f"{self.settings.circles_public_url}/calendar/{token}.ics")

    async def feed(self, token: str) -> MemberCalendar | None:
        """What the feed behind a token holds, or None for a wrong or revoked one (404)."""
        async with self.db.read() as session:
            member = await calendar_feeds.owner_of(session, token)
            if member is None:
                return None
            return await calendar_feeds.member_calendar(session, member, self.clock.now())

    async def send_files(self, team_id: str, user_id: str) -> int:
        """Each next meeting and 1:1 as a file in the member's DM (no feed to subscribe to)."""
        now = self.clock.now()
        async with self.db.session() as session:
            member = await members.resolve_member(session, team_id, user_id, now)
            calendar = await calendar_feeds.member_calendar(session, member, now)
            events = calendar_feeds.next_events(calendar, now)[:FILES_AT_MOST]
            for event in events:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"calendar-file:{user_id}:{event.uid}:{event.sequence}",
                    channel=user_id,
                    message=outbox.file_payload(
                        f"{event.title} {event.starts_at:%Y-%m-%d}.ics", event.title, ics.single([event])
                    ),
                    method="files.upload",
                    now=now,
                )
        await self.sender.deliver_due()
        return len(events)

    async def skip(
        self, team_id: str, user_id: str, name: str, day_text: str, skipped: bool
    ) -> tuple[str, datetime, str]:
        """Skip (or restore) one meeting; the channel gets one note. (circle, start, circle's zone)."""
        now = self.clock.now()
        async with self.db.session() as session:
            circle = await circles.get_circle(session, team_id, name, user_id)
            if not circle.is_member:
                raise InvalidInput(f"Only *{circle.name}*'s members can skip its meetings.")
            schedule = await meetings.get_schedule(session, team_id, circle.id)
            tz = schedule.tz if schedule else "UTC"
            day = parse_date(day_text, local_date(now, tz), field="date")
            starts = await meetings.set_skipped(session, team_id, circle.id, circle.name, day, skipped, now)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"meeting-skip:{circle.id}:{starts:%Y%m%dT%H%M}:{'off' if skipped else 'on'}:{now.timestamp()}",
                channel=circle.channel_id,
                message=calendar_views.skipped_note(circle.name, starts, tz, skipped, user_id),
                now=now,
            )
        await self.sender.deliver_due()
        return circle.name, starts, tz
