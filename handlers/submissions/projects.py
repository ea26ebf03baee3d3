"""Submissions of the project form (a circle's proposal, or a pair's plan) and of the chooser."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import projects as views
from bot.views.modal_context import ModalContext
from handlers.errors import reports_errors
from handlers.replies import reply


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(views.PROPOSE_ID)
    @reports_errors
    async def proposed(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        context = ModalContext.load(view.get("private_metadata"))
        ref = int(context.ref or 0)
        try:
            card = await deps.projects(client, team_id).propose(
                team_id,
                user_id,
                views.parse_project_form(view),
                circle_id=ref if context.scope != "pair" else None,
                pair_id=ref if context.scope == "pair" else None,
            )
        except CirclesError as error:
            await ack(
                response_action="errors",
                errors={views.ERROR_FIELDS.get(error.field or "", views.Field.TITLE): str(error)},
            )
            return
        await ack()
        await reply(body, client, views.started_reply(card) if card.pair_id else views.proposed_reply(card))

    @app.view(views.CHOOSE_ID)
    @reports_errors
    async def chosen(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        project_id = int(ModalContext.load(view.get("private_metadata")).ref or 0)
        try:
            card = await deps.projects(client, team_id).choose(team_id, user_id, project_id, views.chosen_people(view))
        except CirclesError as error:
            await ack(response_action="errors", errors={views.Field.PEOPLE: str(error)})
            return
        await ack()
        await reply(body, client, views.started_reply(card))
