"""A circle's meeting rhythm: the schedule form, its validation, and when meetings fall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Circle,
    CircleSchedule,
    Meeting,
    Member,
    Topic,
)
from bot.errors import InvalidInput, NotFound
from bot.services.dates import format_clock
from bot.services.meetings.shapes import DURATIONS, CircleRef, ScheduleForm
from bot.services.schedule import MEETING_CADENCES, Rhythm, describe_rhythm, local_date, next_occurrence, zone


def rhythm_of(schedule: CircleSchedule | ScheduleForm) -> Rhythm:
    return Rhythm(
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        minute_of_day=schedule.minute_of_day,
        anchor=schedule.start_date,
        nth=schedule.nth,
    )


def upcoming_meetings(schedule: CircleSchedule | ScheduleForm, after: datetime, count: int) -> list[datetime]:
    """The next `count` meeting starts (UTC) after `after`, never before the start date."""
    found: list[datetime] = []
    moment = after
    rhythm = rhythm_of(schedule)
    while len(found) < count:
        moment = next_occurrence(rhythm, schedule.tz, moment, paused_until=schedule.start_date)
        found.append(moment)
    return found


def new_meeting(schedule: CircleSchedule, starts_at: datetime, now: datetime) -> dict[str, object]:
    """A meeting row's first values: planned by the tick, or made ahead by a skip or a guest."""
    return {
        "team_id": schedule.team_id,
        "circle_id": schedule.circle_id,
        "starts_at": starts_at,
        "duration_minutes": schedule.duration_minutes,
        "meeting_link": schedule.meeting_link,
        "escalated": False,
        "announced": False,
        "reminded": False,
        "created_at": now,
    }


def next_plan_at(schedule: CircleSchedule, now: datetime) -> datetime | None:
    if schedule.paused:
        return None
    upcoming = upcoming_meetings(schedule, now, 1)[0]
    return max(upcoming - timedelta(days=schedule.lead_days), now)


def validate_form(form: ScheduleForm, today: date) -> ScheduleForm:
    if form.cadence not in MEETING_CADENCES:
        raise InvalidInput("Pick how often the circle meets.", field="cadence")
    if not 0 <= form.weekday <= 6:
        raise InvalidInput("Pick the day of the week.", field="weekday")
    if form.nth not in (1, 2, 3, 4, -1):
        raise InvalidInput("Pick which week of the month: first to fourth, or last.", field="nth")
    if zone(form.tz).key != form.tz:
        raise InvalidInput(f"`{form.tz}` isn't a time zone I know; use a name like Europe/Berlin.", field="tz")
    if form.duration_minutes not in DURATIONS:
        raise InvalidInput("Pick a meeting length.", field="duration")
    link = form.meeting_link.strip()
    if link:
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise InvalidInput("The meeting link must be a full http(s) URL.", field="link")
    # "Today" differs by up to a day between the person filling in the form and the meeting's zone.
    if form.start_date < today - timedelta(days=1):
        raise InvalidInput("The start date is in the past.", field="start")
    if not 1 <= form.lead_days <= 7:
        raise InvalidInput("Pick the leader 1 to 7 days ahead.", field="lead_days")
    return form


SCHEDULE_FIELDS = (
    "cadence",
    "weekday",
    "nth",
    "minute_of_day",
    "tz",
    "duration_minutes",
    "start_date",
    "lead_days",
    "paused",
)


def _calendar_shows_a_change(schedule: CircleSchedule, form: ScheduleForm) -> bool:
    before = [getattr(schedule, name) for name in SCHEDULE_FIELDS if name != "lead_days"]
    after = [getattr(form, name) for name in SCHEDULE_FIELDS if name != "lead_days"]
    return before != after or schedule.meeting_link != form.meeting_link.strip()


async def get_schedule(session: AsyncSession, team_id: str, circle_id: int) -> CircleSchedule | None:
    return await session.scalar(
        select(CircleSchedule).where(CircleSchedule.team_id == team_id, CircleSchedule.circle_id == circle_id)
    )


async def set_schedule(
    session: AsyncSession, team_id: str, circle_id: int, form: ScheduleForm, now: datetime
) -> CircleSchedule:
    validate_form(form, local_date(now, form.tz))
    schedule = await get_schedule(session, team_id, circle_id)
    if schedule is None:
        schedule = CircleSchedule(team_id=team_id, circle_id=circle_id, created_at=now, sequence=0)
        session.add(schedule)
    elif _calendar_shows_a_change(schedule, form):
        schedule.sequence += 1  # calendars take the new version of the series over the old
    for name in SCHEDULE_FIELDS:
        setattr(schedule, name, getattr(form, name))
    schedule.meeting_link = form.meeting_link.strip()
    schedule.updated_at = now
    schedule.next_plan_at = next_plan_at(schedule, now)
    await session.flush()
    return schedule


async def next_meetings_of(
    session: AsyncSession, team_id: str, circle_id: int, now: datetime, count: int = 3
) -> tuple[CircleSchedule | None, list[tuple[datetime, str | None]]]:
    """The schedule and the next meetings (start, confirmed leader) for `/circle info`."""
    schedule = await get_schedule(session, team_id, circle_id)
    if schedule is None or schedule.paused:
        return schedule, []
    starts = upcoming_meetings(schedule, now, count)
    leaders = dict(
        (
            await session.execute(
                select(Meeting.starts_at, Member.user_id)
                .join(Member, Member.id == Meeting.leader_member_id)
                .where(Meeting.circle_id == circle_id, Meeting.starts_at.in_(starts))
            )
        ).all()
    )
    return schedule, [(start, leaders.get(start)) for start in starts]


@dataclass(frozen=True)
class ScheduleSummary:
    """A saved rhythm as replies show it: plain values, not the row."""

    description: str  # `describe`'s sentence, which says when it's paused
    lead_days: int


def summary_of(schedule: CircleSchedule) -> ScheduleSummary:
    return ScheduleSummary(describe(schedule), schedule.lead_days)


def describe(schedule: CircleSchedule) -> str:
    text = f"Meets {describe_rhythm(rhythm_of(schedule))} at {format_clock(schedule.minute_of_day)} ({schedule.tz})"
    return text + (", paused" if schedule.paused else "")


async def circle_of(session: AsyncSession, team_id: str, circle_id: int) -> Circle:
    circle = await session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.id == circle_id))
    if circle is None:
        raise NotFound("That circle no longer exists.")
    return circle


def circle_ref(circle: Circle) -> CircleRef:
    return CircleRef(id=circle.id, name=circle.name, channel_id=circle.channel_id)


async def queued_topics(session: AsyncSession, circle_id: int) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Topic.id, Topic.text)
        .where(Topic.circle_id == circle_id, Topic.used_at.is_(None))
        .order_by(Topic.position)
    )
    return [(topic_id, text) for topic_id, text in rows.all()]
