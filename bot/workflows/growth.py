"""Growth from Slack: rating one's skills (and, with consent, a mentee's), and the half-yearly evaluation."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.engine import Database
from bot.services import evaluations, skills
from bot.services.evaluations import EvaluationForm


class GrowthWorkflows:
    def __init__(self, db: Database, clock: Clock):
        self.db = db
        self.clock = clock

    async def own_form(self, team_id: str, user_id: str) -> tuple[list[str], bool]:
        """The skills to rate (refused when there are none), and whether to ask for the mentor's-rating consent."""
        async with self.db.session() as session:
            found = await skills.to_rate(session, team_id, user_id, self.clock.now())
            return found, await skills.may_consent(session, team_id, user_id)

    async def save(
        self, team_id: str, user_id: str, ratings: dict[str, int], checkpoint: str, consent: bool | None
    ) -> int:
        async with self.db.session() as session:
            return await skills.save(session, team_id, user_id, ratings, checkpoint, self.clock.now(), consent=consent)

    async def mentee_form(self, team_id: str, user_id: str, pair_id: int) -> tuple[str, list[str]]:
        async with self.db.read() as session:
            mentee, found = await skills.mentee_for_rating(session, team_id, user_id, pair_id)
            return mentee.user_id, found

    async def save_for_mentee(
        self, team_id: str, user_id: str, pair_id: int, ratings: dict[str, int]
    ) -> tuple[str, int]:
        async with self.db.session() as session:
            return await skills.save_for_mentee(session, team_id, user_id, pair_id, ratings, self.clock.now())

    async def ratable(self, team_id: str, user_id: str) -> list[tuple[int, str]]:
        async with self.db.read() as session:
            return await skills.ratable_mentees(session, team_id, user_id)

    async def evaluation(self, team_id: str, user_id: str, evaluation_id: int) -> str:
        """What the evaluation is about (the person's own only), before its form opens."""
        async with self.db.read() as session:
            _, what = await evaluations.own(session, team_id, user_id, evaluation_id)
            return what

    async def evaluate(self, team_id: str, user_id: str, evaluation_id: int, form: EvaluationForm) -> str:
        async with self.db.session() as session:
            return await evaluations.answer(session, team_id, user_id, evaluation_id, form, self.clock.now())
