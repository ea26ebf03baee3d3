"""A circle follows its Slack channel: who is in it, whether it is archived, what it is called.

Joining the channel (from Slack's own UI, or added by a colleague) joins the circle; leaving it
leaves the circle (history kept). An archived channel pauses the circle; unarchiving resumes it.
The hourly reconciliation repairs what missed events left out, from `conversations.members`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleMembership, Member
from bot.services import checkins, circles, meetings
from bot.services.circles import CircleSummary
from bot.services.members import ensure_member


@dataclass(frozen=True)
class Joined:
    circle: CircleSummary
    user_id: str
    joined_at: datetime  # with the user id, the welcome's unique key: one welcome per join


@dataclass(frozen=True)
class ArchiveChange:
    circle: CircleSummary
    organiser: str
    archived: bool


async def admit(session: AsyncSession, team_id: str, circle_id: int, user_id: str, now: datetime) -> bool:
    """Make someone an active member with everything membership brings: a check-in schedule and a
    place at the end of the current leader round. False if they already were a member."""
    if not await circles.add_member(session, team_id, circle_id, user_id, now):
        return False
    await checkins.enrol(session, team_id, user_id, now)
    member_id = await ensure_member(session, team_id, user_id, now)
    await meetings.credit_newcomer(session, team_id, circle_id, member_id, now)
    return True


async def _joined(session: AsyncSession, team_id: str, circle_id: int, user_id: str, now: datetime) -> Joined:
    return Joined(await circles.get_circle_by_id(session, team_id, circle_id, user_id), user_id, now)


async def _circles_of(session: AsyncSession, team_id: str, channel_id: str) -> list[Circle]:
    return list(await session.scalars(select(Circle).where(Circle.team_id == team_id, Circle.channel_id == channel_id)))


async def join(session: AsyncSession, team_id: str, channel_id: str, user_id: str, now: datetime) -> list[Joined]:
    """The person joined the channel: they join its circles (a no-op for circles they're already in)."""
    joined = []
    for circle in await _circles_of(session, team_id, channel_id):
        if await admit(session, team_id, circle.id, user_id, now):
            joined.append(await _joined(session, team_id, circle.id, user_id, now))
    return joined


async def leave(session: AsyncSession, team_id: str, channel_id: str, user_id: str, now: datetime) -> int:
    """The person left the channel: they leave its circles; what they contributed stays."""
    left = 0
    for circle in await _circles_of(session, team_id, channel_id):
        summary = await circles.get_circle_by_id(session, team_id, circle.id, user_id)
        if summary.is_member:
            await circles.remove_member(session, team_id, summary, user_id, now)
            left += 1
    return left


async def set_archived(
    session: AsyncSession, team_id: str, channel_id: str, archived: bool, now: datetime
) -> list[ArchiveChange]:
    """Pause (or resume) the circles of an archived (unarchived) channel; each change once."""
    changes = []
    for circle in await _circles_of(session, team_id, channel_id):
        if (circle.channel_archived_at is not None) == archived:
            continue  # already so: a repeated event
        circle.channel_archived_at = now if archived else None
        if not archived:
            await _resume(session, circle, now)
        summary = await circles.get_circle_by_id(session, team_id, circle.id, circle.created_by)
        changes.append(ArchiveChange(summary, circle.created_by, archived))
    return changes


async def _resume(session: AsyncSession, circle: Circle, now: datetime) -> None:
    """What was paused isn't missed work: the next digest and meeting are planned from now."""
    circle.next_digest_at = None  # the digest job sets the next one
    schedule = await meetings.get_schedule(session, circle.team_id, circle.id)
    if schedule is not None:
        schedule.next_plan_at = meetings.next_plan_at(schedule, now)


async def rename(session: AsyncSession, team_id: str, channel_id: str, name: str) -> None:
    for circle in await _circles_of(session, team_id, channel_id):
        circle.channel_name = name[:80]


async def reconcile_targets(session: AsyncSession, team_id: str) -> list[tuple[int, str]]:
    """(circle id, channel) of the circles whose membership the reconciliation checks."""
    rows = await session.execute(
        select(Circle.id, Circle.channel_id).where(Circle.team_id == team_id, Circle.channel_archived_at.is_(None))
    )
    return [(circle_id, channel) for circle_id, channel in rows.all()]


async def reconcile(
    session: AsyncSession, team_id: str, circle_id: int, in_channel: Collection[str], bot_user_id: str, now: datetime
) -> tuple[list[Joined], int]:
    """Bring one circle in step with its channel's members: add people who joined the channel unseen
    (never those who left the circle with `/circle leave` and stayed in the channel), remove people
    who left the channel unseen. Returns the joins (to welcome) and how many left."""
    rows = await session.execute(
        select(Member.user_id, CircleMembership.left_at)
        .join(CircleMembership, CircleMembership.member_id == Member.id)
        .where(CircleMembership.team_id == team_id, CircleMembership.circle_id == circle_id)
    )
    known = {user_id: left_at for user_id, left_at in rows.all()}
    people = set(
        await session.scalars(
            select(Member.user_id).where(
                Member.team_id == team_id,
                Member.user_id.in_(list(in_channel)),
                Member.is_bot.is_(False),
                Member.is_deleted.is_(False),
            )
        )
    )
    circle = await circles.get_circle_by_id(session, team_id, circle_id, bot_user_id)
    joined = []
    for user_id in sorted(people - set(known) - {bot_user_id}):
        if await admit(session, team_id, circle_id, user_id, now):
            joined.append(await _joined(session, team_id, circle_id, user_id, now))
    gone = [u for u, left_at in known.items() if left_at is None and u not in in_channel]
    for user_id in gone:
        await circles.remove_member(session, team_id, circle, user_id, now)
    return joined, len(gone)
