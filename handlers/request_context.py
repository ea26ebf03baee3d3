"""A global middleware: every log line written while handling a request names its team and request."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp


def request_kind(body: dict[str, Any]) -> str:
    """What Slack sent, without what anyone wrote: a command name, an interaction or an event type."""
    if "command" in body:
        return str(body["command"])
    event = body.get("event")
    if isinstance(event, dict):
        return f"event:{event.get('type', '?')}"
    return str(body.get("type") or "request")


def without_nul(value: Any) -> Any:
    """The payload with NUL characters removed from every string: PostgreSQL text can't hold them, and
    no person types one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = without_nul(item)
    elif isinstance(value, list):
        value[:] = [without_nul(item) for item in value]
    return value


def register(app: AsyncApp) -> None:
    @app.middleware
    async def bind_request_ids(body: dict[str, Any], context: Any, next: Callable[[], Awaitable[Any]]) -> Any:
        # Bolt runs middleware before the listener, not around it: bind for the rest of this request's
        # task (listeners acked first run in tasks created later, which copy these context vars).
        without_nul(body)  # in place: Bolt hands listeners this same dict
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=uuid.uuid4().hex[:12],
            team_id=context.get("team_id") or body.get("team_id"),
            user_id=context.get("user_id"),
            request=request_kind(body),
        )
        return await next()


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request acts in: a command's or event's `team_id`, an interaction's `team.id`."""
    return str(body.get("team_id") or body["team"]["id"])
