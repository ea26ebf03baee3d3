"""Circle meetings: the schedule, each occurrence, who leads it, announcements, reminders and RSVPs.

The timeline of one meeting (all found from the database by the minute tick):
- `lead_days` before: the meeting row is created and the first in the rotation is asked to lead;
- a day before: if nobody has accepted, the asked person's turn expires and the next in line is
  asked; the channel announcement goes out (naming the confirmed leader, or who is being asked);
- two hours before: the meeting-day reminder with RSVP buttons and a thread for notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import (
    CheckinSchedule,
    Circle,
    CircleMembership,
    CircleSchedule,
    LeaderTurn,
    Meeting,
    Member,
    Rsvp,
    Topic,
)
from bot.errors import InvalidInput, NotFound
from bot.services import grace
from bot.services.away import is_away
from bot.services.dates import format_clock
from bot.services.guides import GUIDES
from bot.services.members import ensure_member
from bot.services.rotation import Candidate, QueueEntry, choose, credit_for_newcomer, queue
from bot.services.schedule import MEETING_CADENCES, Rhythm, describe_rhythm, local_date, next_occurrence, zone

ESCALATE_BEFORE = timedelta(days=1)
ANNOUNCE_BEFORE = timedelta(days=1)
REMIND_BEFORE = timedelta(hours=2)
DURATIONS = (30, 45, 60, 90, 120)


@dataclass(frozen=True)
class ScheduleForm:
    cadence: str
    weekday: int
    nth: int
    minute_of_day: int
    tz: str
    duration_minutes: int
    meeting_link: str
    start_date: date
    lead_days: int
    paused: bool


@dataclass(frozen=True)
class CircleRef:
    id: int
    name: str
    channel_id: str


@dataclass(frozen=True)
class LeaderAsk:
    """Someone to DM: asked to lead (or, with `swap_from`, asked by a colleague to take over)."""

    turn_id: int
    meeting_id: int
    team_id: str
    user_id: str
    circle: CircleRef
    starts_at: datetime
    tz: str  # the asked person's time zone, for showing the time
    topics: list[tuple[int, str]] = field(default_factory=list)
    swap_from_user: str | None = None


@dataclass(frozen=True)
class MeetingPost:
    """What an announcement or meeting-day reminder says."""

    meeting_id: int
    team_id: str
    circle: CircleRef
    starts_at: datetime
    tz: str
    duration_minutes: int
    link: str
    leader_user: str | None
    asked_user: str | None
    topic: str | None
    questions: tuple[str, ...]


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
        schedule = CircleSchedule(team_id=team_id, circle_id=circle_id, created_at=now)
        session.add(schedule)
    for name in (
        "cadence",
        "weekday",
        "nth",
        "minute_of_day",
        "tz",
        "duration_minutes",
        "start_date",
        "lead_days",
        "paused",
    ):
        setattr(schedule, name, getattr(form, name))
    schedule.meeting_link = form.meeting_link.strip()
    schedule.updated_at = now
    schedule.next_plan_at = next_plan_at(schedule, now)
    await session.flush()
    return schedule


async def _circle(session: AsyncSession, team_id: str, circle_id: int) -> Circle:
    circle = await session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.id == circle_id))
    if circle is None:
        raise NotFound("That circle no longer exists.")
    return circle


def _ref(circle: Circle) -> CircleRef:
    return CircleRef(id=circle.id, name=circle.name, channel_id=circle.channel_id)


async def candidates(
    session: AsyncSession, team_id: str, circle_id: int, meeting_id: int | None, now: datetime, tz: str
) -> list[Candidate]:
    """Active members with their turns led, and why any of them can't lead this meeting (`tz`: the circle's)."""
    today = local_date(now, tz)
    accepted = (
        select(
            LeaderTurn.member_id.label("member_id"),
            func.count(LeaderTurn.id).label("turns"),
            func.max(Meeting.starts_at).label("last_led_at"),
        )
        .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
        .where(Meeting.circle_id == circle_id, LeaderTurn.status == "accepted")
        .group_by(LeaderTurn.member_id)
        .subquery()
    )
    rows = await session.execute(
        select(Member, CircleMembership, accepted.c.turns, accepted.c.last_led_at, CheckinSchedule.paused_until)
        .join(CircleMembership, CircleMembership.member_id == Member.id)
        .outerjoin(accepted, accepted.c.member_id == Member.id)
        .outerjoin(CheckinSchedule, CheckinSchedule.member_id == Member.id)
        .where(
            CircleMembership.team_id == team_id,
            CircleMembership.circle_id == circle_id,
            CircleMembership.left_at.is_(None),
        )
    )
    this_meeting: dict[int, str] = {}
    if meeting_id is not None:
        turns = await session.execute(
            select(LeaderTurn.member_id, LeaderTurn.status).where(LeaderTurn.meeting_id == meeting_id)
        )
        this_meeting = {member_id: status for member_id, status in turns.all()}
    found = []
    for member, membership, turns_led, last_led_at, checkins_paused_until in rows.all():
        found.append(
            Candidate(
                member_id=member.id,
                user_id=member.user_id,
                joined_at=membership.joined_at,
                turns=turns_led or 0,
                credit=membership.rotation_credit,
                last_led_at=last_led_at,
                unavailable=_unavailable(member, checkins_paused_until, this_meeting.get(member.id), now, today),
            )
        )
    return found


def _unavailable(
    member: Member, paused_until: date | None, turn_status: str | None, now: datetime, today: date
) -> str | None:
    if member.is_deleted or member.is_bot:
        return "not an active Slack member"
    if member.opted_out_at is not None:
        return "opted out of Circles"
    if member.away_until and member.away_until >= today:
        return f"away until {member.away_until:%b %-d}"
    if is_away(member.status_text, member.status_emoji, member.status_expires_at, now):
        return "out of office (Slack status)"
    if paused_until and paused_until > today:
        return f"paused until {paused_until:%b %-d}"
    reasons = {
        "skipped": "said skip me this time",
        "expired": "didn't answer in time",
        "declined": "declined a swap",
        "asked": "already asked",
        "swapped": "swapped with someone",
    }
    return reasons.get(turn_status or "")


async def credit_newcomer(session: AsyncSession, team_id: str, circle_id: int, member_id: int, now: datetime) -> int:
    """Credit a (re)joining member so they queue at the end of the current round."""
    everyone = await candidates(session, team_id, circle_id, None, now, "UTC")
    current = [c for c in everyone if c.member_id != member_id]
    mine = next((c for c in everyone if c.member_id == member_id), None)
    turns = mine.turns if mine else 0
    credit = credit_for_newcomer(current) - turns
    await session.execute(
        update(CircleMembership)
        .where(CircleMembership.circle_id == circle_id, CircleMembership.member_id == member_id)
        .values(rotation_credit=credit)
    )
    return credit


async def _topics(session: AsyncSession, circle_id: int) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Topic.id, Topic.text)
        .where(Topic.circle_id == circle_id, Topic.used_at.is_(None))
        .order_by(Topic.position)
    )
    return [(topic_id, text) for topic_id, text in rows.all()]


async def _ask_next(
    session: AsyncSession, meeting: Meeting, circle: Circle, now: datetime, reason: str
) -> LeaderAsk | None:
    schedule = await get_schedule(session, circle.team_id, circle.id)
    tz = schedule.tz if schedule else "UTC"
    pool = await candidates(session, circle.team_id, circle.id, meeting.id, now, tz)
    chosen = choose(pool)
    if chosen is None:
        return None
    turn = LeaderTurn(
        team_id=circle.team_id, meeting_id=meeting.id, member_id=chosen.member_id, reason=reason, asked_at=now
    )
    session.add(turn)
    await session.flush()
    return await _leader_ask(session, turn, meeting, circle)


async def _leader_ask(
    session: AsyncSession, turn: LeaderTurn, meeting: Meeting, circle: Circle, swap_from: str | None = None
) -> LeaderAsk:
    member = await session.get(Member, turn.member_id)
    assert member is not None
    return LeaderAsk(
        turn_id=turn.id,
        meeting_id=meeting.id,
        team_id=circle.team_id,
        user_id=member.user_id,
        circle=_ref(circle),
        starts_at=meeting.starts_at,
        tz=member.tz,
        topics=await _topics(session, circle.id),
        swap_from_user=swap_from,
    )


async def plan_due(session: AsyncSession, now: datetime, limit: int = 200) -> list[LeaderAsk]:
    """Create meetings entering their leader window and ask the first in line to lead each."""
    due = (
        await session.execute(
            select(CircleSchedule, Circle)
            .join(Circle, Circle.id == CircleSchedule.circle_id)
            .where(
                CircleSchedule.next_plan_at <= now,
                CircleSchedule.paused.is_(False),
                Circle.channel_archived_at.is_(None),  # an archived channel pauses its circle
            )
            .order_by(CircleSchedule.next_plan_at)
            .limit(limit)
            .with_for_update(of=CircleSchedule, skip_locked=True)
        )
    ).all()
    asks: list[LeaderAsk] = []
    for schedule, circle in due:
        planned_at = schedule.next_plan_at or now
        starts_at = upcoming_meetings(schedule, now, 1)[0]
        window_opens = starts_at - timedelta(days=schedule.lead_days)
        asked_at = max(planned_at, window_opens)  # when this meeting's leader request was due
        if window_opens > now:  # after downtime, the meeting we missed is gone; wait for the next window
            schedule.next_plan_at = window_opens
            continue
        inserted = (
            await session.execute(
                insert_for(session)(Meeting)
                .values(
                    team_id=circle.team_id,
                    circle_id=circle.id,
                    starts_at=starts_at,
                    duration_minutes=schedule.duration_minutes,
                    meeting_link=schedule.meeting_link,
                    escalated=False,
                    announced=False,
                    reminded=False,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["circle_id", "starts_at"])
                .returning(Meeting.id)
            )
        ).scalar()
        # The following meeting's window opens after this one starts.
        schedule.next_plan_at = max(
            upcoming_meetings(schedule, starts_at, 1)[0] - timedelta(days=schedule.lead_days), starts_at
        )
        if inserted is None:
            continue
        meeting = await session.get(Meeting, inserted)
        assert meeting is not None
        ref = f"meeting:{meeting.id}:ask"
        if not await grace.on_time(session, circle.team_id, grace.Work.LEADER_REQUEST, ref, asked_at, now, starts_at):
            continue  # nobody is asked late; a day before, the escalation asks the first in line
        ask = await _ask_next(session, meeting, circle, now, "next in the rotation")
        if ask is not None:
            asks.append(ask)
    return asks


async def escalate_due(session: AsyncSession, now: datetime) -> list[LeaderAsk]:
    """A day before, an unconfirmed leader's turn expires and the next in line is asked."""
    rows = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(
                Meeting.escalated.is_(False),
                Circle.channel_archived_at.is_(None),
                Meeting.leader_member_id.is_(None),
                Meeting.starts_at <= now + ESCALATE_BEFORE,
            )
            .with_for_update(of=Meeting, skip_locked=True)
        )
    ).all()
    asks = []
    for meeting, circle in rows:
        meeting.escalated = True
        due_at, ref = meeting.starts_at - ESCALATE_BEFORE, f"meeting:{meeting.id}:escalate"
        if not await grace.on_time(
            session, circle.team_id, grace.Work.LEADER_REQUEST, ref, due_at, now, meeting.starts_at
        ):
            continue
        await session.execute(
            update(LeaderTurn)
            .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == "asked")
            .values(status="expired", answered_at=now)
        )
        ask = await _ask_next(session, meeting, circle, now, "the person asked before didn't confirm in time")
        if ask is not None:
            asks.append(ask)
    return asks


async def _post(session: AsyncSession, meeting: Meeting, circle: Circle) -> MeetingPost:
    schedule = await get_schedule(session, circle.team_id, circle.id)
    leader = await session.get(Member, meeting.leader_member_id) if meeting.leader_member_id else None
    asked = await session.scalar(
        select(Member.user_id)
        .join(LeaderTurn, LeaderTurn.member_id == Member.id)
        .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == "asked")
        .order_by(LeaderTurn.id.desc())
    )
    topic = await session.get(Topic, meeting.topic_id) if meeting.topic_id else None
    guide = GUIDES.get(circle.guide_key or "")
    return MeetingPost(
        meeting_id=meeting.id,
        team_id=circle.team_id,
        circle=_ref(circle),
        starts_at=meeting.starts_at,
        tz=schedule.tz if schedule else "UTC",
        duration_minutes=meeting.duration_minutes,
        link=meeting.meeting_link,
        leader_user=leader.user_id if leader else None,
        asked_user=asked,
        topic=topic.text if topic else None,
        questions=guide.questions if guide else (),
    )


async def announcements_due(session: AsyncSession, now: datetime) -> list[MeetingPost]:
    rows = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(
                Meeting.announced.is_(False),
                Circle.channel_archived_at.is_(None),
                Meeting.starts_at <= now + ANNOUNCE_BEFORE,
            )
            .with_for_update(of=Meeting, skip_locked=True)
        )
    ).all()
    posts = []
    for meeting, circle in rows:
        meeting.announced = True
        due_at, ref = meeting.starts_at - ANNOUNCE_BEFORE, f"meeting:{meeting.id}:announce"
        if not await grace.on_time(
            session, circle.team_id, grace.Work.ANNOUNCEMENT, ref, due_at, now, meeting.starts_at
        ):
            continue
        if meeting.topic_id is None:
            queued = await _topics(session, circle.id)
            meeting.topic_id = queued[0][0] if queued else None
        if meeting.topic_id is not None:
            await session.execute(update(Topic).where(Topic.id == meeting.topic_id).values(used_at=now))
        posts.append(await _post(session, meeting, circle))
    return posts


async def reminders_due(session: AsyncSession, now: datetime) -> list[MeetingPost]:
    rows = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(
                Meeting.reminded.is_(False),
                Meeting.starts_at <= now + REMIND_BEFORE,
                Circle.channel_archived_at.is_(None),
            )
            .with_for_update(of=Meeting, skip_locked=True)
        )
    ).all()
    posts = []
    for meeting, circle in rows:
        meeting.reminded = True
        due_at, ref = meeting.starts_at - REMIND_BEFORE, f"meeting:{meeting.id}:reminder"
        if not await grace.on_time(
            session, circle.team_id, grace.Work.MEETING_REMINDER, ref, due_at, now, meeting.starts_at
        ):
            continue
        posts.append(await _post(session, meeting, circle))
    return posts


async def _own_turn(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int
) -> tuple[LeaderTurn, Meeting, Circle]:
    row = (
        await session.execute(
            select(LeaderTurn, Meeting, Circle)
            .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
            .join(Circle, Circle.id == Meeting.circle_id)
            .join(Member, Member.id == LeaderTurn.member_id)
            .where(LeaderTurn.id == turn_id, LeaderTurn.team_id == team_id, Member.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound("That request isn't for you, or no longer exists.")
    turn, meeting, circle = row
    if turn.status != "asked":
        raise InvalidInput(f"You already answered this one ({turn.status}).")
    return turn, meeting, circle


@dataclass(frozen=True)
class Accepted:
    post: MeetingPost
    swapped_from: str | None  # the colleague who handed the meeting over, to tell them


async def accept(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> Accepted:
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    if meeting.leader_member_id is not None:
        raise InvalidInput("Someone else already confirmed for this meeting. Thanks for offering!")
    turn.status = "accepted"
    turn.answered_at = now
    meeting.leader_member_id = turn.member_id
    swapped_from = None
    if turn.swap_from_turn_id is not None:
        original = await session.get(LeaderTurn, turn.swap_from_turn_id)
        if original is not None and original.status == "asked":
            original.status = "swapped"
            original.answered_at = now
            swapped_from = (await session.get(Member, original.member_id)).user_id  # type: ignore[union-attr]
    await session.execute(
        update(LeaderTurn)
        .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == "asked")
        .values(status="expired", answered_at=now)
    )
    await session.flush()
    return Accepted(post=await _post(session, meeting, circle), swapped_from=swapped_from)


async def skip_turn(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> LeaderAsk | None:
    """ "Skip me": the next in line is asked; the skipper keeps their place for next time."""
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    turn.status = "skipped"
    turn.answered_at = now
    await session.flush()
    return await _ask_next(session, meeting, circle, now, "the person asked before said skip me")


async def request_swap(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int, target_user_id: str, now: datetime
) -> LeaderAsk:
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    if target_user_id == user_id:
        raise InvalidInput("Pick someone other than yourself.", field="target")
    schedule = await get_schedule(session, team_id, circle.id)
    pool = await candidates(session, team_id, circle.id, meeting.id, now, schedule.tz if schedule else "UTC")
    target = next((c for c in pool if c.user_id == target_user_id), None)
    if target is None:
        raise InvalidInput(
            f"<@{target_user_id}> isn't a member of *{circle.name}*. Pick a circle member.", field="target"
        )
    if target.unavailable:
        raise InvalidInput(f"<@{target_user_id}> can't lead this one: {target.unavailable}.", field="target")
    swap = LeaderTurn(
        team_id=team_id,
        meeting_id=meeting.id,
        member_id=target.member_id,
        reason=f"<@{user_id}> asked to swap",
        swap_from_turn_id=turn.id,
        asked_at=now,
    )
    session.add(swap)
    await session.flush()
    return await _leader_ask(session, swap, meeting, circle, swap_from=user_id)


async def decline_swap(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> str:
    """The colleague asked to take over says no; returns who asked, to tell them."""
    turn, _, _ = await _own_turn(session, team_id, user_id, turn_id)
    if turn.swap_from_turn_id is None:
        raise InvalidInput("This isn't a swap request.")
    turn.status = "declined"
    turn.answered_at = now
    original = await session.get(LeaderTurn, turn.swap_from_turn_id)
    asker = await session.get(Member, original.member_id) if original else None
    return asker.user_id if asker else ""


async def pick_topic(session: AsyncSession, team_id: str, user_id: str, turn_id: int, topic_id: int) -> str:
    _, meeting, circle = await _own_turn_any_status(session, team_id, user_id, turn_id)
    topic = await session.scalar(select(Topic).where(Topic.id == topic_id, Topic.circle_id == circle.id))
    if topic is None:
        raise NotFound("That topic is no longer in the queue.")
    meeting.topic_id = topic.id
    return topic.text


async def _own_turn_any_status(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int
) -> tuple[LeaderTurn, Meeting, Circle]:
    try:
        return await _own_turn(session, team_id, user_id, turn_id)
    except InvalidInput:
        row = (
            await session.execute(
                select(LeaderTurn, Meeting, Circle)
                .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
                .join(Circle, Circle.id == Meeting.circle_id)
                .where(LeaderTurn.id == turn_id)
            )
        ).one()
        return row[0], row[1], row[2]


@dataclass(frozen=True)
class RsvpCounts:
    attending: list[str]
    not_attending: list[str]


async def rsvp(
    session: AsyncSession, team_id: str, user_id: str, meeting_id: int, attending: bool, now: datetime
) -> RsvpCounts:
    meeting = await session.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.team_id == team_id))
    if meeting is None:
        raise NotFound("That meeting no longer exists.")
    member_id = await ensure_member(session, team_id, user_id, now)
    statement = insert_for(session)(Rsvp).values(
        team_id=team_id, meeting_id=meeting_id, member_id=member_id, attending=attending, answered_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["meeting_id", "member_id"], set_={"attending": attending, "answered_at": now}
        )
    )
    rows = await session.execute(
        select(Member.user_id, Rsvp.attending)
        .join(Rsvp, Rsvp.member_id == Member.id)
        .where(Rsvp.meeting_id == meeting_id)
    )
    answers = rows.all()
    return RsvpCounts(attending=[u for u, yes in answers if yes], not_attending=[u for u, yes in answers if not yes])


@dataclass(frozen=True)
class HistoryRow:
    starts_at: datetime
    leader_user: str | None
    asked: list[tuple[str, str]]  # (user, status) in order


@dataclass(frozen=True)
class LeadersOverview:
    circle: CircleRef
    tz: str | None
    queue: list[QueueEntry]
    history: list[HistoryRow]


async def leaders_overview(session: AsyncSession, team_id: str, circle_id: int, now: datetime) -> LeadersOverview:
    circle = await _circle(session, team_id, circle_id)
    schedule = await get_schedule(session, team_id, circle_id)
    tz = schedule.tz if schedule else None
    pending = await session.scalar(
        select(Meeting.id)
        .where(Meeting.circle_id == circle_id, Meeting.starts_at > now, Meeting.leader_member_id.is_(None))
        .order_by(Meeting.starts_at)
    )
    pool = await candidates(session, team_id, circle_id, pending, now, tz or "UTC")
    meetings = list(
        await session.scalars(
            select(Meeting).where(Meeting.circle_id == circle_id).order_by(Meeting.starts_at.desc()).limit(10)
        )
    )
    turns = (
        await session.execute(
            select(LeaderTurn.meeting_id, Member.user_id, LeaderTurn.status)
            .join(Member, Member.id == LeaderTurn.member_id)
            .where(LeaderTurn.meeting_id.in_([m.id for m in meetings]))
            .order_by(LeaderTurn.id)
        )
    ).all()
    leaders = {m_id: u for m_id, u, status in turns if status == "accepted"}
    history = [
        HistoryRow(
            starts_at=m.starts_at,
            leader_user=leaders.get(m.id),
            asked=[(u, status) for m_id, u, status in turns if m_id == m.id],
        )
        for m in meetings
    ]
    return LeadersOverview(circle=_ref(circle), tz=tz, queue=queue(pool), history=history)


async def set_away(session: AsyncSession, team_id: str, user_id: str, until: date | None, now: datetime) -> None:
    member_id = await ensure_member(session, team_id, user_id, now)
    await session.execute(update(Member).where(Member.id == member_id).values(away_until=until))


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


def circle_of_turn(turn_id: int):  # type: ignore[no-untyped-def]
    """A query for the name of the circle a leader turn belongs to."""
    return (
        select(Circle.name)
        .join(Meeting, Meeting.circle_id == Circle.id)
        .join(LeaderTurn, LeaderTurn.meeting_id == Meeting.id)
        .where(LeaderTurn.id == turn_id)
    )


async def post_of(session: AsyncSession, team_id: str, meeting_id: int) -> MeetingPost:
    row = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(Meeting.id == meeting_id, Meeting.team_id == team_id)
        )
    ).first()
    if row is None:
        raise NotFound("That meeting no longer exists.")
    return await _post(session, row[0], row[1])


def describe(schedule: CircleSchedule) -> str:
    text = f"Meets {describe_rhythm(rhythm_of(schedule))} at {format_clock(schedule.minute_of_day)} ({schedule.tz})"
    return text + (", paused" if schedule.paused else "")
