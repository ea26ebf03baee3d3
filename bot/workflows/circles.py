"""Create, join and leave circles: the database and the circle's Slack channel kept in step."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.errors import InvalidInput, SlackProblem
from bot.services import checkins, circle_channels, circles, meetings, members, outbox, topics
from bot.services.circles import CircleDetails, CircleSummary
from bot.services.guides import GUIDES
from bot.slack.gateway import ChannelInfo
from bot.slack.workspaces import WorkspaceGateway
from bot.views import circle_messages
from bot.workflows.home import HomeRefresh

CircleRef = str | int  # a name typed by the user, or an id carried by a button


@dataclass(frozen=True)
class NewCircle:
    name: str
    description: str = ""
    channel_id: str | None = None  # None: the bot creates a channel named after the circle
    guide_key: str | None = None  # a starter guide to adopt (its questions, first topics)


@dataclass(frozen=True)
class JoinOutcome:
    circle: CircleSummary
    already_member: bool


@dataclass(frozen=True)
class CreateOutcome:
    circle: CircleSummary
    created_channel: bool


def channel_name_for(circle_name: str) -> str:
    """Slack channel names are lower-case, at most 80 characters, letters, digits, - and _."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", circle_name.casefold()).strip("-") or "circle"
    return f"circle-{slug}"[:72].rstrip("-")


class CircleWorkflows:
    def __init__(self, db: Database, gateway: WorkspaceGateway, clock: Clock, sender: OutboxSender, home: HomeRefresh):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.sender = sender  # this workspace's messages only (built on the same gateway)
        self.home = home

    async def browse(self, team_id: str, user_id: str) -> list[CircleSummary]:
        async with self.db.read_rows() as connection:  # the hottest read: no ORM session
            return await circles.list_circles(connection, team_id, user_id)

    async def info(self, team_id: str, user_id: str, name: str) -> CircleDetails:
        """The circle, its members, and its next three meetings in the reader's own time zone."""
        async with self.db.read() as session:
            details = await circles.circle_details(session, team_id, name, user_id)
            schedule, upcoming = await meetings.next_meetings_of(session, team_id, details.summary.id, self.clock.now())
            reader = await members.get_member(session, team_id, user_id)
            # Plain values out of the unit of work: a read's rows are gone once it ends.
            return replace(
                details,
                schedule_line=meetings.describe(schedule) if schedule else None,
                upcoming=tuple(upcoming),
                viewer_tz=reader.tz if reader else "UTC",
            )

    async def validate_new(self, team_id: str, request: NewCircle) -> NewCircle:
        """Normalise and check a request against the database; raises InvalidInput/AlreadyExists."""
        if request.guide_key and request.guide_key not in GUIDES:
            raise InvalidInput("Pick one of the starter guides.", field="guide")
        normalised = NewCircle(
            name=circles.normalise_name(request.name),
            description=circles.normalise_description(request.description),
            channel_id=request.channel_id,
            guide_key=request.guide_key or None,
        )
        async with self.db.session() as session:
            await circles.check_available(session, team_id, normalised.name, normalised.channel_id)
        return normalised

    async def create(self, team_id: str, user_id: str, request: NewCircle) -> CreateOutcome:
        request = await self.validate_new(team_id, request)
        if request.channel_id:
            channel = await self.gateway.usable_channel(request.channel_id)
            created = False
        else:
            channel = await self._create_channel(request.name)
            created = True
        await self.gateway.invite(channel.id, user_id)
        now = self.clock.now()
        async with self.db.session() as session:
            circle = await circles.create_circle(
                session,
                team_id=team_id,
                name=request.name,
                description=request.description,
                channel_id=channel.id,
                channel_name=channel.name,
                created_by=user_id,
                now=now,
            )
            await checkins.enrol(session, team_id, user_id, now)
            if request.guide_key:
                await circles.adopt_guide(session, team_id, circle.id, request.guide_key)
                await topics.seed_from_guide(session, team_id, circle.id, request.guide_key, user_id, now)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"circle:{circle.id}:created",
                channel=channel.id,
                message=circle_messages.circle_created_post(circle),
                now=now,
            )
        await self.sender.deliver_due()
        return CreateOutcome(circle=circle, created_channel=created)

    async def _create_channel(self, circle_name: str) -> ChannelInfo:
        base = channel_name_for(circle_name)
        for attempt in range(1, 6):
            name = base if attempt == 1 else f"{base}-{attempt}"
            try:
                return await self.gateway.create_channel(name)
            except SlackProblem as problem:
                if problem.code != "name_taken":
                    raise
        raise SlackProblem(
            f"Channels named #{base} are all taken. Pick an existing channel for the circle instead.",
            "name_taken",
        )

    async def join(self, team_id: str, user_id: str, ref: CircleRef) -> JoinOutcome:
        async with self.db.session() as session:
            circle = await self._get(session, team_id, user_id, ref)
        if circle.is_member:
            return JoinOutcome(circle=circle, already_member=True)
        # Slack first: if the channel is unusable, nothing is written and the user is told why.
        await self.gateway.usable_channel(circle.channel_id)
        await self.gateway.invite(circle.channel_id, user_id)
        now = self.clock.now()
        async with self.db.session() as session:
            added = await circle_channels.admit(session, team_id, circle.id, user_id, now)
            circle = await circles.get_circle_by_id(session, team_id, circle.id, user_id)
            if added:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"circle:{circle.id}:welcome:{user_id}:{now.isoformat()}",
                    channel=circle.channel_id,
                    message=circle_messages.welcome_post(circle, user_id),
                    now=now,
                )
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        # Not a member before the invite: if Slack's member_joined_channel got there first, this
        # join is still theirs (the event sent the welcome).
        return JoinOutcome(circle=circle, already_member=False)

    async def leave(self, team_id: str, user_id: str, ref: CircleRef) -> CircleSummary:
        async with self.db.session() as session:
            circle = await self._get(session, team_id, user_id, ref)
            await circles.remove_member(session, team_id, circle, user_id, self.clock.now())
            left = await circles.get_circle_by_id(session, team_id, circle.id, user_id)
            await self.home.queue(session, team_id, [user_id], self.clock.now())
        await self.sender.deliver_due()
        return left

    @staticmethod
    async def _get(session, team_id: str, user_id: str, ref: CircleRef) -> CircleSummary:  # type: ignore[no-untyped-def]
        if isinstance(ref, int):
            return await circles.get_circle_by_id(session, team_id, ref, user_id)
        return await circles.get_circle(session, team_id, ref, user_id)
