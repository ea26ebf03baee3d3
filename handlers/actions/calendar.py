"""Calendar buttons: a new feed link (the old one stops working), files by DM without a feed."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import calendar as calendar_views
from bot.views.calendar import CalendarAction
from handlers.errors import reports_errors
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(CalendarAction.NEW_LINK)
    @reports_errors
    async def new_link(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = team_of(body), body["user"]["id"]
        link = await deps.calendars(client, team_id).link(team_id, user_id, renew=True)
        await respond(replace_original=True, **calendar_views.calendar_message(link, renewed=True))

    @app.action(CalendarAction.SEND_FILES)
    @reports_errors
    async def send_files(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = team_of(body), body["user"]["id"]
        sent = await deps.calendars(client, team_id).send_files(team_id, user_id)
        await respond(replace_original=False, **calendar_views.files_sent_reply(sent))
