"""A member's side of a check-in: starting one, answering, skipping, snoozing, and their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Checkin, Circle, CircleMembership, Member
from bot.db.statuses import CheckinStatus
from bot.errors import InvalidInput, NotFound
from bot.services import goals as goal_service
from bot.services.checkins.prompts import open_goals
from bot.services.checkins.schedules import SNOOZE, ensure_schedule, member_for
from bot.services.goals import GoalView
from bot.services.schedule import local_date, outside_quiet_hours
from bot.services.streaks import Streak, compute_streak, milestone_reached


@dataclass(frozen=True)
class CheckinAnswer:
    progress: dict[int, int]  # goal id → percent
    learned: str
    blockers: str = ""
    confidence: int | None = None
    shareable: bool = False


@dataclass(frozen=True)
class Answered:
    checkin_id: int
    member_id: int
    user_id: str
    team_id: str
    period_date: date
    scheduled: bool
    streak: Streak
    milestone: int | None
    first_ever: bool
    learned: str
    blockers: str
    confidence: int | None
    shared_goals: list[GoalView]  # goals whose visibility allows the circle to see them
    circles: list[tuple[int, str, str]]  # (id, name, channel) of the member's active circles, if shared
    member_circles: list[tuple[int, str, str]]  # the same, whether shared or not (for celebrations)


async def _own_checkin(session: AsyncSession, team_id: str, user_id: str, checkin_id: int) -> tuple[Checkin, Member]:
    row = (
        await session.execute(
            select(Checkin, Member)
            .join(Member, Member.id == Checkin.member_id)
            .where(Checkin.id == checkin_id, Checkin.team_id == team_id, Member.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound("That check-in isn't yours or no longer exists. Run `/checkin` to start one.")
    return row[0], row[1]


async def start_manual(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> tuple[int, list[GoalView]]:
    """`/checkin`: the open period's check-in, or a new one for today; plus the open goals."""
    member = await member_for(session, team_id, user_id, now)
    await ensure_schedule(session, team_id, member, now)
    goals = (await open_goals(session, team_id, [member.id]))[member.id]
    pending = await session.scalar(
        select(Checkin)
        .where(Checkin.member_id == member.id, Checkin.status == CheckinStatus.PROMPTED)
        .order_by(Checkin.period_date.desc())
    )
    if pending is not None:
        return pending.id, goals
    today = local_date(now, member.tz)
    existing = await session.scalar(select(Checkin).where(Checkin.member_id == member.id, Checkin.period_date == today))
    if existing is not None:
        if existing.status == "answered":
            raise InvalidInput("You already checked in today. Thanks! `/checkin history` shows your entries.")
        existing.status = "prompted"
        return existing.id, goals
    checkin = Checkin(
        team_id=team_id,
        member_id=member.id,
        period_date=today,
        scheduled=False,
        status="prompted",
        prompted_at=now,
    )
    session.add(checkin)
    await session.flush()
    return checkin.id, goals


async def goals_for_checkin(session: AsyncSession, team_id: str, user_id: str, checkin_id: int) -> list[GoalView]:
    checkin, member = await _own_checkin(session, team_id, user_id, checkin_id)
    if checkin.status == CheckinStatus.ANSWERED:
        raise InvalidInput("You've already answered this check-in. Thanks!")
    return (await open_goals(session, team_id, [member.id]))[member.id]


async def streak_of(session: AsyncSession, member_id: int) -> Streak:
    periods = await session.execute(
        select(Checkin.period_date, Checkin.status).where(Checkin.member_id == member_id, Checkin.scheduled.is_(True))
    )
    return compute_streak(periods.all())


async def answer(
    session: AsyncSession, team_id: str, user_id: str, checkin_id: int, answer: CheckinAnswer, now: datetime
) -> Answered:
    checkin, member = await _own_checkin(session, team_id, user_id, checkin_id)
    if checkin.status == CheckinStatus.ANSWERED:
        raise InvalidInput("You've already answered this check-in. Thanks!")
    if not answer.learned.strip():
        raise InvalidInput("Tell me one thing you learned or worked on, even a small one.", field="learned")
    if answer.confidence is not None and not 1 <= answer.confidence <= 5:
        raise InvalidInput("Confidence is from 1 to 5.", field="confidence")
    before = await streak_of(session, member.id)
    first_ever = (
        await session.scalar(
            select(Checkin.id).where(Checkin.member_id == member.id, Checkin.status == CheckinStatus.ANSWERED)
        )
    ) is None
    still_open = {g.id: g for g in (await open_goals(session, team_id, [member.id]))[member.id]}
    updated: list[GoalView] = []
    for goal_id, percent in answer.progress.items():
        goal = still_open.get(goal_id)
        if goal is None:
            continue
        goal_service.check_progress(percent)
        if percent != goal.progress:
            goal = await goal_service.update_goal(
                session,
                team_id,
                member.id,
                goal.number,
                progress=percent,
                note="",
                now=now,
                checkin_id=checkin.id,
            )
        updated.append(goal)
    checkin.status = CheckinStatus.ANSWERED
    checkin.answered_at = now
    checkin.remind_at = None
    checkin.learned = answer.learned.strip()
    checkin.blockers = answer.blockers.strip()
    checkin.confidence = answer.confidence
    checkin.shareable = answer.shareable
    await session.flush()
    after = await streak_of(session, member.id)
    rows = await session.execute(
        select(Circle.id, Circle.name, Circle.channel_id)
        .join(CircleMembership, and_(CircleMembership.circle_id == Circle.id, CircleMembership.left_at.is_(None)))
        .where(CircleMembership.member_id == member.id, Circle.team_id == team_id)
        .order_by(Circle.name_key)
    )
    member_circles: list[tuple[int, str, str]] = [(cid, name, channel) for cid, name, channel in rows.all()]
    return Answered(
        checkin_id=checkin.id,
        member_id=member.id,
        user_id=user_id,
        team_id=team_id,
        period_date=checkin.period_date,
        scheduled=checkin.scheduled,
        streak=after,
        milestone=milestone_reached(before.current, after.current),
        first_ever=first_ever,
        learned=checkin.learned,
        blockers=checkin.blockers,
        confidence=checkin.confidence,
        shared_goals=[g for g in updated if g.visibility == "circle"],
        circles=member_circles if answer.shareable else [],
        member_circles=member_circles,
    )


async def _own_open_checkin(
    session: AsyncSession, team_id: str, user_id: str, checkin_id: int
) -> tuple[Checkin, Member]:
    checkin, member = await _own_checkin(session, team_id, user_id, checkin_id)
    if checkin.status != CheckinStatus.PROMPTED:
        raise InvalidInput(f"This check-in is already {checkin.status}.")
    return checkin, member


async def skip(session: AsyncSession, team_id: str, user_id: str, checkin_id: int, now: datetime) -> Checkin:
    checkin, _ = await _own_open_checkin(session, team_id, user_id, checkin_id)
    checkin.status = CheckinStatus.SKIPPED
    checkin.remind_at = None
    return checkin


async def snooze(session: AsyncSession, team_id: str, user_id: str, checkin_id: int, now: datetime) -> datetime:
    checkin, member = await _own_open_checkin(session, team_id, user_id, checkin_id)
    schedule = await ensure_schedule(session, team_id, member, now)
    checkin.remind_at = outside_quiet_hours(now + SNOOZE, member.tz, schedule.quiet_start, schedule.quiet_end)
    return checkin.remind_at


@dataclass(frozen=True)
class HistoryEntry:
    period_date: date
    status: str
    learned: str
    blockers: str
    confidence: int | None
    shareable: bool


async def history(
    session: AsyncSession, team_id: str, user_id: str, now: datetime, limit: int = 5
) -> tuple[list[HistoryEntry], Streak]:
    member = await member_for(session, team_id, user_id, now)
    rows = await session.scalars(
        select(Checkin).where(Checkin.member_id == member.id).order_by(Checkin.period_date.desc()).limit(limit)
    )
    entries = [HistoryEntry(c.period_date, c.status, c.learned, c.blockers, c.confidence, c.shareable) for c in rows]
    return entries, await streak_of(session, member.id)
