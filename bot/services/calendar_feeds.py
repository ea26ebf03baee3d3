"""Calendars from the domain's side: each member's feed token, and what their calendar holds.

A feed holds only what its member takes part in: the circles they belong to (with a schedule) and
their mentorship pair sessions. Three queries whatever the member's size (the token's owner,
their circles with their meetings, their 1:1s), so calendar clients polling every few minutes
cost little.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.calendars.shapes import MemberCalendar, Occurrence, OneOff, Series, describe
from bot.db.models import (
    CalendarFeed,
    Circle,
    CircleMembership,
    CircleSchedule,
    Meeting,
    Member,
    MentorPair,
    PairSession,
    Team,
    Topic,
)
from bot.db.statuses import PairState
from bot.services import program_events
from bot.services.guides import GUIDES
from bot.services.meetings.schedule import upcoming_meetings
from bot.services.meetings.shapes import MeetingPost
from bot.services.schedule import Rhythm, next_occurrence, zone

TOKEN_BYTES = 24  # 192 bits, URL-safe: 32 characters
HISTORY = timedelta(days=90)  # how far back skipped meetings and leaders are kept in a feed
MeetingRow = tuple[Meeting, str | None, str | None]  # a meeting, its leader's name, its topic
# Aliases made once: an alias made per call builds new column objects and a new cache key each
# time (measured: a third of a feed's time went to SQLAlchemy building statements).
LEADER = aliased(Member, name="leader")
MENTOR = aliased(Member, name="mentor")
MENTEE = aliased(Member, name="mentee")


def display_name(member: Member) -> str:
    return member.display_name or member.real_name or member.user_id


def channel_url(team_id: str, channel_id: str) -> str:
    return f"https://app.slack.com/client/{team_id}/{channel_id}"


def series_uid(team_id: str, circle_id: int) -> str:
    return f"circle-{circle_id}.{team_id.lower()}@circles"


# Tokens ------------------------------------------------------------------------------------------


async def feed_token(session: AsyncSession, team_id: str, member_id: int, now: datetime) -> str:
    """The member's live token, made on first use."""
    token = await session.scalar(
        select(CalendarFeed.token).where(
            CalendarFeed.team_id == team_id, CalendarFeed.member_id == member_id, CalendarFeed.revoked_at.is_(None)
        )
    )
    if token is not None:
        return token
    return await _issue(session, team_id, member_id, now)


async def new_token(session: AsyncSession, team_id: str, member_id: int, now: datetime) -> str:
    """**New link**: the old address stops working at once (404), a new one replaces it."""
    await revoke(session, team_id, member_id, now)
    return await _issue(session, team_id, member_id, now)


async def revoke(session: AsyncSession, team_id: str, member_id: int, now: datetime) -> None:
    await session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.team_id == team_id, CalendarFeed.member_id == member_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def _issue(session: AsyncSession, team_id: str, member_id: int, now: datetime) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(CalendarFeed(team_id=team_id, member_id=member_id, token=token, created_at=now))
    await session.flush()
    return token


async def owner_of(session: AsyncSession, token: str) -> Member | None:
    """The member a live token belongs to, in a workspace that still has Circles installed."""
    if not token or len(token) > 64:
        return None
    return await session.scalar(
        select(Member)
        .join(CalendarFeed, CalendarFeed.member_id == Member.id)
        .join(Team, Team.team_id == Member.team_id)
        .where(
            CalendarFeed.token == token,
            CalendarFeed.revoked_at.is_(None),
            CalendarFeed.team_id == Member.team_id,
            Team.uninstalled_at.is_(None),
            Member.is_deleted.is_(False),
        )
    )


# What a calendar holds ---------------------------------------------------------------------------


async def member_calendar(session: AsyncSession, member: Member, now: datetime) -> MemberCalendar:
    """The member's circles with their recent and planned meetings in one query (each round trip
    to the database is most of a feed's cost), then their 1:1s and the program events they go to or host."""
    rows = await session.execute(
        select(Circle, CircleSchedule, Meeting, LEADER, Topic.text)
        .join(CircleMembership, CircleMembership.circle_id == Circle.id)
        .join(CircleSchedule, CircleSchedule.circle_id == Circle.id)
        .outerjoin(Meeting, and_(Meeting.circle_id == Circle.id, Meeting.starts_at >= now - HISTORY))
        .outerjoin(LEADER, LEADER.id == Meeting.leader_member_id)
        .outerjoin(Topic, Topic.id == Meeting.topic_id)
        .where(
            Circle.team_id == member.team_id,
            CircleMembership.member_id == member.id,
            CircleMembership.left_at.is_(None),
        )
        .order_by(Circle.name, Meeting.starts_at)
    )
    circles: dict[int, tuple[Circle, CircleSchedule, list[MeetingRow]]] = {}
    for circle, schedule, meeting, leader, topic in rows.all():
        _, _, held = circles.setdefault(circle.id, (circle, schedule, []))
        if meeting is not None:
            held.append((meeting, display_name(leader) if leader else None, topic))
    series = [series_of(circle, schedule, held) for circle, schedule, held in circles.values()]
    one_offs = await pair_sessions_of(session, member, now - HISTORY)
    one_offs += await program_events.calendar_items(session, member, now - HISTORY)
    return MemberCalendar(name="Circles", series=series, events=one_offs)


def series_of(circle: Circle, schedule: CircleSchedule, meetings: list[MeetingRow]) -> Series:
    """A circle's series. Meetings planned under an earlier schedule no longer fall on the series'
    dates; only the ones that do become overrides or skips."""
    first = first_meeting(schedule)
    guide = GUIDES.get(circle.guide_key or "")
    skipped, overrides = [], []
    if meetings:
        on_series = _occurrences_covering(schedule, [meeting.starts_at for meeting, _, _ in meetings])
        for meeting, leader, topic in meetings:
            if meeting.starts_at not in on_series or meeting.starts_at < first:
                continue
            if meeting.cancelled_at is not None:
                skipped.append(meeting.starts_at)
            elif meeting.guest_name:
                guest = f"{meeting.guest_name} (guest speaker)"
                overrides.append(Occurrence(meeting.starts_at, guest, meeting.guest_topic or topic))
            elif leader or topic:
                overrides.append(Occurrence(meeting.starts_at, leader, topic))
    return Series(
        uid=series_uid(circle.team_id, circle.id),
        title=f"{circle.name} circle",
        cadence=schedule.cadence,
        weekday=schedule.weekday,
        nth=schedule.nth,
        first_start=first,
        tz=schedule.tz,
        duration_minutes=schedule.duration_minutes,
        link=schedule.meeting_link,
        channel_url=channel_url(circle.team_id, circle.channel_id),
        questions=guide.questions if guide else (),
        sequence=schedule.sequence,
        stamp=schedule.updated_at,
        cancelled=schedule.paused or circle.channel_archived_at is not None,
        skipped=tuple(skipped),
        overrides=tuple(overrides),
    )


def first_meeting(schedule: CircleSchedule) -> datetime:
    """The series' DTSTART: the first meeting on or after the schedule's start date."""
    midnight = datetime.combine(schedule.start_date, time(0, 0), tzinfo=zone(schedule.tz))
    return upcoming_meetings(schedule, midnight - timedelta(microseconds=1), 1)[0]


def _occurrences_covering(schedule: CircleSchedule, starts: list[datetime]) -> set[datetime]:
    """The series' dates from the earliest to the latest of `starts`: weekly at most, so one per
    week between them and a margin (counting from the circle's first meeting instead expanded
    years of meetings on every poll of an old circle)."""
    earliest, latest = min(starts), max(starts)
    return set(upcoming_meetings(schedule, earliest - timedelta(seconds=1), (latest - earliest).days // 7 + 2))


async def pair_sessions_of(session: AsyncSession, member: Member, since: datetime) -> list[OneOff]:
    rows = await session.execute(
        select(PairSession, MentorPair.status, MENTOR, MENTEE)
        .join(MentorPair, MentorPair.id == PairSession.pair_id)
        .join(MENTOR, MENTOR.id == MentorPair.mentor_member_id)
        .join(MENTEE, MENTEE.id == MentorPair.mentee_member_id)
        .where(
            PairSession.team_id == member.team_id,
            or_(MentorPair.mentor_member_id == member.id, MentorPair.mentee_member_id == member.id),
            PairSession.starts_at >= since,
        )
        .order_by(PairSession.starts_at)
    )
    events = []
    for pair_session, status, the_mentor, the_mentee in rows.all():
        other = the_mentee if the_mentor.id == member.id else the_mentor
        events.append(session_event(pair_session, display_name(other), member.tz, cancelled=status != PairState.ACTIVE))
    return events


def session_event(pair_session: PairSession, other: str, tz: str, cancelled: bool = False) -> OneOff:
    return OneOff(
        uid=f"pair-session-{pair_session.id}.{pair_session.team_id.lower()}@circles",
        title=f"Mentorship 1:1 with {other}",
        starts_at=pair_session.starts_at,
        tz=tz,
        duration_minutes=pair_session.duration_minutes,
        description="Picked in Circles. Bring what you'd like to talk about; the pair's DM has your notes.",
        stamp=pair_session.created_at,
        cancelled=cancelled,
    )


def slot_event(pair_id: int, team_id: str, starts_at: datetime, minutes: int, tz: str, stamp: datetime) -> OneOff:
    """A proposed (or picked) 1:1 time as a file the pair can add before or after picking."""
    return OneOff(
        uid=f"pair-{pair_id}-{starts_at:%Y%m%dT%H%M}.{team_id.lower()}@circles",
        title="Mentorship 1:1",
        starts_at=starts_at,
        tz=tz,
        duration_minutes=minutes,
        description="Your mentorship 1:1, proposed in Circles. Pick it in your pair's DM so it's in both feeds.",
        stamp=stamp,
    )


def meeting_event(post: MeetingPost, stamp: datetime) -> OneOff:
    """One meeting as a file to import (the announcement's "Add to my calendar")."""
    return OneOff(
        uid=f"meeting-{post.meeting_id}.{post.team_id.lower()}@circles",
        title=f"{post.circle.name} circle",
        starts_at=post.starts_at,
        tz=post.tz,
        duration_minutes=post.duration_minutes,
        description=describe(post.topic, post.questions, channel_url(post.team_id, post.circle.channel_id)),
        stamp=stamp,
        link=post.link,
    )


def next_events(calendar: MemberCalendar, now: datetime) -> list[OneOff]:
    """Each circle's next meeting (not skipped) and each upcoming 1:1, soonest first: the files to
    import one by one when there is no feed."""
    found: list[OneOff] = []
    for series in calendar.series:
        if series.cancelled:
            continue
        start = _next_start(series, now)
        if start is None:
            continue
        known = next((o for o in series.overrides if o.starts_at == start), None)
        found.append(
            OneOff(
                uid=f"{start:%Y%m%dT%H%M}-{series.uid}",
                title=series.title,
                starts_at=start,
                tz=series.tz,
                duration_minutes=series.duration_minutes,
                description=describe(known.topic if known else None, series.questions, series.channel_url),
                stamp=series.stamp,
                link=series.link,
                sequence=series.sequence,
            )
        )
    found += [event for event in calendar.events if event.starts_at > now and not event.cancelled]
    return sorted(found, key=lambda event: event.starts_at)


def _next_start(series: Series, now: datetime) -> datetime | None:
    """The series' first start after `now` that isn't skipped (None if a year holds none)."""
    local = series.first_start.astimezone(zone(series.tz))
    rhythm = Rhythm(series.cadence, series.weekday, local.hour * 60 + local.minute, local.date(), nth=series.nth)
    moment = max(now, series.first_start - timedelta(seconds=1))
    for _ in range(60):
        moment = next_occurrence(rhythm, series.tz, moment, paused_until=local.date())
        if moment not in series.skipped:
            return moment
    return None
