"""A guest speaker for one meeting of a circle (`/circle guest`).

The circle's organiser, or that meeting's confirmed leader, invites a guest (name, topic, link).
The guest leads that occurrence: nobody from the rotation is asked, and whoever had been asked or
had agreed keeps their place (their turn becomes a skip, which doesn't advance the rotation).
The announcement presents the guest and topic; calendars show them on that occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleSchedule, Meeting, Member
from bot.errors import InvalidInput
from bot.services.meetings.skips import meeting_at, occurrence_on, release_turns
from bot.services.team_settings import NotAllowed

NAME_MAX, TOPIC_MAX, LINK_MAX = 200, 500, 500


@dataclass(frozen=True)
class GuestForm:
    name: str
    topic: str
    link: str


def validate_guest(form: GuestForm) -> GuestForm:
    name, topic, link = form.name.strip(), form.topic.strip(), form.link.strip()
    if not name:
        raise InvalidInput("Who is the guest? Their name is shown in the announcement.", field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(f"Keep the name under {NAME_MAX} characters.", field="name")
    if len(topic) > TOPIC_MAX:
        raise InvalidInput(f"Keep the topic under {TOPIC_MAX} characters.", field="topic")
    if link:
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > LINK_MAX:
            raise InvalidInput("The link must be a full http(s) URL.", field="link")
    return GuestForm(name, topic, link)


async def guest_slot(
    session: AsyncSession, team_id: str, circle_id: int, user_id: str, day: date, now: datetime
) -> tuple[CircleSchedule, datetime]:
    """The meeting on `day` that `user_id` may give to a guest: checked before the form opens, and
    again when it is sent (the leader or the schedule may have changed in between)."""
    circle = await session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.id == circle_id))
    if circle is None:
        raise InvalidInput("That circle no longer exists.")
    schedule, starts = await occurrence_on(session, team_id, circle_id, circle.name, day, now)
    meeting = await meeting_at(session, schedule, starts, now, create=False)
    if meeting is not None and meeting.cancelled_at is not None:
        raise InvalidInput(f"The {day:%b %-d} meeting is skipped. `/circle unskip` brings it back first.")
    leader = await session.get(Member, meeting.leader_member_id) if meeting and meeting.leader_member_id else None
    if user_id != circle.created_by and (leader is None or leader.user_id != user_id):
        raise NotAllowed(
            f"Only *{circle.name}*'s organiser (<@{circle.created_by}>) or that meeting's leader can invite a guest."
        )
    return schedule, starts


async def set_guest(
    session: AsyncSession, team_id: str, circle_id: int, user_id: str, day: date, form: GuestForm, now: datetime
) -> Meeting:
    form = validate_guest(form)
    schedule, starts = await guest_slot(session, team_id, circle_id, user_id, day, now)
    meeting = await meeting_at(session, schedule, starts, now, create=True)
    assert meeting is not None
    meeting.guest_name, meeting.guest_topic, meeting.guest_link = form.name, form.topic, form.link
    await release_turns(session, meeting, now, f"a guest speaker, {form.name}, takes this meeting")
    schedule.sequence += 1  # calendars show the guest on that occurrence
    schedule.updated_at = now
    await session.flush()
    return meeting
