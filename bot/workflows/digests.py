"""A circle's digest settings and an on-demand preview."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Circle, CircleSchedule
from bot.errors import InvalidInput
from bot.services import circles, digest, team_settings
from bot.services.dates import format_clock, parse_clock
from bot.services.digest import DigestData
from bot.services.schedule import WEEKDAYS


@dataclass(frozen=True)
class DigestSettings:
    circle: str
    enabled: bool
    when: str
    skip_empty: bool


class DigestWorkflows:
    def __init__(self, db: Database, clock: Clock, admins: Collection[str]):
        self.db = db
        self.clock = clock
        self.admins = admins

    async def preview(self, team_id: str, user_id: str, name: str) -> DigestData:
        async with self.db.session() as session:
            circle = await circles.get_circle(session, team_id, name, user_id)
            return await digest.gather(session, team_id, circle.id, self.clock.now())

    async def change(self, team_id: str, user_id: str, name: str, change: str) -> DigestSettings:
        now = self.clock.now()
        async with self.db.session() as session:
            summary = await circles.get_circle(session, team_id, name, user_id)
            circle, tz = (
                await session.execute(
                    select(Circle, CircleSchedule.tz)
                    .outerjoin(CircleSchedule, CircleSchedule.circle_id == Circle.id)
                    .where(Circle.id == summary.id)
                )
            ).one()
            tz = tz or "UTC"
            if change:
                if circle.created_by != user_id:
                    await team_settings.require_admin(
                        session, team_id, user_id, self.admins, "change the digest of a circle they didn't start"
                    )
                _apply(circle, change)
                circle.next_digest_at = digest.next_digest_at(circle, tz, now)
            when = f"every {WEEKDAYS[circle.digest_weekday]} at {format_clock(circle.digest_minute)} ({tz})"
            return DigestSettings(circle.name, circle.digest_enabled, when, circle.digest_skip_empty)


def _apply(circle: Circle, change: str) -> None:
    if change in ("on", "off"):
        circle.digest_enabled = change == "on"
    elif change.startswith("skip-empty"):
        circle.digest_skip_empty = change.endswith("on")
    else:
        day, clock = change.split()
        matches = [i for i, name in enumerate(WEEKDAYS) if name.lower().startswith(day[:3])]
        if not matches:
            raise InvalidInput(f"`{day}` isn't a day of the week.")
        circle.digest_weekday = matches[0]
        circle.digest_minute = parse_clock(clock)
        circle.digest_enabled = True
