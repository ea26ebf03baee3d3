"""Onboarding: a new hire hears from Circles once, a couple of days after joining (a welcome with up
to three circles that fit them, a first goal and a mentorship profile), gets a buddy from the
workspace's buddy pool if it has one, and the two get check-ins at day 7 and day 30.

The welcome, day-7 and day-30 texts have sensible defaults; a workspace can keep its own in YAML in
git (`circles onboarding preview FILE`, `circles onboarding set FILE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import yaml
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleMembership, Member, MentorProfile, Onboarding, Team, TeamSettings
from bot.services.members import ensure_member, get_member
from bot.services.schedule import zone

STEPS = ("welcome", "day7", "day30")
PLACEHOLDERS = {"name", "buddy", "workspace"}
DEFAULT_MESSAGES = {
    "welcome": (
        "Welcome to {workspace}, {name}! :wave: I'm Circles: colleagues here learn together in small circles "
        "that meet on a rhythm, set goals and check in on them, and mentor each other. Nothing is required; "
        "here are a few circles that might suit you."
    ),
    "day7": "A week in, {name}! How is it going? {buddy} is here for any question, however small.",
    "day30": (
        "A month in, {name}: congratulations. What has helped most so far, and what would you like to learn "
        "next? A goal (`/goal set …`) or a circle (`/circle list`) is a good next step."
    ),
}
WORD = re.compile(r"[a-z][a-z0-9+#]{2,}")
STOP = {"the", "and", "for", "with", "who", "our", "team", "lead", "senior", "junior", "head", "staff", "of"}


@dataclass(frozen=True)
class Welcome:
    team_id: str
    user_id: str
    name: str
    workspace: str
    suggestions: list[tuple[int, str, str]]  # ranked candidates: (circle id, name, channel)
    buddy_pool: str | None
    buddy_load: int
    texts: dict[str, str]


@dataclass(frozen=True)
class CheckIn:
    team_id: str
    onboarding_id: int
    channel: str  # the buddy group DM, or the new hire's DM
    step: str
    text: str


def parse_messages(raw: str) -> dict[str, str]:
    """The YAML's `welcome`, `day7` and `day30` texts (any may be left out: the default stays)."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise ValueError(f"not YAML: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with welcome, day7 and day30")
    unknown = set(data) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}; use {', '.join(STEPS)}")
    messages = {}
    for step, text in data.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{step}: a text is needed")
        if len(text) > 2500:
            raise ValueError(f"{step}: keep it under 2,500 characters")
        used = set(re.findall(r"\{(\w+)\}", text))
        if used - PLACEHOLDERS:
            raise ValueError(f"{step}: unknown placeholders {sorted(used - PLACEHOLDERS)}; use {sorted(PLACEHOLDERS)}")
        messages[step] = text.strip()
    return messages


def render(texts: dict[str, str], step: str, **values: str) -> str:
    return (texts.get(step) or DEFAULT_MESSAGES[step]).format_map({k: values.get(k, "") for k in PLACEHOLDERS})


async def enrol(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> bool:
    """A new member's onboarding, once (a retried event, a second replica or a re-run add nothing)."""
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await session.get(Member, member_id)
    if member is None or member.is_bot or member.is_deleted:
        return False
    if await session.scalar(select(Onboarding.id).where(Onboarding.member_id == member_id)) is not None:
        return False
    delay = await session.scalar(select(TeamSettings.onboarding_delay_hours).where(TeamSettings.team_id == team_id))
    session.add(
        Onboarding(
            team_id=team_id,
            member_id=member_id,
            joined_at=now,
            welcome_at=now + timedelta(hours=48 if delay is None else delay),
            created_at=now,
        )
    )
    await session.flush()
    return True


def _words(*texts: str) -> set[str]:
    return {w for text in texts for w in WORD.findall(text.casefold()) if w not in STOP}


async def welcomes_due(session: AsyncSession, now: datetime, limit: int = 100) -> list[Welcome]:
    """Who is due their welcome, with the circles ranked for them (privacy is checked by the caller)."""
    due = await session.scalars(
        select(Member)
        .join(Onboarding, Onboarding.member_id == Member.id)
        .where(Onboarding.welcomed_at.is_(None), Onboarding.welcome_at <= now)
        .limit(limit)
    )
    found = []
    for member in list(due):
        settings = await session.get(TeamSettings, member.team_id)
        team = await session.get(Team, member.team_id)
        profile = await session.scalar(select(MentorProfile).where(MentorProfile.member_id == member.id))
        mine = _words(
            member.title,
            profile.department if profile else "",
            " ".join(profile.skills_wanted or []) if profile else "",
        )
        circles = (
            await session.execute(
                select(Circle.id, Circle.name, Circle.channel_id, Circle.description, func.count(CircleMembership.id))
                .outerjoin(
                    CircleMembership, (CircleMembership.circle_id == Circle.id) & CircleMembership.left_at.is_(None)
                )
                .where(Circle.team_id == member.team_id, Circle.channel_archived_at.is_(None))
                .group_by(Circle.id)
            )
        ).all()
        ranked = sorted(circles, key=lambda c: (-len(mine & _words(c[1], c[3] or "")), -c[4], c[1].casefold()))
        found.append(
            Welcome(
                member.team_id,
                member.user_id,
                member.real_name or member.display_name or "there",
                team.name if team else "",
                [(c[0], c[1], c[2]) for c in ranked[:10]],
                settings.buddy_channel_id if settings else None,
                settings.buddy_load if settings else 2,
                dict(settings.onboarding_messages or {}) if settings else {},
            )
        )
    return found


@dataclass(frozen=True)
class BuddyCandidate:
    member_id: int
    user_id: str
    department: str
    utc_offset_minutes: int
    load: int  # new hires they are buddy to now


def pick_buddy(newcomer: BuddyCandidate, pool: list[BuddyCandidate], cap: int) -> BuddyCandidate | None:
    """Under the cap; then the same department, then the most shared working hours, then the lightest load."""
    from bot.services.grouping import _overlap  # the same working-hours rule as intros

    def start(c: BuddyCandidate) -> int:
        return (9 * 60 - c.utc_offset_minutes) % 1440

    fitting = [c for c in pool if c.load < cap and c.member_id != newcomer.member_id]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda c: (
            not (newcomer.department and c.department == newcomer.department),
            -_overlap(start(newcomer), start(c)),
            c.load,
            c.user_id,
        ),
    )


async def buddy_candidates(
    session: AsyncSession, team_id: str, user_ids: list[str], now: datetime
) -> list[BuddyCandidate]:
    members = list(
        await session.scalars(
            select(Member).where(
                Member.team_id == team_id,
                Member.user_id.in_(user_ids),
                Member.is_bot.is_(False),
                Member.is_deleted.is_(False),
                Member.opted_out_at.is_(None),
            )
        )
    )
    departments = dict(
        (
            await session.execute(
                select(MentorProfile.member_id, MentorProfile.department).where(
                    MentorProfile.member_id.in_([m.id for m in members])
                )
            )
        ).all()
    )
    loads = dict(
        (
            await session.execute(
                select(Onboarding.buddy_member_id, func.count())
                .where(
                    Onboarding.team_id == team_id,
                    Onboarding.buddy_member_id.is_not(None),
                    Onboarding.joined_at >= now - timedelta(days=30),
                )
                .group_by(Onboarding.buddy_member_id)
            )
        ).all()
    )
    return [
        BuddyCandidate(
            m.id, m.user_id, (departments.get(m.id) or "").strip().casefold(), _offset(m, now), loads.get(m.id, 0)
        )
        for m in members
    ]


def _offset(member: Member, now: datetime) -> int:
    offset = now.astimezone(zone(member.tz)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


async def newcomer_candidate(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> BuddyCandidate:
    member = await get_member(session, team_id, user_id)
    assert member is not None
    department = await session.scalar(select(MentorProfile.department).where(MentorProfile.member_id == member.id))
    return BuddyCandidate(member.id, member.user_id, (department or "").strip().casefold(), _offset(member, now), 0)


async def mark_welcomed(
    session: AsyncSession, team_id: str, user_id: str, now: datetime, buddy: str | None, conversation: str | None
) -> bool:
    """Record the welcome (and the buddy); False when another process got there first."""
    member = await get_member(session, team_id, user_id)
    row = await session.scalar(
        select(Onboarding).where(Onboarding.member_id == (member.id if member else -1)).with_for_update()
    )
    if row is None or row.welcomed_at is not None:
        return False
    row.welcomed_at = now
    if buddy:
        pal = await get_member(session, team_id, buddy)
        row.buddy_member_id = pal.id if pal else None
        row.conversation_id = conversation
    return True


async def checkins_due(session: AsyncSession, now: datetime) -> list[CheckIn]:
    """Day-7 and day-30 check-ins due now (to the buddy group, or the new hire), marked in this transaction."""
    due = []
    for step, days, column in (("day7", 7, Onboarding.day7_sent_at), ("day30", 30, Onboarding.day30_sent_at)):
        rows = (
            await session.execute(
                select(Onboarding, Member)
                .join(Member, Member.id == Onboarding.member_id)
                .where(
                    Onboarding.welcomed_at.is_not(None),
                    column.is_(None),
                    Onboarding.joined_at <= now - timedelta(days=days),
                    Member.opted_out_at.is_(None),
                )
                .limit(200)
            )
        ).all()
        for onboarding, member in rows:
            setattr(onboarding, column.key, now)
            buddy = await session.get(Member, onboarding.buddy_member_id) if onboarding.buddy_member_id else None
            texts = await session.scalar(
                select(TeamSettings.onboarding_messages).where(TeamSettings.team_id == member.team_id)
            )
            text = render(
                dict(texts or {}),
                step,
                name=member.real_name or member.display_name,
                buddy=f"<@{buddy.user_id}>" if buddy else "Your manager",
            )
            due.append(CheckIn(member.team_id, onboarding.id, onboarding.conversation_id or member.user_id, step, text))
    await session.flush()
    return due


def preview(raw: str) -> dict[str, str]:
    """What `circles onboarding preview FILE` prints: each step as a new hire would read it."""
    texts = parse_messages(raw)
    return {step: render(texts, step, name="Ada", buddy="@grace", workspace="Acme") for step in STEPS}
