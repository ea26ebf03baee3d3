"""Mentors and the goals their mentees share with them: see them, comment, and the mentee hears it."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.services import mentor_goals, outbox
from bot.services.mentor_goals import Comment, MenteeGoals
from bot.views import mentor_goals as views


class MentorGoalWorkflows:
    def __init__(self, db: Database, sender: OutboxSender, clock: Clock):
        self.db = db
        self.sender = sender
        self.clock = clock

    async def shared_with(self, team_id: str, mentor: str) -> list[MenteeGoals]:
        async with self.db.session() as session:
            return await mentor_goals.shared_with(session, team_id, mentor)

    async def has_mentor(self, team_id: str, user_id: str) -> bool:
        async with self.db.session() as session:
            return await mentor_goals.has_mentor(session, team_id, user_id)

    async def goal_to_comment(self, team_id: str, mentor: str, goal_id: int) -> str:
        """The goal's title, or a refusal before the form opens."""
        async with self.db.session() as session:
            goal, _ = await mentor_goals.commentable(session, team_id, mentor, goal_id)
            return goal.title

    async def comment(self, team_id: str, mentor: str, goal_id: int, text: str) -> Comment:
        now = self.clock.now()
        async with self.db.session() as session:
            saved = await mentor_goals.comment(session, team_id, mentor, goal_id, text, now)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"goal:{goal_id}:mentor-comment:{saved.update_id}",
                channel=saved.mentee,
                message=views.comment_dm(saved),
                now=now,
            )
        await self.sender.deliver_due()
        return saved
