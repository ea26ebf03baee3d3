"""`/kudos`: thank colleagues, see the leaderboard, see your own."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.services.kudos import KudosRequest
from bot.views import kudos as kudos_views
from handlers.commands import kudos_syntax as syntax
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/kudos")
    @reports_errors
    async def kudos_command(
        ack: AsyncAck, body: dict[str, Any], command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        flows = deps.kudos(client, team_id)
        match syntax.parse(command.get("text") or ""):
            case syntax.Help():
                await respond(**kudos_views.kudos_help(await flows.values(team_id)))
            case syntax.Top(period=period):
                givers, receivers = await flows.leaderboard(team_id, period)
                await respond(**kudos_views.leaderboard(period, givers, receivers))
            case syntax.Mine():
                await respond(**kudos_views.my_kudos(await flows.mine(team_id, user_id)))
            case syntax.Give(receivers=receivers, message=message, value=value):
                request = KudosRequest(
                    giver=user_id,
                    receivers=receivers,
                    message=message,
                    value=value,
                    source="command",
                    source_ref=f"command:{command.get('trigger_id') or body.get('trigger_id')}",
                    channel_id=command.get("channel_id"),
                )
                given = await flows.give(team_id, request)
                await respond(**kudos_views.kudos_confirmation(given))
