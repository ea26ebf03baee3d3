"""Program metrics for admins: engagement, check-ins, goals, kudos, meetings, retention, per week.

Any figure drawn from fewer than `MIN_PEOPLE` people is suppressed (None), so no number can point at
an individual. The data is read with a handful of team-wide queries and bucketed by week in Python.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Checkin, Circle, CircleMembership, Goal, GoalUpdate, Kudos, Meeting, Rsvp
from bot.services import projects
from bot.services.intros import config as intro_config
from bot.services.program_events import EventFigures
from bot.services.program_events import figures as program_events

WEEKS = 12
MIN_PEOPLE = 5
RETENTION_LOOKBACK = timedelta(days=90)
MONTH = timedelta(days=30)
COLUMNS = (
    "scope",
    "week_start",
    "active_members",
    "checkin_response_rate",
    "goals_set",
    "goals_completed",
    "kudos_given",
    "meetings_held",
    "rsvps_yes",
    "retention",
)


@dataclass(frozen=True)
class WeekFigures:
    week_start: date
    active_members: int | None
    checkin_response_rate: float | None  # answered / asked, 0..1
    goals_set: int | None
    goals_completed: int | None
    kudos_given: int | None
    meetings_held: int
    rsvps_yes: int | None
    retention: float | None  # share of people active 3 months ago who are active this month


@dataclass
class Insights:
    generated_at: datetime
    overall: list[WeekFigures] = field(default_factory=list)  # oldest first
    circles: dict[str, list[WeekFigures]] = field(default_factory=dict)
    pairs_on_track: int | None = None  # mentorship pairs meeting as planned (None: fewer than 5 people)
    pairs_at_risk: int | None = None
    events: EventFigures | None = None  # program events of the last 90 days
    # Projects, stretch assignments and shadowing days of the last 90 days: started, completed, people
    # on them (None below five).
    projects: tuple[int, int, int | None] | None = None
    # Intros of the last 90 days: rounds, groups, the share of answered groups that met (None below five).
    intros: tuple[int, int, float | None] | None = None


@dataclass
class _Events:
    """Per member: when they did something that counts as taking part."""

    active: dict[int, list[datetime]] = field(default_factory=lambda: defaultdict(list))
    asked: list[tuple[int, datetime, bool]] = field(default_factory=list)  # (member, prompted_at, answered)
    goals_set: list[tuple[int, datetime]] = field(default_factory=list)
    goals_done: list[tuple[int, datetime]] = field(default_factory=list)
    kudos: list[tuple[int, datetime]] = field(default_factory=list)
    meetings: list[tuple[int, datetime]] = field(default_factory=list)  # (circle, starts_at)
    rsvps: list[tuple[int, int, datetime]] = field(default_factory=list)  # (member, circle, meeting start)


def _suppress(value: int, people: int) -> int | None:
    return value if people >= MIN_PEOPLE else None


async def _events(session: AsyncSession, team_id: str, since: datetime) -> _Events:
    events = _Events()
    for member_id, prompted_at, status, answered_at, scheduled in (
        await session.execute(
            select(
                Checkin.member_id, Checkin.prompted_at, Checkin.status, Checkin.answered_at, Checkin.scheduled
            ).where(Checkin.team_id == team_id, Checkin.prompted_at >= since)
        )
    ).all():
        if scheduled:  # the response rate counts the prompts we sent, not check-ins people started themselves
            events.asked.append((member_id, prompted_at, status == "answered"))
        if answered_at is not None:
            events.active[member_id].append(answered_at)
    for member_id, created_at, closed_at, status in (
        await session.execute(
            select(Goal.member_id, Goal.created_at, Goal.closed_at, Goal.status).where(
                Goal.team_id == team_id, Goal.updated_at >= since
            )
        )
    ).all():
        events.goals_set.append((member_id, created_at))
        events.active[member_id].append(created_at)
        if status == "done" and closed_at is not None:
            events.goals_done.append((member_id, closed_at))
    for member_id, at in (
        await session.execute(
            select(Goal.member_id, GoalUpdate.created_at)
            .join(Goal, Goal.id == GoalUpdate.goal_id)
            .where(GoalUpdate.team_id == team_id, GoalUpdate.created_at >= since)
        )
    ).all():
        events.active[member_id].append(at)
    for giver, at in (
        await session.execute(
            select(Kudos.giver_member_id, Kudos.created_at).where(Kudos.team_id == team_id, Kudos.created_at >= since)
        )
    ).all():
        if giver is not None:
            events.kudos.append((giver, at))
            events.active[giver].append(at)
    for circle_id, starts_at, member_id, attending in (
        await session.execute(
            select(Meeting.circle_id, Meeting.starts_at, Rsvp.member_id, Rsvp.attending)
            .outerjoin(Rsvp, Rsvp.meeting_id == Meeting.id)
            .where(Meeting.team_id == team_id, Meeting.starts_at >= since)
        )
    ).all():
        events.meetings.append((circle_id, starts_at))
        if member_id is not None and attending:
            events.rsvps.append((member_id, circle_id, starts_at))
            events.active[member_id].append(starts_at)
    events.meetings = sorted(set(events.meetings))
    return events


def _figures(events: _Events, members: set[int] | None, circle_id: int | None, now: datetime) -> list[WeekFigures]:
    def mine(member_id: int) -> bool:
        return members is None or member_id in members

    weeks = []
    for back in reversed(range(WEEKS)):
        end = now - timedelta(weeks=back)
        start = end - timedelta(weeks=1)

        def within(at: datetime, start: datetime = start, end: datetime = end) -> bool:
            return start < at <= end  # the current week includes this very moment

        active = {m for m, times in events.active.items() if mine(m) and any(within(t) for t in times)}
        asked = [(m, answered) for m, at, answered in events.asked if mine(m) and within(at)]
        asked_people = {m for m, _ in asked}
        rate = (
            sum(answered for _, answered in asked) / len(asked) if asked and len(asked_people) >= MIN_PEOPLE else None
        )
        goals_set = [m for m, at in events.goals_set if mine(m) and within(at)]
        goals_done = [m for m, at in events.goals_done if mine(m) and within(at)]
        kudos = [m for m, at in events.kudos if mine(m) and within(at)]
        held = [c for c, at in events.meetings if (circle_id is None or c == circle_id) and within(at) and at <= now]
        rsvps = [m for m, c, at in events.rsvps if (circle_id is None or c == circle_id) and mine(m) and within(at)]
        weeks.append(
            WeekFigures(
                week_start=start.date(),
                active_members=_suppress(len(active), len(active)),
                checkin_response_rate=rate,
                goals_set=_suppress(len(goals_set), len(set(goals_set))),
                goals_completed=_suppress(len(goals_done), len(set(goals_done))),
                kudos_given=_suppress(len(kudos), len(set(kudos))),
                meetings_held=len(held),
                rsvps_yes=_suppress(len(rsvps), len(set(rsvps))),
                retention=_retention(events, mine, end),
            )
        )
    return weeks


def _retention(events: _Events, mine: object, end: datetime) -> float | None:
    def active_between(start: datetime, stop: datetime) -> set[int]:
        return {m for m, times in events.active.items() if mine(m) and any(start < t <= stop for t in times)}  # type: ignore[operator]

    before = active_between(end - RETENTION_LOOKBACK - MONTH, end - RETENTION_LOOKBACK)
    if len(before) < MIN_PEOPLE:
        return None
    return len(before & active_between(end - MONTH, end)) / len(before)


async def compute(session: AsyncSession, team_id: str, now: datetime) -> Insights:
    since = now - timedelta(weeks=WEEKS) - RETENTION_LOOKBACK - MONTH
    events = await _events(session, team_id, since)
    insights = Insights(generated_at=now, overall=_figures(events, None, None, now))
    memberships = (
        await session.execute(
            select(Circle.id, Circle.name, CircleMembership.member_id)
            .join(CircleMembership, CircleMembership.circle_id == Circle.id)
            .where(Circle.team_id == team_id)
        )
    ).all()
    by_circle: dict[tuple[int, str], set[int]] = defaultdict(set)
    for circle_id, name, member_id in memberships:
        by_circle[(circle_id, name)].add(member_id)
    for (circle_id, name), members in sorted(by_circle.items(), key=lambda item: item[0][1].casefold()):
        insights.circles[name] = _figures(events, members, circle_id, now)
    from bot.services.mentorship import pair_status

    status = await pair_status(session, team_id)
    if 2 * (status.on_track + status.at_risk) >= MIN_PEOPLE:
        insights.pairs_on_track, insights.pairs_at_risk = status.on_track, status.at_risk
    insights.events = await program_events.totals(session, team_id, now)
    started, completed, people = await projects.counts(session, team_id, now - timedelta(days=90))
    insights.projects = (started, completed, _suppress(people, people))
    insights.intros = await intro_config.figures(session, team_id, now - timedelta(days=90))
    return insights


def _rows(insights: Insights) -> Iterable[dict[str, object]]:
    scopes = [("All circles", insights.overall), *insights.circles.items()]
    for scope, weeks in scopes:
        for week in weeks:
            row: dict[str, object] = {"scope": scope, **asdict(week)}
            yield row


def to_csv(insights: Insights) -> str:
    """One row per scope and week; a suppressed figure (fewer than 5 people) is written as `<5`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in _rows(insights):
        writer.writerow(
            {
                key: ("<5" if value is None else f"{value:.2f}" if isinstance(value, float) else value)
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


def to_json(insights: Insights) -> list[dict[str, object]]:
    return [
        {key: (str(value) if isinstance(value, date) else value) for key, value in row.items()}
        for row in _rows(insights)
    ]
