"""Answering the person behind a request, wherever it came from.

A slash command or button carries a `response_url`; a modal opened from one carries it in its
private metadata; anything else (App Home, shortcuts) gets a DM from the bot.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.views.message import Message
from bot.views.modal_context import ModalContext


def response_url_of(body: dict[str, Any]) -> str | None:
    if body.get("response_url"):
        return str(body["response_url"])
    view = body.get("view") or {}
    return ModalContext.load(view.get("private_metadata")).response_url


def user_of(body: dict[str, Any]) -> str | None:
    return body.get("user_id") or (body.get("user") or {}).get("id")


async def reply(body: dict[str, Any], client: AsyncWebClient, message: Message) -> None:
    """An ephemeral answer that leaves any message the user clicked in place."""
    url = response_url_of(body)
    if url:
        payload: dict[str, Any] = {"response_type": "ephemeral", "replace_original": False, **message}
        webhook = AsyncWebhookClient(url, timeout=10)
        await webhook.send_dict(payload)
        return
    user_id = user_of(body)
    if user_id:
        await client.chat_postMessage(channel=user_id, **message)
