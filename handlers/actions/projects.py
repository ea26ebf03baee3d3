"""Project buttons: propose (the digest's), plan (`/mentor me`'s), volunteer, choose people."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import projects as views
from bot.views.modal_context import ModalContext
from bot.views.projects import ProjectAction
from handlers.actions.values import int_value
from handlers.errors import reports_errors
from handlers.request_context import team_of


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ProjectAction.PROPOSE)
    @reports_errors
    async def propose_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        circle_id, name = await deps.projects(client, team_id).circle_form(team_id, user_id, None, int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=circle_id, scope="circle")
        await client.views_open(trigger_id=body["trigger_id"], view=views.project_modal(name, context))

    @app.action(ProjectAction.PLAN)
    @reports_errors
    async def plan_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        program = await deps.projects(client, team_id).pair_form(team_id, user_id, int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body), scope="pair")
        view = views.project_modal(f"your {program} pair", context, for_pair=True)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ProjectAction.VOLUNTEER)
    @reports_errors
    async def volunteer_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        card, added = await deps.projects(client, team_of(body)).volunteer(*_ids(body), int_value(body))
        # Ephemeral: the post itself is edited for everyone through the outbox.
        await respond(replace_original=False, response_type="ephemeral", **views.volunteered_reply(card, added))

    @app.action(ProjectAction.CHOOSE)
    @reports_errors
    async def choose_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        card, names = await deps.projects(client, team_of(body)).choose_form(*_ids(body), int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=card.id)
        await client.views_open(trigger_id=body["trigger_id"], view=views.choose_modal(card, names, context))
