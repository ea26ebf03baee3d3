"""The running bot under test: real Bolt app over ASGI, real HTTP to the Slack double."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.config import Settings
from bot.db.models import Circle, CircleMembership, Member
from bot.deps import Deps
from bot.slack_double import SlackDouble
from bot.slack_double.requests import SlackClientSide

TOKEN = "xoxb-circles-test"
SIGNING_SECRET = "test-signing-secret"


def test_settings(double: SlackDouble, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": None,
        "slack_api_url": double.api_url,
        "database_url": "sqlite+aiosqlite:///unused-in-tests.db",
        "process_before_response": True,
        "rate_limits": False,
        "slack_retry_backoff_seconds": 0.001,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Harness:
    slack: SlackClientSide
    double: SlackDouble
    deps: Deps
    http: httpx.AsyncClient
    client: AsyncWebClient

    async def tick(self) -> int:
        """Run the check-in job once at the deps' clock time, as the scheduler would."""
        from jobs.checkins import run_checkins

        return await run_checkins(self.deps, self.deps.gateways(self.client))

    async def meetings_tick(self) -> int:
        from jobs.meetings import run_meetings

        return await run_meetings(self.deps, self.deps.gateways(self.client))

    async def events_tick(self) -> int:
        from jobs.events import run_events

        return await run_events(self.deps, self.deps.gateways(self.client))

    async def intros_tick(self) -> int:
        from jobs.intros import run_intros

        return await run_intros(self.deps, self.deps.gateways(self.client))

    async def onboarding_tick(self) -> int:
        from jobs.onboarding import run_onboarding

        return await run_onboarding(self.deps, self.deps.gateways(self.client))

    async def badges_tick(self) -> int:
        from jobs.badges import run_badges

        return await run_badges(self.deps, self.deps.gateways(self.client))

    async def digests_tick(self) -> int:
        from jobs.digests import run_digests

        return await run_digests(self.deps, self.deps.gateways(self.client))

    async def mentorship_tick(self) -> int:
        from jobs.mentorship import run_mentorship

        return await run_mentorship(self.deps, self.deps.gateways(self.client))

    def dms(self, user_id: str) -> list[Any]:
        return self.double.workspace.dms_to(user_id)

    @property
    def team_id(self) -> str:
        return self.double.workspace.team_id

    async def rows(self, model: type, *where: Any) -> list[Any]:
        async with self.deps.db.session() as session:
            return list(await session.scalars(select(model).where(*where)))

    async def circle(self, name: str) -> Circle | None:
        found = await self.rows(Circle, Circle.team_id == self.team_id, Circle.name == name)
        return found[0] if found else None

    async def memberships(self, circle_name: str) -> dict[str, CircleMembership]:
        async with self.deps.db.session() as session:
            rows = await session.execute(
                select(Member.user_id, CircleMembership)
                .join(CircleMembership, CircleMembership.member_id == Member.id)
                .join(Circle, Circle.id == CircleMembership.circle_id)
                .where(Circle.team_id == self.team_id, Circle.name == circle_name)
            )
            return {user_id: membership for user_id, membership in rows}


async def eventually(check: Callable[[], Any], within: float = 5.0) -> Any:
    """Wait for background work (ack-first listeners) to show its effect."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def texts(message: dict[str, Any]) -> str:
    """All human-readable text of a message or view, for assertions about what a person reads."""
    parts = [str(message.get("text") or "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    parts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return "\n".join(parts)
