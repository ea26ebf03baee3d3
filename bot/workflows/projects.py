"""Projects, stretch assignments and shadowing days from Slack: propose, volunteer, choose, complete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Member, MentorPair
from bot.delivery.outbox import OutboxSender
from bot.services import circles, outbox, projects
from bot.services.projects import ProjectCard, ProjectForm
from bot.views import projects as views


class ProjectWorkflows:
    def __init__(self, db: Database, clock: Clock, sender: OutboxSender):
        self.db = db
        self.clock = clock
        self.sender = sender  # this workspace's messages only

    async def circle_form(
        self, team_id: str, user_id: str, name: str | None, circle_id: int | None = None
    ) -> tuple[int, str]:
        """Which circle the form is for (by name, or the digest button's id); members only, checked first."""
        async with self.db.read() as session:
            if circle_id is None:
                circle_id = (await circles.get_circle(session, team_id, name or "", user_id)).id
            circle = await projects.require_circle_member(session, team_id, circle_id, user_id)
            return circle.id, circle.name

    async def pair_form(self, team_id: str, user_id: str, pair_id: int) -> str:
        async with self.db.read() as session:
            await projects.require_pair(session, team_id, pair_id, user_id)
            return next(
                (name for pid, name in await projects.pairs_of(session, team_id, user_id) if pid == pair_id), ""
            )

    async def pairs(self, team_id: str, user_id: str) -> list[tuple[int, str]]:
        async with self.db.read() as session:
            return await projects.pairs_of(session, team_id, user_id)

    async def propose(
        self, team_id: str, user_id: str, form: ProjectForm, circle_id: int | None, pair_id: int | None
    ) -> ProjectCard:
        """A circle's proposal is posted for volunteers; a pair's starts at once for the mentee."""
        now = self.clock.now()
        async with self.db.session() as session:
            project_id = await projects.propose(
                session, team_id, user_id, form, now, circle_id=circle_id, pair_id=pair_id
            )
            if pair_id is not None:
                card, made = await projects.start(session, team_id, user_id, project_id, [], now)
                for person, number in made:
                    for other in await _pair_people(session, pair_id):
                        await outbox.enqueue(
                            session,
                            team_id=team_id,
                            key=f"project:{project_id}:started:{other}",
                            channel=other,
                            message=views.pair_started_dm(card, person, number),
                            now=now,
                        )
            else:
                card = await projects.card(session, await projects.get_project(session, team_id, project_id))
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"project:{project_id}:post",
                    channel=card.channel_id or "",
                    message=views.project_post(card),
                    now=now,
                )
        await self.sender.drain(rounds=2)
        return card

    async def volunteer(self, team_id: str, user_id: str, project_id: int) -> tuple[ProjectCard, bool]:
        now = self.clock.now()
        async with self.db.session() as session:
            card, added = await projects.volunteer(session, team_id, user_id, project_id, now)
            await _refresh_post(session, card, now)
        await self.sender.deliver_due()
        return card, added

    async def choose_form(self, team_id: str, user_id: str, project_id: int) -> tuple[ProjectCard, dict[str, str]]:
        """The volunteers to choose from, with their names (the proposer only, checked first)."""
        async with self.db.read() as session:
            card = await projects.choosable(session, team_id, user_id, project_id)
            names = {
                m.user_id: m.real_name or m.display_name or m.user_id
                for m in await session.scalars(
                    select(Member).where(Member.team_id == team_id, Member.user_id.in_(card.volunteers))
                )
            }
            return card, names

    async def choose(self, team_id: str, user_id: str, project_id: int, people: list[str]) -> ProjectCard:
        now = self.clock.now()
        async with self.db.session() as session:
            card, made = await projects.start(session, team_id, user_id, project_id, people, now)
            for person, number in made:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"project:{project_id}:chosen:{person}",
                    channel=person,
                    message=views.chosen_dm(card, number),
                    now=now,
                )
            for other in set(card.volunteers) - set(card.chosen):
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"project:{project_id}:thanks:{other}",
                    channel=other,
                    message=views.not_chosen_dm(card),
                    now=now,
                )
            await _refresh_post(session, card, now)
        await self.sender.drain(rounds=2)
        return card


async def celebrate_if_complete(session: AsyncSession, team_id: str, goal_id: int, now: datetime) -> None:
    """A goal was done: if that completed its project, celebrate it once (the key holds the project)."""
    card = await projects.goal_done(session, goal_id, now)
    if card is None:
        return
    if card.channel_id:
        await outbox.enqueue(
            session,
            team_id=team_id,
            key=f"celebrate:project:{card.id}",
            channel=card.channel_id,
            message=views.completed_post(card),
            now=now,
        )
        await _refresh_post(session, card, now)
    else:
        for person in await _pair_people(session, card.pair_id or 0):
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"celebrate:project:{card.id}:{person}",
                channel=person,
                message=views.completed_post(card),
                now=now,
            )


async def _refresh_post(session: AsyncSession, card: ProjectCard, now: datetime) -> None:
    """The circle's post shows the newest volunteers and state (one edit re-armed with the newest)."""
    if card.channel_id:
        await outbox.enqueue(
            session,
            team_id=card.team_id,
            key=f"project:{card.id}:post:edit",
            channel=card.channel_id,
            message=views.project_post(card),
            update_key=f"project:{card.id}:post",
            now=now,
            replace=True,
        )


async def _pair_people(session: AsyncSession, pair_id: int) -> list[str]:
    pair = await session.get(MentorPair, pair_id)
    people = (
        [await session.get(Member, pair.mentor_member_id), await session.get(Member, pair.mentee_member_id)]
        if pair
        else []
    )
    return [p.user_id for p in people if p is not None]
