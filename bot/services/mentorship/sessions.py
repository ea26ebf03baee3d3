"""A pair's 1:1 times: three proposed slots inside both people's working hours, and the one picked.

Working hours are 09:00 to 17:00, Monday to Friday, in each person's own Slack time zone, as
matching scores them (`matching.hours_overlap`); here they are taken from the zones themselves,
so a slot stays inside both days on either side of a daylight-saving change. The picked slot is
a `PairSession`: it lands in both people's calendar feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PairSession
from bot.db.statuses import PairState
from bot.errors import InvalidInput
from bot.services.mentorship.pairs import own_pair
from bot.services.schedule import zone

WORK_START, WORK_END = 9 * 60, 17 * 60  # minutes of the local day
SESSION_MINUTES = 30
SLOTS = 3
SEARCH_DAYS = 14
NOTICE = timedelta(hours=12)  # the earliest slot: time to see the proposal and plan for it
STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class PairPeople:
    """A pair as the proposal needs it: who, where their 1:1s are posted, their zones."""

    pair_id: int
    team_id: str
    conversation_id: str
    mentor: str
    mentee: str
    mentor_tz: str
    mentee_tz: str


def inside_working_hours(start: datetime, minutes: int, tz: str) -> bool:
    local = start.astimezone(zone(tz))
    begins = local.hour * 60 + local.minute
    return local.weekday() < 5 and begins >= WORK_START and begins + minutes <= WORK_END


def propose_slots(zones: tuple[str, str], now: datetime, count: int = SLOTS) -> list[datetime]:
    """The first slot of the shared working hours on each of the next `count` days that have one."""
    start = _next_step(now + NOTICE)
    found: list[datetime] = []
    days: set[str] = set()
    moment = start
    while moment < start + timedelta(days=SEARCH_DAYS) and len(found) < count:
        day = moment.astimezone(zone(zones[0])).date().isoformat()
        if day not in days and all(inside_working_hours(moment, SESSION_MINUTES, tz) for tz in zones):
            found.append(moment)
            days.add(day)
        moment += STEP
    return found


def _next_step(moment: datetime) -> datetime:
    """`moment` rounded up to the next half hour (UTC; every zone's offset is a multiple of 15 min,
    and the few quarter-hour zones still land inside their hours)."""
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    extra = moment.minute % 30
    return moment + timedelta(minutes=30 - extra) if extra else moment


async def pair_people(session: AsyncSession, team_id: str, user_id: str, pair_id: int) -> PairPeople:
    """The pair, if `user_id` is one of the two and it is still running."""
    pair, the_mentor, the_mentee = await own_pair(session, team_id, user_id, pair_id)
    if pair.status != PairState.ACTIVE or not pair.conversation_id:
        raise InvalidInput("This pair isn't running any more.")
    return PairPeople(
        pair.id, team_id, pair.conversation_id, the_mentor.user_id, the_mentee.user_id, the_mentor.tz, the_mentee.tz
    )


def slots_for(people: PairPeople, now: datetime) -> list[datetime]:
    slots = propose_slots((people.mentor_tz, people.mentee_tz), now)
    if not slots:
        raise InvalidInput(
            f"Your working days don't overlap ({people.mentor_tz} and {people.mentee_tz}, 09:00-17:00 each): "
            "agree on a time in your DM."
        )
    return slots


async def book(
    session: AsyncSession, people: PairPeople, user_id: str, starts_at: datetime, now: datetime
) -> PairSession:
    """The picked slot becomes the pair's next 1:1; an earlier pick still ahead is replaced."""
    if starts_at <= now:
        raise InvalidInput("That time has passed. Propose new times.")
    if not all(inside_working_hours(starts_at, SESSION_MINUTES, tz) for tz in (people.mentor_tz, people.mentee_tz)):
        raise InvalidInput("That time is outside your working hours now (a time zone changed). Propose new times.")
    await session.execute(
        delete(PairSession).where(
            PairSession.team_id == people.team_id, PairSession.pair_id == people.pair_id, PairSession.starts_at > now
        )
    )
    booked = PairSession(
        team_id=people.team_id,
        pair_id=people.pair_id,
        starts_at=starts_at,
        duration_minutes=SESSION_MINUTES,
        chosen_by=user_id,
        created_at=now,
    )
    session.add(booked)
    await session.flush()
    return booked
