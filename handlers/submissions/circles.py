"""Modal submissions."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import circle_messages
from bot.views.new_circle_modal import CALLBACK_ID, Field, parse_new_circle
from bot.workflows.circles import NewCircle
from handlers.errors import reports_errors
from handlers.replies import reply

FIELD_BLOCKS = {"name": Field.NAME, "description": Field.DESCRIPTION, "channel": Field.CHANNEL, "guide": Field.GUIDE}


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(CALLBACK_ID)
    @reports_errors
    async def new_circle_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        form = parse_new_circle(view)
        flows = deps.circles(client, team_id)
        try:
            # Only fast checks (the form and the database) before ack; Slack calls come after it.
            request = await flows.validate_new(
                team_id,
                NewCircle(
                    name=form.name, description=form.description, channel_id=form.channel_id, guide_key=form.guide_key
                ),
            )
        except CirclesError as error:
            block = FIELD_BLOCKS.get(error.field or "", Field.NAME)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack()
        outcome = await flows.create(team_id, user_id, request)
        await reply(body, client, circle_messages.created_reply(outcome.circle, outcome.created_channel))
