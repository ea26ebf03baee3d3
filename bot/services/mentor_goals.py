"""Goals a mentee shares with their mentor (visibility 'my mentor'), and the mentor's comments on them.

Only the mentor of a current (active) pair sees them; a comment is kept in the goal's notes, written
by the mentor, and reaches the mentee by DM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Goal, GoalUpdate, Member, MentorPair
from bot.db.statuses import GoalStatus, PairState
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member
from bot.services.team_settings import NotAllowed

COMMENT_MAX = 1000


@dataclass(frozen=True)
class SharedGoal:
    id: int
    title: str
    progress: int
    due_date: date | None
    comments: int  # how many comments the mentor has left on it
    last_note: str | None  # the newest note on the goal (the mentee's or the mentor's)


@dataclass(frozen=True)
class MenteeGoals:
    mentee: str  # user id
    goals: list[SharedGoal]


@dataclass(frozen=True)
class Comment:
    goal_title: str
    mentee: str
    mentor: str
    text: str
    update_id: int


async def has_mentor(session: AsyncSession, team_id: str, user_id: str) -> bool:
    mentee = aliased(Member)
    found = await session.scalar(
        select(MentorPair.id)
        .join(mentee, mentee.id == MentorPair.mentee_member_id)
        .where(MentorPair.team_id == team_id, MentorPair.status == PairState.ACTIVE, mentee.user_id == user_id)
        .limit(1)
    )
    return found is not None


async def shared_with(session: AsyncSession, team_id: str, mentor_user_id: str) -> list[MenteeGoals]:
    """For a mentor: each current mentee's open goals shared with 'my mentor', with progress."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(mentee.user_id, mentor.id, Goal)
            .join(MentorPair, MentorPair.mentee_member_id == mentee.id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(Goal, Goal.member_id == mentee.id)
            .where(
                MentorPair.team_id == team_id,
                MentorPair.status == PairState.ACTIVE,
                mentor.user_id == mentor_user_id,
                Goal.visibility == "mentor",
                Goal.status == GoalStatus.OPEN,
            )
            .order_by(mentee.user_id, Goal.number)
        )
    ).all()
    # Every note on these goals in one query (not one per goal): comment counts and the newest note.
    notes = (
        await session.execute(
            select(GoalUpdate.goal_id, GoalUpdate.author_member_id, GoalUpdate.note)
            .where(GoalUpdate.goal_id.in_([goal.id for _, _, goal in rows]), GoalUpdate.note != "")
            .order_by(GoalUpdate.created_at.desc(), GoalUpdate.id.desc())
        )
    ).all()
    by_mentee: dict[str, list[SharedGoal]] = {}
    for mentee_user, mentor_id, goal in rows:
        mine = [(author, note) for goal_id, author, note in notes if goal_id == goal.id]
        comments = sum(1 for author, _ in mine if author == mentor_id)
        last = mine[0][1] if mine else None
        by_mentee.setdefault(mentee_user, []).append(
            SharedGoal(goal.id, goal.title, goal.progress, goal.due_date, comments, last)
        )
    return [MenteeGoals(user, goals) for user, goals in by_mentee.items()]


async def commentable(session: AsyncSession, team_id: str, mentor_user_id: str, goal_id: int) -> tuple[Goal, str]:
    """The goal and its owner, if `mentor_user_id` may comment on it (checked before the form opens too)."""
    owner = aliased(Member)
    row = (
        await session.execute(
            select(Goal, owner.user_id)
            .join(owner, owner.id == Goal.member_id)
            .where(Goal.team_id == team_id, Goal.id == goal_id)
        )
    ).first()
    if row is None:
        raise NotFound("That goal is gone (its owner closed or deleted it).")
    goal, mentee_user = row
    mentees = {m.mentee for m in await shared_with(session, team_id, mentor_user_id)}
    if goal.visibility != "mentor" or goal.status != GoalStatus.OPEN or mentee_user not in mentees:
        raise NotAllowed("Only the current mentor of someone who shared this goal with their mentor can comment on it.")
    return goal, mentee_user


async def comment(
    session: AsyncSession, team_id: str, mentor_user_id: str, goal_id: int, text: str, now: datetime
) -> Comment:
    """The mentor's comment on a goal their current mentee shared with them, kept in the goal's notes."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("Write a comment first.", field="comment")
    if len(cleaned) > COMMENT_MAX:
        raise InvalidInput(f"Comments can be at most {COMMENT_MAX} characters.", field="comment")
    goal, mentee_user = await commentable(session, team_id, mentor_user_id, goal_id)
    mentor_id = await ensure_member(session, team_id, mentor_user_id, now)
    note = GoalUpdate(team_id=team_id, goal_id=goal.id, note=cleaned, author_member_id=mentor_id, created_at=now)
    session.add(note)
    await session.flush()
    return Comment(goal.title, mentee_user, mentor_user_id, cleaned, note.id)
