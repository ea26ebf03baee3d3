"""What earlier cycles' surveys tell the next matching: each mentor's average fit (from three
answers of their mentees), and the pairs either person rated a poor fit (never proposed again)."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MentorPair, MentorProgram, SurveyResponse

POOR_FIT = 2  # a fit of 1 or 2 of 5
MIN_ANSWERS = 3  # a mentor's average fit counts from this many answers


async def fit_feedback(session: AsyncSession, program: MentorProgram) -> tuple[dict[int, float], set[tuple[int, int]]]:
    """(mentor member id → average fit their mentees gave, {(mentor, mentee) rated a poor fit}),
    from the workspace's other cycles."""
    rows = await session.execute(
        select(
            MentorPair.mentor_member_id, MentorPair.mentee_member_id, SurveyResponse.member_id, SurveyResponse.answers
        )
        .join(
            SurveyResponse,
            (SurveyResponse.program_id == MentorPair.program_id)
            & or_(
                SurveyResponse.member_id == MentorPair.mentee_member_id,
                SurveyResponse.member_id == MentorPair.mentor_member_id,
            ),
        )
        .where(MentorPair.team_id == program.team_id, MentorPair.program_id != program.id)
    )
    from_mentees: dict[int, list[int]] = defaultdict(list)
    poor: set[tuple[int, int]] = set()
    for mentor, mentee, respondent, answers in rows.all():
        fit = (answers or {}).get("fit")
        if not isinstance(fit, int):
            continue
        if fit <= POOR_FIT:
            poor.add((mentor, mentee))
        if respondent == mentee:
            from_mentees[mentor].append(fit)
    averages = {mentor: mean(fits) for mentor, fits in from_mentees.items() if len(fits) >= MIN_ANSWERS}
    return averages, poor
