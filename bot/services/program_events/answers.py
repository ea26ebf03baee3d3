"""Going / Maybe / Can't go, with capacity: past it, Going waits on a list, promoted in order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import EventRsvp, Member, ProgramEnrolment, ProgramEvent
from bot.db.statuses import EventAnswer, EventAudience
from bot.errors import InvalidInput
from bot.services.members import ensure_member
from bot.services.program_events.events import card, get_event, invited_members, waitlist_position
from bot.services.program_events.shapes import AnswerOutcome
from bot.services.team_settings import NotAllowed

PROMOTED_BY = {EventAnswer.MAYBE, EventAnswer.DECLINED}  # a Going answer changed to these frees a place


async def answer(
    session: AsyncSession, team_id: str, user_id: str, event_id: int, wanted: EventAnswer, now: datetime
) -> AnswerOutcome:
    # The event row is locked so two last-place Going clicks can't both get it (PostgreSQL; SQLite
    # writers are serialised already).
    event = await get_event(session, team_id, event_id, lock=True)
    if event.cancelled_at is not None:
        raise InvalidInput(f"*{event.title}* was called off.")
    if event.starts_at <= now:
        raise InvalidInput(f"*{event.title}* has already started; answers are closed.")
    member_id = await ensure_member(session, team_id, user_id, now)
    if event.audience == EventAudience.PROGRAM:
        invited = invited_members(event).where(ProgramEnrolment.member_id == member_id)
        if await session.scalar(invited) is None:
            raise NotAllowed(f"*{event.title}* is for the mentorship program's participants. `/mentor join` first.")
    current = await session.scalar(
        select(EventRsvp).where(EventRsvp.event_id == event.id, EventRsvp.member_id == member_id)
    )
    before = EventAnswer(current.answer) if current else None
    stored = wanted
    if wanted == EventAnswer.GOING and before != EventAnswer.GOING:
        going = await _going(session, event.id)
        if event.capacity is not None and going >= event.capacity:
            stored = EventAnswer.WAITLISTED
    if before == EventAnswer.WAITLISTED and stored == EventAnswer.WAITLISTED:
        pass  # already waiting: keep their place in the queue
    else:
        queued = now if stored == EventAnswer.WAITLISTED else None
        values = {"answer": stored, "answered_at": now, "queued_at": queued}
        statement = insert_for(session)(EventRsvp).values(
            team_id=team_id, event_id=event.id, member_id=member_id, feedback_comment="", **values
        )
        await session.execute(statement.on_conflict_do_update(index_elements=["event_id", "member_id"], set_=values))
    promoted = await _promote(session, event, now) if before == EventAnswer.GOING and stored in PROMOTED_BY else []
    row = await session.scalar(
        select(EventRsvp)
        .where(EventRsvp.event_id == event.id, EventRsvp.member_id == member_id)
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return AnswerOutcome(await card(session, event), stored, await waitlist_position(session, event.id, row), promoted)


async def _going(session: AsyncSession, event_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count()).where(EventRsvp.event_id == event_id, EventRsvp.answer == EventAnswer.GOING)
        )
        or 0
    )


async def _promote(session: AsyncSession, event: ProgramEvent, now: datetime) -> list[str]:
    """Fill free places from the waitlist, first come first served; their user ids (each gets a DM)."""
    free = (event.capacity or 0) - await _going(session, event.id) if event.capacity is not None else 0
    if free <= 0:
        return []
    waiting = (
        await session.execute(
            select(EventRsvp, Member.user_id)
            .join(Member, Member.id == EventRsvp.member_id)
            .where(EventRsvp.event_id == event.id, EventRsvp.answer == EventAnswer.WAITLISTED)
            .order_by(EventRsvp.queued_at, EventRsvp.id)
            .limit(free)
        )
    ).all()
    for row, _ in waiting:
        row.answer, row.answered_at, row.queued_at = EventAnswer.GOING, now, None
    await session.flush()
    return [user_id for _, user_id in waiting]
