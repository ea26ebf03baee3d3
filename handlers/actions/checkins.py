"""The check-in prompt's controls: Check in, Skip this time, Remind me in 2 hours, Pause until…"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import checkin_prompt
from bot.views.checkin_modal import checkin_modal
from bot.views.checkin_prompt import CheckinAction
from bot.views.modal_context import ModalContext
from handlers.actions.values import int_value, selected_date
from handlers.errors import reports_errors
from handlers.request_context import team_of


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(CheckinAction.OPEN)
    @reports_errors
    async def open_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        checkin_id = int_value(body)
        goals = await deps.checkins(client, team_of(body)).goals_for(*_ids(body), checkin_id)
        # The prompt message is replaced by the confirmation once the form is submitted.
        context = ModalContext(response_url=body.get("response_url"), replace_original=True, ref=checkin_id)
        await client.views_open(trigger_id=body["trigger_id"], view=checkin_modal(goals, context))

    @app.action(CheckinAction.SKIP)
    @reports_errors
    async def skip_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await deps.checkins(client, team_of(body)).skip(*_ids(body), int_value(body))
        await respond(replace_original=True, **checkin_prompt.skipped_message())

    @app.action(CheckinAction.SNOOZE)
    @reports_errors
    async def snooze_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        at, tz = await deps.checkins(client, team_of(body)).snooze(*_ids(body), int_value(body))
        await respond(replace_original=True, **checkin_prompt.snoozed_message(at, tz))

    @app.action(CheckinAction.PAUSE)
    @reports_errors
    async def pause_picked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        schedule = await deps.checkins(client, team_of(body)).pause_until(*_ids(body), selected_date(body))
        assert schedule.paused_until is not None
        await respond(replace_original=True, **checkin_prompt.paused_message(schedule.paused_until))
