"""Socket Mode: the same app over a websocket, for trying Circles without a public URL."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.app import create_app
from bot.config import Settings
from bot.deps import build_deps
from bot.slack.client import create_client
from jobs.thread import scheduled_jobs


async def run_socket_mode(settings: Settings) -> None:
    assert settings.slack_app_token is not None
    deps = build_deps(settings)
    client = create_client(settings)
    app = create_app(settings, client, deps=deps)
    handler = AsyncSocketModeHandler(app, settings.slack_app_token)
    try:
        async with scheduled_jobs(deps, client):
            await handler.start_async()
    finally:
        await handler.close_async()
        await deps.responses.close()
        await deps.db.dispose()
