"""Commands the manifest already declares but later releases implement: a friendly "coming soon"."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views.help import COMING_SOON, coming_soon
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @reports_errors
    async def not_yet(
        ack: AsyncAck,
        body: dict[str, Any],
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        await respond(**coming_soon(command["command"]))

    for name in COMING_SOON:
        app.command(name)(not_yet)
