"""A pair's agreement: one to three shared goals, how often and how they meet, and what success
looks like. Either of the two writes it (after the introduction); both see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import Member, MentorPair, MentorProgram
from bot.db.statuses import PairState
from bot.errors import InvalidInput
from bot.services.mentorship.pairs import own_pair

TEXT_MAX = 300


@dataclass(frozen=True)
class Agreement:
    goals: list[str] = field(default_factory=list)
    meeting: str = ""  # how often and how they meet
    success: str = ""  # what success looks like

    @classmethod
    def of(cls, stored: dict[str, object]) -> Agreement | None:
        if not stored:
            return None
        goals = stored.get("goals")
        return cls(
            [str(g) for g in goals] if isinstance(goals, list) else [],
            str(stored.get("meeting", "")),
            str(stored.get("success", "")),
        )


@dataclass(frozen=True)
class PairAgreement:
    pair_id: int
    program: str
    mentor: str
    mentee: str
    agreement: Agreement
    agreed_by: str


def validated(form: Agreement) -> Agreement:
    goals = [" ".join(g.split()) for g in form.goals if g.strip()]
    if not 1 <= len(goals) <= 3:
        raise InvalidInput("Agree on one to three goals.", field="goal_1")
    if any(len(g) > TEXT_MAX for g in goals) or len(form.meeting) > TEXT_MAX or len(form.success) > TEXT_MAX:
        raise InvalidInput(f"Keep each answer under {TEXT_MAX} characters.", field="goal_1")
    if not form.meeting.strip():
        raise InvalidInput("How often and how will you meet? (e.g. every other Tuesday, on a call)", field="meeting")
    return Agreement(goals, form.meeting.strip(), form.success.strip())


async def save(
    session: AsyncSession, team_id: str, user_id: str, pair_id: int, form: Agreement, now: datetime
) -> PairAgreement:
    agreement = validated(form)
    pair, mentor, mentee = await own_pair(session, team_id, user_id, pair_id)
    if pair.status != PairState.ACTIVE:
        raise InvalidInput("This pair isn't running any more.")
    pair.agreement = {"goals": agreement.goals, "meeting": agreement.meeting, "success": agreement.success}
    pair.agreed_by, pair.agreed_at = user_id, now
    program = await session.get(MentorProgram, pair.program_id)
    return PairAgreement(pair.id, program.name if program else "", mentor.user_id, mentee.user_id, agreement, user_id)


async def current(session: AsyncSession, team_id: str, user_id: str, pair_id: int) -> Agreement | None:
    pair, _, _ = await own_pair(session, team_id, user_id, pair_id)
    return Agreement.of(pair.agreement or {})


async def agreements_of(session: AsyncSession, team_id: str, user_id: str) -> list[PairAgreement]:
    """The agreements of the person's active pairs (as mentor or mentee)."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = await session.execute(
        select(MentorPair, MentorProgram.name, mentor.user_id, mentee.user_id)
        .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
        .join(mentor, mentor.id == MentorPair.mentor_member_id)
        .join(mentee, mentee.id == MentorPair.mentee_member_id)
        .where(
            MentorPair.team_id == team_id,
            MentorPair.status == PairState.ACTIVE,
            (mentor.user_id == user_id) | (mentee.user_id == user_id),
        )
    )
    found = []
    for pair, program, mentor_user, mentee_user in rows.all():
        agreement = Agreement.of(pair.agreement or {})
        if agreement is not None:
            found.append(PairAgreement(pair.id, program, mentor_user, mentee_user, agreement, pair.agreed_by or ""))
    return found
