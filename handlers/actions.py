"""Buttons: Join/Leave/New circle/Show more in the circle browser and in circle info."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.services.circles import CircleSummary
from bot.views import circle_messages
from bot.views.circle_info import INFO_ACTIONS_BLOCK, circle_info
from bot.views.circle_list import ListAction, circle_list
from bot.views.new_circle_modal import ModalContext, new_circle_modal
from bot.workflows.circles import CircleWorkflows
from handlers.errors import reports_errors


def _action(body: dict[str, Any]) -> dict[str, Any]:
    return body["actions"][0]


def _int_value(action: dict[str, Any]) -> int:
    try:
        return int(action.get("value", ""))
    except ValueError:
        raise InvalidInput("That button is out of date. Run `/circle` again.") from None


async def _show_refreshed(
    flows: CircleWorkflows, body: dict[str, Any], respond: AsyncRespond, circle: CircleSummary, notice: str
) -> None:
    """Re-render the message the button was in (the circle list or one circle's info) with a notice."""
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    if _action(body).get("block_id") == INFO_ACTIONS_BLOCK:
        updated = circle_info(await flows.info(team_id, user_id, circle.name), notice=notice)
    else:
        updated = circle_list(await flows.browse(team_id, user_id), notice=notice)
    await respond(replace_original=True, **updated)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(ListAction.JOIN)
    @reports_errors
    async def join_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        flows = deps.circles(client)
        outcome = await flows.join(body["team"]["id"], body["user"]["id"], _int_value(_action(body)))
        await _show_refreshed(
            flows,
            body,
            respond,
            outcome.circle,
            circle_messages.joined_notice(outcome.circle, outcome.already_member),
        )

    @app.action(ListAction.LEAVE)
    @reports_errors
    async def leave_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        flows = deps.circles(client)
        circle = await flows.leave(body["team"]["id"], body["user"]["id"], _int_value(_action(body)))
        await _show_refreshed(flows, body, respond, circle, circle_messages.left_notice(circle))

    @app.action(ListAction.MORE)
    @reports_errors
    async def more_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        circles = await deps.circles(client).browse(team_id, user_id)
        await respond(replace_original=True, **circle_list(circles, offset=_int_value(_action(body))))

    @app.action(ListAction.NEW)
    @reports_errors
    async def new_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        context = ModalContext(
            channel_id=(body.get("channel") or {}).get("id"), response_url=body.get("response_url")
        )
        await client.views_open(trigger_id=body["trigger_id"], view=new_circle_modal(context))
