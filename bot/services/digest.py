"""A circle's weekly digest: participation, highlights, goals, kudos, resources, the next meeting.

`gather` issues a fixed number of queries per circle (eight), never one per member, so a 200-member
circle costs what a 5-member one does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    Checkin,
    Circle,
    CircleMembership,
    CircleSchedule,
    Goal,
    Kudos,
    Meeting,
    Member,
    Resource,
)
from bot.db.statuses import GoalStatus
from bot.services import projects
from bot.services.meetings import upcoming_meetings
from bot.services.schedule import Rhythm, local_date, next_occurrence
from bot.services.streaks import compute_streak

WEEKS_CHARTED = 8
STREAK_HISTORY = timedelta(weeks=26)
QUIET_AFTER = timedelta(weeks=3)
STREAK_SHOUT_OUT = 3  # streaks at least this long get a mention


@dataclass(frozen=True)
class WeekParticipation:
    week_start: date
    answered: int  # members who checked in at least once that week
    members: int


@dataclass
class DigestData:
    circle_id: int
    circle_name: str
    channel_id: str
    tz: str
    week_start: date
    members: int
    participation: list[WeekParticipation] = field(default_factory=list)  # oldest first; last is this week
    highlights: list[tuple[str, str]] = field(default_factory=list)  # (user, what they learned)
    goals_completed: list[tuple[str, str]] = field(default_factory=list)  # (user, goal title)
    kudos: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # (giver, receiver, message, value)
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # (user, url, note)
    next_meeting: tuple[datetime, str | None] | None = None  # (start, leader)
    streaks: list[tuple[str, int]] = field(default_factory=list)  # (user, streak), longest first
    projects: list[tuple[str, list[str], int]] = field(default_factory=list)  # (title, people, average progress)
    quiet_members: int = 0

    @property
    def is_empty(self) -> bool:
        this_week = self.participation[-1].answered if self.participation else 0
        return not (this_week or self.highlights or self.goals_completed or self.kudos or self.resources)


async def gather(
    session: AsyncSession, team_id: str, circle_id: int, now: datetime, since: datetime | None = None
) -> DigestData:
    """The digest of the 7 days before `now`, or of everything since `since` (a skipped digest folded in)."""
    # 1: the circle and its schedule (time zone, next meeting).
    circle, schedule = (
        await session.execute(
            select(Circle, CircleSchedule)
            .outerjoin(CircleSchedule, CircleSchedule.circle_id == Circle.id)
            .where(Circle.team_id == team_id, Circle.id == circle_id)
        )
    ).one()
    tz = schedule.tz if schedule else "UTC"
    week_ago = min(since, now - timedelta(days=7)) if since else now - timedelta(days=7)
    # 2: active members.
    members = {
        member_id: user_id
        for member_id, user_id in (
            await session.execute(
                select(Member.id, Member.user_id)
                .join(CircleMembership, CircleMembership.member_id == Member.id)
                .where(
                    CircleMembership.circle_id == circle_id,
                    CircleMembership.left_at.is_(None),
                    Member.is_deleted.is_(False),
                    Member.is_bot.is_(False),
                )
            )
        ).all()
    }
    in_circle = (
        select(CircleMembership.member_id)
        .where(CircleMembership.circle_id == circle_id, CircleMembership.left_at.is_(None))
        .scalar_subquery()
    )
    # 3: their check-ins of the last half year (participation, highlights, streaks, quiet members).
    checkins = (
        await session.execute(
            select(
                Checkin.member_id,
                Checkin.period_date,
                Checkin.status,
                Checkin.scheduled,
                Checkin.answered_at,
                Checkin.shareable,
                Checkin.learned,
            ).where(Checkin.member_id.in_(in_circle), Checkin.prompted_at >= now - STREAK_HISTORY)
        )
    ).all()
    data = DigestData(
        circle_id=circle.id,
        circle_name=circle.name,
        channel_id=circle.channel_id,
        tz=tz,
        week_start=local_date(week_ago, tz),
        members=len(members),
    )
    _checkin_figures(data, checkins, members, now)
    # 4: goals completed this week that the owner lets the circle see.
    data.goals_completed = [
        (user_id, title)
        for user_id, title in (
            await session.execute(
                select(Member.user_id, Goal.title)
                .join(Member, Member.id == Goal.member_id)
                .where(
                    Goal.status == GoalStatus.DONE,
                    Goal.closed_at >= week_ago,
                    Goal.visibility == "circle",
                    or_(Goal.circle_id == circle_id, and_(Goal.circle_id.is_(None), Goal.member_id.in_(in_circle))),
                )
                .order_by(Goal.closed_at)
            )
        ).all()
    ]
    # 5: kudos given within the circle this week.
    giver, receiver = aliased(Member), aliased(Member)
    data.kudos = [
        (g, r, message, value)
        for g, r, message, value in (
            await session.execute(
                select(giver.user_id, receiver.user_id, Kudos.message, Kudos.value)
                .join(giver, giver.id == Kudos.giver_member_id)
                .join(receiver, receiver.id == Kudos.receiver_member_id)
                .where(Kudos.circle_id == circle_id, Kudos.created_at >= week_ago)
                .order_by(Kudos.created_at)
            )
        ).all()
    ]
    # 6: resources shared this week.
    data.resources = [
        (user, url, note)
        for user, url, note in (
            await session.execute(
                select(Resource.shared_by, Resource.url, Resource.note)
                .where(Resource.circle_id == circle_id, Resource.created_at >= week_ago)
                .order_by(Resource.created_at)
            )
        ).all()
    ]
    # 7: projects under way, with their people's average progress.
    data.projects = await projects.in_progress(session, circle_id)
    # 8: the next meeting, with its leader once confirmed.
    if schedule is not None and not schedule.paused:
        start = upcoming_meetings(schedule, now, 1)[0]
        leader = await session.scalar(
            select(Member.user_id)
            .join(Meeting, Meeting.leader_member_id == Member.id)
            .where(Meeting.circle_id == circle_id, Meeting.starts_at == start)
        )
        data.next_meeting = (start, leader)
    return data


def _checkin_figures(data: DigestData, checkins: list, members: dict[int, str], now: datetime) -> None:  # type: ignore[type-arg]
    answered_weeks: dict[int, set[int]] = defaultdict(set)  # weeks ago → members who answered
    periods: dict[int, list[tuple[date, str]]] = defaultdict(list)
    last_answer: dict[int, datetime] = {}
    for member_id, period, status, scheduled, answered_at, shareable, learned in checkins:
        if member_id not in members:
            continue
        if scheduled:
            periods[member_id].append((period, status))
        if status == "answered" and answered_at is not None:
            weeks_ago = int((now - answered_at) / timedelta(days=7))
            if weeks_ago < WEEKS_CHARTED:
                answered_weeks[weeks_ago].add(member_id)
            last_answer[member_id] = max(answered_at, last_answer.get(member_id, answered_at))
            if weeks_ago == 0 and shareable and learned:
                data.highlights.append((members[member_id], learned))
    data.participation = [
        WeekParticipation(
            week_start=local_date(now - timedelta(days=7 * (weeks_ago + 1)), data.tz),
            answered=len(answered_weeks[weeks_ago]),
            members=data.members,
        )
        for weeks_ago in reversed(range(WEEKS_CHARTED))
    ]
    streaks = [(members[m], compute_streak(p).current) for m, p in periods.items()]
    data.streaks = sorted(((u, s) for u, s in streaks if s >= STREAK_SHOUT_OUT), key=lambda item: (-item[1], item[0]))
    data.quiet_members = sum(
        1 for m in members if now - last_answer.get(m, datetime.min.replace(tzinfo=now.tzinfo)) > QUIET_AFTER
    )


def next_digest_at(circle: Circle, tz: str, after: datetime) -> datetime:
    rhythm = Rhythm(
        cadence="weekly", weekday=circle.digest_weekday, minute_of_day=circle.digest_minute, anchor=after.date()
    )
    return next_occurrence(rhythm, tz, after)
