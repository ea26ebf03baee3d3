"""Around and after an event: reminders in each attendee's time zone, the follow-up once it has
ended, attendance, feedback and what the host may see of it (aggregates over five answers)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, EventCircle, EventRsvp, Member, ProgramEvent
from bot.db.statuses import EventAnswer
from bot.errors import InvalidInput
from bot.services import resources
from bot.services.members import ensure_member, get_member
from bot.services.program_events.events import card, get_event, invited_count, next_occurrence
from bot.services.program_events.shapes import FeedbackSummary, FollowUp, Reminder
from bot.services.resources import SharedResource, check_url
from bot.services.schedule import local_date, zone
from bot.services.team_settings import NotAllowed

MIN_PEOPLE = 5
DAY_BEFORE_AT = time(9, 0)  # the day-before reminder: 09:00 in the attendee's own time zone
HOUR_BEFORE = timedelta(hours=1)
LOOKAHEAD = timedelta(days=2)


def day_reminder_at(starts_at: datetime, tz: str) -> datetime:
    day = local_date(starts_at, tz) - timedelta(days=1)
    return datetime.combine(day, DAY_BEFORE_AT, tzinfo=zone(tz)).astimezone(starts_at.tzinfo)


async def reminders_due(session: AsyncSession, now: datetime) -> list[Reminder]:
    """Every reminder due now, each marked as sent in this transaction (its DM is queued beside it).

    The day-before one is skipped for whoever answered after it was due, and when the hour-before
    one is due already (after downtime, one reminder, not two).
    """
    rows = (
        await session.execute(
            select(EventRsvp, Member.user_id, Member.tz, ProgramEvent)
            .join(Member, Member.id == EventRsvp.member_id)
            .join(ProgramEvent, ProgramEvent.id == EventRsvp.event_id)
            .where(
                EventRsvp.answer == EventAnswer.GOING,
                EventRsvp.hour_reminded_at.is_(None),
                ProgramEvent.cancelled_at.is_(None),
                ProgramEvent.starts_at > now,
                ProgramEvent.starts_at <= now + LOOKAHEAD,
                Member.opted_out_at.is_(None),
                Member.is_deleted.is_(False),
            )
            .order_by(ProgramEvent.starts_at, EventRsvp.id)
        )
    ).all()
    due: list[Reminder] = []
    cards = {}
    for rsvp, user_id, tz, event in rows:
        stage = None
        if now >= event.starts_at - HOUR_BEFORE:
            stage, rsvp.hour_reminded_at = "hour", now
            rsvp.day_reminded_at = rsvp.day_reminded_at or now
        elif rsvp.day_reminded_at is None and now >= (day_at := day_reminder_at(event.starts_at, tz)):
            rsvp.day_reminded_at = now
            stage = "day" if rsvp.answered_at < day_at else None
        if stage:
            if event.id not in cards:
                cards[event.id] = await card(session, event)
            due.append(Reminder(event.team_id, rsvp.id, user_id, tz, stage, cards[event.id]))
    await session.flush()
    return due


async def follow_ups_due(session: AsyncSession, now: datetime) -> list[FollowUp]:
    """Events that have ended and not been followed up: marked now; a repeating one gets its next."""
    ended = list(
        await session.scalars(
            select(ProgramEvent)
            .where(
                ProgramEvent.followed_up.is_(False), ProgramEvent.cancelled_at.is_(None), ProgramEvent.starts_at <= now
            )
            .order_by(ProgramEvent.starts_at)
            .with_for_update(skip_locked=True)
        )
    )
    follow_ups = []
    for event in ended:
        if event.starts_at + timedelta(minutes=event.duration_minutes) > now:
            continue
        event.followed_up = True
        attendees = await session.scalars(
            select(Member.user_id)
            .join(EventRsvp, EventRsvp.member_id == Member.id)
            .where(
                EventRsvp.event_id == event.id,
                EventRsvp.answer == EventAnswer.GOING,
                Member.opted_out_at.is_(None),
                Member.id != (event.host_member_id or -1),  # the host isn't asked to rate their own event
            )
            .order_by(Member.user_id)
        )
        follow_ups.append(
            FollowUp(
                await card(session, event),
                await invited_count(session, event),
                list(attendees),
                await next_occurrence(session, event, now),
            )
        )
    await session.flush()
    return follow_ups


async def rate(session: AsyncSession, team_id: str, user_id: str, event_id: int, score: int, now: datetime) -> str:
    """One answer to "how was it?" (1-5); rating it confirms they came. The event's title."""
    if not 1 <= score <= 5:
        raise InvalidInput("Pick a score from 1 to 5.")
    row, event = await _own_rsvp(session, team_id, user_id, event_id, now)
    row.feedback_score, row.feedback_at, row.attended = score, now, True
    await session.flush()
    return event.title


async def comment(session: AsyncSession, team_id: str, user_id: str, event_id: int, text: str, now: datetime) -> str:
    text = text.strip()
    if len(text) > 2000:
        raise InvalidInput("Keep the comment under 2,000 characters.", field="comment")
    row, event = await _own_rsvp(session, team_id, user_id, event_id, now)
    row.feedback_comment, row.feedback_at = text, now
    await session.flush()
    return event.title


async def _own_rsvp(
    session: AsyncSession, team_id: str, user_id: str, event_id: int, now: datetime
) -> tuple[EventRsvp, ProgramEvent]:
    event = await get_event(session, team_id, event_id)
    if event.starts_at > now:
        raise InvalidInput(f"*{event.title}* hasn't happened yet.")
    member_id = await ensure_member(session, team_id, user_id, now)
    row = await session.scalar(
        select(EventRsvp).where(EventRsvp.event_id == event.id, EventRsvp.member_id == member_id)
    )
    if row is None:
        raise InvalidInput(f"You didn't answer *{event.title}*'s invitation, so there's nothing to rate.")
    return row, event


async def _hosted(session: AsyncSession, team_id: str, user_id: str, event_id: int) -> ProgramEvent:
    """The event, if `user_id` hosts it or created it (the only people who see its summary)."""
    event = await get_event(session, team_id, event_id)
    member = await get_member(session, team_id, user_id)
    if event.created_by != user_id and (member is None or member.id != event.host_member_id):
        raise NotAllowed(f"Only *{event.title}*'s host can do that.")
    return event


async def mark_attendance(
    session: AsyncSession, team_id: str, user_id: str, event_id: int, present: list[str], now: datetime
) -> int:
    """The host says who came: those answered Yes, every other answer No. How many came."""
    event = await _hosted(session, team_id, user_id, event_id)
    present_ids = {await ensure_member(session, team_id, who, now) for who in present}
    for row in await session.scalars(select(EventRsvp).where(EventRsvp.event_id == event.id)):
        row.attended = row.member_id in present_ids
        present_ids.discard(row.member_id)
    for member_id in present_ids:  # came without answering the invitation
        session.add(
            EventRsvp(
                team_id=team_id,
                event_id=event.id,
                member_id=member_id,
                answer=EventAnswer.GOING,
                answered_at=now,
                attended=True,
                feedback_comment="",
            )
        )
    await session.flush()
    return int(
        await session.scalar(select(func.count()).where(EventRsvp.event_id == event.id, EventRsvp.attended.is_(True)))
        or 0
    )


async def feedback_summary(session: AsyncSession, team_id: str, user_id: str, event_id: int) -> FeedbackSummary:
    """What the host sees: averages, the spread and comments without names, all only from five answers."""
    event = await _hosted(session, team_id, user_id, event_id)
    rows = (
        await session.execute(
            select(EventRsvp.feedback_score, EventRsvp.feedback_comment).where(
                EventRsvp.event_id == event.id, EventRsvp.feedback_score.is_not(None)
            )
        )
    ).all()
    came = await session.scalar(
        select(func.count()).where(EventRsvp.event_id == event.id, EventRsvp.attended.is_(True))
    )
    attended = int(came or 0) if (came or 0) >= MIN_PEOPLE else None
    if len(rows) < MIN_PEOPLE:
        return FeedbackSummary(event.title, len(rows), None, attended=attended)
    scores = [score for score, _ in rows]
    spread = {score: scores.count(score) for score in range(1, 6)}
    comments = sorted((text for _, text in rows if text), key=str.casefold)  # sorted: no order to tell who
    return FeedbackSummary(event.title, len(rows), sum(scores) / len(scores), spread, comments, attended)


async def share_recording(
    session: AsyncSession, team_id: str, user_id: str, event_id: int, url: str, now: datetime
) -> tuple[ProgramEvent, list[tuple[str, str, SharedResource]]]:
    """Slides or a recording: kept on the event and shared as a resource of every invited circle
    (circle name, channel, the resource), so it lands in each circle's library."""
    event = await _hosted(session, team_id, user_id, event_id)
    event.recording_url = check_url(url)
    circles = (
        await session.execute(
            select(Circle.id, Circle.name, Circle.channel_id)
            .join(EventCircle, EventCircle.circle_id == Circle.id)
            .where(EventCircle.event_id == event.id)
            .order_by(Circle.name)
        )
    ).all()
    shared = [
        (
            name,
            channel,
            await resources.share(
                session, team_id, circle_id, event.recording_url, f"Slides or recording: {event.title}", user_id, now
            ),
        )
        for circle_id, name, channel in circles
    ]
    await session.flush()
    return event, shared


async def attendance_of(session: AsyncSession, team_id: str, user_id: str, event_id: int) -> tuple[str, list[str]]:
    """For the host's form: the title, and who came so far (before anyone was marked: who said Going)."""
    event = await _hosted(session, team_id, user_id, event_id)
    rows = (
        await session.execute(
            select(Member.user_id, EventRsvp.answer, EventRsvp.attended)
            .join(EventRsvp, EventRsvp.member_id == Member.id)
            .where(EventRsvp.event_id == event.id)
            .order_by(Member.user_id)
        )
    ).all()
    marked = any(attended is not None for _, _, attended in rows)
    return event.title, [
        user for user, answer, attended in rows if (attended if marked else answer == EventAnswer.GOING)
    ]
