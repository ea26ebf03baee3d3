"""`/circle`: browse, create, join, leave and look up learning circles."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import circle_info, circle_list, circle_messages, help
from bot.views import projects as project_views
from bot.views import skills as skill_views
from bot.views.modal_context import ModalContext
from bot.views.new_circle_modal import new_circle_modal
from bot.workflows.circles import NewCircle
from handlers.commands import circle_rhythm
from handlers.commands import circle_syntax as syntax
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/circle")
    @reports_errors
    async def circle_command(
        ack: AsyncAck,
        body: dict[str, Any],
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        parsed = syntax.parse(command.get("text") or "")
        flows = deps.circles(client, team_id)
        match parsed:
            case syntax.Browse():
                await respond(**circle_list.circle_list(await flows.browse(team_id, user_id)))
            case syntax.Help():
                await respond(**help.circle_help())
            case syntax.OpenCreateModal():
                context = ModalContext(channel_id=command.get("channel_id"), response_url=command.get("response_url"))
                await client.views_open(trigger_id=command["trigger_id"], view=new_circle_modal(context))
            case syntax.Create(name=name, channel_id=channel_id, description=description):
                request = NewCircle(name=name, description=description, channel_id=channel_id)
                outcome = await flows.create(team_id, user_id, request)
                await respond(**circle_messages.created_reply(outcome.circle, outcome.created_channel))
            case syntax.Join(name=name):
                joined = await flows.join(team_id, user_id, name)
                if joined.already_member:
                    await respond(**circle_messages.already_member_reply(joined.circle))
                else:  # a newcomer can rate the skills they want to grow, in 30 seconds
                    await respond(**skill_views.with_rate_button(circle_messages.joined_reply(joined.circle), "start"))
            case syntax.Leave(name=name):
                await respond(**circle_messages.left_reply(await flows.leave(team_id, user_id, name)))
            case syntax.Info(name=name):
                await respond(**circle_info.circle_info(await flows.info(team_id, user_id, name)))
            case syntax.ProjectProposal(name=name):
                circle_id, circle_name = await deps.projects(client, team_id).circle_form(team_id, user_id, name)
                context = ModalContext(response_url=command.get("response_url"), ref=circle_id, scope="circle")
                await client.views_open(
                    trigger_id=command["trigger_id"], view=project_views.project_modal(circle_name, context)
                )
            case _ if isinstance(parsed, circle_rhythm.RHYTHM_COMMANDS):
                await circle_rhythm.handle(parsed, deps, command, respond, client)
