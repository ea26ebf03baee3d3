"""Intro group buttons: Did you meet? (Yes / Not yet / We skipped), Skip this round, Pause intros,
Propose times."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import intros as views
from bot.views.intros import IntroAction
from handlers.actions.values import int_value
from handlers.errors import reports_errors
from handlers.request_context import team_of


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def register(app: AsyncApp, deps: Deps) -> None:
    def answering(said: str) -> Any:
        async def answered(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
            await ack()
            await deps.intros(client, team_of(body)).answer(*_ids(body), int_value(body), said)
            await respond(replace_original=False, response_type="ephemeral", **views.answered_reply(said))

        return reports_errors(answered)

    for action, said in views.ANSWER_OF.items():
        app.action(action)(answering(said))

    @app.action(IntroAction.PAUSE)
    @reports_errors
    async def pause_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        channel = await deps.intros(client, team_of(body)).pause(*_ids(body), int_value(body))
        await respond(replace_original=False, response_type="ephemeral", **views.paused_reply(channel))

    @app.action(IntroAction.TIMES)
    @reports_errors
    async def times_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await deps.intros(client, team_of(body)).propose_times(*_ids(body), int_value(body))
