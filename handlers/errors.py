"""Error reporting: domain errors become ephemeral messages, anything else gets an id to quote.

Listeners are wrapped with `@reports_errors` rather than left to Bolt's `@app.error` alone: in
Bolt's default (ack-first) mode, a listener that raises shortly after `ack()` makes Bolt forget the
ack and answer Slack 404 (the runner resets `ack.response` when it handles the error). Catching the
error inside the listener keeps the ack; `@app.error` still covers failures outside listeners
(middleware, authorisation). Both report through `report_error`.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import CirclesError
from bot.views.errors import error_reply, unexpected_error
from handlers import inflight
from handlers.replies import reply

log = structlog.get_logger(__name__)
Listener = Callable[..., Awaitable[None]]


async def report_error(error: Exception, body: dict[str, Any] | None, client: AsyncWebClient | None) -> None:
    body = body or {}
    team_id = body.get("team_id") or (body.get("team") or {}).get("id")
    if isinstance(error, CirclesError):
        log.info("user_error", kind=type(error).__name__, team_id=team_id)
        message = error_reply(str(error))
    else:
        error_id = uuid.uuid4().hex[:10]
        log.error("unhandled_error", error_id=error_id, team_id=team_id, exc_info=error)
        message = unexpected_error(error_id)
    if client is None:
        return
    try:
        await reply(body, client, message)
    except Exception:
        log.exception("error_reply_failed", team_id=team_id)


def reports_errors(listener: Listener) -> Listener:
    """Run the listener; report what it raises to the user instead of letting it reach Bolt."""

    @functools.wraps(listener)  # Bolt injects arguments by the wrapped function's parameter names
    async def run(**kwargs: Any) -> None:
        try:
            with inflight.tracked():
                await listener(**kwargs)
        except Exception as error:
            ack = kwargs.get("ack")
            if ack is not None and ack.response is None:
                await ack()  # Slack is still waiting; the user hears about the error below
            await report_error(error, kwargs.get("body"), kwargs.get("client"))

    return run


def register(app: AsyncApp) -> None:
    @app.error
    async def handle_error(
        error: Exception, body: dict[str, Any], client: AsyncWebClient, response: BoltResponse | None
    ) -> BoltResponse | None:
        await report_error(error, body, client)
        # When Slack is still waiting for our HTTP answer, acknowledge: the user has their message.
        return BoltResponse(status=200, body="") if response is not None else None
