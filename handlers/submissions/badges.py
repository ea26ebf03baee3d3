"""Submissions of the admin badge forms: define one, give one."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import badges as views
from handlers.errors import reports_errors
from handlers.replies import reply


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(views.DEFINE_ID)
    @reports_errors
    async def defined(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        name, emoji, description = views.parse_define(view)
        try:
            await deps.badges(client, team_id).define(team_id, user_id, name, emoji, description)
        except CirclesError as error:
            await ack(
                response_action="errors",
                errors={views.ERROR_FIELDS.get(error.field or "", views.Field.NAME): str(error)},
            )
            return
        await ack()
        await reply(body, client, views.defined_reply(name))

    @app.view(views.GIVE_ID)
    @reports_errors
    async def given(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        badge, to, why = views.parse_give(view)
        try:
            award = await deps.badges(client, team_id).give(team_id, user_id, badge, to, why)
        except CirclesError as error:
            await ack(
                response_action="errors",
                errors={views.ERROR_FIELDS.get(error.field or "", views.Field.WHO): str(error)},
            )
            return
        await ack()
        await reply(body, client, views.given_reply(award))
