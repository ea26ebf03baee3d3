"""The half-yearly evaluation: in each evaluation month (June and December unless the workspace
says otherwise), every circle member and both people of every pair are asked, by DM, how useful it
is, what changed for them, whether they'd recommend it and whether to keep going; one reminder a
week later. Answers feed the outcome report as aggregates only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleMembership, Evaluation, Member, MentorPair, MentorProgram, TeamSettings
from bot.db.statuses import PairState
from bot.errors import InvalidInput, NotFound
from bot.services.members import get_member
from bot.services.schedule import zone

SETTLED = timedelta(days=30)  # someone who joined less than a month ago isn't asked yet
REMIND_AFTER = timedelta(days=7)
WORKING_HOURS = range(9, 18)  # asked and reminded in the person's own working hours
CHANGED_MAX = 2000


@dataclass(frozen=True)
class EvaluationAsk:
    team_id: str
    user_id: str
    evaluation_id: int
    what: str  # "Rust" | "your mentorship with Alice (Spring)"


@dataclass(frozen=True)
class EvaluationForm:
    usefulness: int
    changed: str
    recommend: bool
    keep_going: bool


def period_of(now: datetime) -> str:
    return f"{now:%Y-%m}"


def parse_months(raw: str) -> list[int]:
    """`6, 12` → [6, 12]; `off` → []."""
    if raw.strip().casefold() in ("off", "none", "no"):
        return []
    months = []
    for part in raw.replace(" ", ",").split(","):
        if part.strip():
            if not part.strip().isdecimal() or not 1 <= int(part) <= 12:
                raise InvalidInput("Name the months by number, e.g. `/circles evaluations 6, 12` (or `off`).")
            months.append(int(part))
    if not months:
        raise InvalidInput("Name the months by number, e.g. `/circles evaluations 6, 12` (or `off`).")
    return sorted(set(months))


def _working_hours(now: datetime, tz: str) -> bool:
    return now.astimezone(zone(tz)).hour in WORKING_HOURS


async def due(session: AsyncSession, now: datetime, limit: int = 500) -> list[EvaluationAsk]:
    """Evaluations to ask for now, each recorded (asked) in this transaction."""
    period = period_of(now)
    teams = [
        team_id
        for team_id, months in await session.execute(select(TeamSettings.team_id, TeamSettings.evaluation_months))
        if now.month in (months or [])
    ]
    if not teams:
        return []
    asked = select(Evaluation.id).where(Evaluation.member_id == Member.id, Evaluation.period == period)
    in_circles = await session.execute(
        select(Member, Circle.id, Circle.name)
        .join(CircleMembership, CircleMembership.member_id == Member.id)
        .join(Circle, Circle.id == CircleMembership.circle_id)
        .where(
            Member.team_id.in_(teams),
            CircleMembership.left_at.is_(None),
            CircleMembership.joined_at <= now - SETTLED,
            Circle.channel_archived_at.is_(None),
            Member.opted_out_at.is_(None),
            Member.is_deleted.is_(False),
            ~asked.where(Evaluation.subject == literal("circle:").concat(cast(Circle.id, String))).exists(),
        )
        .limit(limit)
    )
    other = Member.__table__.alias("other")
    in_pairs = await session.execute(
        select(Member, MentorPair.id, MentorProgram.name, other.c.real_name, other.c.user_id)
        .join(MentorPair, (MentorPair.mentor_member_id == Member.id) | (MentorPair.mentee_member_id == Member.id))
        .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
        .join(
            other,
            and_(
                other.c.id != Member.id,
                (other.c.id == MentorPair.mentor_member_id) | (other.c.id == MentorPair.mentee_member_id),
            ),
        )
        .where(
            Member.team_id.in_(teams),
            MentorPair.status == PairState.ACTIVE,
            MentorPair.created_at <= now - SETTLED,
            Member.opted_out_at.is_(None),
            Member.is_deleted.is_(False),
            ~asked.where(Evaluation.subject == literal("pair:").concat(cast(MentorPair.id, String))).exists(),
        )
        .limit(limit)
    )
    asks = []
    subjects = [(m, f"circle:{cid}", cid, None, name) for m, cid, name in in_circles.all()] + [
        (m, f"pair:{pid}", None, pid, f"your mentorship with {other_name or '<@' + other_user + '>'} ({program})")
        for m, pid, program, other_name, other_user in in_pairs.all()
    ]
    for member, subject, circle_id, pair_id, what in subjects:
        if not _working_hours(now, member.tz):
            continue
        row = Evaluation(
            team_id=member.team_id,
            member_id=member.id,
            period=period,
            subject=subject,
            circle_id=circle_id,
            pair_id=pair_id,
            asked_at=now,
            changed="",
        )
        session.add(row)
        await session.flush()
        asks.append(EvaluationAsk(member.team_id, member.user_id, row.id, what))
    return asks


async def reminders_due(session: AsyncSession, now: datetime) -> list[EvaluationAsk]:
    """One reminder a week after asking, for evaluations still unanswered (marked in this transaction)."""
    rows = await session.execute(
        select(Evaluation, Member)
        .join(Member, Member.id == Evaluation.member_id)
        .where(
            Evaluation.answered_at.is_(None),
            Evaluation.reminded_at.is_(None),
            Evaluation.asked_at <= now - REMIND_AFTER,
            Member.opted_out_at.is_(None),
        )
        .limit(500)
    )
    reminders = []
    for evaluation, member in rows.all():
        if _working_hours(now, member.tz):
            evaluation.reminded_at = now
            reminders.append(
                EvaluationAsk(member.team_id, member.user_id, evaluation.id, await _what(session, evaluation))
            )
    await session.flush()
    return reminders


async def _what(session: AsyncSession, evaluation: Evaluation) -> str:
    if evaluation.circle_id is not None:
        return await session.scalar(select(Circle.name).where(Circle.id == evaluation.circle_id)) or "your circle"
    return "your mentorship"


async def own(session: AsyncSession, team_id: str, user_id: str, evaluation_id: int) -> tuple[Evaluation, str]:
    member = await get_member(session, team_id, user_id)
    evaluation = await session.scalar(
        select(Evaluation).where(Evaluation.team_id == team_id, Evaluation.id == evaluation_id)
    )
    if evaluation is None or member is None or evaluation.member_id != member.id:
        raise NotFound("That evaluation isn't yours, or no longer exists.")
    return evaluation, await _what(session, evaluation)


async def answer(
    session: AsyncSession, team_id: str, user_id: str, evaluation_id: int, form: EvaluationForm, now: datetime
) -> str:
    if not 1 <= form.usefulness <= 5:
        raise InvalidInput("Pick how useful it is, from 1 to 5.", field="usefulness")
    if len(form.changed.strip()) > CHANGED_MAX:
        raise InvalidInput(f"Keep it under {CHANGED_MAX} characters.", field="changed")
    evaluation, what = await own(session, team_id, user_id, evaluation_id)
    evaluation.usefulness, evaluation.changed = form.usefulness, form.changed.strip()
    evaluation.recommend, evaluation.keep_going, evaluation.answered_at = form.recommend, form.keep_going, now
    await session.flush()
    return what


async def export(session: AsyncSession, member: Member) -> list[dict[str, object]]:
    rows = await session.scalars(select(Evaluation).where(Evaluation.member_id == member.id))
    return [
        {
            "period": e.period,
            "about": e.subject,
            "usefulness": e.usefulness,
            "what_changed": e.changed,
            "recommend": e.recommend,
            "keep_going": e.keep_going,
            "answered_at": e.answered_at,
        }
        for e in rows
    ]


async def erase(session: AsyncSession, member: Member) -> None:
    await session.execute(delete(Evaluation).where(Evaluation.member_id == member.id))


async def count(session: AsyncSession, member: Member) -> int:
    return int(await session.scalar(select(func.count()).where(Evaluation.member_id == member.id)) or 0)
