"""`/circles`: workspace settings for admins (values, kudos rules) and what's coming for everyone."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import admin as admin_views
from bot.views.help import LATER_IN_CIRCLES, coming_soon
from handlers.errors import reports_errors

CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
SETTINGS = ("values", "kudos-channel", "kudos-limit", "kudos-reaction", "kudos-digest-only", "kudos-in-circle")
LATER = ("admin", "privacy", "export-my-data", "delete-my-data", "opt-out", "opt-in", "export")


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/circles")
    @reports_errors
    async def circles_command(
        ack: AsyncAck, body: dict[str, Any], command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        sub, _, rest = (command.get("text") or "").strip().partition(" ")
        sub = sub.casefold()
        flows = deps.admin()
        if sub in ("", "help", "settings"):
            await respond(**admin_views.settings_reply(await flows.settings(team_id)))
        elif sub == "values" and not rest.strip():
            await respond(**admin_views.values_reply((await flows.settings(team_id)).company_values))
        elif sub in SETTINGS:
            raw = rest.removeprefix("set ").strip()
            channel = CHANNEL.search(raw)
            settings = await flows.change(team_id, user_id, sub, channel.group(1) if channel else raw)
            await respond(**admin_views.settings_reply(settings, changed=sub))
        elif sub in LATER:
            await respond(**coming_soon(LATER_IN_CIRCLES))
        else:
            await respond(**admin_views.unknown(sub))
