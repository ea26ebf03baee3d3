"""Workspace settings (company values, kudos rules) and who may change them."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, TeamSettings
from bot.errors import CirclesError, InvalidInput
from bot.services.members import ensure_team

VALUE_MAX = 40
VALUES_MAX = 12


class NotAllowed(CirclesError):
    pass


async def get(session: AsyncSession, team_id: str, now: datetime) -> TeamSettings:
    settings = await session.get(TeamSettings, team_id)
    if settings is None:
        await ensure_team(session, team_id, now)
        settings = TeamSettings(
            team_id=team_id,
            company_values=[],
            kudos_in_circle=True,
            kudos_daily_limit=5,
            kudos_digest_only=False,
            updated_at=now,
        )
        session.add(settings)
        await session.flush()
    return settings


async def require_admin(session: AsyncSession, team_id: str, user_id: str, configured: Collection[str]) -> None:
    """Workspace admins and owners (as Slack reports them) and the configured list may change settings."""
    if user_id in configured:
        return
    member = await session.scalar(select(Member).where(Member.team_id == team_id, Member.user_id == user_id))
    if member is None or not (member.is_admin or member.is_owner):
        raise NotAllowed(
            "Only workspace admins (or people your Circles admin listed) can change that. "
            "Ask one of them if you think it should change."
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
