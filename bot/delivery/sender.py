"""Posting messages: every notification the bot sends on its own goes through `Sender`.

Replies to the person who acted (ephemeral responses, modals) stay with the handler; everything else
is a post, and keeping posts behind this seam is what lets rate limiting, retries and exactly-once
delivery live in one place.
"""

from __future__ import annotations

import structlog

from bot.errors import SlackProblem
from bot.slack.gateway import SlackGateway
from bot.views.message import Message

log = structlog.get_logger(__name__)


class Sender:
    def __init__(self, gateway: SlackGateway):
        self._gateway = gateway

    async def post(self, channel: str, message: Message) -> str | None:
        """Post and return the message ts; a refusal is logged, not raised (the user's action stands)."""
        try:
            return await self._gateway.post_message(channel, message["text"], message.get("blocks"))
        except SlackProblem as problem:
            log.warning("post_failed", channel=channel, code=problem.code)
            return None
