"""Message shortcuts: "Share to circle" and "Give kudos"."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.views import kudos as kudos_views
from bot.views.modal_context import ModalContext
from bot.views.share_modal import SHORTCUT_ID, share_modal
from handlers.errors import reports_errors
from handlers.request_context import team_of

LINK = re.compile(r"<(https?://[^>|]+)(?:\|[^>]*)?>")


def register(app: AsyncApp, deps: Deps) -> None:
    @app.shortcut(SHORTCUT_ID)
    @reports_errors
    async def share_to_circle(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        circles = await deps.rhythm(client, team_id).my_circles(team_id, user_id)
        if not circles:
            raise InvalidInput("Join a circle first (`/circle`), then you can share to it.")
        message = body.get("message") or {}
        found = LINK.search(message.get("text") or "")
        if found:
            url = found.group(1)
        else:  # no link in the message: share the message itself
            permalink = await client.chat_getPermalink(channel=body["channel"]["id"], message_ts=message["ts"])
            url = str(permalink["permalink"])
        context = ModalContext(response_url=body.get("response_url"))
        await client.views_open(trigger_id=body["trigger_id"], view=share_modal(circles, url, context))

    @app.shortcut(kudos_views.SHORTCUT_ID)
    @reports_errors
    async def give_kudos(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        author = (body.get("message") or {}).get("user")
        values = await deps.kudos(client, team_of(body)).values(body["team"]["id"])
        context = ModalContext(
            channel_id=(body.get("channel") or {}).get("id"),
            response_url=body.get("response_url"),
            thread_ts=(body.get("message") or {}).get("thread_ts") or (body.get("message") or {}).get("ts"),
        )
        author = author if author != body["user"]["id"] else None  # the form can't thank yourself
        await client.views_open(trigger_id=body["trigger_id"], view=kudos_views.kudos_modal(author, values, context))
