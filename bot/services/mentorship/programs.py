"""Mentorship cycles (from Slack or a YAML file in git) and who enrolled in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import (
    Member,
    MentorProgram,
    ProgramEnrolment,
)
from bot.errors import InvalidInput, NotFound
from bot.services.members import ensure_member

CADENCES = {30: "Monthly", 14: "Every 2 weeks"}


REMIND_BEFORE_DEADLINE = timedelta(days=1)


@dataclass(frozen=True)
class ProgramSummary:
    """What messages say about a program: plain values, not the row."""

    id: int
    name: str
    goals: str
    length_months: int
    cadence_days: int
    enrolment_deadline: date
    status: str


def summary(program: MentorProgram) -> ProgramSummary:
    return ProgramSummary(
        id=program.id,
        name=program.name,
        goals=program.goals,
        length_months=program.length_months,
        cadence_days=program.cadence_days,
        enrolment_deadline=program.enrolment_deadline,
        status=program.status,
    )


@dataclass(frozen=True)
class ProgramForm:
    name: str
    goals: str
    length_months: int
    cadence_days: int
    enrolment_deadline: date
    channel_ids: list[str]
    session_guides: list[str] = field(default_factory=list)  # one per 1:1, the last repeating; empty: defaults
    mentor_guide: str = ""
    mentors_channel_id: str | None = None


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
            session_guides=[str(g).strip() for g in spec.get("session_guides", []) if str(g).strip()],
            mentor_guide=str(spec.get("mentor_guide", "")).strip(),
            mentors_channel_id=str(spec["mentors_channel"]) if spec.get("mentors_channel") else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError) as error:
        raise ValueError(f"not a valid program file ({error!r})") from error


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
        session_guides=[g[:2000] for g in form.session_guides][:52],
        mentor_guide=form.mentor_guide[:3000],
        mentors_channel_id=form.mentors_channel_id,
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


async def enrolled_user_ids(session: AsyncSession, program: MentorProgram) -> set[str]:
    return set(
        await session.scalars(
            select(Member.user_id)
            .join(ProgramEnrolment, ProgramEnrolment.member_id == Member.id)
            .where(ProgramEnrolment.program_id == program.id)
        )
    )
