"""Creating events, who may, whom they invite, and reading them back as plain cards."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calendars.shapes import OneOff
from bot.db.models import (
    Circle,
    CircleMembership,
    EventCircle,
    EventRsvp,
    Member,
    MentorProgram,
    ProgramEnrolment,
    ProgramEvent,
)
from bot.db.statuses import EventAnswer, EventAudience, EventRepeat
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member, get_member
from bot.services.program_events.forms import EventForm, validated
from bot.services.program_events.shapes import AudienceChoices, EventCard, ListedEvent
from bot.services.schedule import zone
from bot.services.team_settings import NotAllowed, is_admin

ORGANISER = "organizer"
REPEATS = {EventRepeat.MONTHLY: relativedelta(months=1), EventRepeat.QUARTERLY: relativedelta(months=3)}


async def _organised(session: AsyncSession, team_id: str, member_id: int) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Circle.id, Circle.name)
        .join(CircleMembership, CircleMembership.circle_id == Circle.id)
        .where(
            Circle.team_id == team_id,
            CircleMembership.member_id == member_id,
            CircleMembership.role == ORGANISER,
            CircleMembership.left_at.is_(None),
        )
        .order_by(Circle.name)
    )
    return [(circle_id, name) for circle_id, name in rows.all()]


async def audience_choices(
    session: AsyncSession, team_id: str, user_id: str, admins: Collection[str], now: datetime
) -> AudienceChoices:
    member_id = await ensure_member(session, team_id, user_id, now)
    member = await get_member(session, team_id, user_id)
    tz = member.tz if member else "UTC"
    if await is_admin(session, team_id, user_id, admins):
        circles = await session.execute(
            select(Circle.id, Circle.name).where(Circle.team_id == team_id).order_by(Circle.name)
        )
        programs = await session.execute(
            select(MentorProgram.id, MentorProgram.name)
            .where(MentorProgram.team_id == team_id)
            .order_by(MentorProgram.name)
        )
        return AudienceChoices(True, [tuple(r) for r in circles.all()], [tuple(r) for r in programs.all()], tz)  # type: ignore[misc]
    return AudienceChoices(False, await _organised(session, team_id, member_id), [], tz)


async def require_creator(
    session: AsyncSession, team_id: str, user_id: str, admins: Collection[str], now: datetime
) -> AudienceChoices:
    """Admins, and organisers for their own circles: checked before the form opens and on submit."""
    choices = await audience_choices(session, team_id, user_id, admins, now)
    if not choices.is_admin and not choices.circles:
        raise NotAllowed(
            "Only workspace admins and circle organisers can create events. An organiser can invite their "
            "own circles; ask an admin for a workspace-wide event."
        )
    return choices


async def create(
    session: AsyncSession, team_id: str, user_id: str, form: EventForm, admins: Collection[str], now: datetime
) -> int:
    form = validated(form, now)
    choices = await require_creator(session, team_id, user_id, admins, now)
    if not choices.is_admin:
        allowed = {circle_id for circle_id, _ in choices.circles}
        if form.audience != EventAudience.CIRCLES or not set(form.circle_ids) <= allowed:
            raise NotAllowed("As an organiser you can invite your own circles; ask an admin for more.")
    if form.audience == EventAudience.PROGRAM and form.program_id not in {p for p, _ in choices.programs}:
        raise InvalidInput("That program no longer exists.", field="program")
    if form.audience == EventAudience.CIRCLES:
        known = set(
            await session.scalars(select(Circle.id).where(Circle.team_id == team_id, Circle.id.in_(form.circle_ids)))
        )
        if known != set(form.circle_ids):
            raise InvalidInput("One of those circles no longer exists.", field="circles")
    host = await ensure_member(session, team_id, form.host_user_id, now) if form.host_user_id else None
    event = ProgramEvent(
        team_id=team_id,
        title=form.title,
        description=form.description,
        starts_at=form.starts_at(),
        tz=form.tz,
        duration_minutes=form.duration_minutes,
        place=form.place,
        host_member_id=host,
        guest_name=form.guest_name,
        guest_title=form.guest_title,
        guest_org=form.guest_org,
        audience=form.audience,
        program_id=form.program_id if form.audience == EventAudience.PROGRAM else None,
        channel_id=None if form.audience == EventAudience.CIRCLES else form.channel_id,
        capacity=form.capacity_value,
        repeat=form.repeat,
        created_by=user_id,
        followed_up=False,
        recording_url="",
        created_at=now,
    )
    session.add(event)
    await session.flush()
    event.series_id = event.id
    for circle_id in form.circle_ids if form.audience == EventAudience.CIRCLES else ():
        session.add(EventCircle(team_id=team_id, event_id=event.id, circle_id=circle_id))
    await session.flush()
    return event.id


async def next_occurrence(session: AsyncSession, event: ProgramEvent, now: datetime) -> int | None:
    """A repeating event's next occurrence, at the same local time (monthly or every 3 months)."""
    step = REPEATS.get(EventRepeat(event.repeat)) if event.repeat in set(EventRepeat) else None
    if step is None:
        return None
    local = event.starts_at.astimezone(zone(event.tz))
    starts = local + step
    while starts.astimezone(event.starts_at.tzinfo) <= now:  # after downtime: the next one still ahead
        starts += step
    following = ProgramEvent(
        **{
            column.key: getattr(event, column.key)
            for column in ProgramEvent.__table__.columns
            if column.key not in ("id", "starts_at", "followed_up", "recording_url", "cancelled_at", "created_at")
        },
        starts_at=starts.astimezone(event.starts_at.tzinfo),
        followed_up=False,
        recording_url="",
        created_at=now,
    )
    session.add(following)
    await session.flush()
    for circle_id in await session.scalars(select(EventCircle.circle_id).where(EventCircle.event_id == event.id)):
        session.add(EventCircle(team_id=event.team_id, event_id=following.id, circle_id=circle_id))
    await session.flush()
    return following.id


async def get_event(session: AsyncSession, team_id: str, event_id: int, *, lock: bool = False) -> ProgramEvent:
    statement = select(ProgramEvent).where(ProgramEvent.team_id == team_id, ProgramEvent.id == event_id)
    event = await session.scalar(statement.with_for_update() if lock else statement)
    if event is None:
        raise NotFound("That event no longer exists.")
    return event


async def _audience_phrase(session: AsyncSession, event: ProgramEvent) -> str:
    if event.audience == EventAudience.CIRCLES:
        names = await session.scalars(
            select(Circle.name)
            .join(EventCircle, EventCircle.circle_id == Circle.id)
            .where(EventCircle.event_id == event.id)
        )
        return ", ".join(sorted(names, key=str.casefold)) or "circles"
    if event.audience == EventAudience.PROGRAM and event.program_id:
        program = await session.get(MentorProgram, event.program_id)
        return f"{program.name} participants" if program else "a mentorship program"
    return "everyone"


async def card(session: AsyncSession, event: ProgramEvent) -> EventCard:
    counts = dict(
        (
            await session.execute(
                select(EventRsvp.answer, func.count()).where(EventRsvp.event_id == event.id).group_by(EventRsvp.answer)
            )
        ).all()
    )
    host = await session.get(Member, event.host_member_id) if event.host_member_id else None
    return EventCard(
        id=event.id,
        team_id=event.team_id,
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        tz=event.tz,
        duration_minutes=event.duration_minutes,
        place=event.place,
        host_user_id=host.user_id if host else None,
        guest_name=event.guest_name,
        guest_title=event.guest_title,
        guest_org=event.guest_org,
        capacity=event.capacity,
        repeat=event.repeat,
        audience=await _audience_phrase(session, event),
        going=counts.get(EventAnswer.GOING, 0),
        maybe=counts.get(EventAnswer.MAYBE, 0),
        waitlisted=counts.get(EventAnswer.WAITLISTED, 0),
        declined=counts.get(EventAnswer.DECLINED, 0),
        cancelled=event.cancelled_at is not None,
    )


async def invitation_channels(session: AsyncSession, event: ProgramEvent) -> list[str]:
    """Where the invitation goes: each invited circle's channel (not archived), or the chosen channel."""
    if event.audience != EventAudience.CIRCLES:
        return [event.channel_id] if event.channel_id else []
    channels = await session.scalars(
        select(Circle.channel_id)
        .join(EventCircle, EventCircle.circle_id == Circle.id)
        .where(EventCircle.event_id == event.id, Circle.channel_archived_at.is_(None))
        .order_by(Circle.name)
    )
    return list(dict.fromkeys(channels))


def invited_members(event: ProgramEvent):  # type: ignore[no-untyped-def]
    """A statement for the member ids an event invites (for "invited" figures and who may answer)."""
    if event.audience == EventAudience.CIRCLES:
        return (
            select(CircleMembership.member_id)
            .join(EventCircle, EventCircle.circle_id == CircleMembership.circle_id)
            .where(EventCircle.event_id == event.id, CircleMembership.left_at.is_(None))
        )
    if event.audience == EventAudience.PROGRAM:
        return select(ProgramEnrolment.member_id).where(ProgramEnrolment.program_id == event.program_id)
    return select(Member.id).where(
        Member.team_id == event.team_id, Member.is_bot.is_(False), Member.is_deleted.is_(False)
    )


async def invited_count(session: AsyncSession, event: ProgramEvent) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(invited_members(event).distinct().subquery())) or 0
    )


async def upcoming_for(
    session: AsyncSession, team_id: str, user_id: str, now: datetime, limit: int = 10
) -> list[ListedEvent]:
    """Events still ahead that invite the reader (or that they answered or host), soonest first."""
    member = await get_member(session, team_id, user_id)
    member_id = member.id if member else -1
    my_circles = select(CircleMembership.circle_id).where(
        CircleMembership.member_id == member_id, CircleMembership.left_at.is_(None)
    )
    my_programs = select(ProgramEnrolment.program_id).where(ProgramEnrolment.member_id == member_id)
    mine = select(EventRsvp.event_id).where(EventRsvp.member_id == member_id)
    events = list(
        await session.scalars(
            select(ProgramEvent)
            .where(
                ProgramEvent.team_id == team_id,
                ProgramEvent.cancelled_at.is_(None),
                ProgramEvent.starts_at > now,
                or_(
                    ProgramEvent.audience == EventAudience.WORKSPACE,
                    ProgramEvent.id.in_(select(EventCircle.event_id).where(EventCircle.circle_id.in_(my_circles))),
                    ProgramEvent.program_id.in_(my_programs),
                    ProgramEvent.id.in_(mine),
                    ProgramEvent.host_member_id == member_id,
                ),
            )
            .order_by(ProgramEvent.starts_at)
            .limit(limit)
        )
    )
    answers = {
        row.event_id: row
        for row in await session.scalars(
            select(EventRsvp).where(EventRsvp.member_id == member_id, EventRsvp.event_id.in_([e.id for e in events]))
        )
    }
    listed = []
    for event in events:
        mine_row = answers.get(event.id)
        position = await waitlist_position(session, event.id, mine_row) if mine_row else None
        listed.append(
            ListedEvent(await card(session, event), EventAnswer(mine_row.answer) if mine_row else None, position)
        )
    return listed


async def waitlist_position(session: AsyncSession, event_id: int, row: EventRsvp) -> int | None:
    if row.answer != EventAnswer.WAITLISTED or row.queued_at is None:
        return None
    ahead = await session.scalar(
        select(func.count()).where(
            EventRsvp.event_id == event_id,
            EventRsvp.answer == EventAnswer.WAITLISTED,
            or_(EventRsvp.queued_at < row.queued_at, (EventRsvp.queued_at == row.queued_at) & (EventRsvp.id < row.id)),
        )
    )
    return int(ahead or 0) + 1


async def calendar_items(session: AsyncSession, member: Member, since: datetime) -> list[OneOff]:
    """The events a member is going to or hosts, for their calendar feed."""
    going = select(EventRsvp.event_id).where(EventRsvp.member_id == member.id, EventRsvp.answer == EventAnswer.GOING)
    events = await session.scalars(
        select(ProgramEvent).where(
            ProgramEvent.team_id == member.team_id,
            ProgramEvent.starts_at >= since,
            or_(ProgramEvent.id.in_(going), ProgramEvent.host_member_id == member.id),
        )
    )
    items = []
    for event in events:
        guest = f"Guest speaker: {event.guest_name}" if event.guest_name else ""
        description = "\n\n".join(part for part in (event.description, guest, event.place) if part)
        items.append(
            OneOff(
                uid=f"event-{event.id}.{event.team_id.lower()}@circles",
                title=event.title,
                starts_at=event.starts_at,
                tz=event.tz,
                duration_minutes=event.duration_minutes,
                description=description,
                stamp=event.created_at,
                link=event.place if event.place.startswith(("http://", "https://")) else "",
                cancelled=event.cancelled_at is not None,
            )
        )
    return items
