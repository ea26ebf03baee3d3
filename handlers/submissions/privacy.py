"""The delete-my-data confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import privacy as privacy_views
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(privacy_views.DELETE_CALLBACK_ID)
    @reports_errors
    async def delete_confirmed(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await deps.privacy(client, team_of(body)).erase(body["team"]["id"], body["user"]["id"])
        await reply(body, client, privacy_views.deleted_reply())
