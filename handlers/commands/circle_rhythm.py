"""The rhythm half of `/circle`: schedule, skip, guest, leaders, away, topics, share, resources."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import calendar as calendar_views
from bot.views import digest as digest_views
from bot.views import guest_modal, rhythm_replies
from bot.views.blocks import reply
from bot.views.modal_context import ModalContext
from bot.views.schedule_modal import schedule_modal
from handlers.commands import circle_syntax as syntax

RHYTHM_COMMANDS = (
    syntax.Schedule,
    syntax.Leaders,
    syntax.Away,
    syntax.TopicAdd,
    syntax.TopicList,
    syntax.TopicChange,
    syntax.Share,
    syntax.Resources,
    syntax.Digest,
    syntax.Skip,
    syntax.Guest,
)


async def handle(
    parsed: syntax.CircleCommand,
    deps: Deps,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient,
) -> None:
    team_id, user_id, channel_id = command["team_id"], command["user_id"], command.get("channel_id", "")
    flows = deps.rhythm(client, team_id)
    match parsed:
        case syntax.Schedule(name=name):
            circle, defaults = await flows.schedule_form(team_id, user_id, name)
            context = ModalContext(response_url=command.get("response_url"), ref=circle.id)
            await client.views_open(
                trigger_id=command["trigger_id"], view=schedule_modal(circle.name, defaults, context)
            )
        case syntax.Leaders(name=name):
            overview = await flows.leaders(team_id, user_id, name)
            await respond(**rhythm_replies.leaders_reply(overview, await flows.viewer_tz(team_id, user_id)))
        case syntax.Away(until=until):
            away_until: date | None = await flows.away(team_id, user_id, until)
            await respond(**rhythm_replies.away_reply(away_until))
        case syntax.TopicAdd(text=text):
            circle, number = await flows.add_topic(team_id, user_id, channel_id, text)
            await respond(**reply(f":speech_balloon: Added to *{circle.name}*'s topics as #{number}."))
        case syntax.TopicList(name=name):
            circle, topics = await flows.list_topics(team_id, user_id, channel_id, name)
            await respond(**rhythm_replies.topics_reply(circle.name, topics))
        case syntax.TopicChange(number=number, action=action):
            text = await flows.change_topic(team_id, user_id, channel_id, number, action)
            done = "Removed" if action == "remove" else "Moved to the front:"
            await respond(**reply(f"{done} _{text}_"))
        case syntax.Share(name=name, url=url, note=note):
            circle, _ = await flows.share(team_id, user_id, name, url, note)
            await respond(**rhythm_replies.shared_reply(circle.name, circle.channel_id))
        case syntax.Digest(name=name, change="preview"):
            await respond(**digest_views.digest_message(await deps.digests().preview(team_id, user_id, name)))
        case syntax.Digest(name=name, change=change):
            settings = await deps.digests().change(team_id, user_id, name, change)
            await respond(
                **digest_views.digest_settings_reply(
                    settings.circle, settings.enabled, settings.when, settings.skip_empty
                )
            )
        case syntax.Skip(name=name, day=day, skipped=skipped):
            circle, starts, tz = await deps.calendars(client, team_id).skip(team_id, user_id, name, day, skipped)
            await respond(**calendar_views.skip_reply(circle, starts, tz, skipped))
        case syntax.Guest(name=name, day=day):
            circle, when, starts, tz = await flows.guest_form(team_id, user_id, name, day)
            context = ModalContext(response_url=command.get("response_url"), ref=circle.id, day=when.isoformat())
            await client.views_open(
                trigger_id=command["trigger_id"], view=guest_modal.guest_modal(circle.name, starts, tz, context)
            )
        case syntax.Resources(name=name):
            circle, items, total = await flows.resources_page(team_id, user_id, name, 0)
            await respond(**rhythm_replies.resources_reply(circle.id, circle.name, items, total, 0))
