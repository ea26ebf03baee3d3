"""Published pairs: introductions, 1:1 nudges, reported meetings, at-risk pairs, each person's pairs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    Member,
    MentorPair,
    MentorProgram,
)
from bot.db.statuses import PairState, ProgramStatus
from bot.errors import InvalidInput, NotFound
from bot.services import grace
from bot.services.mentorship.guides import session_guide

AT_RISK_AFTER = 2  # missed meetings


@dataclass(frozen=True)
class PublishedPair:
    pair_id: int
    mentor: str
    mentee: str
    reasons: list[str]
    shared_interests: list[str]


async def publish(session: AsyncSession, program: MentorProgram, now: datetime) -> list[PublishedPair]:
    if program.status == ProgramStatus.ACTIVE:
        raise InvalidInput(f"*{program.name}* is already published.")
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorPair, mentor.user_id, mentee.user_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(MentorPair.program_id == program.id, MentorPair.status.in_((PairState.PROPOSED, PairState.LOCKED)))
            .order_by(MentorPair.id)
        )
    ).all()
    if not rows:
        raise InvalidInput("There are no proposed pairs to publish yet: preview the matches first.")
    program.status = ProgramStatus.ACTIVE
    program.published_at = now
    published = []
    for pair, mentor_user, mentee_user in rows:
        pair.status = PairState.ACTIVE
        pair.next_nudge_at = now + timedelta(days=program.cadence_days)
        shared = next(
            (r.removeprefix("shared interests: ") for r in pair.reasons if r.startswith("shared interests")), ""
        )
        published.append(
            PublishedPair(pair.id, mentor_user, mentee_user, list(pair.reasons), [s for s in shared.split(", ") if s])
        )
    return published


async def record_conversation(session: AsyncSession, pair_id: int, conversation_id: str) -> None:
    pair = await session.get(MentorPair, pair_id)
    if pair is not None:
        pair.conversation_id = conversation_id


@dataclass(frozen=True)
class Nudge:
    pair_id: int
    team_id: str
    conversation_id: str
    sequence: int
    at_risk: bool
    admin_user_id: str
    mentor: str
    mentee: str
    guide: str = ""  # the program's guide for this 1:1


async def nudges_due(session: AsyncSession, now: datetime) -> list[Nudge]:
    """Each active pair, once per cadence: a meeting not reported since the last nudge counts as missed."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorPair, MentorProgram, mentor.user_id, mentee.user_id)
            .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.status == PairState.ACTIVE,
                MentorPair.next_nudge_at <= now,
                MentorPair.conversation_id.is_not(None),
            )
            .with_for_update(of=MentorPair, skip_locked=True)
        )
    ).all()
    nudges = []
    for pair, program, mentor_user, mentee_user in rows:
        due_at = pair.next_nudge_at
        assert due_at is not None
        period = timedelta(days=program.cadence_days)
        due_since = pair.next_nudge_at - period  # type: ignore[operator]
        sequence = int((pair.next_nudge_at - program.published_at) / period) if program.published_at else 0  # type: ignore[operator]
        if sequence > 1 and (pair.last_met_at is None or pair.last_met_at < due_since):
            pair.missed += 1
        pair.next_nudge_at = pair.next_nudge_at + period  # type: ignore[operator]
        ref = f"mentor:pair:{pair.id}:nudge:{sequence}"
        if not await grace.on_time(session, pair.team_id, grace.Work.MENTOR_NUDGE, ref, due_at, now):
            continue
        nudges.append(
            Nudge(
                pair.id,
                pair.team_id,
                pair.conversation_id or "",
                sequence,
                pair.missed >= AT_RISK_AFTER,
                program.admin_user_id,
                mentor_user,
                mentee_user,
                session_guide(program, sequence),
            )
        )
    return nudges


async def own_pair(
    session: AsyncSession, team_id: str, user_id: str, pair_id: int
) -> tuple[MentorPair, Member, Member]:
    """The pair (with its mentor and mentee) if `user_id` is one of the two."""
    mentor, mentee = aliased(Member), aliased(Member)
    row = (
        await session.execute(
            select(MentorPair, mentor, mentee)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.id == pair_id,
                MentorPair.team_id == team_id,
                (mentor.user_id == user_id) | (mentee.user_id == user_id),
            )
        )
    ).first()
    if row is None:
        raise NotFound("That pair isn't yours, or no longer exists.")
    return row[0], row[1], row[2]


async def report_meeting(
    session: AsyncSession, team_id: str, user_id: str, pair_id: int, outcome: str, now: datetime
) -> tuple[MentorPair, MentorProgram]:
    pair, _, _ = await own_pair(session, team_id, user_id, pair_id)
    program = await session.get(MentorProgram, pair.program_id)
    assert program is not None
    if outcome == "met":
        pair.last_met_at = now
        pair.missed = 0
        pair.meetings_held += 1
    return pair, program


@dataclass(frozen=True)
class PairStatus:
    on_track: int
    at_risk: int


async def pair_status(session: AsyncSession, team_id: str) -> PairStatus:
    missed = list(
        await session.scalars(
            select(MentorPair.missed).where(MentorPair.team_id == team_id, MentorPair.status == PairState.ACTIVE)
        )
    )
    return PairStatus(
        on_track=sum(1 for m in missed if m < AT_RISK_AFTER), at_risk=sum(1 for m in missed if m >= AT_RISK_AFTER)
    )


async def my_pairs(session: AsyncSession, team_id: str, user_id: str) -> list[tuple[str, str, str, datetime | None]]:
    """(program, role, the other person, next nudge) for the person's active pairs."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorProgram.name, mentor.user_id, mentee.user_id, MentorPair.next_nudge_at)
            .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.team_id == team_id,
                MentorPair.status == PairState.ACTIVE,
                (mentor.user_id == user_id) | (mentee.user_id == user_id),
            )
        )
    ).all()
    return [(name, "mentor" if m == user_id else "mentee", e if m == user_id else m, at) for name, m, e, at in rows]
