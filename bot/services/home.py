"""What a member's App Home shows: their circles, goals, streak, next prompt, kudos; admins' summary."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import CheckinSchedule, LeaderTurn, Meeting, Member
from bot.db.statuses import TurnStatus
from bot.services import badges, circles, goals, insights, kudos, meetings, mentor_goals, mentorship
from bot.services.goals import GoalView
from bot.services.insights import WeekFigures
from bot.services.members import ensure_member
from bot.services.mentor_goals import MenteeGoals
from bot.services.mentorship import agreements
from bot.services.mentorship.agreements import PairAgreement
from bot.services.streaks import Streak


@dataclass(frozen=True)
class HomeCircle:
    id: int
    name: str
    channel_id: str
    next_meeting: datetime | None
    leading: bool  # asked or confirmed to lead the next meeting


@dataclass
class HomeData:
    user_id: str
    tz: str
    first_visit: bool
    opted_out: bool
    circles: list[HomeCircle] = field(default_factory=list)
    goals: list[GoalView] = field(default_factory=list)
    streak: Streak = field(default_factory=lambda: Streak(0, 0, False))
    next_prompt: datetime | None = None
    kudos_received: int = 0
    kudos_recent: list[tuple[str, str, str | None]] = field(default_factory=list)
    is_admin: bool = False
    admin_week: WeekFigures | None = None
    mentorship: list[tuple[str, str, str, datetime | None]] = field(
        default_factory=list
    )  # program, role, other, next 1:1
    mentee_goals: list[MenteeGoals] = field(default_factory=list)  # for mentors: what their mentees shared
    badges: list[tuple[str, str]] = field(default_factory=list)  # (emoji, name), newest first
    agreements: list[PairAgreement] = field(default_factory=list)  # their pairs' agreements


async def gather(session: AsyncSession, team_id: str, user_id: str, now: datetime, admins: Collection[str]) -> HomeData:
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await session.get(Member, member_id)
    assert member is not None
    data = HomeData(
        user_id=user_id,
        tz=member.tz,
        first_visit=member.home_opened_at is None,
        opted_out=member.opted_out_at is not None,
        is_admin=member.is_admin or member.is_owner or user_id in admins,
    )
    if member.home_opened_at is None:
        member.home_opened_at = now
    for circle in await circles.my_circles(session, team_id, user_id):
        _, upcoming = await meetings.next_meetings_of(session, team_id, circle.id, now, count=1)
        start = upcoming[0][0] if upcoming else None
        leading = start is not None and (
            await session.scalar(
                select(LeaderTurn.id)
                .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
                .where(
                    Meeting.circle_id == circle.id,
                    Meeting.starts_at == start,
                    LeaderTurn.member_id == member_id,
                    LeaderTurn.status.in_((TurnStatus.ASKED, TurnStatus.ACCEPTED)),
                )
            )
            is not None
        )
        data.circles.append(HomeCircle(circle.id, circle.name, circle.channel_id, start, leading))
    data.goals = await goals.list_goals(session, team_id, member_id, open_only=True)
    from bot.services.checkins import streak_of

    data.streak = await streak_of(session, member_id)
    schedule_row = await session.scalar(select(CheckinSchedule).where(CheckinSchedule.member_id == member_id))
    if schedule_row is not None and schedule_row.undeliverable_reason is None and not data.opted_out:
        data.next_prompt = schedule_row.next_prompt_at
    data.mentorship = await mentorship.my_pairs(session, team_id, user_id)
    if any(role == "mentor" for _, role, _, _ in data.mentorship):
        data.mentee_goals = await mentor_goals.shared_with(session, team_id, user_id)
    data.agreements = await agreements.agreements_of(session, team_id, user_id)
    data.badges = [(emoji, name) for emoji, name, _, _ in await badges.badges_of(session, team_id, user_id)]
    mine = await kudos.mine(session, team_id, user_id, now)
    data.kudos_received, data.kudos_recent = mine.received, mine.recent[:3]
    if data.is_admin:
        data.admin_week = (await insights.compute(session, team_id, now)).overall[-1]
    return data
