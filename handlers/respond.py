"""A global middleware: listeners' `respond()` reuses kept-alive connections (`ResponseUrls`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.deps import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    @app.middleware
    async def pooled_respond(context: Any, next: Callable[[], Awaitable[Any]]) -> Any:
        if context.response_url:
            context["respond"] = deps.responses.respond(context.response_url)
        return await next()
