"""Who leads: the rotation's candidates, asking the next in line, and the answers (accept, skip, swap, topic)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    CheckinSchedule,
    Circle,
    CircleMembership,
    LeaderTurn,
    Meeting,
    Member,
    Topic,
)
from bot.db.statuses import TurnStatus
from bot.errors import InvalidInput, NotFound
from bot.services.away import is_away
from bot.services.meetings.posts import meeting_post
from bot.services.meetings.schedule import circle_of, circle_ref, get_schedule, queued_topics
from bot.services.meetings.shapes import Accepted, HistoryRow, LeaderAsk, LeadersOverview
from bot.services.members import ensure_member
from bot.services.rotation import Candidate, choose, credit_for_newcomer, queue
from bot.services.schedule import local_date


async def candidates(
    session: AsyncSession, team_id: str, circle_id: int, meeting_id: int | None, now: datetime, tz: str
) -> list[Candidate]:
    """Active members with their turns led, and why any of them can't lead this meeting (`tz`: the circle's)."""
    today = local_date(now, tz)
    accepted = (
        select(
            LeaderTurn.member_id.label("member_id"),
            func.count(LeaderTurn.id).label("turns"),
            func.max(Meeting.starts_at).label("last_led_at"),
        )
        .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
        .where(Meeting.circle_id == circle_id, LeaderTurn.status == TurnStatus.ACCEPTED)
        .group_by(LeaderTurn.member_id)
        .subquery()
    )
    rows = await session.execute(
        select(Member, CircleMembership, accepted.c.turns, accepted.c.last_led_at, CheckinSchedule.paused_until)
        .join(CircleMembership, CircleMembership.member_id == Member.id)
        .outerjoin(accepted, accepted.c.member_id == Member.id)
        .outerjoin(CheckinSchedule, CheckinSchedule.member_id == Member.id)
        .where(
            CircleMembership.team_id == team_id,
            CircleMembership.circle_id == circle_id,
            CircleMembership.left_at.is_(None),
        )
    )
    this_meeting: dict[int, str] = {}
    if meeting_id is not None:
        turns = await session.execute(
            select(LeaderTurn.member_id, LeaderTurn.status).where(LeaderTurn.meeting_id == meeting_id)
        )
        this_meeting = {member_id: status for member_id, status in turns.all()}
    found = []
    for member, membership, turns_led, last_led_at, checkins_paused_until in rows.all():
        found.append(
            Candidate(
                member_id=member.id,
                user_id=member.user_id,
                joined_at=membership.joined_at,
                turns=turns_led or 0,
                credit=membership.rotation_credit,
                last_led_at=last_led_at,
                unavailable=_unavailable(member, checkins_paused_until, this_meeting.get(member.id), now, today),
            )
        )
    return found


def _unavailable(
    member: Member, paused_until: date | None, turn_status: str | None, now: datetime, today: date
) -> str | None:
    if member.is_deleted or member.is_bot:
        return "not an active Slack member"
    if member.opted_out_at is not None:
        return "opted out of Circles"
    if member.away_until and member.away_until >= today:
        return f"away until {member.away_until:%b %-d}"
    if is_away(member.status_text, member.status_emoji, member.status_expires_at, now):
        return "out of office (Slack status)"
    if paused_until and paused_until > today:
        return f"paused until {paused_until:%b %-d}"
    reasons = {
        "skipped": "said skip me this time",
        "expired": "didn't answer in time",
        "declined": "declined a swap",
        "asked": "already asked",
        "swapped": "swapped with someone",
    }
    return reasons.get(turn_status or "")


async def credit_newcomer(session: AsyncSession, team_id: str, circle_id: int, member_id: int, now: datetime) -> int:
    """Credit a (re)joining member so they queue at the end of the current round."""
    everyone = await candidates(session, team_id, circle_id, None, now, "UTC")
    current = [c for c in everyone if c.member_id != member_id]
    mine = next((c for c in everyone if c.member_id == member_id), None)
    turns = mine.turns if mine else 0
    credit = credit_for_newcomer(current) - turns
    await session.execute(
        update(CircleMembership)
        .where(CircleMembership.circle_id == circle_id, CircleMembership.member_id == member_id)
        .values(rotation_credit=credit)
    )
    return credit


async def ask_next(
    session: AsyncSession, meeting: Meeting, circle: Circle, now: datetime, reason: str
) -> LeaderAsk | None:
    schedule = await get_schedule(session, circle.team_id, circle.id)
    tz = schedule.tz if schedule else "UTC"
    pool = await candidates(session, circle.team_id, circle.id, meeting.id, now, tz)
    chosen = choose(pool)
    if chosen is None:
        return None
    turn = LeaderTurn(
        team_id=circle.team_id, meeting_id=meeting.id, member_id=chosen.member_id, reason=reason, asked_at=now
    )
    session.add(turn)
    await session.flush()
    return await _leader_ask(session, turn, meeting, circle)


async def _leader_ask(
    session: AsyncSession, turn: LeaderTurn, meeting: Meeting, circle: Circle, swap_from: str | None = None
) -> LeaderAsk:
    member = await session.get(Member, turn.member_id)
    assert member is not None
    return LeaderAsk(
        turn_id=turn.id,
        meeting_id=meeting.id,
        team_id=circle.team_id,
        user_id=member.user_id,
        circle=circle_ref(circle),
        starts_at=meeting.starts_at,
        tz=member.tz,
        topics=await queued_topics(session, circle.id),
        swap_from_user=swap_from,
    )


async def _own_turn(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int
) -> tuple[LeaderTurn, Meeting, Circle]:
    row = (
        await session.execute(
            select(LeaderTurn, Meeting, Circle)
            .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
            .join(Circle, Circle.id == Meeting.circle_id)
            .join(Member, Member.id == LeaderTurn.member_id)
            .where(LeaderTurn.id == turn_id, LeaderTurn.team_id == team_id, Member.user_id == user_id)
        )
    ).first()
    if row is None:
        raise NotFound("That request isn't for you, or no longer exists.")
    turn, meeting, circle = row
    if turn.status != TurnStatus.ASKED:
        raise InvalidInput(f"You already answered this one ({turn.status}).")
    return turn, meeting, circle


async def accept(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> Accepted:
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    if meeting.leader_member_id is not None:
        raise InvalidInput("Someone else already confirmed for this meeting. Thanks for offering!")
    turn.status = TurnStatus.ACCEPTED
    turn.answered_at = now
    meeting.leader_member_id = turn.member_id
    swapped_from = None
    if turn.swap_from_turn_id is not None:
        original = await session.get(LeaderTurn, turn.swap_from_turn_id)
        if original is not None and original.status == TurnStatus.ASKED:
            original.status = TurnStatus.SWAPPED
            original.answered_at = now
            swapped_from = (await session.get(Member, original.member_id)).user_id  # type: ignore[union-attr]
    await session.execute(
        update(LeaderTurn)
        .where(LeaderTurn.meeting_id == meeting.id, LeaderTurn.status == TurnStatus.ASKED)
        .values(status=TurnStatus.EXPIRED, answered_at=now)
    )
    await session.flush()
    return Accepted(post=await meeting_post(session, meeting, circle), swapped_from=swapped_from)


async def skip_turn(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> LeaderAsk | None:
    """ "Skip me": the next in line is asked; the skipper keeps their place for next time."""
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    turn.status = TurnStatus.SKIPPED
    turn.answered_at = now
    await session.flush()
    return await ask_next(session, meeting, circle, now, "the person asked before said skip me")


async def request_swap(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int, target_user_id: str, now: datetime
) -> LeaderAsk:
    turn, meeting, circle = await _own_turn(session, team_id, user_id, turn_id)
    if target_user_id == user_id:
        raise InvalidInput("Pick someone other than yourself.", field="target")
    schedule = await get_schedule(session, team_id, circle.id)
    pool = await candidates(session, team_id, circle.id, meeting.id, now, schedule.tz if schedule else "UTC")
    target = next((c for c in pool if c.user_id == target_user_id), None)
    if target is None:
        raise InvalidInput(
            f"<@{target_user_id}> isn't a member of *{circle.name}*. Pick a circle member.", field="target"
        )
    if target.unavailable:
        raise InvalidInput(f"<@{target_user_id}> can't lead this one: {target.unavailable}.", field="target")
    swap = LeaderTurn(
        team_id=team_id,
        meeting_id=meeting.id,
        member_id=target.member_id,
        reason=f"<@{user_id}> asked to swap",
        swap_from_turn_id=turn.id,
        asked_at=now,
    )
    session.add(swap)
    await session.flush()
    return await _leader_ask(session, swap, meeting, circle, swap_from=user_id)


async def decline_swap(session: AsyncSession, team_id: str, user_id: str, turn_id: int, now: datetime) -> str:
    """The colleague asked to take over says no; returns who asked, to tell them."""
    turn, _, _ = await _own_turn(session, team_id, user_id, turn_id)
    if turn.swap_from_turn_id is None:
        raise InvalidInput("This isn't a swap request.")
    turn.status = TurnStatus.DECLINED
    turn.answered_at = now
    original = await session.get(LeaderTurn, turn.swap_from_turn_id)
    asker = await session.get(Member, original.member_id) if original else None
    return asker.user_id if asker else ""


async def pick_topic(session: AsyncSession, team_id: str, user_id: str, turn_id: int, topic_id: int) -> str:
    _, meeting, circle = await _own_turn_any_status(session, team_id, user_id, turn_id)
    topic = await session.scalar(select(Topic).where(Topic.id == topic_id, Topic.circle_id == circle.id))
    if topic is None:
        raise NotFound("That topic is no longer in the queue.")
    meeting.topic_id = topic.id
    return topic.text


async def _own_turn_any_status(
    session: AsyncSession, team_id: str, user_id: str, turn_id: int
) -> tuple[LeaderTurn, Meeting, Circle]:
    try:
        return await _own_turn(session, team_id, user_id, turn_id)
    except InvalidInput:
        row = (
            await session.execute(
                select(LeaderTurn, Meeting, Circle)
                .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
                .join(Circle, Circle.id == Meeting.circle_id)
                .where(LeaderTurn.id == turn_id)
            )
        ).one()
        return row[0], row[1], row[2]


async def leaders_overview(session: AsyncSession, team_id: str, circle_id: int, now: datetime) -> LeadersOverview:
    circle = await circle_of(session, team_id, circle_id)
    schedule = await get_schedule(session, team_id, circle_id)
    tz = schedule.tz if schedule else None
    pending = await session.scalar(
        select(Meeting.id)
        .where(Meeting.circle_id == circle_id, Meeting.starts_at > now, Meeting.leader_member_id.is_(None))
        .order_by(Meeting.starts_at)
    )
    pool = await candidates(session, team_id, circle_id, pending, now, tz or "UTC")
    meetings = list(
        await session.scalars(
            select(Meeting).where(Meeting.circle_id == circle_id).order_by(Meeting.starts_at.desc()).limit(10)
        )
    )
    turns = (
        await session.execute(
            select(LeaderTurn.meeting_id, Member.user_id, LeaderTurn.status)
            .join(Member, Member.id == LeaderTurn.member_id)
            .where(LeaderTurn.meeting_id.in_([m.id for m in meetings]))
            .order_by(LeaderTurn.id)
        )
    ).all()
    leaders = {m_id: u for m_id, u, status in turns if status == "accepted"}
    history = [
        HistoryRow(
            starts_at=m.starts_at,
            leader_user=leaders.get(m.id),
            asked=[(u, status) for m_id, u, status in turns if m_id == m.id],
        )
        for m in meetings
    ]
    return LeadersOverview(circle=circle_ref(circle), tz=tz, queue=queue(pool), history=history)


async def set_away(session: AsyncSession, team_id: str, user_id: str, until: date | None, now: datetime) -> None:
    member_id = await ensure_member(session, team_id, user_id, now)
    await session.execute(update(Member).where(Member.id == member_id).values(away_until=until))


def circle_of_turn(turn_id: int):  # type: ignore[no-untyped-def]
    """A query for the name of the circle a leader turn belongs to."""
    return (
        select(Circle.name)
        .join(Meeting, Meeting.circle_id == Circle.id)
        .join(LeaderTurn, LeaderTurn.meeting_id == Meeting.id)
        .where(LeaderTurn.id == turn_id)
    )
