"""Skill self-assessment: people rate (1-5) the skills they want to grow, when they join a circle or
set up a mentorship profile, every three months in circles, and at a mentorship cycle's middle and
end. A mentor may add a rating for their mentee only with the mentee's consent. The outcome report
reads the change between each person's first and latest ratings."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from statistics import mean

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CircleMembership, Goal, Member, MentorPair, MentorProfile, SkillRating
from bot.db.statuses import GoalStatus, PairState
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member, get_member
from bot.services.team_settings import NotAllowed

MOST = 5  # skills in one form: 30 seconds
SKILL_MAX = 100
CHECKPOINTS = ("start", "quarter", "mid", "end", "update")
QUARTER = timedelta(days=91)


def _key(skill: str) -> str:
    return " ".join(skill.split()).casefold()[:SKILL_MAX]


async def skills_of(session: AsyncSession, member: Member) -> list[str]:
    """What the person wants to grow: their profile's wanted skills, then their open goals' titles."""
    wanted = await session.scalar(select(MentorProfile.skills_wanted).where(MentorProfile.member_id == member.id))
    goals = await session.scalars(
        select(Goal.title).where(Goal.member_id == member.id, Goal.status == GoalStatus.OPEN).order_by(Goal.number)
    )
    found: dict[str, str] = {}
    for skill in [*(wanted or []), *goals]:
        found.setdefault(_key(skill), skill.strip()[:SKILL_MAX])
    return list(found.values())[:MOST]


async def to_rate(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> list[str]:
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await session.get(Member, member_id)
    assert member is not None
    skills = await skills_of(session, member)
    if not skills:
        raise InvalidInput(
            "There's nothing to rate yet: add the skills you want to grow to `/mentor profile`, or set a goal "
            "with `/goal set`."
        )
    return skills


async def save(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    ratings: dict[str, int],
    checkpoint: str,
    now: datetime,
    *,
    consent: bool | None = None,
) -> int:
    """The person's own ratings (skills left blank are skipped); how many were saved."""
    if checkpoint not in CHECKPOINTS:
        raise InvalidInput("This form is out of date. Open it again.")
    member_id = await ensure_member(session, team_id, user_id, now)
    if consent is not None:
        profile = await session.scalar(select(MentorProfile).where(MentorProfile.member_id == member_id))
        if profile is not None:
            profile.mentor_may_rate = consent
    return _add(session, team_id, member_id, None, ratings, checkpoint, now)


def _add(
    session: AsyncSession,
    team_id: str,
    member_id: int,
    rater: int | None,
    ratings: dict[str, int],
    checkpoint: str,
    now: datetime,
) -> int:
    saved = 0
    for skill, score in ratings.items():
        if not 1 <= score <= 5:
            raise InvalidInput("Each rating is from 1 to 5.")
        session.add(
            SkillRating(
                team_id=team_id,
                member_id=member_id,
                skill=_key(skill),
                score=score,
                rater_member_id=rater,
                checkpoint=checkpoint,
                rated_at=now,
            )
        )
        saved += 1
    return saved


async def mentee_for_rating(
    session: AsyncSession, team_id: str, mentor_user: str, pair_id: int
) -> tuple[Member, list[str]]:
    """The mentee a mentor may rate, and their skills: only their own mentee, and only with consent."""
    mentor = await get_member(session, team_id, mentor_user)
    pair = await session.scalar(
        select(MentorPair).where(
            MentorPair.team_id == team_id, MentorPair.id == pair_id, MentorPair.status == PairState.ACTIVE
        )
    )
    if mentor is None or pair is None or pair.mentor_member_id != mentor.id:
        raise NotFound("That isn't a pair you mentor.")
    mentee = await session.get(Member, pair.mentee_member_id)
    consent = await session.scalar(
        select(MentorProfile.mentor_may_rate).where(MentorProfile.member_id == pair.mentee_member_id)
    )
    if mentee is None or not consent:
        raise NotAllowed(
            f"Only with <@{mentee.user_id if mentee else ''}>'s consent, which they give when they rate "
            "their own skills."
        )
    skills = await skills_of(session, mentee)
    if not skills:
        raise InvalidInput(f"<@{mentee.user_id}> hasn't named any skills to grow yet.")
    return mentee, skills


async def save_for_mentee(
    session: AsyncSession, team_id: str, mentor_user: str, pair_id: int, ratings: dict[str, int], now: datetime
) -> tuple[str, int]:
    mentee, _ = await mentee_for_rating(session, team_id, mentor_user, pair_id)
    mentor = await get_member(session, team_id, mentor_user)
    assert mentor is not None
    return mentee.user_id, _add(session, team_id, mentee.id, mentor.id, ratings, "mentor", now)


async def ratable_mentees(session: AsyncSession, team_id: str, mentor_user: str) -> list[tuple[int, str]]:
    """(pair id, mentee's name) of the mentor's active pairs whose mentee consented."""
    mentor = await get_member(session, team_id, mentor_user)
    if mentor is None:
        return []
    rows = await session.execute(
        select(MentorPair.id, Member.real_name, Member.display_name, Member.user_id)
        .join(Member, Member.id == MentorPair.mentee_member_id)
        .join(MentorProfile, MentorProfile.member_id == Member.id)
        .where(
            MentorPair.team_id == team_id,
            MentorPair.mentor_member_id == mentor.id,
            MentorPair.status == PairState.ACTIVE,
            MentorProfile.mentor_may_rate.is_(True),
        )
    )
    return [(pair_id, real or display or user) for pair_id, real, display, user in rows.all()]


async def may_consent(session: AsyncSession, team_id: str, user_id: str) -> bool:
    """Whether to ask for the mentor's-rating consent: the person is (or wants to be) mentored."""
    member = await get_member(session, team_id, user_id)
    role = await session.scalar(
        select(MentorProfile.role).where(MentorProfile.member_id == (member.id if member else -1))
    )
    return role in ("mentee", "both")


async def growth(session: AsyncSession, team_id: str) -> dict[int, float]:
    """Each person's mean change, over the skills they rated themselves at least twice, from their
    first rating to their latest (mentors' ratings are shown to the pair, not counted here)."""
    rows = await session.execute(
        select(SkillRating.member_id, SkillRating.skill, SkillRating.score)
        .where(SkillRating.team_id == team_id, SkillRating.rater_member_id.is_(None))
        .order_by(SkillRating.rated_at, SkillRating.id)
    )
    series: dict[tuple[int, str], list[int]] = defaultdict(list)
    for member_id, skill, score in rows.all():
        series[(member_id, skill)].append(score)
    changes: dict[int, list[int]] = defaultdict(list)
    for (member_id, _), scores in series.items():
        if len(scores) >= 2:
            changes[member_id].append(scores[-1] - scores[0])
    return {member_id: mean(values) for member_id, values in changes.items()}


async def quarterly_due(session: AsyncSession, now: datetime) -> list[tuple[str, str]]:
    """(team, user) of circle members due their three-monthly rating: in a circle for a quarter and
    not asked for one; each is marked asked in this transaction (the DM is queued beside it)."""
    in_circle = exists().where(
        CircleMembership.member_id == Member.id,
        CircleMembership.left_at.is_(None),
        CircleMembership.joined_at <= now - QUARTER,
    )
    due = list(
        await session.scalars(
            select(Member)
            .where(
                in_circle,
                or_(Member.skills_asked_at.is_(None), Member.skills_asked_at <= now - QUARTER),
                Member.opted_out_at.is_(None),
                Member.is_deleted.is_(False),
                Member.is_bot.is_(False),
            )
            .limit(500)
        )
    )
    asked = []
    for member in due:
        member.skills_asked_at = now
        if await skills_of(session, member):
            asked.append((member.team_id, member.user_id))
    await session.flush()
    return asked


async def export(session: AsyncSession, member: Member) -> list[dict[str, object]]:
    rows = await session.execute(
        select(SkillRating).where(or_(SkillRating.member_id == member.id, SkillRating.rater_member_id == member.id))
    )
    return [
        {
            "skill": r.skill,
            "score": r.score,
            "checkpoint": r.checkpoint,
            "rated_at": r.rated_at,
            "by": "you"
            if r.rater_member_id is None
            else ("your mentor" if r.member_id == member.id else "you, as mentor"),
        }
        for r in rows.scalars()
    ]


async def count(session: AsyncSession, member: Member) -> int:
    return int(await session.scalar(select(func.count()).where(SkillRating.member_id == member.id)) or 0)
