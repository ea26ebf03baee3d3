"""The Give kudos form's submission."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.services.kudos import KudosRequest
from bot.views import kudos as kudos_views
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(kudos_views.CALLBACK_ID)
    @reports_errors
    async def kudos_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        form = kudos_views.parse_kudos_form(view)
        request = KudosRequest(
            giver=body["user"]["id"],
            receivers=form.receivers,
            message=form.message,
            value=form.value,
            source="shortcut",
            source_ref=f"shortcut:{view.get('id')}",  # one kudos per form, however often it's submitted
            channel_id=form.context.channel_id,
            thread_ts=form.context.thread_ts,  # replies in the thread of the message thanked for
        )
        try:
            given = await deps.kudos(client, team_of(body)).give(body["team"]["id"], request)
        except CirclesError as error:
            field = kudos_views.Field.MESSAGE if "say what" in str(error).lower() else kudos_views.Field.RECEIVERS
            await ack(response_action="errors", errors={field: str(error)})
            return
        await ack()
        await reply(body, client, kudos_views.kudos_confirmation(given))
