"""Goal buttons: Done in `/goal list`, and New goal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import goals as goal_views
from handlers.actions.values import int_value
from handlers.commands.goal import open_goal_form
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(goal_views.GoalAction.DONE)
    @reports_errors
    async def done_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        flows = deps.goals(client, team_id)
        goal = await flows.close(team_id, user_id, int_value(body), "done")
        notice = goal_views.goal_closed_reply(goal)["text"]
        await respond(replace_original=True, **goal_views.goal_list(await flows.my_goals(team_id, user_id), notice))

    @app.action(goal_views.GoalAction.NEW)
    @reports_errors
    async def new_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await open_goal_form(deps, client, body, body["team"]["id"], body["user"]["id"])
