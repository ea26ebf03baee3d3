"""What the minute tick sends: check-in periods as they come due, and their reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import Checkin, CheckinSchedule, Circle, Goal, Member
from bot.db.statuses import CheckinStatus, GoalStatus
from bot.services import goals as goal_service
from bot.services import grace
from bot.services.checkins.schedules import first_reminder, reschedule, unreachable_reason
from bot.services.goals import GoalView
from bot.services.schedule import local_date


@dataclass(frozen=True)
class Prompt:
    """A check-in that needs a DM: the first prompt of a period, or a reminder."""

    checkin_id: int
    team_id: str
    member_id: int
    user_id: str
    period_date: date
    kind: str  # "prompt" | "reminder"
    sequence: int
    goals: list[GoalView] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.kind == "prompt":
            return prompt_key(self.member_id, self.period_date)
        return f"checkin:{self.checkin_id}:reminder:{self.sequence}"


def prompt_key(member_id: int, period: date) -> str:
    return f"checkin:{member_id}:{period.isoformat()}:prompt"


async def open_goals(session: AsyncSession, team_id: str, member_ids: Sequence[int]) -> dict[int, list[GoalView]]:
    """Open goals of many members in one query (no query per member)."""
    found: dict[int, list[GoalView]] = {member_id: [] for member_id in member_ids}
    if not member_ids:
        return found
    rows = await session.execute(
        select(Goal, Circle)
        .outerjoin(Circle, Circle.id == Goal.circle_id)
        .where(Goal.team_id == team_id, Goal.member_id.in_(member_ids), Goal.status == GoalStatus.OPEN)
        .order_by(Goal.member_id, Goal.number)
    )
    for goal, circle in rows.all():
        found[goal.member_id].append(goal_service.to_view(goal, circle))
    return found


async def open_due_periods(session: AsyncSession, now: datetime, limit: int = 500) -> list[Prompt]:
    """Open a check-in period for every schedule whose prompt time has come; return the prompts to send.

    Each schedule moves to its next occurrence after `now`, so downtime produces at most one catch-up
    per member, and only within the grace window. Deactivated members and bots are recorded as
    unreachable instead of prompted.
    """
    due = (
        await session.execute(
            select(CheckinSchedule, Member)
            .join(Member, Member.id == CheckinSchedule.member_id)
            .where(CheckinSchedule.next_prompt_at <= now, CheckinSchedule.undeliverable_reason.is_(None))
            .order_by(CheckinSchedule.next_prompt_at)
            .limit(limit)
            .with_for_update(of=CheckinSchedule, skip_locked=True)
        )
    ).all()
    opening: list[tuple[CheckinSchedule, Member, date]] = []
    for schedule, member in due:
        occurrence = schedule.next_prompt_at
        assert occurrence is not None
        reschedule(schedule, member, now)
        reason = unreachable_reason(member)
        if reason:
            schedule.undeliverable_reason = reason
            continue
        if member.opted_out_at is not None:
            continue
        if not await grace.on_time(
            session,
            member.team_id,
            grace.Work.CHECKIN_PROMPT,
            f"checkin:{member.id}:{occurrence.isoformat()}",
            occurrence,
            now,
        ):
            continue
        period = local_date(occurrence, member.tz)
        if schedule.paused_until and period < schedule.paused_until:
            continue
        opening.append((schedule, member, period))
    if not opening:
        return []
    member_ids = [member.id for _, member, _ in opening]
    await session.execute(
        update(Checkin)
        .where(Checkin.member_id.in_(member_ids), Checkin.status == CheckinStatus.PROMPTED, Checkin.scheduled.is_(True))
        .values(status=CheckinStatus.MISSED, remind_at=None)
    )
    rows = [
        {
            "team_id": member.team_id,
            "member_id": member.id,
            "period_date": period,
            "scheduled": True,
            "status": "prompted",
            "prompted_at": now,
            "reminders_sent": 0,
            "learned": "",
            "blockers": "",
            "shareable": False,
            "remind_at": first_reminder(schedule, member, now),
        }
        for schedule, member, period in opening
    ]
    statement = insert_for(session)(Checkin).values(rows)
    # A manual check-in taken earlier the same local day becomes this period's answer.
    statement = statement.on_conflict_do_update(
        index_elements=["member_id", "period_date"], set_={"scheduled": True}
    ).returning(Checkin.id, Checkin.member_id, Checkin.period_date, Checkin.status)
    opened = (await session.execute(statement)).all()
    by_member = {member.id: member for _, member, _ in opening}
    goals = await _goals_by_team(session, by_member)
    return [
        Prompt(
            checkin_id=checkin_id,
            team_id=by_member[member_id].team_id,
            member_id=member_id,
            user_id=by_member[member_id].user_id,
            period_date=period,
            kind="prompt",
            sequence=0,
            goals=goals.get(member_id, []),
        )
        for checkin_id, member_id, period, status in opened
        if status == "prompted"
    ]


async def _goals_by_team(session: AsyncSession, members: dict[int, Member]) -> dict[int, list[GoalView]]:
    found: dict[int, list[GoalView]] = {}
    teams: dict[str, list[int]] = {}
    for member in members.values():
        teams.setdefault(member.team_id, []).append(member.id)
    for team_id, member_ids in teams.items():
        found.update(await open_goals(session, team_id, member_ids))
    return found


async def due_reminders(session: AsyncSession, now: datetime, limit: int = 500) -> list[Prompt]:
    """Reminders (the automatic one, and snoozes) whose time has come, for periods still unanswered."""
    rows = (
        await session.execute(
            select(Checkin, Member, CheckinSchedule)
            .join(Member, Member.id == Checkin.member_id)
            .join(CheckinSchedule, CheckinSchedule.member_id == Checkin.member_id)
            .where(Checkin.status == CheckinStatus.PROMPTED, Checkin.remind_at <= now)
            .order_by(Checkin.remind_at)
            .limit(limit)
            .with_for_update(of=Checkin, skip_locked=True)
        )
    ).all()
    sending: list[tuple[Checkin, Member]] = []
    for checkin, member, schedule in rows:
        due_at, checkin.remind_at = checkin.remind_at or now, None
        paused = schedule.paused_until and local_date(now, member.tz) < schedule.paused_until
        if paused or schedule.undeliverable_reason or unreachable_reason(member) or member.opted_out_at:
            continue
        ref = f"checkin:{checkin.id}:reminder:{checkin.reminders_sent + 1}"
        if not await grace.on_time(session, member.team_id, grace.Work.CHECKIN_REMINDER, ref, due_at, now):
            continue
        checkin.reminders_sent += 1
        sending.append((checkin, member))
    goals = await _goals_by_team(session, {member.id: member for _, member in sending})
    return [
        Prompt(
            checkin_id=checkin.id,
            team_id=member.team_id,
            member_id=member.id,
            user_id=member.user_id,
            period_date=checkin.period_date,
            kind="reminder",
            sequence=checkin.reminders_sent,
            goals=goals.get(member.id, []),
        )
        for checkin, member in sending
    ]
