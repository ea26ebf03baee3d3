"""Mentorship profiles: what people offer and want, and how they'd like to be matched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Member,
    MentorProfile,
)
from bot.errors import InvalidInput
from bot.services.members import ensure_member

ROLES = {"mentee": "Be mentored", "mentor": "Mentor", "both": "Both"}


TRACKS = {
    "technical": "Technical",
    "leadership": "Leadership",
    "project management": "Project management",
    "other": "Other",
}


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


def form_of(profile: MentorProfile) -> ProfileForm:
    """A saved profile as the form's values (what the profile modal shows to edit)."""
    return ProfileForm(
        role=profile.role,
        interests=list(profile.interests),
        skills_offered=list(profile.skills_offered),
        skills_wanted=list(profile.skills_wanted),
        career_track=profile.career_track,
        department=profile.department,
        title=profile.title,
        seniority=profile.seniority,
        capacity=profile.capacity,
        reverse_ok=profile.reverse_ok,
        department_preference=profile.department_preference,
        avoid_user_ids=list(profile.avoid_user_ids),
    )


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
