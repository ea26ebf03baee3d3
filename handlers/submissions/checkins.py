"""Check-in and check-in settings forms: validated inline, confirmed in the modal itself."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import checkin_messages, checkin_modal, checkin_settings
from bot.views.checkin_prompt import answered_message
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(checkin_modal.CALLBACK_ID)
    @reports_errors
    async def checkin_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        form = checkin_modal.parse_checkin_form(view)
        if form.errors:
            await ack(response_action="errors", errors=form.errors)
            return
        try:
            answered = await deps.checkins(client, team_of(body)).answer(
                body["team"]["id"], body["user"]["id"], form.checkin_id, form.answer
            )
        except CirclesError as error:
            block = checkin_modal.ERROR_FIELDS.get(error.field or "", checkin_modal.Field.LEARNED)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack(response_action="update", view=checkin_modal.confirmation_view(answered))
        if form.context.replace_original and form.context.response_url:
            # The DM prompt the member clicked becomes a record of the answer, without buttons.
            webhook = AsyncWebhookClient(form.context.response_url, timeout=10)
            await webhook.send_dict({"replace_original": True, **answered_message(answered.streak.current)})

    @app.view(checkin_settings.CALLBACK_ID)
    @reports_errors
    async def settings_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        try:
            form = checkin_settings.parse_settings_form(view)
            saved = await deps.checkins(client, team_of(body)).change_settings(
                team_of(body), body["user"]["id"], form.settings
            )
        except CirclesError as error:
            block = checkin_settings.ERROR_FIELDS.get(error.field or "", checkin_settings.Field.CADENCE)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack()
        await reply(body, client, checkin_messages.settings_saved(saved))
