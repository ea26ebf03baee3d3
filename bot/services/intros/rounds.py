"""A round of intros: due when its time comes; closing the last round (three ignored in a row pause
someone); making the groups; opening each group's DM; the halfway "Did you meet?"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    IntroConfig,
    IntroGroup,
    IntroGroupMember,
    IntroParticipant,
    IntroRound,
    Member,
    MentorProfile,
    TeamSettings,
)
from bot.services.away import is_away
from bot.services.grouping import WORKDAY, Candidate, make_groups
from bot.services.intros.config import CADENCES
from bot.services.members import ensure_member
from bot.services.schedule import local_date, zone

IGNORED_LIMIT = 3  # rounds in a row without a word: paused, and told how to come back
ICEBREAKERS = (
    "What's something you learned recently that surprised you?",
    "What does a good day at work look like for you?",
    "Which skill would you like to get better at this year, and why?",
    "What's a tool or habit that makes your work easier?",
    "What did you want to be when you were a kid?",
    "What's the best piece of advice a colleague ever gave you?",
    "What are you reading, watching or listening to at the moment?",
    "What's one thing about your team that the rest of the company might not know?",
)


@dataclass(frozen=True)
class DueConfig:
    config_id: int
    team_id: str
    channel_id: str


@dataclass
class RoundMade:
    team_id: str
    channel_id: str
    organiser: str
    number: int
    groups: int = 0
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (user, why)
    paused: list[str] = field(default_factory=list)  # paused now, after three ignored rounds


@dataclass(frozen=True)
class GroupIntro:
    """What a group's first message says: who, the icebreaker, and the hours they all share."""

    group_id: int
    team_id: str
    conversation_id: str
    channel_id: str
    config_id: int
    icebreaker: str
    shared_hours: tuple[tuple[str, str], ...]  # (user, "14:00-16:00 their time")
    checkin_at: datetime


async def configs_due(session: AsyncSession, now: datetime) -> list[DueConfig]:
    rows = await session.execute(
        select(IntroConfig.id, IntroConfig.team_id, IntroConfig.channel_id).where(
            IntroConfig.active.is_(True), IntroConfig.next_round_at <= now
        )
    )
    return [DueConfig(*row) for row in rows.all()]


async def start_round(
    session: AsyncSession, config_id: int, channel_members: list[str], now: datetime
) -> RoundMade | None:
    """The round that is due, made once: None when another process already made it."""
    config = await session.scalar(select(IntroConfig).where(IntroConfig.id == config_id).with_for_update())
    if config is None or not config.active or config.next_round_at is None or config.next_round_at > now:
        return None
    made = RoundMade(config.team_id, config.channel_id, config.created_by, 1)
    made.paused = await _close_last_round(session, config, now)
    last = await session.scalar(select(func.max(IntroRound.number)).where(IntroRound.config_id == config.id))
    made.number = (last or 0) + 1
    candidates = await _candidates(session, config, channel_members, made.number, now)
    grouping = make_groups(candidates, config.group_size, config.cross_team, seed=config.id * 7919 + made.number)
    step = timedelta(days=CADENCES[config.cadence])
    round_ = IntroRound(
        team_id=config.team_id,
        config_id=config.id,
        number=made.number,
        started_at=now,
        checkin_at=now + step / 2,
        checked_in=False,
        closed=False,
    )
    session.add(round_)
    await session.flush()
    extra = list(
        (await session.scalar(select(TeamSettings.icebreakers).where(TeamSettings.team_id == config.team_id))) or []
    )
    questions = [*ICEBREAKERS, *extra]
    for n, group in enumerate(grouping.groups):
        row = IntroGroup(
            team_id=config.team_id, round_id=round_.id, icebreaker=questions[(made.number * 3 + n) % len(questions)]
        )
        session.add(row)
        await session.flush()
        for person in group:
            session.add(IntroGroupMember(team_id=config.team_id, group_id=row.id, member_id=person.member_id))
    made.groups = len(grouping.groups)
    made.unplaced = [(person.user_id, why) for person, why in grouping.unplaced]
    following = config.next_round_at + step
    while following <= now:  # after downtime: the next round still ahead, none made twice
        following += step
    config.next_round_at = following
    await session.flush()
    return made


async def _close_last_round(session: AsyncSession, config: IntroConfig, now: datetime) -> list[str]:
    """Count who said nothing in the last round; pause whoever did so three rounds in a row."""
    last = await session.scalar(
        select(IntroRound).where(IntroRound.config_id == config.id, IntroRound.closed.is_(False))
    )
    if last is None:
        return []
    last.closed = True
    rows = (
        await session.execute(
            select(IntroGroupMember.member_id, IntroGroupMember.answer, Member.user_id)
            .join(IntroGroup, IntroGroup.id == IntroGroupMember.group_id)
            .join(Member, Member.id == IntroGroupMember.member_id)
            .where(IntroGroup.round_id == last.id)
        )
    ).all()
    standings = {
        p.member_id: p
        for p in await session.scalars(select(IntroParticipant).where(IntroParticipant.config_id == config.id))
    }
    paused = []
    for member_id, said, user_id in rows:  # the channel's standings read once, not a query per member
        standing = standings.get(member_id)
        if standing is None:
            standing = IntroParticipant(
                team_id=config.team_id, config_id=config.id, member_id=member_id, ignored_rounds=0, paused_at=None
            )
            session.add(standing)
        standing.ignored_rounds = 0 if said else standing.ignored_rounds + 1
        if standing.ignored_rounds >= IGNORED_LIMIT and standing.paused_at is None:
            standing.paused_at = now
            paused.append(user_id)
    await session.flush()
    return paused


async def _candidates(
    session: AsyncSession, config: IntroConfig, channel_members: list[str], number: int, now: datetime
) -> list[Candidate]:
    """The channel's members who take part this round: not bots, not opted out, not away, not
    paused, not skipping it; each with who they met in the last rounds."""
    for user_id in channel_members:
        await ensure_member(session, config.team_id, user_id, now)
    members = list(
        await session.scalars(
            select(Member).where(
                Member.team_id == config.team_id,
                Member.user_id.in_(channel_members),
                Member.is_bot.is_(False),
                Member.is_deleted.is_(False),
                Member.opted_out_at.is_(None),
            )
        )
    )
    standing = {
        p.member_id: p
        for p in await session.scalars(select(IntroParticipant).where(IntroParticipant.config_id == config.id))
    }
    teams = dict(
        (
            await session.execute(
                select(MentorProfile.member_id, MentorProfile.department)
                .join(Member, Member.id == MentorProfile.member_id)
                .where(Member.team_id == config.team_id)
            )
        ).all()
    )
    recent = await _recently_met(session, config, number)
    found = []
    for member in members:
        mine = standing.get(member.id)
        if mine is not None and (mine.paused_at is not None or mine.skip_round == number):
            continue
        if (member.away_until and member.away_until >= local_date(now, member.tz)) or is_away(
            member.status_text, member.status_emoji, member.status_expires_at, now
        ):
            continue
        offset = now.astimezone(zone(member.tz)).utcoffset()
        found.append(
            Candidate(
                member.id,
                member.user_id,
                int(offset.total_seconds() // 60) if offset else 0,
                (teams.get(member.id) or "").strip().casefold(),
                frozenset(recent.get(member.id, ())),
            )
        )
    return found


async def _recently_met(session: AsyncSession, config: IntroConfig, number: int) -> dict[int, set[int]]:
    rows = await session.execute(
        select(IntroGroupMember.group_id, IntroGroupMember.member_id)
        .join(IntroGroup, IntroGroup.id == IntroGroupMember.group_id)
        .join(IntroRound, IntroRound.id == IntroGroup.round_id)
        .where(IntroRound.config_id == config.id, IntroRound.number > number - 1 - config.no_repeat_rounds)
    )
    groups: dict[int, set[int]] = {}
    for group_id, member_id in rows.all():
        groups.setdefault(group_id, set()).add(member_id)
    met: dict[int, set[int]] = {}
    for people in groups.values():
        for person in people:
            met.setdefault(person, set()).update(people - {person})
    return met


async def groups_to_open(session: AsyncSession) -> list[tuple[int, str, list[str]]]:
    """(group, team, its people) for groups of open rounds whose group DM isn't open yet."""
    rows = await session.execute(
        select(IntroGroup.id, IntroGroup.team_id, Member.user_id)
        .join(IntroRound, IntroRound.id == IntroGroup.round_id)
        .join(IntroGroupMember, IntroGroupMember.group_id == IntroGroup.id)
        .join(Member, Member.id == IntroGroupMember.member_id)
        .where(IntroGroup.conversation_id.is_(None), IntroRound.closed.is_(False))
        .order_by(IntroGroup.id, Member.user_id)
    )
    groups: dict[int, tuple[str, list[str]]] = {}
    for group_id, team_id, user_id in rows.all():
        groups.setdefault(group_id, (team_id, []))[1].append(user_id)
    return [(group_id, team_id, users) for group_id, (team_id, users) in groups.items()]


async def record_conversation(session: AsyncSession, group_id: int, conversation_id: str, now: datetime) -> GroupIntro:
    group, round_, config = (
        await session.execute(
            select(IntroGroup, IntroRound, IntroConfig)
            .join(IntroRound, IntroRound.id == IntroGroup.round_id)
            .join(IntroConfig, IntroConfig.id == IntroRound.config_id)
            .where(IntroGroup.id == group_id)
        )
    ).one()
    group.conversation_id = conversation_id
    people = (
        await session.execute(
            select(Member.user_id, Member.tz)
            .join(IntroGroupMember, IntroGroupMember.member_id == Member.id)
            .where(IntroGroupMember.group_id == group_id)
            .order_by(Member.user_id)
        )
    ).all()
    return GroupIntro(
        group.id,
        group.team_id,
        conversation_id,
        config.channel_id,
        config.id,
        group.icebreaker,
        shared_hours(people, now),
        round_.checkin_at,
    )


def shared_hours(people: list[tuple[str, str]], now: datetime) -> tuple[tuple[str, str], ...]:
    """The working hours everyone shares, as each one's own clock time (empty when none)."""
    starts = [
        datetime.combine(local_date(now, tz), datetime.min.time(), tzinfo=zone(tz)).replace(hour=9) for _, tz in people
    ]
    # Each start moved to the day closest to the first one's, then the shared stretch.
    first = starts[0]
    placed = [min((s + timedelta(days=d) for d in (-1, 0, 1)), key=lambda v: abs(v - first)) for s in starts]
    begin, end = max(placed), min(placed) + timedelta(minutes=WORKDAY)
    if end <= begin:
        return ()
    return tuple((user, f"{begin.astimezone(zone(tz)):%H:%M}-{end.astimezone(zone(tz)):%H:%M}") for user, tz in people)


async def checkins_due(session: AsyncSession, now: datetime) -> list[tuple[str, str, int]]:
    """(team, group DM, group) for each group whose round is half way through, marked in this transaction."""
    rounds = list(
        await session.scalars(select(IntroRound).where(IntroRound.checked_in.is_(False), IntroRound.checkin_at <= now))
    )
    due = []
    for round_ in rounds:
        round_.checked_in = True
        for group_id, conversation in await session.execute(
            select(IntroGroup.id, IntroGroup.conversation_id).where(
                IntroGroup.round_id == round_.id, IntroGroup.conversation_id.is_not(None)
            )
        ):
            due.append((round_.team_id, conversation, group_id))
    await session.flush()
    return due
