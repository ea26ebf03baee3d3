"""Skipping one meeting of a circle (`/circle skip`), and taking the skip back (`/circle unskip`).

A skipped meeting is a meeting row with `cancelled_at`: made ahead of time if the meeting isn't
planned yet, so the tick's insert finds it and asks nobody to lead; its announcement and reminder
are never due. Calendars show it as an EXDATE of the series (the schedule's SEQUENCE goes up).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CircleSchedule, LeaderTurn, Meeting
from bot.db.statuses import TurnStatus
from bot.errors import InvalidInput
from bot.services.meetings.schedule import get_schedule, new_meeting, upcoming_meetings
from bot.services.schedule import zone


async def occurrence_on(
    session: AsyncSession, team_id: str, circle_id: int, circle_name: str, day: date, now: datetime
) -> tuple[CircleSchedule, datetime]:
    """The schedule and the start (UTC) of the circle's meeting on `day`, its local date; refused
    kindly when it doesn't meet that day or the meeting has begun."""
    schedule = await get_schedule(session, team_id, circle_id)
    if schedule is None or schedule.paused:
        raise InvalidInput(f"*{circle_name}* has no meetings scheduled. `/circle schedule {circle_name}` sets them.")
    midnight = datetime.combine(day, time(0, 0), tzinfo=zone(schedule.tz))
    starts = upcoming_meetings(schedule, midnight - timedelta(microseconds=1), 1)[0]
    if starts.astimezone(zone(schedule.tz)).date() != day:
        raise InvalidInput(
            f"*{circle_name}* doesn't meet on {day:%A, %b %-d}; its next meeting after that is "
            f"{starts.astimezone(zone(schedule.tz)):%A, %b %-d}."
        )
    if starts <= now:
        raise InvalidInput("That meeting has already started.")
    return schedule, starts


async def meeting_at(
    session: AsyncSession, schedule: CircleSchedule, starts: datetime, now: datetime, create: bool
) -> Meeting | None:
    """The meeting row of that occurrence; made ahead of planning when `create` (the tick's insert
    then finds it and asks nobody to lead)."""
    meeting = await session.scalar(
        select(Meeting).where(
            Meeting.team_id == schedule.team_id, Meeting.circle_id == schedule.circle_id, Meeting.starts_at == starts
        )
    )
    if meeting is None and create:
        meeting = Meeting(**new_meeting(schedule, starts, now))
        session.add(meeting)
        await session.flush()
    return meeting


async def release_turns(session: AsyncSession, meeting: Meeting, now: datetime, reason: str) -> None:
    """Whoever was asked to lead, or agreed to, no longer does; as a "skip", so they keep their
    place in the rotation (accepted turns are what advances it)."""
    await session.execute(
        update(LeaderTurn)
        .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status.in_((TurnStatus.ASKED, TurnStatus.ACCEPTED)))
        .values(status=TurnStatus.SKIPPED, answered_at=now, reason=reason)
    )
    meeting.leader_member_id = None


async def set_skipped(
    session: AsyncSession, team_id: str, circle_id: int, circle_name: str, day: date, skipped: bool, now: datetime
) -> datetime:
    """Skip (or un-skip) the circle's meeting on `day` (the circle's local date); its start (UTC)."""
    schedule, starts = await occurrence_on(session, team_id, circle_id, circle_name, day, now)
    meeting = await meeting_at(session, schedule, starts, now, create=skipped)
    if skipped:
        assert meeting is not None
        if meeting.cancelled_at is not None:
            raise InvalidInput(f"The {day:%b %-d} meeting is already skipped. `/circle unskip` brings it back.")
        meeting.cancelled_at = now
        await release_turns(session, meeting, now, "the meeting was skipped")
    else:
        if meeting is None or meeting.cancelled_at is None:
            raise InvalidInput(f"The {day:%b %-d} meeting isn't skipped.")
        meeting.cancelled_at = None
    schedule.sequence += 1
    schedule.updated_at = now
    await session.flush()
    return starts
