"""Buttons: Join/Leave/New circle/Show more in the circle browser and in circle info."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.services.circles import CircleSummary
from bot.views import circle_messages
from bot.views.circle_info import INFO_ACTIONS_BLOCK, circle_info
from bot.views.circle_list import ListAction, circle_list
from bot.views.modal_context import ModalContext
from bot.views.new_circle_modal import new_circle_modal
from bot.workflows.circles import CircleWorkflows
from handlers.actions.values import action_of, int_value
from handlers.errors import reports_errors
from handlers.request_context import team_of


async def _show_refreshed(
    flows: CircleWorkflows,
    body: dict[str, Any],
    respond: AsyncRespond,
    circle: CircleSummary,
    notice: str,
) -> None:
    """Re-render the message the button was in (the circle list or one circle's info) with a notice."""
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    if action_of(body).get("block_id") == INFO_ACTIONS_BLOCK:
        updated = circle_info(await flows.info(team_id, user_id, circle.name), notice=notice)
    else:
        updated = circle_list(await flows.browse(team_id, user_id), notice=notice)
    await respond(replace_original=True, **updated)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ListAction.JOIN)
    @reports_errors
    async def join_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        flows = deps.circles(client, team_of(body))
        outcome = await flows.join(body["team"]["id"], body["user"]["id"], int_value(body))
        await _show_refreshed(
            flows,
            body,
            respond,
            outcome.circle,
            circle_messages.joined_notice(outcome.circle, outcome.already_member),
        )

    @app.action(ListAction.LEAVE)
    @reports_errors
    async def leave_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        flows = deps.circles(client, team_of(body))
        circle = await flows.leave(body["team"]["id"], body["user"]["id"], int_value(body))
        await _show_refreshed(flows, body, respond, circle, circle_messages.left_notice(circle))

    @app.action(ListAction.MORE)
    @reports_errors
    async def more_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        circles = await deps.circles(client, team_id).browse(team_id, user_id)
        await respond(replace_original=True, **circle_list(circles, offset=int_value(body)))

    @app.action(ListAction.NEW)
    @reports_errors
    async def new_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        context = ModalContext(channel_id=(body.get("channel") or {}).get("id"), response_url=body.get("response_url"))
        await client.views_open(trigger_id=body["trigger_id"], view=new_circle_modal(context))
