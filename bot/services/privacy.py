"""A member's data rights: see what is stored, export it, erase it, opt out of everything.

`DATA_MAP` (in `data_map`) is the single description of personal data: `/circles privacy` shows it
and the README's data map is written from it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.models import (
    BadgeAward,
    CalendarFeed,
    Checkin,
    CheckinSchedule,
    Circle,
    CircleMembership,
    Goal,
    GoalUpdate,
    IntroGroupMember,
    IntroParticipant,
    Kudos,
    LeaderTurn,
    Meeting,
    Member,
    Onboarding,
    Outbox,
    Resource,
    Rsvp,
    SkillRating,
    Topic,
)
from bot.services import evaluations, projects, skills
from bot.services.data_map import DATA_MAP
from bot.services.members import ensure_member
from bot.services.program_events import figures as program_events


async def member_of(session: AsyncSession, team_id: str, user_id: str) -> Member | None:
    return await session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))


async def counts(session: AsyncSession, team_id: str, user_id: str) -> dict[str, int]:
    """How many records of each kind we hold about the person (for `/circles privacy`)."""
    member = await member_of(session, team_id, user_id)
    if member is None:
        return {kind.name: 0 for kind in DATA_MAP}

    async def count(model: type, *where: Any) -> int:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return {
        "Profile": 1,
        "Circle memberships": await count(CircleMembership, CircleMembership.member_id == member.id),
        "Goals": await count(Goal, Goal.member_id == member.id),
        "Mentor comments": await count(GoalUpdate, GoalUpdate.author_member_id == member.id)
        + await count(
            GoalUpdate,
            GoalUpdate.author_member_id.is_not(None),
            GoalUpdate.goal_id.in_(select(Goal.id).where(Goal.member_id == member.id)),
        ),
        "Check-ins": await count(Checkin, Checkin.member_id == member.id),
        "Kudos": await count(Kudos, or_(Kudos.giver_member_id == member.id, Kudos.receiver_member_id == member.id)),
        "Meetings": await count(LeaderTurn, LeaderTurn.member_id == member.id)
        + await count(Rsvp, Rsvp.member_id == member.id),
        "Program events": await program_events.count(session, member),
        "Projects": await projects.count(session, member),
        "Skills and evaluations": await skills.count(session, member) + await evaluations.count(session, member),
        "Intros": await count(IntroGroupMember, IntroGroupMember.member_id == member.id),
        "Badges": await count(BadgeAward, BadgeAward.member_id == member.id),
        "Onboarding": await count(
            Onboarding, or_(Onboarding.member_id == member.id, Onboarding.buddy_member_id == member.id)
        ),
        "Shared resources and topics": await count(Resource, Resource.team_id == team_id, Resource.shared_by == user_id)
        + await count(Topic, Topic.team_id == team_id, Topic.added_by == user_id),
        "Calendar": await count(CalendarFeed, CalendarFeed.member_id == member.id),
        "Messages to send": await count(Outbox, Outbox.team_id == team_id, Outbox.channel == user_id),
    }


def _row(obj: Any, *skip: str) -> dict[str, Any]:
    return {
        column.key: getattr(obj, column.key)
        for column in obj.__table__.columns
        if column.key not in skip and not column.key.endswith("_id") and column.key != "id"
    }


async def export(session: AsyncSession, team_id: str, user_id: str) -> dict[str, Any]:
    """Everything we hold about the person, as JSON-ready data."""
    member = await member_of(session, team_id, user_id)
    if member is None:
        return {"user_id": user_id, "note": "Circles holds no data about you."}
    circles = (
        await session.execute(
            select(Circle.name, CircleMembership.joined_at, CircleMembership.left_at, CircleMembership.role)
            .join(CircleMembership, CircleMembership.circle_id == Circle.id)
            .where(CircleMembership.member_id == member.id)
        )
    ).all()
    goals = list(await session.scalars(select(Goal).where(Goal.member_id == member.id).order_by(Goal.number)))
    updates = list(
        await session.scalars(
            select(GoalUpdate).join(Goal, Goal.id == GoalUpdate.goal_id).where(Goal.member_id == member.id)
        )
    )
    giver, receiver = aliased(Member), aliased(Member)
    kudos = (
        await session.execute(
            select(giver.user_id, receiver.user_id, Kudos.message, Kudos.value, Kudos.created_at)
            .outerjoin(giver, giver.id == Kudos.giver_member_id)
            .outerjoin(receiver, receiver.id == Kudos.receiver_member_id)
            .where(or_(Kudos.giver_member_id == member.id, Kudos.receiver_member_id == member.id))
        )
    ).all()
    turns = (
        await session.execute(
            select(Circle.name, Meeting.starts_at, LeaderTurn.status)
            .join(Meeting, Meeting.id == LeaderTurn.meeting_id)
            .join(Circle, Circle.id == Meeting.circle_id)
            .where(LeaderTurn.member_id == member.id)
        )
    ).all()
    rsvps = (
        await session.execute(
            select(Meeting.starts_at, Rsvp.attending)
            .join(Meeting, Meeting.id == Rsvp.meeting_id)
            .where(Rsvp.member_id == member.id)
        )
    ).all()
    schedule = await session.scalar(select(CheckinSchedule).where(CheckinSchedule.member_id == member.id))
    mentee = aliased(Member)
    written = (
        await session.execute(
            select(mentee.user_id, Goal.title, GoalUpdate.note, GoalUpdate.created_at)
            .join(Goal, Goal.id == GoalUpdate.goal_id)
            .join(mentee, mentee.id == Goal.member_id)
            .where(GoalUpdate.author_member_id == member.id)
        )
    ).all()
    authors = {
        m.id: m.user_id
        for m in await session.scalars(
            select(Member).where(Member.id.in_({u.author_member_id for u in updates if u.author_member_id}))
        )
    }
    data = {
        "user_id": user_id,
        "profile": _row(member),
        "circles": [{"circle": n, "joined_at": j, "left_at": left, "role": r} for n, j, left, r in circles],
        "goals": [
            _row(g)
            | {
                "updates": [
                    _row(u) | ({"by_mentor": authors.get(u.author_member_id)} if u.author_member_id else {})
                    for u in updates
                    if u.goal_id == g.id
                ]
            }
            for g in goals
        ],
        "mentor_comments_written": [
            {"mentee": who, "goal": title, "comment": text, "at": at} for who, title, text, at in written
        ],
        "checkin_schedule": _row(schedule) if schedule else None,
        "checkins": [_row(c) for c in await session.scalars(select(Checkin).where(Checkin.member_id == member.id))],
        "kudos": [{"from": g, "to": r, "message": m, "value": v, "at": at} for g, r, m, v, at in kudos],
        "leader_turns": [{"circle": n, "meeting": s, "status": st} for n, s, st in turns],
        "rsvps": [{"meeting": s, "attending": a} for s, a in rsvps],
        "resources": [
            _row(r)
            for r in await session.scalars(
                select(Resource).where(Resource.team_id == team_id, Resource.shared_by == user_id)
            )
        ],
        "topics": [
            _row(t)
            for t in await session.scalars(select(Topic).where(Topic.team_id == team_id, Topic.added_by == user_id))
        ],
        "program_events": await program_events.export(session, member),
        "projects": await projects.export(session, member),
        "skill_ratings": await skills.export(session, member),
        "evaluations": await evaluations.export(session, member),
        "onboarding": [
            _row(o)
            for o in await session.scalars(
                select(Onboarding).where(
                    or_(Onboarding.member_id == member.id, Onboarding.buddy_member_id == member.id)
                )
            )
        ],
        "badges": [_row(b) for b in await session.scalars(select(BadgeAward).where(BadgeAward.member_id == member.id))],
        "intros": [
            {"group": g, "answer": a, "answered_at": at}
            for g, a, at in (
                await session.execute(
                    select(IntroGroupMember.group_id, IntroGroupMember.answer, IntroGroupMember.answered_at).where(
                        IntroGroupMember.member_id == member.id
                    )
                )
            ).all()
        ],
        "calendar_feeds": [
            _row(f) for f in await session.scalars(select(CalendarFeed).where(CalendarFeed.member_id == member.id))
        ],
    }
    return json.loads(json.dumps(data, default=str))


async def erase(session: AsyncSession, team_id: str, user_id: str) -> None:
    """Delete the person's data. Kudos they gave or got keep counting for the other person, without text."""
    member = await member_of(session, team_id, user_id)
    if member is not None:
        # The text goes; so does the source reference, which may name the person (reaction kudos).
        await session.execute(
            update(Kudos)
            .where(or_(Kudos.giver_member_id == member.id, Kudos.receiver_member_id == member.id))
            .values(message="", source_ref=literal("erased:").concat(cast(Kudos.id, String)))
        )
        await session.execute(
            update(Meeting).where(Meeting.leader_member_id == member.id).values(leader_member_id=None)
        )
        # Goals, goal updates, check-ins, the schedule, memberships, leader turns and RSVPs go with the
        # member row (ON DELETE CASCADE); kudos keep their row with the person's side set to NULL.
        await session.execute(update(Kudos).where(Kudos.giver_member_id == member.id).values(giver_member_id=None))
        await session.execute(
            update(Kudos).where(Kudos.receiver_member_id == member.id).values(receiver_member_id=None)
        )
        await session.execute(
            delete(GoalUpdate).where(GoalUpdate.goal_id.in_(select(Goal.id).where(Goal.member_id == member.id)))
        )
        await session.execute(delete(GoalUpdate).where(GoalUpdate.author_member_id == member.id))  # as a mentor
        await program_events.erase(session, member)
        await session.execute(
            update(Onboarding).where(Onboarding.buddy_member_id == member.id).values(buddy_member_id=None)
        )
        await projects.erase(session, member)
        await evaluations.erase(session, member)
        await session.execute(
            delete(SkillRating).where(or_(SkillRating.member_id == member.id, SkillRating.rater_member_id == member.id))
        )
        for model in (
            Goal,
            Checkin,
            CheckinSchedule,
            CircleMembership,
            LeaderTurn,
            Rsvp,
            CalendarFeed,
            IntroGroupMember,
            IntroParticipant,
            Onboarding,
            BadgeAward,
        ):
            await session.execute(delete(model).where(model.member_id == member.id))
        await session.execute(delete(Member).where(Member.id == member.id))
    await session.execute(delete(Resource).where(Resource.team_id == team_id, Resource.shared_by == user_id))
    await session.execute(update(Topic).where(Topic.team_id == team_id, Topic.added_by == user_id).values(added_by=""))
    await session.execute(
        update(Circle).where(Circle.team_id == team_id, Circle.created_by == user_id).values(created_by="")
    )
    mentions = [
        row.id
        for row in await session.scalars(select(Outbox).where(Outbox.team_id == team_id))
        if row.channel == user_id or user_id in json.dumps(row.payload)
    ]
    if mentions:
        await session.execute(delete(Outbox).where(Outbox.id.in_(mentions)))


async def set_opt_out(session: AsyncSession, team_id: str, user_id: str, out: bool, now: datetime) -> None:
    member_id = await ensure_member(session, team_id, user_id, now)
    await session.execute(update(Member).where(Member.id == member_id).values(opted_out_at=now if out else None))
