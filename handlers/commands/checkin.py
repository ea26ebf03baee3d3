"""`/checkin`: check in now, settings, history, pause and resume."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import checkin_messages
from bot.views.checkin_modal import checkin_modal
from bot.views.checkin_prompt import paused_message
from bot.views.checkin_settings import settings_modal
from bot.views.modal_context import ModalContext
from handlers.commands import checkin_syntax as syntax
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/checkin")
    @reports_errors
    async def checkin_command(
        ack: AsyncAck,
        body: dict[str, Any],
        command: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        flows = deps.checkins(client, team_id)
        context = ModalContext(response_url=command.get("response_url"))
        match syntax.parse(command.get("text") or ""):
            case syntax.CheckinNow():
                checkin_id, goals = await flows.start(team_id, user_id)
                view = checkin_modal(goals, ModalContext(response_url=context.response_url, ref=checkin_id))
                await client.views_open(trigger_id=command["trigger_id"], view=view)
            case syntax.Settings():
                current = await flows.schedule(team_id, user_id)
                await client.views_open(trigger_id=command["trigger_id"], view=settings_modal(current, context))
            case syntax.History():
                entries, streak = await flows.history(team_id, user_id)
                await respond(**checkin_messages.history_reply(entries, streak))
            case syntax.Pause(until=until):
                schedule = await flows.pause_until_text(team_id, user_id, until)
                assert schedule.paused_until is not None
                await respond(**paused_message(schedule.paused_until))
            case syntax.Resume():
                await respond(**checkin_messages.resumed_reply(await flows.resume(team_id, user_id)))
            case syntax.Help():
                await respond(**checkin_messages.checkin_help(await flows.schedule(team_id, user_id)))
