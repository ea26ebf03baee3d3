"""Who turns intros on where (admins anywhere; a circle's organiser in its channel), how often, in
groups of how many, and the overview they see."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleMembership, IntroConfig, IntroGroup, IntroGroupMember, IntroRound
from bot.errors import InvalidInput
from bot.services.members import ensure_member, get_member
from bot.services.schedule import zone
from bot.services.team_settings import NotAllowed, is_admin

CADENCES = {"weekly": 7, "biweekly": 14, "monthly": 28}  # days between rounds ("monthly": every four weeks)
START_AT = time(10, 0)  # a round starts at 10:00 in the zone of whoever set intros up


@dataclass(frozen=True)
class IntroSettings:
    channel_id: str
    cadence: str = "biweekly"
    weekday: int = 0
    group_size: int = 2
    cross_team: bool = True
    no_repeat_rounds: int = 6


@dataclass(frozen=True)
class IntroOverview:
    channel_id: str
    cadence: str
    weekday: int
    group_size: int
    active: bool
    rounds: int
    groups: int
    answered: int  # groups where someone answered "Did you meet?"
    met: int  # groups where someone said they met
    next_round_at: datetime | None
    tz: str

    @property
    def meeting_rate(self) -> float | None:
        return self.met / self.answered if self.answered else None


def first_round(settings: IntroSettings, tz: str, now: datetime) -> datetime:
    """The next `weekday` at 10:00 in `tz`, today included if it's still before then."""
    local = now.astimezone(zone(tz))
    day = local.date() + timedelta(days=(settings.weekday - local.weekday()) % 7)
    start = datetime.combine(day, START_AT, tzinfo=zone(tz))
    return start if start > now else start + timedelta(days=7)


async def _circle_of(session: AsyncSession, team_id: str, channel_id: str) -> Circle | None:
    return await session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.channel_id == channel_id))


async def require_manager(
    session: AsyncSession, team_id: str, user_id: str, channel_id: str, admins: Collection[str]
) -> Circle | None:
    """Admins manage intros anywhere; a circle's organiser in that circle's channel."""
    circle = await _circle_of(session, team_id, channel_id)
    if await is_admin(session, team_id, user_id, admins):
        return circle
    member = await get_member(session, team_id, user_id)
    organises = (
        circle is not None
        and member is not None
        and await session.scalar(
            select(CircleMembership.id).where(
                CircleMembership.circle_id == circle.id,
                CircleMembership.member_id == member.id,
                CircleMembership.role == "organizer",
                CircleMembership.left_at.is_(None),
            )
        )
    )
    if not organises:
        raise NotAllowed(
            "Only workspace admins, and a circle's organiser in that circle's channel, can set up intros there."
        )
    return circle


async def configure(
    session: AsyncSession, team_id: str, user_id: str, settings: IntroSettings, admins: Collection[str], now: datetime
) -> IntroOverview:
    if settings.cadence not in CADENCES:
        raise InvalidInput("How often: `every week`, `every 2 weeks` or `monthly`.")
    if not 2 <= settings.group_size <= 4:
        raise InvalidInput("Groups are of 2, 3 or 4 people.")
    if not 1 <= settings.no_repeat_rounds <= 52:
        raise InvalidInput("Nobody meets the same person again within 1 to 52 rounds; pick a number in between.")
    circle = await require_manager(session, team_id, user_id, settings.channel_id, admins)
    await ensure_member(session, team_id, user_id, now)
    creator = await get_member(session, team_id, user_id)
    tz = creator.tz if creator else "UTC"
    config = await session.scalar(
        select(IntroConfig).where(IntroConfig.team_id == team_id, IntroConfig.channel_id == settings.channel_id)
    )
    if config is None:
        config = IntroConfig(team_id=team_id, channel_id=settings.channel_id, created_by=user_id, created_at=now)
        session.add(config)
    config.circle_id = circle.id if circle else None
    config.cadence, config.weekday, config.group_size = settings.cadence, settings.weekday, settings.group_size
    config.cross_team, config.no_repeat_rounds, config.tz = settings.cross_team, settings.no_repeat_rounds, tz
    config.active = True
    config.next_round_at = first_round(settings, tz, now)
    await session.flush()
    return (await _overviews(session, [config]))[0]


async def turn_off(session: AsyncSession, team_id: str, user_id: str, channel_id: str, admins: Collection[str]) -> None:
    await require_manager(session, team_id, user_id, channel_id, admins)
    config = await session.scalar(
        select(IntroConfig).where(IntroConfig.team_id == team_id, IntroConfig.channel_id == channel_id)
    )
    if config is None or not config.active:
        raise InvalidInput(f"Intros aren't on in <#{channel_id}>.")
    config.active, config.next_round_at = False, None


async def overview(session: AsyncSession, team_id: str, user_id: str, admins: Collection[str]) -> list[IntroOverview]:
    """The intros this person manages (all of them, for admins)."""
    configs = list(await session.scalars(select(IntroConfig).where(IntroConfig.team_id == team_id)))
    if not await is_admin(session, team_id, user_id, admins):
        mine = []
        for config in configs:
            try:
                await require_manager(session, team_id, user_id, config.channel_id, admins)
            except NotAllowed:
                continue
            mine.append(config)
        configs = mine
    return await _overviews(session, configs)


async def _overviews(session: AsyncSession, configs: list[IntroConfig]) -> list[IntroOverview]:
    found = []
    for config in configs:
        rounds = await session.scalar(select(func.count()).where(IntroRound.config_id == config.id))
        answers = (
            await session.execute(
                select(IntroGroup.id, IntroGroupMember.answer)
                .join(IntroRound, IntroRound.id == IntroGroup.round_id)
                .join(IntroGroupMember, IntroGroupMember.group_id == IntroGroup.id)
                .where(IntroRound.config_id == config.id)
            )
        ).all()
        groups = {group for group, _ in answers}
        answered = {group for group, said in answers if said}
        met = {group for group, said in answers if said == "met"}
        found.append(
            IntroOverview(
                config.channel_id,
                config.cadence,
                config.weekday,
                config.group_size,
                config.active,
                int(rounds or 0),
                len(groups),
                len(answered),
                len(met),
                config.next_round_at,
                config.tz,
            )
        )
    return found


async def people_in_rounds(session: AsyncSession, team_id: str) -> int:
    """How many people were in any intro group (for the `<5` rule on intros' figures)."""
    count = await session.scalar(
        select(func.count(func.distinct(IntroGroupMember.member_id))).where(IntroGroupMember.team_id == team_id)
    )
    return int(count or 0)


async def figures(session: AsyncSession, team_id: str, since: datetime) -> tuple[int, int, float | None]:
    """(rounds, groups, the share of answered groups that met) since then; the rate is None below
    five people in those groups or with no answer yet."""
    rows = (
        await session.execute(
            select(IntroRound.id, IntroGroup.id, IntroGroupMember.member_id, IntroGroupMember.answer)
            .join(IntroGroup, IntroGroup.round_id == IntroRound.id)
            .join(IntroGroupMember, IntroGroupMember.group_id == IntroGroup.id)
            .where(IntroRound.team_id == team_id, IntroRound.started_at >= since)
        )
    ).all()
    rounds = {r for r, _, _, _ in rows}
    groups = {g for _, g, _, _ in rows}
    answered = {g for _, g, _, said in rows if said}
    met = {g for _, g, _, said in rows if said == "met"}
    people = {m for _, _, m, _ in rows}
    rate = len(met) / len(answered) if answered and len(people) >= 5 else None
    return len(rounds), len(groups), rate
