"""Mentorship programs: profiles, cycles, enrolment, proposed matches, pairs meeting, feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.db.dialect import insert_for
from bot.db.models import (
    Member,
    MentorPair,
    MentorProfile,
    MentorProgram,
    MissedWork,
    Outbox,
    ProgramEnrolment,
    SurveyResponse,
)
from bot.errors import InvalidInput, NotFound
from bot.services import grace
from bot.services.matching import MatchResult, Person, Quality, match, quality, random_baseline, words
from bot.services.members import ensure_member

ROLES = {"mentee": "Be mentored", "mentor": "Mentor", "both": "Both"}
TRACKS = {
    "technical": "Technical",
    "leadership": "Leadership",
    "project management": "Project management",
    "other": "Other",
}
CADENCES = {30: "Monthly", 14: "Every 2 weeks"}
AT_RISK_AFTER = 2  # missed meetings
REMIND_BEFORE_DEADLINE = timedelta(days=1)


@dataclass(frozen=True)
class ProfileForm:
    role: str
    interests: list[str]
    skills_offered: list[str]
    skills_wanted: list[str]
    career_track: str
    department: str
    title: str
    seniority: int
    capacity: int
    reverse_ok: bool
    department_preference: str
    avoid_user_ids: list[str]


@dataclass(frozen=True)
class ProgramForm:
    name: str
    goals: str
    length_months: int
    cadence_days: int
    enrolment_deadline: date
    channel_ids: list[str]


def program_form_from_yaml(text: str) -> ProgramForm:
    """A cycle described in YAML (`circles program create`, `circles simulate --program`).

    Raises ValueError naming what is wrong.
    """
    import yaml

    try:
        spec = yaml.safe_load(text) or {}
        return ProgramForm(
            name=str(spec["name"]),
            goals=str(spec.get("goals", "")),
            length_months=int(spec.get("length_months", 6)),
            cadence_days={"monthly": 30, "biweekly": 14}[str(spec.get("cadence", "monthly"))],
            enrolment_deadline=spec["enrolment_deadline"],
            channel_ids=[str(c) for c in spec.get("channels", [])],
        )
    except (KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError) as error:
        raise ValueError(f"not a valid program file ({error!r})") from error


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()][:20]


async def get_profile(session: AsyncSession, team_id: str, user_id: str) -> MentorProfile | None:
    return await session.scalar(
        select(MentorProfile)
        .join(Member, Member.id == MentorProfile.member_id)
        .where(Member.team_id == team_id, Member.user_id == user_id)
    )


async def save_profile(
    session: AsyncSession, team_id: str, user_id: str, form: ProfileForm, now: datetime
) -> MentorProfile:
    if form.role not in ROLES:
        raise InvalidInput("Pick whether you want to mentor, be mentored, or both.", field="role")
    if form.career_track not in TRACKS:
        raise InvalidInput("Pick a career track.", field="track")
    if form.role in ("mentor", "both") and not 1 <= form.capacity <= 10:
        raise InvalidInput("Mentors take 1 to 10 mentees.", field="capacity")
    if form.role in ("mentor", "both") and not form.skills_offered:
        raise InvalidInput("Name at least one skill you can offer.", field="offers")
    if form.role in ("mentee", "both") and not form.skills_wanted:
        raise InvalidInput("Name at least one skill you want to grow.", field="wants")
    if user_id in form.avoid_user_ids:
        raise InvalidInput("You can't avoid yourself. :slightly_smiling_face:", field="avoid")
    member_id = await ensure_member(session, team_id, user_id, now)
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.member_id == member_id))
    if profile is None:
        profile = MentorProfile(team_id=team_id, member_id=member_id, updated_at=now)
        session.add(profile)
    for name in (
        "role",
        "interests",
        "skills_offered",
        "skills_wanted",
        "career_track",
        "department",
        "title",
        "seniority",
        "capacity",
        "reverse_ok",
        "department_preference",
        "avoid_user_ids",
    ):
        setattr(profile, name, getattr(form, name))
    profile.updated_at = now
    await session.flush()
    return profile


async def create_program(
    session: AsyncSession, team_id: str, admin_user_id: str, form: ProgramForm, today: date, now: datetime
) -> MentorProgram:
    name = " ".join(form.name.split())
    if not name:
        raise InvalidInput("Give the program a name, e.g. `Spring 2027`.", field="name")
    if form.enrolment_deadline <= today:
        raise InvalidInput("The enrolment deadline must be after today.", field="deadline")
    if not 1 <= form.length_months <= 24:
        raise InvalidInput("Programs last 1 to 24 months.", field="length")
    if form.cadence_days not in CADENCES:
        raise InvalidInput("Pick how often pairs meet.", field="cadence")
    if await session.scalar(
        select(MentorProgram.id).where(MentorProgram.team_id == team_id, MentorProgram.name == name)
    ):
        raise InvalidInput(f"A program called *{name}* already exists.", field="name")
    program = MentorProgram(
        team_id=team_id,
        name=name,
        goals=form.goals.strip(),
        length_months=form.length_months,
        cadence_days=form.cadence_days,
        enrolment_deadline=form.enrolment_deadline,
        channel_ids=form.channel_ids,
        invited_user_ids=[],
        status="enrolling",
        admin_user_id=admin_user_id,
        created_at=now,
    )
    session.add(program)
    await session.flush()
    return program


async def get_program(session: AsyncSession, team_id: str, ref: str | int) -> MentorProgram:
    if isinstance(ref, int):
        where = MentorProgram.id == ref
    else:  # names are matched whatever their case: "spring 2027" finds "Spring 2027"
        where = func.lower(MentorProgram.name) == " ".join(str(ref).split()).lower()
    program = await session.scalar(select(MentorProgram).where(MentorProgram.team_id == team_id, where))
    if program is None:
        raise NotFound(f"There is no mentorship program `{ref}`. `/mentor programs` lists them.")
    return program


async def programs(session: AsyncSession, team_id: str) -> list[MentorProgram]:
    return list(
        await session.scalars(
            select(MentorProgram).where(MentorProgram.team_id == team_id).order_by(MentorProgram.created_at)
        )
    )


async def enrol(session: AsyncSession, program: MentorProgram, user_id: str, now: datetime) -> bool:
    """Enrol someone; True if they weren't already. Enrolment closes once matches are published."""
    if program.status not in ("enrolling", "proposed"):
        raise InvalidInput(f"Enrolment in *{program.name}* is closed.")
    member_id = await ensure_member(session, program.team_id, user_id, now)
    inserted = await session.execute(
        insert_for(session)(ProgramEnrolment)
        .values(team_id=program.team_id, program_id=program.id, member_id=member_id, enrolled_at=now)
        .on_conflict_do_nothing(index_elements=["program_id", "member_id"])
        .returning(ProgramEnrolment.id)
    )
    return inserted.scalar() is not None


def _person(member: Member, profile: MentorProfile) -> Person:
    return Person(
        member_id=member.id,
        user_id=member.user_id,
        role=profile.role,
        department=profile.department.strip(),
        seniority=profile.seniority,
        career_track=profile.career_track,
        interests=words(profile.interests),
        offers=words(profile.skills_offered),
        wants=words(profile.skills_wanted),
        tz_offset=member.tz_offset,
        capacity=profile.capacity if profile.role in ("mentor", "both") else 0,
        reverse_ok=profile.reverse_ok,
        department_preference=profile.department_preference,
        avoid=frozenset(profile.avoid_user_ids),
        manager=profile.manager_user_id,
        opted_out=member.opted_out_at is not None or member.is_deleted,
    )


async def participants(session: AsyncSession, program: MentorProgram) -> tuple[list[Person], list[int]]:
    """Enrolled people with a profile (as matching inputs), and the enrolled without one."""
    rows = (
        await session.execute(
            select(Member, MentorProfile)
            .join(ProgramEnrolment, ProgramEnrolment.member_id == Member.id)
            .outerjoin(MentorProfile, MentorProfile.member_id == Member.id)
            .where(ProgramEnrolment.program_id == program.id)
        )
    ).all()
    return [_person(m, p) for m, p in rows if p is not None], [m.id for m, p in rows if p is None]


async def history(session: AsyncSession, program: MentorProgram) -> set[tuple[int, int]]:
    """Pairs that met in earlier cycles of this workspace."""
    rows = await session.execute(
        select(MentorPair.mentor_member_id, MentorPair.mentee_member_id).where(
            MentorPair.team_id == program.team_id, MentorPair.program_id != program.id, MentorPair.status == "active"
        )
    )
    return {(a, b) for a, b in rows.all()}


@dataclass(frozen=True)
class Proposal:
    program: MentorProgram
    result: MatchResult
    matched: Quality
    baseline: Quality
    without_profile: int


async def propose(session: AsyncSession, program: MentorProgram, now: datetime) -> Proposal:
    """(Re-)run matching, keeping locked pairs and never re-proposing broken ones."""
    if program.status not in ("enrolling", "proposed"):
        raise InvalidInput(f"*{program.name}* is already published; its pairs are set.")
    people, without_profile = await participants(session, program)
    previous = list(await session.scalars(select(MentorPair).where(MentorPair.program_id == program.id)))
    locked = {(p.mentor_member_id, p.mentee_member_id) for p in previous if p.status == "locked"}
    broken = {(p.mentor_member_id, p.mentee_member_id) for p in previous if p.status == "broken"}
    past = await history(session, program)
    result = match(people, past, locked=locked, broken=broken)
    await session.execute(
        delete(MentorPair).where(MentorPair.program_id == program.id, MentorPair.status == "proposed")
    )
    for pair in result.pairs:
        key = (pair.mentor.member_id, pair.mentee.member_id)
        if key in locked:
            continue
        session.add(
            MentorPair(
                team_id=program.team_id,
                program_id=program.id,
                mentor_member_id=pair.mentor.member_id,
                mentee_member_id=pair.mentee.member_id,
                score=pair.score,
                reasons=list(pair.reasons),
                status="proposed",
                created_at=now,
            )
        )
    await session.flush()
    return Proposal(program, result, quality(result.pairs), random_baseline(people, past), len(without_profile))


async def set_pair(
    session: AsyncSession, program: MentorProgram, mentor_user: str, mentee_user: str, status: str, now: datetime
) -> None:
    """Lock a pair (keep it in every re-run) or break it (never propose it again)."""
    ids = []
    for user_id in (mentor_user, mentee_user):
        found = await session.scalar(
            select(Member.id).where(Member.team_id == program.team_id, Member.user_id == user_id)
        )
        ids.append(found)
    if None in ids:
        ids = None  # type: ignore[assignment]
    if ids is None:
        raise NotFound("I don't know both of those people yet.")
    pair = await session.scalar(
        select(MentorPair).where(
            MentorPair.program_id == program.id,
            MentorPair.mentor_member_id == ids[0],
            MentorPair.mentee_member_id == ids[1],
        )
    )
    if pair is None:
        if status == "broken":
            pair = MentorPair(
                team_id=program.team_id,
                program_id=program.id,
                mentor_member_id=ids[0],
                mentee_member_id=ids[1],
                score=0.0,
                reasons=[],
                status="broken",
                created_at=now,
            )
            session.add(pair)
            return
        raise NotFound("Those two aren't a proposed pair; run the preview and lock one of its pairs.")
    pair.status = status


@dataclass(frozen=True)
class PublishedPair:
    pair_id: int
    mentor: str
    mentee: str
    reasons: list[str]
    shared_interests: list[str]


async def publish(session: AsyncSession, program: MentorProgram, now: datetime) -> list[PublishedPair]:
    if program.status == "active":
        raise InvalidInput(f"*{program.name}* is already published.")
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorPair, mentor.user_id, mentee.user_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(MentorPair.program_id == program.id, MentorPair.status.in_(("proposed", "locked")))
            .order_by(MentorPair.id)
        )
    ).all()
    if not rows:
        raise InvalidInput("There are no proposed pairs to publish yet: preview the matches first.")
    program.status = "active"
    program.published_at = now
    published = []
    for pair, mentor_user, mentee_user in rows:
        pair.status = "active"
        pair.next_nudge_at = now + timedelta(days=program.cadence_days)
        shared = next(
            (r.removeprefix("shared interests: ") for r in pair.reasons if r.startswith("shared interests")), ""
        )
        published.append(
            PublishedPair(pair.id, mentor_user, mentee_user, list(pair.reasons), [s for s in shared.split(", ") if s])
        )
    return published


async def record_conversation(session: AsyncSession, pair_id: int, conversation_id: str) -> None:
    pair = await session.get(MentorPair, pair_id)
    if pair is not None:
        pair.conversation_id = conversation_id


@dataclass(frozen=True)
class Nudge:
    pair_id: int
    team_id: str
    conversation_id: str
    sequence: int
    at_risk: bool
    admin_user_id: str
    mentor: str
    mentee: str


async def nudges_due(session: AsyncSession, now: datetime) -> list[Nudge]:
    """Each active pair, once per cadence: a meeting not reported since the last nudge counts as missed."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorPair, MentorProgram, mentor.user_id, mentee.user_id)
            .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.status == "active", MentorPair.next_nudge_at <= now, MentorPair.conversation_id.is_not(None)
            )
            .with_for_update(of=MentorPair, skip_locked=True)
        )
    ).all()
    nudges = []
    for pair, program, mentor_user, mentee_user in rows:
        due_at = pair.next_nudge_at
        assert due_at is not None
        period = timedelta(days=program.cadence_days)
        due_since = pair.next_nudge_at - period  # type: ignore[operator]
        sequence = int((pair.next_nudge_at - program.published_at) / period) if program.published_at else 0  # type: ignore[operator]
        if sequence > 1 and (pair.last_met_at is None or pair.last_met_at < due_since):
            pair.missed += 1
        pair.next_nudge_at = pair.next_nudge_at + period  # type: ignore[operator]
        ref = f"mentor:pair:{pair.id}:nudge:{sequence}"
        if not await grace.on_time(session, pair.team_id, grace.Work.MENTOR_NUDGE, ref, due_at, now):
            continue
        nudges.append(
            Nudge(
                pair.id,
                pair.team_id,
                pair.conversation_id or "",
                sequence,
                pair.missed >= AT_RISK_AFTER,
                program.admin_user_id,
                mentor_user,
                mentee_user,
            )
        )
    return nudges


async def report_meeting(
    session: AsyncSession, team_id: str, user_id: str, pair_id: int, outcome: str, now: datetime
) -> tuple[MentorPair, MentorProgram]:
    mentor, mentee = aliased(Member), aliased(Member)
    row = (
        await session.execute(
            select(MentorPair, MentorProgram)
            .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.id == pair_id,
                MentorPair.team_id == team_id,
                (mentor.user_id == user_id) | (mentee.user_id == user_id),
            )
        )
    ).first()
    if row is None:
        raise NotFound("That pair isn't yours, or no longer exists.")
    pair, program = row
    if outcome == "met":
        pair.last_met_at = now
        pair.missed = 0
    return pair, program


@dataclass(frozen=True)
class PairStatus:
    on_track: int
    at_risk: int


async def pair_status(session: AsyncSession, team_id: str) -> PairStatus:
    missed = list(
        await session.scalars(
            select(MentorPair.missed).where(MentorPair.team_id == team_id, MentorPair.status == "active")
        )
    )
    return PairStatus(
        on_track=sum(1 for m in missed if m < AT_RISK_AFTER), at_risk=sum(1 for m in missed if m >= AT_RISK_AFTER)
    )


async def my_pairs(session: AsyncSession, team_id: str, user_id: str) -> list[tuple[str, str, str, datetime | None]]:
    """(program, role, the other person, next nudge) for the person's active pairs."""
    mentor, mentee = aliased(Member), aliased(Member)
    rows = (
        await session.execute(
            select(MentorProgram.name, mentor.user_id, mentee.user_id, MentorPair.next_nudge_at)
            .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
            .join(mentor, mentor.id == MentorPair.mentor_member_id)
            .join(mentee, mentee.id == MentorPair.mentee_member_id)
            .where(
                MentorPair.team_id == team_id,
                MentorPair.status == "active",
                (mentor.user_id == user_id) | (mentee.user_id == user_id),
            )
        )
    ).all()
    return [(name, "mentor" if m == user_id else "mentee", e if m == user_id else m, at) for name, m, e, at in rows]


async def save_survey(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    program_id: int,
    kind: str,
    answers: dict[str, object],
    now: datetime,
) -> None:
    if kind not in ("mid", "end"):
        raise InvalidInput("Unknown survey.")
    member_id = await ensure_member(session, team_id, user_id, now)
    pairs = await my_pairs(session, team_id, user_id)
    role = pairs[0][1] if pairs else "mentee"
    statement = insert_for(session)(SurveyResponse).values(
        team_id=team_id,
        program_id=program_id,
        member_id=member_id,
        kind=kind,
        role=role,
        answers=answers,
        created_at=now,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["program_id", "member_id", "kind"], set_={"answers": answers, "created_at": now}
        )
    )


@dataclass(frozen=True)
class SurveyInvite:
    program_id: int
    team_id: str
    kind: str
    user_ids: list[str]
    program_name: str


async def surveys_due(session: AsyncSession, now: datetime) -> list[SurveyInvite]:
    """Half way through a published program (mid) and at its end (end); the outbox keys make each once."""
    invites = []
    for program in await session.scalars(select(MentorProgram).where(MentorProgram.status == "active")):
        if program.published_at is None:
            continue
        length = timedelta(days=30 * program.length_months)
        people: list[str] = []
        mentor, mentee = aliased(Member), aliased(Member)
        for m, e in (
            await session.execute(
                select(mentor.user_id, mentee.user_id)
                .join(MentorPair, MentorPair.mentor_member_id == mentor.id)
                .join(mentee, mentee.id == MentorPair.mentee_member_id)
                .where(MentorPair.program_id == program.id, MentorPair.status == "active")
            )
        ).all():
            people += [m, e]
        people = sorted(set(people))
        if now >= program.published_at + length:
            kind, due_at = "end", program.published_at + length
            program.status = "ended"
        elif now >= program.published_at + length / 2:
            kind, due_at = "mid", program.published_at + length / 2
        else:
            continue
        ref = f"mentor:{program.id}:survey:{kind}"
        if await _survey_sent(session, program, kind):
            continue  # the mid survey is due on every tick until the end; it went out once already
        if await grace.on_time(session, program.team_id, grace.Work.MENTOR_SURVEY, ref, due_at, now):
            invites.append(SurveyInvite(program.id, program.team_id, kind, people, program.name))
    return invites


async def _survey_sent(session: AsyncSession, program: MentorProgram, kind: str) -> bool:
    """Already sent (an outbox row) or already given up on (a missed-work row)."""
    sent = await session.scalar(
        select(Outbox.id).where(
            Outbox.team_id == program.team_id, Outbox.key.like(f"mentor:{program.id}:survey:{kind}:%")
        )
    )
    missed = await session.scalar(
        select(MissedWork.id).where(
            MissedWork.team_id == program.team_id, MissedWork.ref == f"mentor:{program.id}:survey:{kind}"
        )
    )
    return sent is not None or missed is not None


async def enrolled_user_ids(session: AsyncSession, program: MentorProgram) -> set[str]:
    return set(
        await session.scalars(
            select(Member.user_id)
            .join(ProgramEnrolment, ProgramEnrolment.member_id == Member.id)
            .where(ProgramEnrolment.program_id == program.id)
        )
    )
