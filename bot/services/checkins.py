"""Check-ins: each member's schedule, the periods it opens, answers, skips, snoozes and pauses.

Functions here change state and return plain data; the job or workflow that calls them renders the
messages and enqueues them in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import Checkin, CheckinSchedule, Circle, CircleMembership, Goal, Member
from bot.errors import InvalidInput, NotFound
from bot.services import goals as goal_service
from bot.services import grace
from bot.services.goals import GoalView
from bot.services.members import ensure_member
from bot.services.schedule import CADENCES, Rhythm, local_date, next_occurrence, outside_quiet_hours
from bot.services.streaks import Streak, compute_streak, milestone_reached

SNOOZE = timedelta(hours=2)
REMINDER_CHOICES = (0, 60, 120, 240, 480)


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


@dataclass(frozen=True)
class ScheduleView:
    cadence: str
    weekday: int
    minute_of_day: int
    quiet_start: int | None
    quiet_end: int | None
    reminder_delay_minutes: int
    paused_until: date | None
    next_prompt_at: datetime | None
    tz: str
    unreachable: str | None


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


def rhythm_of(schedule: CheckinSchedule) -> Rhythm:
    return Rhythm(
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        minute_of_day=schedule.minute_of_day,
        anchor=schedule.anchor_date,
        quiet_start=schedule.quiet_start,
        quiet_end=schedule.quiet_end,
    )


def _view(schedule: CheckinSchedule, member: Member) -> ScheduleView:
    return ScheduleView(
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        minute_of_day=schedule.minute_of_day,
        quiet_start=schedule.quiet_start,
        quiet_end=schedule.quiet_end,
        reminder_delay_minutes=schedule.reminder_delay_minutes,
        paused_until=schedule.paused_until,
        next_prompt_at=schedule.next_prompt_at,
        tz=member.tz,
        unreachable=schedule.undeliverable_reason,
    )


def _reschedule(schedule: CheckinSchedule, member: Member, now: datetime) -> None:
    schedule.next_prompt_at = next_occurrence(rhythm_of(schedule), member.tz, now, schedule.paused_until)
    schedule.updated_at = now


async def _member(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> Member:
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await session.get(Member, member_id)
    assert member is not None
    return member


async def ensure_schedule(session: AsyncSession, team_id: str, member: Member, now: datetime) -> CheckinSchedule:
    """The member's schedule, created with the defaults (weekly, Monday 10:00 local) on first use."""
    schedule = await session.scalar(select(CheckinSchedule).where(CheckinSchedule.member_id == member.id))
    if schedule is None:
        schedule = CheckinSchedule(
            team_id=team_id,
            member_id=member.id,
            anchor_date=local_date(now, member.tz),
            created_at=now,
            updated_at=now,
            cadence="weekly",
            weekday=0,
            minute_of_day=600,
            reminder_delay_minutes=240,
        )
        _reschedule(schedule, member, now)
        session.add(schedule)
        await session.flush()
    return schedule


async def enrol(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> ScheduleView:
    """Give someone who joined a circle or set a goal their check-in schedule (no-op if they have one)."""
    member = await _member(session, team_id, user_id, now)
    return _view(await ensure_schedule(session, team_id, member, now), member)


async def _open_goals(session: AsyncSession, team_id: str, member_ids: Sequence[int]) -> dict[int, list[GoalView]]:
    """Open goals of many members in one query (no query per member)."""
    found: dict[int, list[GoalView]] = {member_id: [] for member_id in member_ids}
    if not member_ids:
        return found
    rows = await session.execute(
        select(Goal, Circle)
        .outerjoin(Circle, Circle.id == Goal.circle_id)
        .where(Goal.team_id == team_id, Goal.member_id.in_(member_ids), Goal.status == "open")
        .order_by(Goal.member_id, Goal.number)
    )
    for goal, circle in rows.all():
        found[goal.member_id].append(goal_service.to_view(goal, circle))
    return found


def _unreachable_reason(member: Member) -> str | None:
    """Permanent reasons (recorded on the schedule); opting out is handled separately since it can be undone."""
    if member.is_deleted:
        return "deactivated"
    if member.is_bot:
        return "bot"
    return None


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
        _reschedule(schedule, member, now)
        reason = _unreachable_reason(member)
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
        .where(Checkin.member_id.in_(member_ids), Checkin.status == "prompted", Checkin.scheduled.is_(True))
        .values(status="missed", remind_at=None)
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
            "remind_at": _first_reminder(schedule, member, now),
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
        found.update(await _open_goals(session, team_id, member_ids))
    return found


def _first_reminder(schedule: CheckinSchedule, member: Member, now: datetime) -> datetime | None:
    if schedule.reminder_delay_minutes <= 0:
        return None
    at = now + timedelta(minutes=schedule.reminder_delay_minutes)
    return outside_quiet_hours(at, member.tz, schedule.quiet_start, schedule.quiet_end)


async def due_reminders(session: AsyncSession, now: datetime, limit: int = 500) -> list[Prompt]:
    """Reminders (the automatic one, and snoozes) whose time has come, for periods still unanswered."""
    rows = (
        await session.execute(
            select(Checkin, Member, CheckinSchedule)
            .join(Member, Member.id == Checkin.member_id)
            .join(CheckinSchedule, CheckinSchedule.member_id == Checkin.member_id)
            .where(Checkin.status == "prompted", Checkin.remind_at <= now)
            .order_by(Checkin.remind_at)
            .limit(limit)
            .with_for_update(of=Checkin, skip_locked=True)
        )
    ).all()
    sending: list[tuple[Checkin, Member]] = []
    for checkin, member, schedule in rows:
        due_at, checkin.remind_at = checkin.remind_at or now, None
        paused = schedule.paused_until and local_date(now, member.tz) < schedule.paused_until
        if paused or schedule.undeliverable_reason or _unreachable_reason(member) or member.opted_out_at:
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
    member = await _member(session, team_id, user_id, now)
    await ensure_schedule(session, team_id, member, now)
    goals = (await _open_goals(session, team_id, [member.id]))[member.id]
    pending = await session.scalar(
        select(Checkin)
        .where(Checkin.member_id == member.id, Checkin.status == "prompted")
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
    if checkin.status == "answered":
        raise InvalidInput("You've already answered this check-in. Thanks!")
    return (await _open_goals(session, team_id, [member.id]))[member.id]


async def streak_of(session: AsyncSession, member_id: int) -> Streak:
    periods = await session.execute(
        select(Checkin.period_date, Checkin.status).where(Checkin.member_id == member_id, Checkin.scheduled.is_(True))
    )
    return compute_streak(periods.all())


async def answer(
    session: AsyncSession, team_id: str, user_id: str, checkin_id: int, answer: CheckinAnswer, now: datetime
) -> Answered:
    checkin, member = await _own_checkin(session, team_id, user_id, checkin_id)
    if checkin.status == "answered":
        raise InvalidInput("You've already answered this check-in. Thanks!")
    if not answer.learned.strip():
        raise InvalidInput("Tell me one thing you learned or worked on, even a small one.", field="learned")
    if answer.confidence is not None and not 1 <= answer.confidence <= 5:
        raise InvalidInput("Confidence is from 1 to 5.", field="confidence")
    before = await streak_of(session, member.id)
    first_ever = (
        await session.scalar(select(Checkin.id).where(Checkin.member_id == member.id, Checkin.status == "answered"))
    ) is None
    open_goals = {g.id: g for g in (await _open_goals(session, team_id, [member.id]))[member.id]}
    updated: list[GoalView] = []
    for goal_id, percent in answer.progress.items():
        goal = open_goals.get(goal_id)
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
    checkin.status = "answered"
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
    if checkin.status != "prompted":
        raise InvalidInput(f"This check-in is already {checkin.status}.")
    return checkin, member


async def skip(session: AsyncSession, team_id: str, user_id: str, checkin_id: int, now: datetime) -> Checkin:
    checkin, _ = await _own_open_checkin(session, team_id, user_id, checkin_id)
    checkin.status = "skipped"
    checkin.remind_at = None
    return checkin


async def snooze(session: AsyncSession, team_id: str, user_id: str, checkin_id: int, now: datetime) -> datetime:
    checkin, member = await _own_open_checkin(session, team_id, user_id, checkin_id)
    schedule = await ensure_schedule(session, team_id, member, now)
    checkin.remind_at = outside_quiet_hours(now + SNOOZE, member.tz, schedule.quiet_start, schedule.quiet_end)
    return checkin.remind_at


async def pause(session: AsyncSession, team_id: str, user_id: str, until: date, now: datetime) -> ScheduleView:
    member = await _member(session, team_id, user_id, now)
    if until <= local_date(now, member.tz):
        raise InvalidInput("Pick a date after today to pause until.", field="until")
    schedule = await ensure_schedule(session, team_id, member, now)
    schedule.paused_until = until
    _reschedule(schedule, member, now)
    await session.execute(
        update(Checkin).where(Checkin.member_id == member.id, Checkin.status == "prompted").values(remind_at=None)
    )
    return _view(schedule, member)


async def resume(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> ScheduleView:
    member = await _member(session, team_id, user_id, now)
    schedule = await ensure_schedule(session, team_id, member, now)
    schedule.paused_until = None
    _reschedule(schedule, member, now)
    return _view(schedule, member)


@dataclass(frozen=True)
class ScheduleSettings:
    cadence: str
    weekday: int
    minute_of_day: int
    quiet_start: int | None
    quiet_end: int | None
    reminder_delay_minutes: int


async def change_settings(
    session: AsyncSession, team_id: str, user_id: str, settings: ScheduleSettings, now: datetime
) -> ScheduleView:
    if settings.cadence not in CADENCES:
        raise InvalidInput("Pick how often: every weekday, every week or every 2 weeks.", field="cadence")
    if not 0 <= settings.weekday <= 6:
        raise InvalidInput("Pick a day of the week.", field="weekday")
    if (settings.quiet_start is None) != (settings.quiet_end is None):
        raise InvalidInput("Quiet hours need both a start and an end (or neither).", field="quiet_end")
    if settings.reminder_delay_minutes not in REMINDER_CHOICES:
        raise InvalidInput("Pick one of the reminder options.", field="reminder")
    member = await _member(session, team_id, user_id, now)
    schedule = await ensure_schedule(session, team_id, member, now)
    if settings.cadence == "biweekly" and schedule.cadence != "biweekly":
        schedule.anchor_date = local_date(now, member.tz)  # the fortnight starts this week
    schedule.cadence = settings.cadence
    schedule.weekday = settings.weekday
    schedule.minute_of_day = settings.minute_of_day
    schedule.quiet_start = settings.quiet_start
    schedule.quiet_end = settings.quiet_end
    schedule.reminder_delay_minutes = settings.reminder_delay_minutes
    _reschedule(schedule, member, now)
    return _view(schedule, member)


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
    member = await _member(session, team_id, user_id, now)
    rows = await session.scalars(
        select(Checkin).where(Checkin.member_id == member.id).order_by(Checkin.period_date.desc()).limit(limit)
    )
    entries = [HistoryEntry(c.period_date, c.status, c.learned, c.blockers, c.confidence, c.shareable) for c in rows]
    return entries, await streak_of(session, member.id)


async def reschedule_member(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> None:
    """After a profile change: follow a new time zone; a reactivated person becomes reachable again."""
    row = (
        await session.execute(
            select(CheckinSchedule, Member)
            .join(Member, Member.id == CheckinSchedule.member_id)
            .where(Member.team_id == team_id, Member.user_id == user_id)
            .execution_options(populate_existing=True)  # the profile was just changed by a core UPDATE
        )
    ).first()
    if row is None:
        return
    schedule, member = row
    reason = _unreachable_reason(member)
    if reason is None and schedule.undeliverable_reason in ("deactivated", "bot"):
        schedule.undeliverable_reason = None
    elif reason is not None:
        schedule.undeliverable_reason = reason
    _reschedule(schedule, member, now)


async def mark_unreachable(session: AsyncSession, team_id: str, user_id: str, reason: str) -> None:
    """Slack refused a DM for good: stop prompting (recorded on the schedule, visible to admins)."""
    member_id = select(Member.id).where(Member.team_id == team_id, Member.user_id == user_id).scalar_subquery()
    await session.execute(
        update(CheckinSchedule).where(CheckinSchedule.member_id == member_id).values(undeliverable_reason=reason)
    )
    await session.execute(
        update(Checkin)
        .where(Checkin.member_id == member_id, Checkin.status == "prompted")
        .values(status="missed", remind_at=None, skip_reason=reason)
    )
