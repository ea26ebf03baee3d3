"""`/goal`: set, list, update, finish and drop learning goals."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import goals as goal_views
from bot.views.goal_modal import goal_modal
from bot.views.modal_context import ModalContext
from handlers.commands import goal_syntax as syntax
from handlers.errors import reports_errors


async def open_goal_form(deps: Deps, client: AsyncWebClient, body: dict[str, Any], team_id: str, user_id: str) -> None:
    circles = await deps.goals(client, team_id).my_circles(team_id, user_id)
    has_mentor = await deps.mentor_goals(client, team_id).has_mentor(team_id, user_id)
    context = ModalContext(response_url=body.get("response_url"))
    await client.views_open(trigger_id=body["trigger_id"], view=goal_modal(circles, context, has_mentor))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/goal")
    @reports_errors
    async def goal_command(
        ack: AsyncAck,
        body: dict[str, Any],
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        flows = deps.goals(client, team_id)
        parsed = syntax.parse(command.get("text") or "")
        match parsed:
            case syntax.OpenForm():
                await open_goal_form(deps, client, body, team_id, user_id)
            case syntax.Help():
                await respond(**goal_views.goal_help())
            case syntax.ListGoals():
                await respond(**goal_views.goal_list(await flows.my_goals(team_id, user_id)))
            case syntax.SetGoal(title=title, due=due, circle=circle):
                goal = await flows.set_from_text(team_id, user_id, title, due, circle)
                await respond(**goal_views.goal_set_reply(goal))
            case syntax.UpdateGoal(number=number, progress=progress, note=note):
                await respond(
                    **goal_views.goal_updated_reply(await flows.update(team_id, user_id, number, progress, note))
                )
            case syntax.CloseGoal(number=number, status=status):
                await respond(**goal_views.goal_closed_reply(await flows.close(team_id, user_id, number, status)))
