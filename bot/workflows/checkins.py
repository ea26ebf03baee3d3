"""Check-ins from the member's side: answering, skipping, snoozing, pausing, settings, history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.services import checkins, members, outbox
from bot.services.checkins import Answered, CheckinAnswer, HistoryEntry, ScheduleSettings, ScheduleView
from bot.services.dates import parse_date
from bot.services.goals import GoalView
from bot.services.schedule import local_date
from bot.services.streaks import Streak
from bot.slack.workspaces import WorkspaceGateway
from bot.views import celebrations, checkin_messages
from bot.workflows.home import HomeRefresh


class CheckinWorkflows:
    def __init__(self, db: Database, gateway: WorkspaceGateway, clock: Clock, sender: OutboxSender, home: HomeRefresh):
        self.db = db
        self.clock = clock
        self.sender = sender  # this workspace's messages only (built on the same gateway)
        self.home = home

    async def start(self, team_id: str, user_id: str) -> tuple[int, list[GoalView]]:
        async with self.db.session() as session:
            return await checkins.start_manual(session, team_id, user_id, self.clock.now())

    async def goals_for(self, team_id: str, user_id: str, checkin_id: int) -> list[GoalView]:
        async with self.db.session() as session:
            return await checkins.goals_for_checkin(session, team_id, user_id, checkin_id)

    async def answer(self, team_id: str, user_id: str, checkin_id: int, answer: CheckinAnswer) -> Answered:
        """Record the answer; a shareable one goes to each of the member's circles' weekly thread."""
        now = self.clock.now()
        async with self.db.session() as session:
            answered = await checkins.answer(session, team_id, user_id, checkin_id, answer, now)
            week_of = answered.period_date - timedelta(days=answered.period_date.weekday())
            for circle_id, circle_name, channel in answered.circles:
                thread = f"checkin-thread:{circle_id}:{week_of.isoformat()}"
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=thread,
                    channel=channel,
                    message=checkin_messages.week_thread_parent(circle_name, week_of),
                    now=now,
                )
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"checkin:{answered.checkin_id}:share:{circle_id}",
                    channel=channel,
                    message=checkin_messages.shared_answer(answered),
                    thread_key=thread,
                    now=now,
                )
            await self._celebrate(session, answered, now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.drain(rounds=2)  # a thread's parent first, then the reply
        return answered

    @staticmethod
    async def _celebrate(session, answered: Answered, now: datetime) -> None:  # type: ignore[no-untyped-def]
        """A first check-in and streak milestones are celebrated in the member's circles, once each."""
        posts = []
        if answered.first_ever:
            posts.append(("first-checkin", celebrations.first_checkin(answered.user_id)))
        if answered.milestone:
            posts.append(
                (f"streak-{answered.milestone}", celebrations.streak_milestone(answered.user_id, answered.milestone))
            )
        for kind, message in posts:
            for circle_id, _, channel in answered.member_circles:
                await outbox.enqueue(
                    session,
                    team_id=answered.team_id,
                    key=f"celebrate:{kind}:{answered.member_id}:{circle_id}",
                    channel=channel,
                    message=message,
                    now=now,
                )

    async def skip(self, team_id: str, user_id: str, checkin_id: int) -> None:
        async with self.db.session() as session:
            await checkins.skip(session, team_id, user_id, checkin_id, self.clock.now())
            await self.home.queue(session, team_id, [user_id], self.clock.now())
        await self.sender.deliver_due()

    async def snooze(self, team_id: str, user_id: str, checkin_id: int) -> tuple[datetime, str]:
        now = self.clock.now()
        async with self.db.session() as session:
            at = await checkins.snooze(session, team_id, user_id, checkin_id, now)
            member = await members.get_member(session, team_id, user_id)
            return at, member.tz if member else "UTC"

    async def pause_until_text(self, team_id: str, user_id: str, text: str) -> ScheduleView:
        now = self.clock.now()
        async with self.db.session() as session:
            await members.ensure_member(session, team_id, user_id, now)
            member = await members.get_member(session, team_id, user_id)
            until = parse_date(text, local_date(now, member.tz if member else "UTC"), field="until")
        return await self.pause_until(team_id, user_id, until)

    async def pause_until(self, team_id: str, user_id: str, until: date) -> ScheduleView:
        return await self._change(
            team_id, user_id, lambda session, now: checkins.pause(session, team_id, user_id, until, now)
        )

    async def resume(self, team_id: str, user_id: str) -> ScheduleView:
        return await self._change(
            team_id, user_id, lambda session, now: checkins.resume(session, team_id, user_id, now)
        )

    async def schedule(self, team_id: str, user_id: str) -> ScheduleView:
        async with self.db.session() as session:
            return await checkins.enrol(session, team_id, user_id, self.clock.now())

    async def change_settings(self, team_id: str, user_id: str, settings: ScheduleSettings) -> ScheduleView:
        return await self._change(
            team_id, user_id, lambda session, now: checkins.change_settings(session, team_id, user_id, settings, now)
        )

    async def _change(
        self, team_id: str, user_id: str, change: Callable[[AsyncSession, datetime], Awaitable[ScheduleView]]
    ) -> ScheduleView:
        """A schedule change, with Home's "next check-in" following in the same transaction."""
        now = self.clock.now()
        async with self.db.session() as session:
            changed = await change(session, now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        return changed

    async def history(self, team_id: str, user_id: str) -> tuple[list[HistoryEntry], Streak]:
        async with self.db.session() as session:
            return await checkins.history(session, team_id, user_id, self.clock.now())
