"""What the minute tick does for each meeting: plan it and ask a leader, escalate, announce, remind."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import (
    Circle,
    CircleSchedule,
    LeaderTurn,
    Meeting,
    Topic,
)
from bot.db.statuses import TurnStatus
from bot.services import grace
from bot.services.meetings.leaders import ask_next
from bot.services.meetings.posts import meeting_post
from bot.services.meetings.schedule import new_meeting, queued_topics, upcoming_meetings
from bot.services.meetings.shapes import ANNOUNCE_BEFORE, ESCALATE_BEFORE, REMIND_BEFORE, LeaderAsk, MeetingPost


async def plan_due(session: AsyncSession, now: datetime, limit: int = 200) -> list[LeaderAsk]:
    """Create meetings entering their leader window and ask the first in line to lead each."""
    due = (
        await session.execute(
            select(CircleSchedule, Circle)
            .join(Circle, Circle.id == CircleSchedule.circle_id)
            .where(
                CircleSchedule.next_plan_at <= now,
                CircleSchedule.paused.is_(False),
                Circle.channel_archived_at.is_(None),  # an archived channel pauses its circle
            )
            .order_by(CircleSchedule.next_plan_at)
            .limit(limit)
            .with_for_update(of=CircleSchedule, skip_locked=True)
        )
    ).all()
    asks: list[LeaderAsk] = []
    for schedule, circle in due:
        planned_at = schedule.next_plan_at or now
        starts_at = upcoming_meetings(schedule, now, 1)[0]
        window_opens = starts_at - timedelta(days=schedule.lead_days)
        asked_at = max(planned_at, window_opens)  # when this meeting's leader request was due
        if window_opens > now:  # after downtime, the meeting we missed is gone; wait for the next window
            schedule.next_plan_at = window_opens
            continue
        inserted = (
            await session.execute(
                insert_for(session)(Meeting)
                .values(**new_meeting(schedule, starts_at, now))
                .on_conflict_do_nothing(index_elements=["circle_id", "starts_at"])
                .returning(Meeting.id)
            )
        ).scalar()
        # The following meeting's window opens after this one starts.
        schedule.next_plan_at = max(
            upcoming_meetings(schedule, starts_at, 1)[0] - timedelta(days=schedule.lead_days), starts_at
        )
        if inserted is None:
            continue
        meeting = await session.get(Meeting, inserted)
        assert meeting is not None
        ref = f"meeting:{meeting.id}:ask"
        if not await grace.on_time(session, circle.team_id, grace.Work.LEADER_REQUEST, ref, asked_at, now, starts_at):
            continue  # nobody is asked late; a day before, the escalation asks the first in line
        ask = await ask_next(session, meeting, circle, now, "next in the rotation")
        if ask is not None:
            asks.append(ask)
    return asks


async def _steps_due(
    session: AsyncSession, now: datetime, done: Any, before: timedelta, kind: grace.Work, *where: Any
) -> list[tuple[Meeting, Circle]]:
    """Meetings whose step (`done`, the flag that records it) has come, each taken once: the flag is
    set here. A step later than the grace window, or after the meeting started, is recorded and dropped."""
    rows = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(
                done.is_(False),
                Meeting.cancelled_at.is_(None),  # skipped: nothing more to do for it
                Circle.channel_archived_at.is_(None),  # an archived channel pauses its circle
                Meeting.starts_at <= now + before,
                *where,
            )
            .with_for_update(of=Meeting, skip_locked=True)
        )
    ).all()
    due = []
    for meeting, circle in rows:
        setattr(meeting, done.key, True)
        ref = f"meeting:{meeting.id}:{kind}"
        if await grace.on_time(session, circle.team_id, kind, ref, meeting.starts_at - before, now, meeting.starts_at):
            due.append((meeting, circle))
    return due


async def escalate_due(session: AsyncSession, now: datetime) -> list[LeaderAsk]:
    """A day before, an unconfirmed leader's turn expires and the next in line is asked."""
    asks = []
    due = await _steps_due(
        session,
        now,
        Meeting.escalated,
        ESCALATE_BEFORE,
        grace.Work.LEADER_REQUEST,
        Meeting.leader_member_id.is_(None),
        Meeting.guest_name == "",  # a guest leads it: nobody from the rotation is asked
    )
    for meeting, circle in due:
        await session.execute(
            update(LeaderTurn)
            .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == TurnStatus.ASKED)
            .values(status=TurnStatus.EXPIRED, answered_at=now)
        )
        ask = await ask_next(session, meeting, circle, now, "the person asked before didn't confirm in time")
        if ask is not None:
            asks.append(ask)
    return asks


async def announcements_due(session: AsyncSession, now: datetime) -> list[MeetingPost]:
    posts = []
    for meeting, circle in await _steps_due(session, now, Meeting.announced, ANNOUNCE_BEFORE, grace.Work.ANNOUNCEMENT):
        if meeting.topic_id is None:
            queued = await queued_topics(session, circle.id)
            meeting.topic_id = queued[0][0] if queued else None
        if meeting.topic_id is not None:
            await session.execute(update(Topic).where(Topic.id == meeting.topic_id).values(used_at=now))
        posts.append(await meeting_post(session, meeting, circle))
    return posts


async def reminders_due(session: AsyncSession, now: datetime) -> list[MeetingPost]:
    due = await _steps_due(session, now, Meeting.reminded, REMIND_BEFORE, grace.Work.MEETING_REMINDER)
    return [await meeting_post(session, meeting, circle) for meeting, circle in due]
