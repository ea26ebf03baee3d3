"""Program events' buttons: Going / Maybe / Can't go, feedback scores, and the host's follow-up."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.db.statuses import EventAnswer
from bot.deps import Deps
from bot.errors import InvalidInput
from bot.views.events import forms, messages
from bot.views.events.ids import EventAction
from bot.views.modal_context import ModalContext
from handlers.actions.values import action_of, int_value
from handlers.errors import reports_errors
from handlers.request_context import team_of

RATE = re.compile(rf"^{EventAction.RATE}_[1-5]$")


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def _score(body: dict[str, Any]) -> tuple[int, int]:
    """`"12:4"` → (event 12, score 4)."""
    event, _, score = str(action_of(body).get("value", "")).partition(":")
    if not (event.isdecimal() and score.isdecimal()):
        raise InvalidInput("That button is out of date.")
    return int(event), int(score)


def register(app: AsyncApp, deps: Deps) -> None:
    def answering(wanted: EventAnswer) -> Any:
        async def answered(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
            await ack()
            outcome, tz = await deps.events(client, team_of(body)).answer(*_ids(body), int_value(body), wanted)
            # Ephemeral: the invitation itself is edited for everyone through the outbox.
            await respond(replace_original=False, response_type="ephemeral", **messages.answer_reply(outcome, tz))

        return reports_errors(answered)

    for action, wanted in messages.ANSWER_OF.items():
        app.action(action)(answering(wanted))

    @app.action(RATE)
    @reports_errors
    async def rated(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        event_id, score = _score(body)
        title = await deps.events(client, team_of(body)).rate(*_ids(body), event_id, score)
        await respond(replace_original=True, **messages.rated_reply(event_id, title, score))

    @app.action(EventAction.COMMENT)
    @reports_errors
    async def comment_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body))
        await client.views_open(trigger_id=body["trigger_id"], view=forms.comment_modal(context))

    @app.action(EventAction.ATTENDANCE)
    @reports_errors
    async def attendance_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        title, going = await deps.events(client, team_of(body)).attendance_form(*_ids(body), int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body))
        await client.views_open(trigger_id=body["trigger_id"], view=forms.attendance_modal(title, going, context))

    @app.action(EventAction.RECORDING)
    @reports_errors
    async def recording_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body))
        await client.views_open(trigger_id=body["trigger_id"], view=forms.recording_modal(context))

    @app.action(EventAction.FEEDBACK)
    @reports_errors
    async def feedback_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        summary = await deps.events(client, team_of(body)).feedback(*_ids(body), int_value(body))
        await respond(replace_original=False, **messages.feedback_reply(summary))
