"""App Home buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import calendar as calendar_views
from bot.views import circle_list
from bot.views import goals as goal_views
from bot.views import privacy as privacy_views
from bot.views.checkin_modal import checkin_modal
from bot.views.checkin_settings import settings_modal
from bot.views.home import HomeAction
from bot.views.modal_context import ModalContext
from handlers.actions.values import int_value
from handlers.commands.goal import open_goal_form
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(HomeAction.BROWSE)
    @reports_errors
    async def browse(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        circles = await deps.circles(client, team_of(body)).browse(*_ids(body))
        await reply(body, client, circle_list.circle_list(circles))  # a DM: its buttons work from there

    @app.action(HomeAction.NEW_GOAL)
    @reports_errors
    async def new_goal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await open_goal_form(deps, client, body, *_ids(body))

    @app.action(HomeAction.CHECKIN)
    @reports_errors
    async def check_in(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        checkin_id, goals = await deps.checkins(client, team_of(body)).start(*_ids(body))
        await client.views_open(trigger_id=body["trigger_id"], view=checkin_modal(goals, ModalContext(ref=checkin_id)))

    @app.action(HomeAction.SETTINGS)
    @reports_errors
    async def settings(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        current = await deps.checkins(client, team_of(body)).schedule(*_ids(body))
        await client.views_open(trigger_id=body["trigger_id"], view=settings_modal(current, ModalContext()))

    @app.action(HomeAction.CALENDAR)
    @reports_errors
    async def calendar(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        link = await deps.calendars(client, team_of(body)).link(*_ids(body))
        await reply(body, client, calendar_views.calendar_message(link))  # a DM: its buttons work from there

    @app.action(HomeAction.GOAL_DONE)
    @reports_errors
    async def goal_done(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        await deps.goals(client, team_id).close(team_id, user_id, int_value(body), "done")  # Home follows

    @app.action(HomeAction.ALL_GOALS)
    @reports_errors
    async def all_goals(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await reply(body, client, goal_views.goal_list(await deps.goals(client, team_of(body)).my_goals(*_ids(body))))

    @app.action(HomeAction.ADMIN)
    @reports_errors
    async def admin(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        figures = await deps.admin(client, team_of(body)).insights(*_ids(body))
        await reply(body, client, privacy_views.insights_reply(figures))

    @app.action(HomeAction.OPT_IN)
    @reports_errors
    async def opt_in(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        await deps.privacy(client, team_id).opt(team_id, user_id, out=False)  # Home follows
