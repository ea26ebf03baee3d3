"""Events in the program's figures (insights, `<5` below five people) and in each person's data rights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import EventRsvp, Member, ProgramEvent
from bot.db.statuses import EventAnswer
from bot.services.program_events.events import invited_count

MIN_PEOPLE = 5


@dataclass(frozen=True)
class EventFigures:
    """Events that ended in the window. People counts below five and averages over fewer than
    five answers are None (shown as `<5`)."""

    held: int
    invited: int | None
    going: int | None
    attended: int | None
    feedback_average: float | None
    feedback_answers: int


def _five(value: int) -> int | None:
    return value if value >= MIN_PEOPLE else None


async def totals(session: AsyncSession, team_id: str, now: datetime, days: int = 90) -> EventFigures:
    held = list(
        await session.scalars(
            select(ProgramEvent).where(
                ProgramEvent.team_id == team_id,
                ProgramEvent.cancelled_at.is_(None),
                ProgramEvent.starts_at >= now - timedelta(days=days),
                ProgramEvent.starts_at <= now,
            )
        )
    )
    ids = [event.id for event in held]
    invited = sum([await invited_count(session, event) for event in held])
    going, attended, answers, total = (
        await session.execute(
            select(
                func.count().filter(EventRsvp.answer == EventAnswer.GOING),
                func.count().filter(EventRsvp.attended.is_(True)),
                func.count(EventRsvp.feedback_score),
                func.coalesce(func.sum(EventRsvp.feedback_score), 0),
            ).where(EventRsvp.event_id.in_(ids))
        )
    ).one()
    average = float(total) / answers if answers >= MIN_PEOPLE else None
    return EventFigures(len(held), _five(invited), _five(going), _five(attended), average, answers)


async def export(session: AsyncSession, member: Member) -> list[dict[str, Any]]:
    """The person's answers, attendance and feedback, and the events they host."""
    rows = (
        await session.execute(
            select(ProgramEvent.title, ProgramEvent.starts_at, EventRsvp)
            .join(EventRsvp, EventRsvp.event_id == ProgramEvent.id)
            .where(EventRsvp.member_id == member.id)
            .order_by(ProgramEvent.starts_at)
        )
    ).all()
    answered = [
        {
            "event": title,
            "starts_at": starts,
            "answer": rsvp.answer,
            "answered_at": rsvp.answered_at,
            "attended": rsvp.attended,
            "feedback_score": rsvp.feedback_score,
            "feedback_comment": rsvp.feedback_comment,
        }
        for title, starts, rsvp in rows
    ]
    hosted = await session.execute(
        select(ProgramEvent.title, ProgramEvent.starts_at).where(ProgramEvent.host_member_id == member.id)
    )
    return answered + [{"event": title, "starts_at": starts, "role": "host"} for title, starts in hosted.all()]


async def count(session: AsyncSession, member: Member) -> int:
    return int(await session.scalar(select(func.count()).where(EventRsvp.member_id == member.id)) or 0)


async def erase(session: AsyncSession, member: Member) -> None:
    """Their answers and feedback go; events they host stay, without them as host."""
    await session.execute(delete(EventRsvp).where(EventRsvp.member_id == member.id))
    await session.execute(
        update(ProgramEvent).where(ProgramEvent.host_member_id == member.id).values(host_member_id=None)
    )
    await session.execute(
        update(ProgramEvent)
        .where(ProgramEvent.team_id == member.team_id, ProgramEvent.created_by == member.user_id)
        .values(created_by="")
    )
