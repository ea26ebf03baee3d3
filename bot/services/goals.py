"""Learning goals: numbered per member, with progress, due dates, a circle and a visibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, Goal, GoalUpdate
from bot.db.statuses import GoalStatus
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member

TITLE_MAX = 200
VISIBILITIES = {"private": "Only me", "circle": "My circle", "mentor": "My mentor"}


@dataclass(frozen=True)
class GoalDraft:
    title: str
    due_date: date | None = None
    circle_id: int | None = None
    why: str = ""
    measure: str = ""
    milestones: str = ""
    visibility: str = "private"


@dataclass(frozen=True)
class GoalView:
    id: int
    number: int
    title: str
    progress: int
    status: str
    due_date: date | None
    circle_id: int | None
    circle_name: str | None
    circle_channel: str | None
    visibility: str
    why: str
    measure: str
    milestones: str
    closed_at: datetime | None


def check_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidInput("What's the goal? e.g. `/goal set Finish the Rust book by dec 31`.", field="title")
    if len(cleaned) > TITLE_MAX:
        raise InvalidInput(f"Goals can be at most {TITLE_MAX} characters; that one has {len(cleaned)}.", field="title")
    return cleaned


def check_progress(value: int) -> int:
    if not 0 <= value <= 100:
        raise InvalidInput(f"Progress is a percentage from 0 to 100, not {value}.", field="progress")
    return value


def to_view(goal: Goal, circle: Circle | None) -> GoalView:
    return GoalView(
        id=goal.id,
        number=goal.number,
        title=goal.title,
        progress=goal.progress,
        status=goal.status,
        due_date=goal.due_date,
        circle_id=goal.circle_id,
        circle_name=circle.name if circle else None,
        circle_channel=circle.channel_id if circle else None,
        visibility=goal.visibility,
        why=goal.why,
        measure=goal.measure,
        milestones=goal.milestones,
        closed_at=goal.closed_at,
    )


def _goals_of(team_id: str, member_id: int):  # type: ignore[no-untyped-def]
    return (
        select(Goal, Circle)
        .outerjoin(Circle, Circle.id == Goal.circle_id)
        .where(Goal.team_id == team_id, Goal.member_id == member_id)
    )


async def create_goal(session: AsyncSession, team_id: str, user_id: str, draft: GoalDraft, now: datetime) -> GoalView:
    member_id = await ensure_member(session, team_id, user_id, now)
    if draft.visibility not in VISIBILITIES:
        raise InvalidInput("Visibility is one of: only me, my circle, my mentor.", field="visibility")
    number = (await session.scalar(select(func.max(Goal.number)).where(Goal.member_id == member_id)) or 0) + 1
    goal = Goal(
        team_id=team_id,
        member_id=member_id,
        number=number,
        title=check_title(draft.title),
        why=draft.why.strip(),
        measure=draft.measure.strip(),
        milestones=draft.milestones.strip(),
        due_date=draft.due_date,
        circle_id=draft.circle_id,
        visibility=draft.visibility,
        created_at=now,
        updated_at=now,
    )
    session.add(goal)
    await session.flush()
    circle = await session.get(Circle, draft.circle_id) if draft.circle_id else None
    return to_view(goal, circle)


async def list_goals(session: AsyncSession, team_id: str, member_id: int, *, open_only: bool = False) -> list[GoalView]:
    query = _goals_of(team_id, member_id).order_by(Goal.number)
    if open_only:
        query = query.where(Goal.status == GoalStatus.OPEN)
    return [to_view(goal, circle) for goal, circle in (await session.execute(query)).all()]


async def _get(session: AsyncSession, team_id: str, member_id: int, number: int) -> tuple[Goal, Circle | None]:
    row = (await session.execute(_goals_of(team_id, member_id).where(Goal.number == number))).first()
    if row is None:
        raise NotFound(f"You have no goal #{number}. `/goal list` shows your goals and their numbers.")
    return row[0], row[1]


async def update_goal(
    session: AsyncSession,
    team_id: str,
    member_id: int,
    number: int,
    *,
    progress: int | None,
    note: str,
    now: datetime,
    checkin_id: int | None = None,
) -> GoalView:
    goal, circle = await _get(session, team_id, member_id, number)
    if goal.status != GoalStatus.OPEN:
        raise InvalidInput(f"Goal #{number} is {goal.status}; updates go to open goals.")
    if progress is not None:
        goal.progress = check_progress(progress)
    goal.updated_at = now
    session.add(
        GoalUpdate(
            team_id=team_id,
            goal_id=goal.id,
            checkin_id=checkin_id,
            progress=progress,
            note=note.strip(),
            created_at=now,
        )
    )
    return to_view(goal, circle)


async def close_goal(
    session: AsyncSession, team_id: str, member_id: int, number: int, status: str, now: datetime
) -> GoalView:
    goal, circle = await _get(session, team_id, member_id, number)
    if goal.status == status:
        raise InvalidInput(f"Goal #{number} is already {status}.")
    goal.status = status
    goal.closed_at = now
    goal.updated_at = now
    if status == "done":
        goal.progress = 100
    return to_view(goal, circle)
