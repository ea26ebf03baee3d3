"""Intros from Slack: set them up, see how they go, answer, pause, come back, propose times."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from bot.calendars import ics
from bot.calendars.shapes import OneOff
from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import IntroGroup, IntroGroupMember, Member
from bot.delivery.outbox import OutboxSender
from bot.errors import NotFound
from bot.services import intros, outbox
from bot.services.intros import IntroOverview, IntroSettings
from bot.services.mentorship.sessions import SESSION_MINUTES, propose_slots
from bot.slack.workspaces import WorkspaceGateway
from bot.views import intros as views


class IntroWorkflows:
    def __init__(
        self, db: Database, gateway: WorkspaceGateway, clock: Clock, admins: Collection[str], sender: OutboxSender
    ):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.admins = admins
        self.sender = sender

    async def configure(self, team_id: str, user_id: str, settings: IntroSettings) -> IntroOverview:
        async with self.db.read() as session:  # refuse who may not before touching Slack
            await intros.config.require_manager(session, team_id, user_id, settings.channel_id, self.admins)
        await self.gateway.usable_channel(settings.channel_id)  # the bot joins to see who is in it
        async with self.db.session() as session:
            return await intros.configure(session, team_id, user_id, settings, self.admins, self.clock.now())

    async def turn_off(self, team_id: str, user_id: str, channel_id: str) -> None:
        async with self.db.session() as session:
            await intros.turn_off(session, team_id, user_id, channel_id, self.admins)

    async def overview(self, team_id: str, user_id: str) -> list[IntroOverview]:
        async with self.db.read() as session:
            return await intros.overview(session, team_id, user_id, self.admins)

    async def resume(self, team_id: str, user_id: str) -> list[str]:
        async with self.db.session() as session:
            return await intros.resume(session, team_id, user_id, self.clock.now())

    async def answer(self, team_id: str, user_id: str, group_id: int, said: str) -> None:
        async with self.db.session() as session:
            await intros.answer(session, team_id, user_id, group_id, said, self.clock.now())

    async def pause(self, team_id: str, user_id: str, group_id: int) -> str:
        async with self.db.session() as session:
            return await intros.pause(session, team_id, user_id, group_id, self.clock.now())

    async def propose_times(self, team_id: str, user_id: str, group_id: int) -> None:
        """Three half hours inside everyone's working hours, posted in the group with a calendar file each."""
        now = self.clock.now()
        async with self.db.session() as session:
            group = await session.scalar(
                select(IntroGroup).where(IntroGroup.team_id == team_id, IntroGroup.id == group_id)
            )
            people = (
                await session.execute(
                    select(Member.user_id, Member.tz)
                    .join(IntroGroupMember, IntroGroupMember.member_id == Member.id)
                    .where(IntroGroupMember.group_id == group_id)
                    .order_by(Member.user_id)
                )
            ).all()
            if group is None or group.conversation_id is None or user_id not in {u for u, _ in people}:
                raise NotFound("That intro group isn't yours.")
            slots = propose_slots(tuple(tz for _, tz in people), now)
            key = f"intro:{group_id}:times:{int(now.timestamp())}:{user_id}"
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=key,
                channel=group.conversation_id,
                message=views.times_proposal(slots, [(u, tz) for u, tz in people]),
                now=now,
            )
            for start in slots:
                event = OneOff(
                    uid=f"intro-{group_id}-{start:%Y%m%dT%H%M}.{team_id.lower()}@circles",
                    title="Intro chat",
                    starts_at=start,
                    tz=people[0][1],
                    duration_minutes=SESSION_MINUTES,
                    description="Your intro group's chat, proposed in Circles.",
                    stamp=now,
                )
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"{key}:ics:{int(start.timestamp())}",
                    channel=group.conversation_id,
                    message=outbox.file_payload(
                        f"Intro chat {start:%Y-%m-%d %H%M}.ics", "Add to my calendar", ics.single([event])
                    ),
                    method="files.upload",
                    thread_key=key,
                    now=now,
                )
        await self.sender.drain(rounds=3)
