"""Projects, stretch assignments and shadowing days.

A circle's member proposes one (`/circle project`, or the digest's button): it is posted to the
circle, members volunteer, and the proposer chooses people. Each chosen person gets their own goal,
linked to the project, with its milestones (so progress shows in their check-ins and the digest);
when every linked goal is done the project is complete, and celebrated once. A mentorship pair can
plan one for the mentee from `/mentor me`: no volunteering, the mentee's goal is shared with the mentor.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleMembership, Goal, Member, MentorPair, MentorProgram, Project, ProjectVolunteer
from bot.db.statuses import GoalStatus, PairState, ProjectKind, ProjectStatus
from bot.errors import InvalidInput, NotAMember, NotFound
from bot.services import goals
from bot.services.goals import GoalDraft
from bot.services.members import ensure_member, get_member
from bot.services.schedule import local_date
from bot.services.team_settings import NotAllowed

TITLE_MAX, TEXT_MAX, SKILLS_MAX, SEATS_MAX = 150, 2000, 500, 10
LENGTHS = (1, 2, 4, 6, 8, 12)  # weeks; a shadowing day is a day
KIND_NAMES = {
    ProjectKind.PROJECT: "Project",
    ProjectKind.STRETCH: "Stretch assignment",
    ProjectKind.SHADOWING: "Shadowing day",
}
# Sensible starting milestones, when the proposer gives none.
DEFAULT_MILESTONES = {
    ProjectKind.PROJECT: "Agree the scope and who does what\nA first working version\nShow it to the circle",
    ProjectKind.STRETCH: "Agree what success looks like\nHalfway check with someone experienced\nReflect on it",
    ProjectKind.SHADOWING: "Prepare three questions\nThe shadowing day\nWrite down what you'll try yourself",
}


@dataclass(frozen=True)
class ProjectForm:
    kind: str
    title: str
    description: str = ""
    skills: str = ""
    length_weeks: int = 4
    seats: int = 2
    milestones: str = ""


@dataclass(frozen=True)
class ProjectCard:
    id: int
    team_id: str
    kind: str
    title: str
    description: str
    skills: str
    length_weeks: int
    seats: int
    milestones: list[str]
    proposer: str | None
    status: str
    circle_name: str | None = None
    channel_id: str | None = None
    pair_id: int | None = None
    volunteers: list[str] = field(default_factory=list)  # user ids, in order
    chosen: list[str] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(ProjectKind(self.kind), "Project")


def validated(form: ProjectForm) -> ProjectForm:
    title = " ".join(form.title.split())
    if not title:
        raise InvalidInput("Give it a title.", field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"Keep the title under {TITLE_MAX} characters.", field="title")
    if form.kind not in set(ProjectKind):
        raise InvalidInput("Pick what kind it is.", field="kind")
    for text, name in ((form.description, "description"), (form.milestones, "milestones")):
        if len(text.strip()) > TEXT_MAX:
            raise InvalidInput(f"Keep it under {TEXT_MAX} characters.", field=name)
    if len(form.skills.strip()) > SKILLS_MAX:
        raise InvalidInput(f"Keep the skills under {SKILLS_MAX} characters.", field="skills")
    if form.length_weeks not in LENGTHS:
        raise InvalidInput("Pick one of the lengths.", field="length")
    if not 1 <= form.seats <= SEATS_MAX:
        raise InvalidInput(f"How many people: from 1 to {SEATS_MAX}.", field="seats")
    milestones = "\n".join(line.strip(" -•*") for line in form.milestones.splitlines() if line.strip(" -•*"))
    return replace(
        form,
        title=title,
        description=form.description.strip(),
        skills=form.skills.strip(),
        milestones=milestones or DEFAULT_MILESTONES[ProjectKind(form.kind)],
    )


async def require_circle_member(session: AsyncSession, team_id: str, circle_id: int, user_id: str) -> Circle:
    """Only the circle's members propose and volunteer (checked before a form opens, and on submit)."""
    circle = await session.scalar(select(Circle).where(Circle.team_id == team_id, Circle.id == circle_id))
    if circle is None:
        raise NotFound("That circle no longer exists.")
    member = await get_member(session, team_id, user_id)
    joined = member is not None and await session.scalar(
        select(CircleMembership.id).where(
            CircleMembership.circle_id == circle_id,
            CircleMembership.member_id == member.id,
            CircleMembership.left_at.is_(None),
        )
    )
    if not joined:
        raise NotAMember(f"Only *{circle.name}*'s members can do that. `/circle join {circle.name}` first.")
    return circle


async def require_pair(session: AsyncSession, team_id: str, pair_id: int, user_id: str) -> MentorPair:
    pair = await session.scalar(select(MentorPair).where(MentorPair.team_id == team_id, MentorPair.id == pair_id))
    member = await get_member(session, team_id, user_id)
    if pair is None or member is None or member.id not in (pair.mentor_member_id, pair.mentee_member_id):
        raise NotAllowed("Only the two people of that mentorship pair can plan its stretch assignments.")
    if pair.status != PairState.ACTIVE:
        raise InvalidInput("That pair isn't active any more.")
    return pair


async def propose(
    session: AsyncSession,
    team_id: str,
    user_id: str,
    form: ProjectForm,
    now: datetime,
    *,
    circle_id: int | None = None,
    pair_id: int | None = None,
) -> int:
    form = validated(form)
    if circle_id is not None:
        await require_circle_member(session, team_id, circle_id, user_id)
    elif pair_id is not None:
        await require_pair(session, team_id, pair_id, user_id)
    project = Project(
        team_id=team_id,
        circle_id=circle_id,
        pair_id=pair_id,
        kind=form.kind,
        title=form.title,
        description=form.description,
        skills=form.skills,
        length_weeks=form.length_weeks,
        seats=1 if pair_id else form.seats,
        milestones=form.milestones,
        proposer_member_id=await ensure_member(session, team_id, user_id, now),
        status=ProjectStatus.OPEN,
        created_at=now,
    )
    session.add(project)
    await session.flush()
    return project.id


async def get_project(session: AsyncSession, team_id: str, project_id: int) -> Project:
    project = await session.scalar(select(Project).where(Project.team_id == team_id, Project.id == project_id))
    if project is None:
        raise NotFound("That project no longer exists.")
    return project


async def card(session: AsyncSession, project: Project) -> ProjectCard:
    volunteers = await session.scalars(
        select(Member.user_id)
        .join(ProjectVolunteer, ProjectVolunteer.member_id == Member.id)
        .where(ProjectVolunteer.project_id == project.id)
        .order_by(ProjectVolunteer.created_at, ProjectVolunteer.id)
    )
    # Who is doing it: whoever holds one of its goals (a pair's mentee, or the volunteers chosen).
    doing = await session.scalars(
        select(Member.user_id)
        .join(Goal, Goal.member_id == Member.id)
        .where(Goal.project_id == project.id)
        .order_by(Member.user_id)
    )
    proposer = await session.get(Member, project.proposer_member_id) if project.proposer_member_id else None
    circle = await session.get(Circle, project.circle_id) if project.circle_id else None
    return ProjectCard(
        id=project.id,
        team_id=project.team_id,
        kind=project.kind,
        title=project.title,
        description=project.description,
        skills=project.skills,
        length_weeks=project.length_weeks,
        seats=project.seats,
        milestones=project.milestones.splitlines(),
        proposer=proposer.user_id if proposer else None,
        status=project.status,
        circle_name=circle.name if circle else None,
        channel_id=circle.channel_id if circle else None,
        pair_id=project.pair_id,
        volunteers=list(volunteers),
        chosen=list(doing),
    )


async def volunteer(
    session: AsyncSession, team_id: str, user_id: str, project_id: int, now: datetime
) -> tuple[ProjectCard, bool]:
    """Volunteer, or (pressed again) withdraw. (the project, whether they are now a volunteer)"""
    project = await get_project(session, team_id, project_id)
    if project.status != ProjectStatus.OPEN:
        raise InvalidInput(f"*{project.title}* has started; its people are chosen.")
    if project.circle_id is not None:
        await require_circle_member(session, team_id, project.circle_id, user_id)
    member_id = await ensure_member(session, team_id, user_id, now)
    existing = await session.scalar(
        select(ProjectVolunteer).where(
            ProjectVolunteer.project_id == project.id, ProjectVolunteer.member_id == member_id
        )
    )
    if existing is not None:
        await session.delete(existing)
    else:
        session.add(ProjectVolunteer(team_id=team_id, project_id=project.id, member_id=member_id, created_at=now))
    await session.flush()
    return await card(session, project), existing is None


async def choosable(session: AsyncSession, team_id: str, user_id: str, project_id: int) -> ProjectCard:
    """The project whose people `user_id` may choose now: its proposer, while it takes volunteers."""
    project = await get_project(session, team_id, project_id)
    shown = await card(session, project)
    if shown.proposer != user_id:
        raise NotAllowed(f"Only <@{shown.proposer}>, who proposed *{project.title}*, chooses its people.")
    if project.status != ProjectStatus.OPEN:
        raise InvalidInput(f"*{project.title}* has started already.")
    if not shown.volunteers:
        raise InvalidInput(f"Nobody has volunteered for *{project.title}* yet.")
    return shown


async def start(
    session: AsyncSession, team_id: str, user_id: str, project_id: int, people: list[str], now: datetime
) -> tuple[ProjectCard, list[tuple[str, int]]]:
    """The chosen get a goal each, linked to the project. (the project, [(user, their goal's number)])"""
    project = await get_project(session, team_id, project_id)
    if project.pair_id is not None:
        pair = await require_pair(session, team_id, project.pair_id, user_id)
        mentee = await session.get(Member, pair.mentee_member_id)
        people = [mentee.user_id] if mentee else []
    else:
        shown = await choosable(session, team_id, user_id, project_id)
        people = list(dict.fromkeys(people))
        if not people:
            raise InvalidInput("Choose at least one volunteer.", field="people")
        if len(people) > project.seats:
            raise InvalidInput(f"*{project.title}* is for {project.seats}; choose at most that many.", field="people")
        if not set(people) <= set(shown.volunteers):
            raise InvalidInput("Choose from the volunteers.", field="people")
    project.status, project.started_at = ProjectStatus.STARTED, now
    goals_made = []
    for person in people:
        member = await get_member(session, team_id, person)
        due = local_date(now, member.tz if member else "UTC") + timedelta(weeks=project.length_weeks)
        draft = GoalDraft(
            title=f"{KIND_NAMES[ProjectKind(project.kind)]}: {project.title}"[:200],
            due_date=due,
            circle_id=project.circle_id,
            why=project.description,
            measure="Every milestone done",
            milestones=project.milestones,
            visibility="mentor" if project.pair_id else "circle",
        )
        goal = await goals.create_goal(session, team_id, person, draft, now)
        await session.execute(update(Goal).where(Goal.id == goal.id).values(project_id=project.id))
        goals_made.append((person, goal.number))
    await session.flush()
    return await card(session, project), goals_made


async def goal_done(session: AsyncSession, goal_id: int, now: datetime) -> ProjectCard | None:
    """After a goal is done: its project, if that completed it (only once: the status moves on)."""
    project = await session.scalar(
        select(Project).join(Goal, Goal.project_id == Project.id).where(Goal.id == goal_id).with_for_update()
    )
    if project is None or project.status != ProjectStatus.STARTED:
        return None
    open_goals = await session.scalar(
        select(func.count()).where(Goal.project_id == project.id, Goal.status != GoalStatus.DONE)
    )
    if open_goals:
        return None
    project.status, project.completed_at = ProjectStatus.COMPLETED, now
    await session.flush()
    return await card(session, project)


async def in_progress(session: AsyncSession, circle_id: int) -> list[tuple[str, list[str], int]]:
    """A circle's started projects for its digest: (title, people, their average progress)."""
    rows = (
        await session.execute(
            select(Project.id, Project.title, Member.user_id, Goal.progress)
            .join(Goal, Goal.project_id == Project.id)
            .join(Member, Member.id == Goal.member_id)
            .where(Project.circle_id == circle_id, Project.status == ProjectStatus.STARTED)
            .order_by(Project.started_at, Member.user_id)
        )
    ).all()
    grouped: dict[int, tuple[str, list[str], list[int]]] = {}
    for project_id, title, user, progress in rows:
        grouped.setdefault(project_id, (title, [], []))
        grouped[project_id][1].append(user)
        grouped[project_id][2].append(progress)
    return [(title, people, round(sum(p) / len(p))) for title, people, p in grouped.values()]


async def counts(session: AsyncSession, team_id: str, since: datetime) -> tuple[int, int, int]:
    """(projects started, projects completed, people on the started ones) since then, for insights."""
    started = await session.scalar(select(func.count()).where(Project.team_id == team_id, Project.started_at >= since))
    completed = await session.scalar(
        select(func.count()).where(Project.team_id == team_id, Project.completed_at >= since)
    )
    people = await session.scalar(
        select(func.count(func.distinct(Goal.member_id)))
        .join(Project, Project.id == Goal.project_id)
        .where(Project.team_id == team_id, Project.started_at >= since)
    )
    return int(started or 0), int(completed or 0), int(people or 0)


async def export(session: AsyncSession, member: Member) -> list[dict[str, Any]]:
    proposed = await session.execute(
        select(Project.title, Project.kind, Project.status, Project.created_at).where(
            Project.proposer_member_id == member.id
        )
    )
    joined = await session.execute(
        select(Project.title, Project.kind, ProjectVolunteer.created_at)
        .join(ProjectVolunteer, ProjectVolunteer.project_id == Project.id)
        .where(ProjectVolunteer.member_id == member.id)
    )
    mine = [{"project": t, "kind": k, "role": "proposer", "status": s, "at": at} for t, k, s, at in proposed.all()]
    return mine + [{"project": t, "kind": k, "role": "volunteer", "at": at} for t, k, at in joined.all()]


async def erase(session: AsyncSession, member: Member) -> None:
    """Their volunteering goes; projects they proposed stay, without their name."""
    await session.execute(delete(ProjectVolunteer).where(ProjectVolunteer.member_id == member.id))
    await session.execute(
        update(Project).where(Project.proposer_member_id == member.id).values(proposer_member_id=None)
    )


async def count(session: AsyncSession, member: Member) -> int:
    volunteered = await session.scalar(select(func.count()).where(ProjectVolunteer.member_id == member.id))
    proposed = await session.scalar(select(func.count()).where(Project.proposer_member_id == member.id))
    return int(volunteered or 0) + int(proposed or 0)


async def pairs_of(session: AsyncSession, team_id: str, user_id: str) -> list[tuple[int, str]]:
    """The person's active pairs as (pair id, program name): where `/mentor me` offers to plan one."""
    member = await get_member(session, team_id, user_id)
    if member is None:
        return []
    rows = await session.execute(
        select(MentorPair.id, MentorProgram.name)
        .join(MentorProgram, MentorProgram.id == MentorPair.program_id)
        .where(
            MentorPair.team_id == team_id,
            MentorPair.status == PairState.ACTIVE,
            (MentorPair.mentor_member_id == member.id) | (MentorPair.mentee_member_id == member.id),
        )
    )
    return [(pair_id, name) for pair_id, name in rows.all()]
