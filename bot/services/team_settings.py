"""Workspace settings (company values, kudos rules) and who may change them."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TeamSettings
from bot.errors import CirclesError, InvalidInput
from bot.services.members import ensure_team

VALUE_MAX = 40
VALUES_MAX = 12


class NotAllowed(CirclesError):
    pass


@dataclass(frozen=True)
class SettingsView:
    """The workspace's settings as `/circles` shows them: plain values, not the row."""

    company_values: tuple[str, ...]
    kudos_channel_id: str | None
    kudos_in_circle: bool
    kudos_daily_limit: int
    kudos_reaction: str | None
    kudos_digest_only: bool
    evaluation_months: tuple[int, ...] = (6, 12)
    leadership_channel_id: str | None = None
    icebreakers: int = 0  # questions admins added to the built-in ones
    onboarding_delay_hours: int = 48
    buddy_channel_id: str | None = None
    buddy_load: int = 2


def view_of(settings: TeamSettings) -> SettingsView:
    return SettingsView(
        company_values=tuple(settings.company_values),
        kudos_channel_id=settings.kudos_channel_id,
        kudos_in_circle=settings.kudos_in_circle,
        kudos_daily_limit=settings.kudos_daily_limit,
        kudos_reaction=settings.kudos_reaction,
        kudos_digest_only=settings.kudos_digest_only,
        evaluation_months=tuple(settings.evaluation_months or ()),
        leadership_channel_id=settings.leadership_channel_id,
        icebreakers=len(settings.icebreakers or ()),
        onboarding_delay_hours=settings.onboarding_delay_hours,
        buddy_channel_id=settings.buddy_channel_id,
        buddy_load=settings.buddy_load,
    )


async def get(session: AsyncSession, team_id: str, now: datetime) -> TeamSettings:
    settings = await session.get(TeamSettings, team_id)
    if settings is None:
        await ensure_team(session, team_id, now)
        settings = TeamSettings(
            team_id=team_id,
            company_values=[],
            kudos_in_circle=True,
            evaluation_months=[6, 12],
            icebreakers=[],
            onboarding_delay_hours=48,
            buddy_load=2,
            onboarding_messages={},
            kudos_daily_limit=5,
            kudos_digest_only=False,
            updated_at=now,
        )
        session.add(settings)
        await session.flush()
    return settings


async def is_admin(session: AsyncSession, team_id: str, user_id: str, configured: Collection[str]) -> bool:
    """Workspace admins and owners (as Slack reports them) and the people in `CIRCLES_ADMINS`."""
    if user_id in configured:
        return True
    member = await session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))
    return member is not None and (member.is_admin or member.is_owner)


async def require_admin(
    session: AsyncSession, team_id: str, user_id: str, configured: Collection[str], action: str = "change that"
) -> None:
    """Refuse, naming who can, unless `user_id` is an admin (checked before any form opens, and again on submit)."""
    if not await is_admin(session, team_id, user_id, configured):
        raise NotAllowed(await who_can(session, team_id, configured, action))


async def who_can(session: AsyncSession, team_id: str, configured: Collection[str], action: str) -> str:
    admins = list(
        await session.scalars(
            select(Member.user_id)
            .where(
                Member.team_id == team_id,
                or_(Member.is_admin.is_(True), Member.is_owner.is_(True)),
                Member.is_deleted.is_(False),
                Member.is_bot.is_(False),
            )
            .order_by(Member.user_id)
            .limit(3)
        )
    )
    named = ", ".join(f"<@{u}>" for u in dict.fromkeys([*configured, *admins][:3]))
    ask = f" Ask {named}." if named else " Ask a workspace admin."
    return (
        f":lock: Only Circles admins (workspace admins and owners, and anyone in `CIRCLES_ADMINS`) can {action}.{ask}"
    )


def parse_values(text: str) -> list[str]:
    """`Curiosity, Ownership, #Kindness` → ["Curiosity", "Ownership", "Kindness"]."""
    values: list[str] = []
    for part in re.split(r"[,\n]", text):
        value = part.strip().lstrip("#").strip()
        if not value:
            continue
        if len(value) > VALUE_MAX or not re.fullmatch(r"[\w][\w \-&']*", value):
            raise InvalidInput(f"`{value}` can't be a value: use up to {VALUE_MAX} letters, digits, spaces or dashes.")
        if value.casefold() not in (v.casefold() for v in values):
            values.append(value)
    if len(values) > VALUES_MAX:
        raise InvalidInput(f"Keep it to {VALUES_MAX} values at most; that list has {len(values)}.")
    return values


def match_value(settings: TeamSettings, word: str) -> str | None:
    return next(
        (v for v in settings.company_values if v.casefold() == word.casefold().replace("-", " ")), None
    ) or next((v for v in settings.company_values if v.replace(" ", "").casefold() == word.casefold()), None)
