"""Reading what Circles collects, once per kind, and turning it into the outcome report's figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Checkin,
    Circle,
    CircleMembership,
    Evaluation,
    Goal,
    Meeting,
    Member,
    MentorPair,
    MentorProgram,
    ProgramEnrolment,
    Rsvp,
    SurveyResponse,
)
from bot.db.statuses import CheckinStatus, GoalStatus, PairState
from bot.services import skills
from bot.services.mentorship.pairs import AT_RISK_AFTER
from bot.services.outcomes.shapes import MIN_PEOPLE, Figure, OutcomeReport, Scope

WEEKS = 12
MONTH = timedelta(days=30)
GOALS_SINCE = timedelta(days=180)
RECENT = timedelta(days=28)
YEAR = timedelta(days=365)


@dataclass
class _Data:
    """Everything the figures are made from, as plain rows (one query per kind)."""

    now: datetime
    members: dict[int, tuple[datetime, bool]] = field(default_factory=dict)  # id → (first seen, deactivated)
    circles: dict[int, str] = field(default_factory=dict)
    joined: dict[int, dict[int, tuple[datetime, datetime | None]]] = field(default_factory=lambda: defaultdict(dict))
    programs: dict[int, str] = field(default_factory=dict)
    enrolled: dict[int, dict[int, datetime]] = field(default_factory=lambda: defaultdict(dict))
    goals: list[tuple[int, str]] = field(default_factory=list)  # (member, status), set in the last 6 months
    checkins: list[tuple[int, datetime, bool, int | None]] = field(default_factory=list)  # answered, confidence
    meetings: dict[int, list[set[int]]] = field(default_factory=lambda: defaultdict(list))  # circle → yes-sets
    pairs: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=lambda: defaultdict(list))
    surveys: dict[int, list[tuple[int, str, dict[str, object]]]] = field(default_factory=lambda: defaultdict(list))
    growth: dict[int, float] = field(default_factory=dict)  # member → mean change of their own skill ratings
    # Answered evaluations of the last year: (member, circle or None, program or None, usefulness, recommend).
    evaluations: list[tuple[int, int | None, int | None, int, bool | None]] = field(default_factory=list)


async def gather(session: AsyncSession, team_id: str, now: datetime) -> _Data:
    data = _Data(now=now)
    for member_id, seen, deleted in await session.execute(
        select(Member.id, Member.created_at, Member.is_deleted).where(
            Member.team_id == team_id, Member.is_bot.is_(False)
        )
    ):
        data.members[member_id] = (seen, deleted)
    for circle_id, name in await session.execute(select(Circle.id, Circle.name).where(Circle.team_id == team_id)):
        data.circles[circle_id] = name
    for circle_id, member_id, joined, left in await session.execute(
        select(
            CircleMembership.circle_id, CircleMembership.member_id, CircleMembership.joined_at, CircleMembership.left_at
        ).where(CircleMembership.team_id == team_id)
    ):
        data.joined[circle_id][member_id] = (joined, left)
    for program_id, name in await session.execute(
        select(MentorProgram.id, MentorProgram.name).where(MentorProgram.team_id == team_id)
    ):
        data.programs[program_id] = name
    for program_id, member_id, enrolled in await session.execute(
        select(ProgramEnrolment.program_id, ProgramEnrolment.member_id, ProgramEnrolment.enrolled_at).where(
            ProgramEnrolment.team_id == team_id
        )
    ):
        data.enrolled[program_id][member_id] = enrolled
    data.goals = [
        (m, s)
        for m, s in await session.execute(
            select(Goal.member_id, Goal.status).where(Goal.team_id == team_id, Goal.created_at >= now - GOALS_SINCE)
        )
    ]
    data.checkins = [
        (m, at, status == CheckinStatus.ANSWERED, confidence)
        for m, at, status, confidence in await session.execute(
            select(Checkin.member_id, Checkin.prompted_at, Checkin.status, Checkin.confidence).where(
                Checkin.team_id == team_id,
                Checkin.scheduled.is_(True),
                Checkin.prompted_at >= now - timedelta(weeks=WEEKS),
            )
        )
    ]
    held: dict[int, tuple[int, set[int]]] = {}
    for meeting_id, circle_id, member_id in await session.execute(
        select(Meeting.id, Meeting.circle_id, Rsvp.member_id)
        .outerjoin(Rsvp, (Rsvp.meeting_id == Meeting.id) & Rsvp.attending.is_(True))
        .where(
            Meeting.team_id == team_id,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at <= now,
            Meeting.starts_at >= now - timedelta(weeks=WEEKS),
        )
    ):
        _, yes = held.setdefault(meeting_id, (circle_id, set()))
        if member_id is not None:
            yes.add(member_id)
    for circle_id, yes in held.values():
        data.meetings[circle_id].append(yes)
    for program_id, mentor, mentee, missed, met in await session.execute(
        select(
            MentorPair.program_id,
            MentorPair.mentor_member_id,
            MentorPair.mentee_member_id,
            MentorPair.missed,
            MentorPair.meetings_held,
        ).where(MentorPair.team_id == team_id, MentorPair.status == PairState.ACTIVE)
    ):
        data.pairs[program_id].append((mentor, mentee, missed, met))
    for program_id, member_id, kind, answers in await session.execute(
        select(SurveyResponse.program_id, SurveyResponse.member_id, SurveyResponse.kind, SurveyResponse.answers)
        .where(SurveyResponse.team_id == team_id)
        .order_by(SurveyResponse.created_at)
    ):
        data.surveys[program_id].append((member_id, kind, answers or {}))
    data.growth = await skills.growth(session, team_id)
    for member_id, circle_id, program_id, useful, recommend in await session.execute(
        select(
            Evaluation.member_id,
            Evaluation.circle_id,
            MentorPair.program_id,
            Evaluation.usefulness,
            Evaluation.recommend,
        )
        .outerjoin(MentorPair, MentorPair.id == Evaluation.pair_id)
        .where(Evaluation.team_id == team_id, Evaluation.answered_at >= now - YEAR, Evaluation.usefulness.is_not(None))
    ):
        data.evaluations.append((member_id, circle_id, program_id, useful, recommend))
    return data


async def report(session: AsyncSession, team_id: str, now: datetime) -> OutcomeReport:
    data = await gather(session, team_id, now)
    return build(team_id, data)


def build(team_id: str, data: _Data) -> OutcomeReport:
    starts = _starts(data)
    overall = _scope(data, "overall", "All participants", set(starts), starts)
    overall.figures |= _pairs_figures(data, list(data.pairs))
    overall.figures |= _feedback_figures(overall, data, set(starts), list(data.programs), circles=True)
    others = {m: seen for m, (seen, _) in data.members.items() if m not in starts}
    for months in (3, 6):
        overall.figures[f"others_retained_{months}m"] = _retained(data, others, months)
    circles = []
    for circle_id, name in sorted(data.circles.items(), key=lambda item: item[1].casefold()):
        members = data.joined.get(circle_id, {})
        scope = _scope(data, "circle", name, set(members), {m: joined for m, (joined, _) in members.items()})
        scope.figures["meeting_attendance"] = _attendance(data, [circle_id])
        scope.figures["taking_part_3m"] = _taking_part(data, [circle_id])
        scope.figures |= _feedback_figures(scope, data, set(members), [], circles=[circle_id])
        circles.append(scope)
    overall.figures["meeting_attendance"] = _attendance(data, list(data.circles))
    overall.figures["taking_part_3m"] = _taking_part(data, list(data.circles))
    programs = []
    for program_id, name in sorted(data.programs.items(), key=lambda item: item[1].casefold()):
        enrolled = data.enrolled.get(program_id, {})
        scope = _scope(data, "program", name, set(enrolled), enrolled)
        scope.figures |= _pairs_figures(data, [program_id])
        scope.figures |= _feedback_figures(scope, data, set(enrolled), [program_id])
        programs.append(scope)
    return OutcomeReport(team_id, data.now, overall, circles, programs)


def _starts(data: _Data) -> dict[int, datetime]:
    """Each participant's first join of a circle or enrolment in a program."""
    starts: dict[int, datetime] = {}
    for members in data.joined.values():
        for member_id, (joined, _) in members.items():
            starts[member_id] = min(joined, starts.get(member_id, joined))
    for members in data.enrolled.values():
        for member_id, enrolled in members.items():
            starts[member_id] = min(enrolled, starts.get(member_id, enrolled))
    return {m: at for m, at in starts.items() if m in data.members}


def _scope(data: _Data, kind: str, name: str, people: set[int], starts: dict[int, datetime]) -> Scope:
    people &= set(data.members)  # whoever deleted their data is in no figure
    scope = Scope(kind, name, len(people))
    goals = [status for member_id, status in data.goals if member_id in people]
    with_goals = {member_id for member_id, _ in data.goals if member_id in people}
    done = sum(1 for status in goals if status == GoalStatus.DONE)
    scope.figures["goal_completion"] = Figure.of(done / len(goals) if goals else None, len(with_goals))
    recent = [c for c in data.checkins if c[0] in people and c[1] >= data.now - RECENT]
    asked = {c[0] for c in recent}
    answered = sum(1 for c in recent if c[2])
    scope.figures["checkin_response"] = Figure.of(answered / len(recent) if recent else None, len(asked))
    confident = [(c[0], c[3]) for c in recent if c[2] and c[3] is not None]
    scope.figures["confidence"] = Figure.of(
        mean(v for _, v in confident) if confident else None, len({m for m, _ in confident})
    )
    for months in (3, 6):
        scope.figures[f"retained_{months}m"] = _retained(data, {m: starts[m] for m in people if m in starts}, months)
    scope.engagement = _weekly(data, people)
    return scope


def _weekly(data: _Data, people: set[int]) -> list[tuple[date, float | None]]:
    weeks = []
    for ago in reversed(range(WEEKS)):
        end = data.now - timedelta(weeks=ago)
        start = end - timedelta(weeks=1)
        week = [c for c in data.checkins if c[0] in people and start <= c[1] < end]
        asked = {c[0] for c in week}
        rate = sum(1 for c in week if c[2]) / len(week) if week else None
        weeks.append((start.date(), rate if len(asked) >= MIN_PEOPLE else None))
    return weeks


def _retained(data: _Data, starts: dict[int, datetime], months: int) -> Figure:
    """Of the people who started at least `months` ago, the share still in the workspace."""
    cohort = [m for m, at in starts.items() if at <= data.now - months * MONTH and m in data.members]
    still = sum(1 for m in cohort if not data.members[m][1])
    return Figure.of(still / len(cohort) if cohort else None, len(cohort))


def _taking_part(data: _Data, circle_ids: Iterable[int]) -> Figure:
    """Of the people who joined one of these circles at least 3 months ago, the share still in one."""
    cohort: dict[int, bool] = {}
    for circle_id in circle_ids:
        for member_id, (joined, left) in data.joined.get(circle_id, {}).items():
            if joined <= data.now - 3 * MONTH and member_id in data.members:
                cohort[member_id] = cohort.get(member_id, False) or left is None
    return Figure.of(sum(cohort.values()) / len(cohort) if cohort else None, len(cohort))


def _attendance(data: _Data, circle_ids: Iterable[int]) -> Figure:
    shares, people = [], set()
    for circle_id in circle_ids:
        members = {m for m, (_, left) in data.joined.get(circle_id, {}).items() if left is None and m in data.members}
        if not members:
            continue
        for yes in data.meetings.get(circle_id, []):
            shares.append(len(yes & members) / len(members))
            people |= members
    return Figure.of(mean(shares) if shares else None, len(people))


def _pairs_figures(data: _Data, program_ids: Iterable[int]) -> dict[str, Figure]:
    pairs = [p for program_id in program_ids for p in data.pairs.get(program_id, [])]
    people = {person for mentor, mentee, _, _ in pairs for person in (mentor, mentee) if person in data.members}
    met = mean(p[3] for p in pairs) if pairs else None
    risky = sum(1 for p in pairs if p[2] >= AT_RISK_AFTER) / len(pairs) if pairs else None
    return {"meetings_per_pair": Figure.of(met, len(people)), "pairs_at_risk": Figure.of(risky, len(people))}


def _feedback_figures(
    scope: Scope, data: _Data, people: set[int], program_ids: list[int], circles: bool | list[int] = False
) -> dict[str, Figure]:
    """Skill growth, usefulness, fit and "would recommend" from what people said: their own skill
    ratings (else a cycle's before/after), the surveys' latest answers, and the evaluations."""
    people &= set(data.members)
    latest: dict[tuple[int, int], dict[str, object]] = {}
    ends: dict[tuple[int, int], dict[str, object]] = {}
    for program_id in program_ids:
        for member_id, kind, answers in data.surveys.get(program_id, []):
            if member_id in data.members:
                latest[(program_id, member_id)] = answers
                if kind == "end":
                    ends[(program_id, member_id)] = answers
    # (person, answer): a figure's n counts people, not answers (one person may evaluate two circles).
    useful = [(m, int(a["useful"])) for (_, m), a in latest.items() if isinstance(a.get("useful"), int)]
    fits = [(m, int(a["fit"])) for (_, m), a in latest.items() if isinstance(a.get("fit"), int)]
    recommend = [(m, a.get("continue") == "yes") for (_, m), a in ends.items() if a.get("continue") in ("yes", "no")]
    for member_id, circle_id, program_id, usefulness, recommends in data.evaluations:
        counted = (circle_id is not None and (circles is True or (circles and circle_id in circles))) or (
            program_id is not None and program_id in program_ids
        )
        if counted and member_id in people:
            useful.append((member_id, usefulness))
            if recommends is not None:
                recommend.append((member_id, recommends))
    from_surveys = {
        member_id: int(a["after"]) - int(a["before"])  # type: ignore[call-overload]
        for (_, member_id), a in ends.items()
        if isinstance(a.get("before"), int) and isinstance(a.get("after"), int)
    }
    changes = [data.growth.get(m, from_surveys.get(m)) for m in people]
    changes = [c for c in changes if c is not None]
    if len(changes) >= MIN_PEOPLE:
        steps = [round(c) for c in changes]
        scope.skill_changes = {step: steps.count(step) for step in range(-4, 5) if steps.count(step)}
    return {
        "skill_growth": Figure.of(mean(changes) if changes else None, len(changes)),
        "usefulness": _mean_of(useful),
        "fit": _mean_of(fits),
        "would_recommend": _mean_of([(m, float(yes)) for m, yes in recommend]),
    }


def _mean_of(answers: list[tuple[int, float]]) -> Figure:
    """The mean of the answers, drawn from as many people as gave one."""
    return Figure.of(mean(v for _, v in answers) if answers else None, len({m for m, _ in answers}))
