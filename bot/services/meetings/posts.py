"""What an announcement or a meeting-day reminder says, from the meeting's rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Circle,
    LeaderTurn,
    Meeting,
    Member,
    Topic,
)
from bot.db.statuses import TurnStatus
from bot.errors import NotFound
from bot.services.guides import GUIDES
from bot.services.meetings.schedule import circle_ref, get_schedule
from bot.services.meetings.shapes import MeetingPost


async def meeting_post(session: AsyncSession, meeting: Meeting, circle: Circle) -> MeetingPost:
    schedule = await get_schedule(session, circle.team_id, circle.id)
    leader = await session.get(Member, meeting.leader_member_id) if meeting.leader_member_id else None
    asked = await session.scalar(
        select(Member.user_id)
        .join(LeaderTurn, LeaderTurn.member_id == Member.id)
        .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == TurnStatus.ASKED)
        .order_by(LeaderTurn.id.desc())
    )
    topic = await session.get(Topic, meeting.topic_id) if meeting.topic_id else None
    guide = GUIDES.get(circle.guide_key or "")
    return MeetingPost(
        meeting_id=meeting.id,
        team_id=circle.team_id,
        circle=circle_ref(circle),
        starts_at=meeting.starts_at,
        tz=schedule.tz if schedule else "UTC",
        duration_minutes=meeting.duration_minutes,
        link=meeting.meeting_link,
        leader_user=leader.user_id if leader else None,
        asked_user=asked,
        topic=topic.text if topic else None,
        questions=guide.questions if guide else (),
        guest=meeting.guest_name or None,
        guest_topic=meeting.guest_topic or None,
        guest_link=meeting.guest_link or None,
    )


async def post_of(session: AsyncSession, team_id: str, meeting_id: int) -> MeetingPost:
    row = (
        await session.execute(
            select(Meeting, Circle)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(Meeting.id == meeting_id, Meeting.team_id == team_id)
        )
    ).first()
    if row is None:
        raise NotFound("That meeting no longer exists.")
    return await meeting_post(session, row[0], row[1])
