"""People in a workspace, kept in step with Slack's directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.db.dialect import insert_for
from bot.db.models import Member, Team


@dataclass(frozen=True)
class MemberProfile:
    """What Slack tells us about a person; the input of every member upsert."""

    user_id: str
    display_name: str = ""
    real_name: str = ""
    title: str = ""
    tz: str = "UTC"
    tz_offset: int = 0
    is_bot: bool = False
    is_deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False
    status_text: str = ""
    status_emoji: str = ""
    status_expires_at: datetime | None = None


PROFILE_FIELDS = (
    "display_name",
    "title",
    "real_name",
    "tz",
    "tz_offset",
    "is_bot",
    "is_deleted",
    "is_admin",
    "is_owner",
    "status_text",
    "status_emoji",
    "status_expires_at",
)


async def ensure_team(session: AsyncSession, team_id: str, now: datetime, name: str = "") -> None:
    insert = insert_for(session)(Team).values(team_id=team_id, name=name, created_at=now)
    if name:
        await session.execute(insert.on_conflict_do_update(index_elements=["team_id"], set_={"name": name}))
    else:
        await session.execute(insert.on_conflict_do_nothing(index_elements=["team_id"]))


# Per unit of work (a session): the members already resolved in it, (team id, user id) → member id.
# A command touches its person in several services (a goal, the check-in schedule, Home); the
# first one resolves them, the rest are answered from here instead of upserting again.
RESOLVED = "circles.resolved_members"


@event.listens_for(Session, "after_soft_rollback")
def _forget_resolved(session: Session, _previous: Any) -> None:
    # A rolled-back savepoint may have undone the insert that made a member: resolve them again.
    session.info.pop(RESOLVED, None)


async def ensure_member(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> int:
    """The member's id, creating a bare row for someone the directory sync has not seen yet.

    Resolved once per unit of work: later calls in the same session cost no query."""
    resolved: dict[tuple[str, str], int] = session.info.setdefault(RESOLVED, {})
    if (team_id, user_id) in resolved:
        return resolved[team_id, user_id]
    await ensure_team(session, team_id, now)
    insert = insert_for(session)(Member).values(
        team_id=team_id, user_id=user_id, created_at=now, updated_at=now, **_defaults()
    )
    await session.execute(insert.on_conflict_do_nothing(index_elements=["team_id", "user_id"]))
    member_id = await session.scalar(select(Member.id).where(Member.team_id == team_id, Member.user_id == user_id))
    assert member_id is not None
    resolved[team_id, user_id] = member_id
    return member_id


async def resolve_member(session: AsyncSession, team_id: str, user_id: str, now: datetime) -> Member:
    """The member's row, made if need be; loaded once per unit of work (the session's identity map)."""
    member = await session.get(Member, await ensure_member(session, team_id, user_id, now))
    assert member is not None
    return member


async def upsert_profiles(session: AsyncSession, team_id: str, profiles: Sequence[MemberProfile], now: datetime) -> int:
    """Insert or refresh many members in one statement; returns how many were given."""
    if not profiles:
        return 0
    await ensure_team(session, team_id, now)
    rows = [
        {"team_id": team_id, "user_id": p.user_id, "created_at": now, "updated_at": now}
        | {field: getattr(p, field) for field in PROFILE_FIELDS}
        for p in profiles
    ]
    insert = insert_for(session)(Member).values(rows)
    update = {field: insert.excluded[field] for field in (*PROFILE_FIELDS, "updated_at")}
    await session.execute(insert.on_conflict_do_update(index_elements=["team_id", "user_id"], set_=update))
    return len(rows)


async def workspaces(session: AsyncSession) -> list[tuple[str, str]]:
    """(team id, name) of every workspace that has Circles installed, for the command line."""
    rows = await session.execute(
        select(Team.team_id, Team.name).where(Team.uninstalled_at.is_(None)).order_by(Team.team_id)
    )
    return [(team_id, name or "") for team_id, name in rows.all()]


async def get_member(session: AsyncSession, team_id: str, user_id: str) -> Member | None:
    return await session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))


def _defaults() -> dict[str, object]:
    blank = MemberProfile(user_id="")
    return {field: getattr(blank, field) for field in PROFILE_FIELDS}
