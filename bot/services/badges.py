"""Badges: earned from what people do (worked out by a job from what Circles already records, each
at most once per person), or defined and given by admins. Each new one is celebrated once, in the
circle it was earned in or the kudos channel; whoever turned public recognition off hears by DM.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import (
    Badge,
    BadgeAward,
    Checkin,
    Circle,
    Goal,
    LeaderTurn,
    Meeting,
    Member,
    MentorPair,
    MentorProgram,
    ProgramEvent,
    Project,
    Resource,
    TeamSettings,
)
from bot.db.statuses import PairState, ProgramStatus, ProjectStatus, TurnStatus
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member, get_member
from bot.services.streaks import compute_streak
from bot.services.team_settings import require_admin

# key: (emoji, name, what it's for)
BUILT_IN: dict[str, tuple[str, str, str]] = {
    "first_lead": (":microphone:", "First meeting led", "led a circle meeting for the first time"),
    "five_leads": (":studio_microphone:", "Five meetings led", "led five circle meetings"),
    "five_resources": (":books:", "Librarian", "shared five resources with their circles"),
    "streak_10": (":fire:", "Ten in a row", "checked in ten times in a row"),
    "streak_25": (":volcano:", "Twenty-five in a row", "checked in twenty-five times in a row"),
    "cycle_mentor": (":handshake:", "Mentor", "mentored someone through a whole mentorship cycle"),
    "cycle_mentee": (":seedling:", "Mentee", "completed a mentorship cycle"),
    "event_host": (":stadium:", "Host", "hosted a workshop, talk or AMA"),
    "project_done": (":rocket:", "Shipped it", "completed a project, stretch assignment or shadowing day"),
}
STREAK_HISTORY = timedelta(days=400)


@dataclass(frozen=True)
class Award:
    team_id: str
    user_id: str
    key: str
    emoji: str
    name: str
    description: str
    channel: str | None  # where it is celebrated; None: a DM only
    public: bool
    reason: str = ""


async def _catalog(session: AsyncSession, team_id: str) -> dict[str, tuple[str, str, str]]:
    custom = await session.execute(
        select(Badge.key, Badge.emoji, Badge.name, Badge.description).where(Badge.team_id == team_id)
    )
    return BUILT_IN | {key: (emoji, name, description) for key, emoji, name, description in custom.all()}


async def earned(session: AsyncSession, team_id: str, now: date | datetime) -> dict[tuple[int, str], int | None]:
    """Every built-in badge someone qualifies for: (member, badge) → the circle it was earned in."""
    found: dict[tuple[int, str], int | None] = {}
    led = (
        await session.execute(
            select(LeaderTurn.member_id, func.count(), func.max(Meeting.circle_id))
            .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
            .where(
                LeaderTurn.team_id == team_id,
                LeaderTurn.status == TurnStatus.ACCEPTED,
                Meeting.starts_at <= now,
                Meeting.cancelled_at.is_(None),
            )
            .group_by(LeaderTurn.member_id)
        )
    ).all()
    for member_id, count, circle_id in led:
        found[(member_id, "first_lead")] = circle_id
        if count >= 5:
            found[(member_id, "five_leads")] = circle_id
    shared = (
        await session.execute(
            select(Member.id, func.count(), func.max(Resource.circle_id))
            .join(Member, (Member.user_id == Resource.shared_by) & (Member.team_id == Resource.team_id))
            .where(Resource.team_id == team_id)
            .group_by(Member.id)
            .having(func.count() >= 5)
        )
    ).all()
    for member_id, _, circle_id in shared:
        found[(member_id, "five_resources")] = circle_id
    periods: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for member_id, period, status in await session.execute(
        select(Checkin.member_id, Checkin.period_date, Checkin.status)
        .where(Checkin.team_id == team_id, Checkin.scheduled.is_(True), Checkin.prompted_at >= now - STREAK_HISTORY)
        .order_by(Checkin.period_date)
    ):
        periods[member_id].append((period, status))
    for member_id, answers in periods.items():
        best = compute_streak(answers).best
        for length, key in ((10, "streak_10"), (25, "streak_25")):
            if best >= length:
                found[(member_id, key)] = None
    for mentor, mentee in await session.execute(
        select(MentorPair.mentor_member_id, MentorPair.mentee_member_id)
        .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
        .where(
            MentorPair.team_id == team_id,
            MentorPair.status == PairState.ACTIVE,
            MentorProgram.status == ProgramStatus.ENDED,
        )
    ):
        found[(mentor, "cycle_mentor")] = None
        found[(mentee, "cycle_mentee")] = None
    for (host,) in await session.execute(
        select(ProgramEvent.host_member_id).where(
            ProgramEvent.team_id == team_id,
            ProgramEvent.followed_up.is_(True),
            ProgramEvent.host_member_id.is_not(None),
        )
    ):
        found[(host, "event_host")] = None
    for member_id, circle_id in await session.execute(
        select(Goal.member_id, Project.circle_id)
        .join(Project, Project.id == Goal.project_id)
        .where(Project.team_id == team_id, Project.status == ProjectStatus.COMPLETED)
    ):
        found[(member_id, "project_done")] = circle_id
    return found


async def award_due(session: AsyncSession, team_id: str, now: datetime) -> list[Award]:
    """Badges earned since the last run, recorded now; a re-run (or a second process) awards nothing twice."""
    have = set(
        (
            await session.execute(
                select(BadgeAward.member_id, BadgeAward.badge_key).where(BadgeAward.team_id == team_id)
            )
        ).all()
    )
    new = {key: circle for key, circle in (await earned(session, team_id, now)).items() if key not in have}
    awards = []
    for (member_id, badge_key), circle_id in sorted(new.items(), key=lambda item: item[0]):
        award = await _record(session, team_id, member_id, badge_key, circle_id, None, "", now)
        if award is not None:
            awards.append(award)
    return awards


async def _record(
    session: AsyncSession,
    team_id: str,
    member_id: int,
    badge_key: str,
    circle_id: int | None,
    by: str | None,
    reason: str,
    now: datetime,
) -> Award | None:
    statement = insert_for(session)(BadgeAward).values(
        team_id=team_id,
        member_id=member_id,
        badge_key=badge_key,
        awarded_at=now,
        awarded_by=by,
        reason=reason,
        circle_id=circle_id,
    )
    inserted = await session.execute(statement.on_conflict_do_nothing(index_elements=["member_id", "badge_key"]))
    if not inserted.rowcount:
        return None
    member = await session.get(Member, member_id)
    if member is None or member.is_bot or member.is_deleted:
        return None
    emoji, name, description = (await _catalog(session, team_id))[badge_key]
    channel = await session.scalar(select(Circle.channel_id).where(Circle.id == circle_id)) if circle_id else None
    if channel is None:
        channel = await session.scalar(select(TeamSettings.kudos_channel_id).where(TeamSettings.team_id == team_id))
    return Award(
        team_id, member.user_id, badge_key, emoji, name, description, channel, member.public_recognition, reason
    )


def _slug(name: str) -> str:
    return "custom:" + re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:30]


async def define(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    name: str,
    emoji: str,
    description: str,
    admins: Collection[str],
    now: datetime,
) -> str:
    await require_admin(session, team_id, user_id, admins, "define badges")
    name, emoji, description = " ".join(name.split()), emoji.strip(), " ".join(description.split())
    if not 2 <= len(name) <= 60:
        raise InvalidInput("A badge's name is 2 to 60 characters.", field="name")
    if not re.fullmatch(r":[a-z0-9_+\-']+:", emoji):
        raise InvalidInput("The emoji is written like `:trophy:`.", field="emoji")
    if len(description) > 300:
        raise InvalidInput("Keep the description under 300 characters.", field="description")
    key = _slug(name)
    if key in await _catalog(session, team_id):
        raise InvalidInput(f"There is a badge called *{name}* already.", field="name")
    session.add(
        Badge(
            team_id=team_id,
            key=key,
            name=name,
            emoji=emoji,
            description=description,
            created_by=user_id,
            created_at=now,
        )
    )
    await session.flush()
    return key


async def custom_badges(session: AsyncSession, team_id: str) -> list[tuple[str, str, str]]:
    """(key, emoji, name) of the badges admins defined, to award by hand."""
    rows = await session.execute(
        select(Badge.key, Badge.emoji, Badge.name).where(Badge.team_id == team_id).order_by(Badge.name)
    )
    return [(key, emoji, name) for key, emoji, name in rows.all()]


async def give(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    badge_key: str,
    to: str,
    reason: str,
    admins: Collection[str],
    now: datetime,
) -> Award:
    await require_admin(session, team_id, user_id, admins, "give badges")
    if badge_key not in await _catalog(session, team_id) or not badge_key.startswith("custom:"):
        raise InvalidInput("Pick one of the badges you defined.", field="badge")
    if to == user_id:
        raise InvalidInput("Badges are for others; ask another admin.", field="who")
    member_id = await ensure_member(session, team_id, to, now)
    award = await _record(session, team_id, member_id, badge_key, None, user_id, " ".join(reason.split())[:300], now)
    if award is None:
        raise InvalidInput(f"<@{to}> has that badge already.", field="who")
    return award


async def badges_of(session: AsyncSession, team_id: str, user_id: str) -> list[tuple[str, str, str, datetime]]:
    """(emoji, name, what it's for, when) of someone's badges, newest first."""
    member = await get_member(session, team_id, user_id)
    if member is None:
        return []
    catalog = await _catalog(session, team_id)
    rows = await session.execute(
        select(BadgeAward.badge_key, BadgeAward.awarded_at)
        .where(BadgeAward.member_id == member.id)
        .order_by(BadgeAward.awarded_at.desc(), BadgeAward.id.desc())
    )
    return [(*catalog.get(key, (":medal:", key, "")), at) for key, at in rows.all()]  # type: ignore[misc]


async def set_public(session: AsyncSession, team_id: str, user_id: str, public: bool, now: datetime) -> None:
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await session.get(Member, member_id)
    if member is None:
        raise NotFound("I don't know you yet.")
    member.public_recognition = public
