"""Setting and tracking goals from commands and the goal form."""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.statuses import GoalStatus
from bot.delivery.outbox import OutboxSender
from bot.errors import CircleNotFound, InvalidInput
from bot.services import checkins, circles, goals, members, outbox
from bot.services.dates import parse_date
from bot.services.goals import GoalDraft, GoalView
from bot.services.schedule import local_date
from bot.slack.workspaces import WorkspaceGateway
from bot.views import celebrations
from bot.workflows.home import HomeRefresh
from bot.workflows.projects import celebrate_if_complete


class GoalWorkflows:
    def __init__(self, db: Database, gateway: WorkspaceGateway, clock: Clock, sender: OutboxSender, home: HomeRefresh):
        self.db = db
        self.clock = clock
        self.sender = sender  # this workspace's messages only (built on the same gateway)
        self.home = home

    async def set_from_text(
        self, team_id: str, user_id: str, title: str, due_text: str | None, circle_text: str | None
    ) -> GoalView:
        now = self.clock.now()
        async with self.db.session() as session:
            member = await members.resolve_member(session, team_id, user_id, now)
            due = parse_date(due_text, local_date(now, member.tz)) if due_text else None
            circle_id = None
            if circle_text:
                try:
                    circle_id = (await circles.get_circle(session, team_id, circle_text, user_id)).id
                except CircleNotFound as missing:
                    if missing.suggestions:
                        raise
                    due, title = self._reread_in_clause(title, circle_text, due, local_date(now, member.tz))
            goal = await goals.create_goal(
                session, team_id, user_id, GoalDraft(title=title, due_date=due, circle_id=circle_id), now
            )
            await checkins.enrol(session, team_id, user_id, now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        return goal

    @staticmethod
    def _reread_in_clause(title: str, clause: str, due: date | None, today: date) -> tuple[date | None, str]:
        """`in 3 weeks` is a due date; `in SQL` (no such circle) is part of the title."""
        if due is None:
            try:
                return parse_date(f"in {clause}", today), title
            except InvalidInput:
                pass
        return due, f"{title} in {clause}"

    async def create(self, team_id: str, user_id: str, draft: GoalDraft) -> GoalView:
        now = self.clock.now()
        async with self.db.session() as session:
            member = await members.resolve_member(session, team_id, user_id, now)
            if draft.due_date is not None and draft.due_date < local_date(now, member.tz):
                raise InvalidInput("The due date is in the past. Pick today or later.", field="due")
            if draft.circle_id is not None:
                await circles.get_circle_by_id(session, team_id, draft.circle_id, user_id)
            goal = await goals.create_goal(session, team_id, user_id, draft, now)
            await checkins.enrol(session, team_id, user_id, now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        return goal

    async def my_goals(self, team_id: str, user_id: str) -> list[GoalView]:
        now = self.clock.now()
        async with self.db.session() as session:
            member_id = await members.ensure_member(session, team_id, user_id, now)
            return await goals.list_goals(session, team_id, member_id)

    async def update(self, team_id: str, user_id: str, number: int, progress: int | None, note: str) -> GoalView:
        now = self.clock.now()
        async with self.db.session() as session:
            member_id = await members.ensure_member(session, team_id, user_id, now)
            goal = await goals.update_goal(session, team_id, member_id, number, progress=progress, note=note, now=now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        return goal

    async def close(self, team_id: str, user_id: str, number: int, status: str) -> GoalView:
        """Close a goal; a completed one the circle may see is celebrated in the circle's channel, once."""
        now = self.clock.now()
        async with self.db.session() as session:
            member_id = await members.ensure_member(session, team_id, user_id, now)
            goal = await goals.close_goal(session, team_id, member_id, number, status, now)
            if goal.status == GoalStatus.DONE and goal.visibility == "circle":
                channels = (
                    [goal.circle_channel]
                    if goal.circle_channel
                    else [c.channel_id for c in await circles.my_circles(session, team_id, user_id)]
                )
                for channel in channels:
                    await outbox.enqueue(
                        session,
                        team_id=team_id,
                        key=f"celebrate:goal:{goal.id}:{channel}",
                        channel=channel,
                        message=celebrations.goal_completed(user_id, goal.title),
                        now=now,
                    )
            if goal.status == GoalStatus.DONE:
                await celebrate_if_complete(session, team_id, goal.id, now)
            await self.home.queue(session, team_id, [user_id], now)
        await self.sender.deliver_due()
        return goal

    async def my_circles(self, team_id: str, user_id: str) -> list[tuple[int, str]]:
        async with self.db.read() as session:
            return [(c.id, c.name) for c in await circles.list_circles(session, team_id, user_id) if c.is_member]
