"""Mid- and end-of-cycle surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.dialect import insert_for
from bot.db.models import (
    Member,
    MentorPair,
    MentorProgram,
    MissedWork,
    Outbox,
    SurveyResponse,
)
from bot.db.statuses import PairState, ProgramStatus
from bot.errors import InvalidInput
from bot.services import grace
from bot.services.members import ensure_member
from bot.services.mentorship.pairs import my_pairs


async def save_survey(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    program_id: int,
    kind: str,
    answers: dict[str, object],
    now: datetime,
) -> None:
    if kind not in ("mid", "end"):
        raise InvalidInput("Unknown survey.")
    member_id = await ensure_member(session, team_id, user_id, now)
    pairs = await my_pairs(session, team_id, user_id)
    role = pairs[0][1] if pairs else "mentee"
    statement = insert_for(session)(SurveyResponse).values(
        team_id=team_id,
        program_id=program_id,
        member_id=member_id,
        kind=kind,
        role=role,
        answers=answers,
        created_at=now,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["program_id", "member_id", "kind"], set_={"answers": answers, "created_at": now}
        )
    )


@dataclass(frozen=True)
class SurveyInvite:
    program_id: int
    team_id: str
    kind: str
    user_ids: list[str]
    program_name: str


async def surveys_due(session: AsyncSession, now: datetime) -> list[SurveyInvite]:
    """Half way through a published program (mid) and at its end (end); the outbox keys make each once."""
    invites = []
    for program in await session.scalars(select(MentorProgram).where(MentorProgram.status == ProgramStatus.ACTIVE)):
        if program.published_at is None:
            continue
        length = timedelta(days=30 * program.length_months)
        people: list[str] = []
        mentor, mentee = aliased(Member), aliased(Member)
        for m, e in (
            await session.execute(
                select(mentor.user_id, mentee.user_id)
                .join(MentorPair, MentorPair.mentor_member_id == mentor.id)
                .join(mentee, mentee.id == MentorPair.mentee_member_id)
                .where(MentorPair.program_id == program.id, MentorPair.status == PairState.ACTIVE)
            )
        ).all():
            people += [m, e]
        people = sorted(set(people))
        if now >= program.published_at + length:
            kind, due_at = "end", program.published_at + length
            program.status = ProgramStatus.ENDED
        elif now >= program.published_at + length / 2:
            kind, due_at = "mid", program.published_at + length / 2
        else:
            continue
        ref = f"mentor:{program.id}:survey:{kind}"
        if await _survey_sent(session, program, kind):
            continue  # the mid survey is due on every tick until the end; it went out once already
        if await grace.on_time(session, program.team_id, grace.Work.MENTOR_SURVEY, ref, due_at, now):
            invites.append(SurveyInvite(program.id, program.team_id, kind, people, program.name))
    return invites


async def _survey_sent(session: AsyncSession, program: MentorProgram, kind: str) -> bool:
    """Already sent (an outbox row) or already given up on (a missed-work row)."""
    sent = await session.scalar(
        select(Outbox.id).where(
            Outbox.team_id == program.team_id, Outbox.key.like(f"mentor:{program.id}:survey:{kind}:%")
        )
    )
    missed = await session.scalar(
        select(MissedWork.id).where(
            MissedWork.team_id == program.team_id, MissedWork.ref == f"mentor:{program.id}:survey:{kind}"
        )
    )
    return sent is not None or missed is not None
