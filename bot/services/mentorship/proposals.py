"""A cycle's proposed matches: its participants, their history, and the admin's locks and breaks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Member,
    MentorPair,
    MentorProfile,
    MentorProgram,
    ProgramEnrolment,
)
from bot.db.statuses import PairState
from bot.errors import InvalidInput, NotFound
from bot.services.matching import MatchResult, Person, Quality, match, quality, random_baseline, words
from bot.services.mentorship.feedback import fit_feedback


def _person(member: Member, profile: MentorProfile) -> Person:
    return Person(
        member_id=member.id,
        user_id=member.user_id,
        role=profile.role,
        department=profile.department.strip(),
        seniority=profile.seniority,
        career_track=profile.career_track,
        interests=words(profile.interests),
        offers=words(profile.skills_offered),
        wants=words(profile.skills_wanted),
        tz_offset=member.tz_offset,
        capacity=profile.capacity if profile.role in ("mentor", "both") else 0,
        reverse_ok=profile.reverse_ok,
        department_preference=profile.department_preference,
        avoid=frozenset(profile.avoid_user_ids),
        manager=profile.manager_user_id,
        opted_out=member.opted_out_at is not None or member.is_deleted,
    )


async def participants(session: AsyncSession, program: MentorProgram) -> tuple[list[Person], list[int]]:
    """Enrolled people with a profile (as matching inputs), and the enrolled without one."""
    rows = (
        await session.execute(
            select(Member, MentorProfile)
            .join(ProgramEnrolment, ProgramEnrolment.member_id == Member.id)
            .outerjoin(MentorProfile, MentorProfile.member_id == Member.id)
            .where(ProgramEnrolment.program_id == program.id)
        )
    ).all()
    return [_person(m, p) for m, p in rows if p is not None], [m.id for m, p in rows if p is None]


async def history(session: AsyncSession, program: MentorProgram) -> set[tuple[int, int]]:
    """Pairs that met in earlier cycles of this workspace."""
    rows = await session.execute(
        select(MentorPair.mentor_member_id, MentorPair.mentee_member_id).where(
            MentorPair.team_id == program.team_id,
            MentorPair.program_id != program.id,
            MentorPair.status == PairState.ACTIVE,
        )
    )
    return {(a, b) for a, b in rows.all()}


@dataclass(frozen=True)
class Proposal:
    program: MentorProgram
    result: MatchResult
    matched: Quality
    baseline: Quality
    without_profile: int


async def propose(session: AsyncSession, program: MentorProgram, now: datetime) -> Proposal:
    """(Re-)run matching, keeping locked pairs and never re-proposing broken ones."""
    if program.status not in ("enrolling", "proposed"):
        raise InvalidInput(f"*{program.name}* is already published; its pairs are set.")
    people, without_profile = await participants(session, program)
    previous = list(await session.scalars(select(MentorPair).where(MentorPair.program_id == program.id)))
    locked = {(p.mentor_member_id, p.mentee_member_id) for p in previous if p.status == "locked"}
    broken = {(p.mentor_member_id, p.mentee_member_id) for p in previous if p.status == "broken"}
    past = await history(session, program)
    fits, poor_fit = await fit_feedback(session, program)
    people = [replace(p, fit=fits.get(p.member_id)) for p in people]
    result = match(people, past, locked=locked, broken=broken, poor_fit=poor_fit)
    await session.execute(
        delete(MentorPair).where(MentorPair.program_id == program.id, MentorPair.status == PairState.PROPOSED)
    )
    for pair in result.pairs:
        key = (pair.mentor.member_id, pair.mentee.member_id)
        if key in locked:
            continue
        session.add(
            MentorPair(
                team_id=program.team_id,
                program_id=program.id,
                mentor_member_id=pair.mentor.member_id,
                mentee_member_id=pair.mentee.member_id,
                score=pair.score,
                reasons=list(pair.reasons),
                status="proposed",
                created_at=now,
            )
        )
    await session.flush()
    return Proposal(program, result, quality(result.pairs), random_baseline(people, past), len(without_profile))


async def set_pair(
    session: AsyncSession, program: MentorProgram, mentor_user: str, mentee_user: str, status: str, now: datetime
) -> None:
    """Lock a pair (keep it in every re-run) or break it (never propose it again)."""
    ids = []
    for user_id in (mentor_user, mentee_user):
        found = await session.scalar(
            select(Member.id).where(Member.team_id == program.team_id, Member.user_id == user_id)
        )
        ids.append(found)
    if None in ids:
        ids = None  # type: ignore[assignment]
    if ids is None:
        raise NotFound("I don't know both of those people yet.")
    pair = await session.scalar(
        select(MentorPair).where(
            MentorPair.program_id == program.id,
            MentorPair.mentor_member_id == ids[0],
            MentorPair.mentee_member_id == ids[1],
        )
    )
    if pair is None:
        if status == "broken":
            pair = MentorPair(
                team_id=program.team_id,
                program_id=program.id,
                mentor_member_id=ids[0],
                mentee_member_id=ids[1],
                score=0.0,
                reasons=[],
                status="broken",
                created_at=now,
            )
            session.add(pair)
            return
        raise NotFound("Those two aren't a proposed pair; run the preview and lock one of its pairs.")
    pair.status = status
