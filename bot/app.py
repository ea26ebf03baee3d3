"""`create_app`: the Bolt app with every listener registered. No module-level app anywhere."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

import handlers.actions
import handlers.commands
import handlers.dedupe
import handlers.errors
import handlers.events
import handlers.request_context
import handlers.shortcuts
import handlers.submissions
from bot.config import Settings
from bot.delivery import outbox, ratelimit
from bot.deps import Deps, build_deps
from bot.slack.client import create_client


def create_app(settings: Settings, client: AsyncWebClient | None = None, *, deps: Deps | None = None) -> AsyncApp:
    deps = deps or build_deps(settings)
    ratelimit.use(ratelimit.RateLimiter() if settings.rate_limits else ratelimit.Unlimited())
    outbox.set_lease(settings.circles_delivery_lease_seconds)
    app = AsyncApp(
        client=client or create_client(settings),
        # Socket Mode connections are authenticated by the app-level token instead of signatures.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        process_before_response=settings.process_before_response,
        logger=logging.getLogger("circles.bolt"),
    )
    handlers.request_context.register(app)
    handlers.errors.register(app)
    handlers.dedupe.register(app, deps)
    handlers.commands.register(app, deps)
    handlers.actions.register(app, deps)
    handlers.submissions.register(app, deps)
    handlers.shortcuts.register(app, deps)
    handlers.events.register(app, deps)
    return app
