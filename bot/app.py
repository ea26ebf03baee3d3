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
import handlers.respond
import handlers.shortcuts
import handlers.submissions
from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.slack.client import create_client
from bot.slack.installations import oauth_settings

NOT_INSTALLED = (
    ":warning: Circles isn't installed in this workspace any more. A workspace admin can add it again "
    'with the "Add to Slack" link from whoever runs Circles for you.'
)


def create_app(settings: Settings, client: AsyncWebClient | None = None, *, deps: Deps | None = None) -> AsyncApp:
    deps = deps or build_deps(settings)
    client = client or create_client(settings)
    # Several workspaces: Bolt's OAuth flow installs, and each request is authorised by its team's
    # installation (with token rotation); one workspace: the bot token.
    oauth = oauth_settings(settings, deps.installations, client) if deps.installations is not None else None
    app = AsyncApp(
        client=client,
        oauth_settings=oauth,
        user_facing_authorize_error_message=NOT_INSTALLED,
        # Socket Mode connections are authenticated by the app-level token instead of signatures.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        process_before_response=settings.process_before_response,
        logger=logging.getLogger("circles.bolt"),
    )
    handlers.request_context.register(app)
    handlers.errors.register(app)
    handlers.dedupe.register(app, deps)
    handlers.respond.register(app, deps)
    handlers.commands.register(app, deps)
    handlers.actions.register(app, deps)
    handlers.submissions.register(app, deps)
    handlers.shortcuts.register(app, deps)
    handlers.events.register(app, deps)
    return app
