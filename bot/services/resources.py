"""Links shared to a circle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Resource
from bot.errors import InvalidInput

NOTE_MAX = 500


@dataclass(frozen=True)
class SharedResource:
    id: int
    url: str
    note: str
    shared_by: str
    created_at: datetime


def check_url(url: str) -> str:
    cleaned = url.strip().strip("<>").split("|", 1)[0]
    parsed = urlparse(cleaned)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(cleaned) > 2000:
        raise InvalidInput("That doesn't look like a link. Share a full http(s) URL.", field="url")
    return cleaned


async def share(
    session: AsyncSession, team_id: str, circle_id: int, url: str, note: str, user_id: str, now: datetime
) -> SharedResource:
    if len(note.strip()) > NOTE_MAX:
        raise InvalidInput(f"Notes can be at most {NOTE_MAX} characters.", field="note")
    resource = Resource(
        team_id=team_id,
        circle_id=circle_id,
        url=check_url(url),
        note=note.strip(),
        shared_by=user_id,
        created_at=now,
    )
    session.add(resource)
    await session.flush()
    return SharedResource(resource.id, resource.url, resource.note, resource.shared_by, resource.created_at)


async def page(
    session: AsyncSession, team_id: str, circle_id: int, offset: int, limit: int
) -> tuple[list[SharedResource], int]:
    where = (Resource.team_id == team_id, Resource.circle_id == circle_id)
    total = await session.scalar(select(func.count(Resource.id)).where(*where)) or 0
    rows = await session.scalars(
        select(Resource)
        .where(*where)
        .order_by(Resource.created_at.desc(), Resource.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return [SharedResource(r.id, r.url, r.note, r.shared_by, r.created_at) for r in rows], total
