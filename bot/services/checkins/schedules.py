"""Each member's check-in schedule: enrolment, rhythm, pauses, settings, and who can't be reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Checkin, CheckinSchedule, Member
from bot.db.statuses import CheckinStatus
from bot.errors import InvalidInput
from bot.services.members import resolve_member
from bot.services.schedule import CADENCES, Rhythm, local_date, next_occurrence, outside_quiet_hours

SNOOZE = timedelta(hours=2)


REMINDER_CHOICES = (0, 60, 120, 240, 480)


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


def reschedule(schedule: CheckinSchedule, member: Member, now: datetime) -> None:
    schedule.next_prompt_at = next_occurrence(rhythm_of(schedule), member.tz, now, schedule.paused_until)
    schedule.updated_at = now


async def member_for(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> Member:
    return await resolve_member(session, team_id, user_id, now)


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
        reschedule(schedule, member, now)
        session.add(schedule)
        await session.flush()
    return schedule


async def enrol(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> ScheduleView:
    """Give someone who joined a circle or set a goal their check-in schedule (no-op if they have one)."""
    member = await member_for(session, team_id, user_id, now)
    return _view(await ensure_schedule(session, team_id, member, now), member)


def unreachable_reason(member: Member) -> str | None:
    """Permanent reasons (recorded on the schedule); opting out is handled separately since it can be undone."""
    if member.is_deleted:
        return "deactivated"
    if member.is_bot:
        return "bot"
    return None


async def pause(session: AsyncSession, team_id: str, user_id: str, until: date, now: datetime) -> ScheduleView:
    member = await member_for(session, team_id, user_id, now)
    if until <= local_date(now, member.tz):
        raise InvalidInput("Pick a date after today to pause until.", field="until")
    schedule = await ensure_schedule(session, team_id, member, now)
    schedule.paused_until = until
    reschedule(schedule, member, now)
    await session.execute(
        update(Checkin)
        .where(Checkin.member_id == member.id, Checkin.status == CheckinStatus.PROMPTED)
        .values(remind_at=None)
    )
    return _view(schedule, member)


async def resume(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> ScheduleView:
    member = await member_for(session, team_id, user_id, now)
    schedule = await ensure_schedule(session, team_id, member, now)
    schedule.paused_until = None
    reschedule(schedule, member, now)
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
    member = await member_for(session, team_id, user_id, now)
    schedule = await ensure_schedule(session, team_id, member, now)
    if settings.cadence == "biweekly" and schedule.cadence != "biweekly":
        schedule.anchor_date = local_date(now, member.tz)  # the fortnight starts this week
    schedule.cadence = settings.cadence
    schedule.weekday = settings.weekday
    schedule.minute_of_day = settings.minute_of_day
    schedule.quiet_start = settings.quiet_start
    schedule.quiet_end = settings.quiet_end
    schedule.reminder_delay_minutes = settings.reminder_delay_minutes
    reschedule(schedule, member, now)
    return _view(schedule, member)


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
    reason = unreachable_reason(member)
    if reason is None and schedule.undeliverable_reason in ("deactivated", "bot"):
        schedule.undeliverable_reason = None
    elif reason is not None:
        schedule.undeliverable_reason = reason
    reschedule(schedule, member, now)


async def mark_unreachable(session: AsyncSession, team_id: str, user_id: str, reason: str) -> None:
    """Slack refused a DM for good: stop prompting (recorded on the schedule, visible to admins)."""
    member_id = select(Member.id).where(Member.team_id == team_id, Member.user_id == user_id).scalar_subquery()
    await session.execute(
        update(CheckinSchedule).where(CheckinSchedule.member_id == member_id).values(undeliverable_reason=reason)
    )
    await session.execute(
        update(Checkin)
        .where(Checkin.member_id == member_id, Checkin.status == CheckinStatus.PROMPTED)
        .values(status=CheckinStatus.MISSED, remind_at=None, skip_reason=reason)
    )


def first_reminder(schedule: CheckinSchedule, member: Member, now: datetime) -> datetime | None:
    if schedule.reminder_delay_minutes <= 0:
        return None
    at = now + timedelta(minutes=schedule.reminder_delay_minutes)
    return outside_quiet_hours(at, member.tz, schedule.quiet_start, schedule.quiet_end)
