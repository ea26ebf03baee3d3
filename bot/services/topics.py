"""A circle's discussion-guide queue: add, list, remove, move to the front, seed from a guide."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Topic
from bot.errors import InvalidInput, NotFound
from bot.services.guides import GUIDES

TOPIC_MAX = 500


async def queued(session: AsyncSession, team_id: str, circle_id: int) -> list[Topic]:
    return list(
        await session.scalars(
            select(Topic)
            .where(Topic.team_id == team_id, Topic.circle_id == circle_id, Topic.used_at.is_(None))
            .order_by(Topic.position, Topic.id)
        )
    )


async def add(session: AsyncSession, team_id: str, circle_id: int, text: str, user_id: str, now: datetime) -> int:
    """Append a topic; returns its number in the queue."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput("What's the topic? e.g. `/circle topic add Error handling in async Rust`.")
    if len(cleaned) > TOPIC_MAX:
        raise InvalidInput(f"Topics can be at most {TOPIC_MAX} characters.")
    last = await session.scalar(select(func.max(Topic.position)).where(Topic.circle_id == circle_id)) or 0
    session.add(
        Topic(
            team_id=team_id,
            circle_id=circle_id,
            text=cleaned,
            position=last + 1,
            added_by=user_id,
            created_at=now,
        )
    )
    await session.flush()
    return len(await queued(session, team_id, circle_id))


async def _nth(session: AsyncSession, team_id: str, circle_id: int, number: int) -> Topic:
    topics = await queued(session, team_id, circle_id)
    if not 1 <= number <= len(topics):
        raise NotFound(f"There is no topic #{number}; the queue has {len(topics)}. `/circle topics` lists them.")
    return topics[number - 1]


async def remove(session: AsyncSession, team_id: str, circle_id: int, number: int) -> str:
    topic = await _nth(session, team_id, circle_id, number)
    await session.delete(topic)
    return topic.text


async def move_to_front(session: AsyncSession, team_id: str, circle_id: int, number: int) -> str:
    topic = await _nth(session, team_id, circle_id, number)
    first = await session.scalar(select(func.min(Topic.position)).where(Topic.circle_id == circle_id)) or 0
    topic.position = first - 1
    return topic.text


async def seed_from_guide(
    session: AsyncSession, team_id: str, circle_id: int, guide_key: str, user_id: str, now: datetime
) -> None:
    guide = GUIDES.get(guide_key)
    if guide is None:
        raise InvalidInput("Pick one of the starter guides.", field="guide")
    for text in guide.topics:
        await add(session, team_id, circle_id, text, user_id, now)
