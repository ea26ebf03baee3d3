"""Meeting-day RSVPs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import (
    Meeting,
    Member,
    Rsvp,
)
from bot.errors import NotFound
from bot.services.meetings.shapes import RsvpCounts
from bot.services.members import ensure_member


async def rsvp(
    session: AsyncSession, team_id: str, user_id: str, meeting_id: int, attending: bool, now: datetime
) -> RsvpCounts:
    meeting = await session.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.team_id == team_id))
    if meeting is None:
        raise NotFound("That meeting no longer exists.")
    member_id = await ensure_member(session, team_id, user_id, now)
    statement = insert_for(session)(Rsvp).values(
        team_id=team_id, meeting_id=meeting_id, member_id=member_id, attending=attending, answered_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["meeting_id", "member_id"], set_={"attending": attending, "answered_at": now}
        )
    )
    rows = await session.execute(
        select(Member.user_id, Rsvp.attending)
        .join(Rsvp, Rsvp.member_id == Member.id)
        .where(Rsvp.meeting_id == meeting_id)
    )
    answers = rows.all()
    return RsvpCounts(attending=[u for u, yes in answers if yes], not_attending=[u for u, yes in answers if not yes])
