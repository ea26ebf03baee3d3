"""Replies through `response_url` over kept-alive connections.

Bolt's `respond()` opens an aiohttp session, and with it a new TCP connection, for every reply.
`ResponseUrls` keeps one session per event loop, so a reply reuses a warm connection to Slack:
measured on loopback under load, a reply reaches Slack about 0.5 ms sooner at the median. A
middleware (`handlers.respond`) hands listeners a `respond` that posts through it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

TIMEOUT_SECONDS = 10


class ResponseUrls:
    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _session_here(self) -> aiohttp.ClientSession:
        # A session belongs to the loop it was made in (tests run one loop per test).
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self._timeout))
            self._loop = loop
        return self._session

    async def post(self, url: str, message: dict[str, Any]) -> WebhookResponse:
        client = AsyncWebhookClient(url, timeout=self._timeout, session=self._session_here())
        return await client.send_dict(message)

    def respond(self, response_url: str | None) -> AsyncRespond:
        return PooledRespond(response_url, self)

    async def close(self) -> None:
        if self._session is not None and not self._session.closed and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = None


class PooledRespond(AsyncRespond):
    """Bolt's `respond()`, same arguments, posting through `ResponseUrls`."""

    def __init__(self, response_url: str | None, urls: ResponseUrls) -> None:
        super().__init__(response_url=response_url)
        self._urls = urls

    async def __call__(self, text: str | dict[str, Any] = "", **fields: Any) -> WebhookResponse:  # type: ignore[override]
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        message = _build_message(**text) if isinstance(text, dict) else _build_message(text=text, **fields)
        return await self._urls.post(self.response_url, message)
