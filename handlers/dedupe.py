"""A global middleware: an Events API delivery that was already handled is acknowledged, not re-run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.deps import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    @app.middleware
    async def skip_retried_events(body: dict[str, Any], next: Callable[[], Awaitable[Any]]) -> Any:
        event_id, team_id = body.get("event_id"), body.get("team_id")
        retried = (
            body.get("type") == "event_callback"
            and event_id
            and team_id
            and not await deps.directory().first_delivery(team_id, event_id)
        )
        if retried:
            return BoltResponse(status=200, body="")
        return await next()
