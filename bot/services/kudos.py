"""Kudos: thanks between colleagues, with a daily limit, company values and a leaderboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.dialect import insert_for
from bot.db.models import Circle, CircleMembership, Kudos, Member
from bot.errors import AlreadyExists, InvalidInput
from bot.services import team_settings
from bot.services.members import ensure_member
from bot.services.schedule import zone

MESSAGE_MAX = 1000
PERIODS = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}


@dataclass(frozen=True)
class KudosRequest:
    giver: str
    receivers: list[str]
    message: str
    value: str | None
    source: str  # command | shortcut | reaction
    source_ref: str  # unique per giving act, so a retried request or event applies once
    channel_id: str | None = None  # where it was given
    thread_ts: str | None = None  # the message it thanks for (shortcut): the post replies in its thread


@dataclass(frozen=True)
class GivenKudos:
    giver: str
    receivers: list[str]
    message: str
    value: str | None
    source_ref: str
    circle: tuple[int, str, str] | None  # (id, name, channel) the giver and receiver share
    post_channel: str | None  # where the kudos is posted now (None: DM only, or held for the digest)
    held_for_digest: bool
    post_thread_ts: str | None = None  # in the thread of the message thanked for


def _start_of_local_day(now: datetime, tz: str) -> datetime:
    local = now.astimezone(zone(tz))
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)


async def give(
    session: AsyncSession, team_id: str, request: KudosRequest, now: datetime, *, postable: bool = False
) -> GivenKudos:
    """Record the kudos and decide where they are seen; `postable`: the bot can post where they were given."""
    settings = await team_settings.get(session, team_id, now)
    receivers = list(dict.fromkeys(request.receivers))
    if not receivers:
        raise InvalidInput("Who's it for? e.g. `/kudos @alex for pairing on the migration`.")
    if request.giver in receivers:
        raise InvalidInput("Kudos are for others; you can't give kudos to yourself. :slightly_smiling_face:")
    message = " ".join(request.message.split())
    if len(message) < 3:
        raise InvalidInput("Say what they did, e.g. `/kudos @alex for explaining lifetimes so clearly`.")
    if len(message) > MESSAGE_MAX:
        raise InvalidInput(f"Kudos can be at most {MESSAGE_MAX} characters.")
    value = None
    if request.value:
        value = team_settings.match_value(settings, request.value)
        if value is None:
            known = ", ".join(f"#{v.replace(' ', '')}" for v in settings.company_values) or "none yet"
            raise InvalidInput(f"`#{request.value}` isn't one of our values ({known}).")
    giver_id = await ensure_member(session, team_id, request.giver, now)
    giver = await session.get(Member, giver_id)
    assert giver is not None
    members = {
        m.user_id: m
        for m in await session.scalars(select(Member).where(Member.team_id == team_id, Member.user_id.in_(receivers)))
    }
    for user_id in receivers:
        member = members.get(user_id)
        if member is not None and (member.is_bot or member.is_deleted):
            raise InvalidInput(f"<@{user_id}> is a bot or no longer here; kudos are for people.")
    since = _start_of_local_day(now, giver.tz)
    given_today = await session.scalar(
        select(func.count(Kudos.id)).where(Kudos.giver_member_id == giver.id, Kudos.created_at >= since)
    )
    if (given_today or 0) + len(receivers) > settings.kudos_daily_limit:
        left = max(settings.kudos_daily_limit - (given_today or 0), 0)
        raise InvalidInput(
            f"You can give {settings.kudos_daily_limit} kudos a day and have {left} left today. "
            "Thanks for being generous; more tomorrow!"
        )
    receiver_ids = {user_id: await ensure_member(session, team_id, user_id, now) for user_id in receivers}
    circle = await _shared_circle(session, team_id, giver.id, receiver_ids[receivers[0]])
    rows = [
        {
            "team_id": team_id,
            "giver_member_id": giver.id,
            "receiver_member_id": receiver_ids[user_id],
            "message": message,
            "value": value,
            "circle_id": circle[0] if circle else None,
            "source": request.source,
            "source_ref": request.source_ref,
            "created_at": now,
        }
        for user_id in receivers
    ]
    inserted = (
        await session.execute(
            insert_for(session)(Kudos)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["team_id", "source_ref", "receiver_member_id"])
            .returning(Kudos.id)
        )
    ).all()
    if not inserted:
        raise AlreadyExists("Those kudos were already given.")
    held = settings.kudos_digest_only
    post_channel, thread_ts = None, None
    # Recognition is seen: the shared circle's channel, else where it was given, else the kudos
    # channel; with none of those, only the receivers' DMs (and the giver is told how to change that).
    if not held:
        if circle and settings.kudos_in_circle:
            post_channel = circle[2]
        elif postable and request.channel_id:
            post_channel, thread_ts = request.channel_id, request.thread_ts
        elif settings.kudos_channel_id:
            post_channel = settings.kudos_channel_id
    return GivenKudos(
        giver=request.giver,
        receivers=receivers,
        message=message,
        value=value,
        source_ref=request.source_ref,
        circle=circle,
        post_channel=post_channel,
        held_for_digest=held,
        post_thread_ts=thread_ts,
    )


async def _shared_circle(
    session: AsyncSession, team_id: str, giver_id: int, receiver_id: int
) -> tuple[int, str, str] | None:
    mine = aliased(CircleMembership)
    theirs = aliased(CircleMembership)
    row = (
        await session.execute(
            select(Circle.id, Circle.name, Circle.channel_id)
            .join(mine, (mine.circle_id == Circle.id) & (mine.member_id == giver_id) & mine.left_at.is_(None))
            .join(
                theirs, (theirs.circle_id == Circle.id) & (theirs.member_id == receiver_id) & theirs.left_at.is_(None)
            )
            .where(Circle.team_id == team_id)
            .order_by(Circle.name_key)
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None


@dataclass(frozen=True)
class Ranked:
    rank: int
    user_id: str
    count: int


def rank(counts: list[tuple[str, int]]) -> list[Ranked]:
    """Competition ranking: ties share a rank (1, 1, 3); ties are listed by user id for a stable order."""
    ordered = sorted(counts, key=lambda item: (-item[1], item[0]))
    ranked: list[Ranked] = []
    for position, (user_id, count) in enumerate(ordered, start=1):
        same = ranked and ranked[-1].count == count
        ranked.append(Ranked(rank=ranked[-1].rank if same else position, user_id=user_id, count=count))
    return ranked


async def leaderboard(
    session: AsyncSession, team_id: str, period: str, now: datetime, limit: int = 10
) -> tuple[list[Ranked], list[Ranked]]:
    if period not in PERIODS:
        raise InvalidInput("Pick `week`, `month` or `all`: `/kudos top month`.")
    window = PERIODS[period]
    where = [Kudos.team_id == team_id]
    if window is not None:
        where.append(Kudos.created_at >= now - window)

    async def counts(column) -> list[Ranked]:  # type: ignore[no-untyped-def]
        rows = await session.execute(
            select(Member.user_id, func.count(Kudos.id))
            .join(Kudos, column == Member.id)
            .where(*where)
            .group_by(Member.user_id)
        )
        return rank([(user_id, count) for user_id, count in rows.all()])[:limit]

    return await counts(Kudos.giver_member_id), await counts(Kudos.receiver_member_id)


@dataclass(frozen=True)
class MyKudos:
    received_by_value: list[tuple[str, int]]
    received: int
    given: int
    recent: list[tuple[str, str, str | None]]  # (giver, message, value)


async def mine(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> MyKudos:
    member_id = await ensure_member(session, team_id, user_id, now)
    by_value = (
        await session.execute(
            select(Kudos.value, func.count(Kudos.id))
            .where(Kudos.team_id == team_id, Kudos.receiver_member_id == member_id)
            .group_by(Kudos.value)
        )
    ).all()
    given = await session.scalar(
        select(func.count(Kudos.id)).where(Kudos.team_id == team_id, Kudos.giver_member_id == member_id)
    )
    giver = aliased(Member)
    recent = (
        await session.execute(
            select(giver.user_id, Kudos.message, Kudos.value)
            .join(giver, giver.id == Kudos.giver_member_id)
            .where(Kudos.team_id == team_id, Kudos.receiver_member_id == member_id)
            .order_by(Kudos.created_at.desc(), Kudos.id.desc())
            .limit(5)
        )
    ).all()
    ordered = sorted(((value or "no value", count) for value, count in by_value), key=lambda item: (-item[1], item[0]))
    return MyKudos(
        received_by_value=ordered,
        received=sum(count for _, count in ordered),
        given=given or 0,
        recent=[(g, m, v) for g, m, v in recent],
    )
