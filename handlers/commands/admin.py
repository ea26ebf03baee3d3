"""`/circles`: admin settings and insights, program events, every member's calendar link and privacy controls."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import admin as admin_views
from bot.views import badges as badge_views
from bot.views import calendar as calendar_views
from bot.views import intros as intro_views
from bot.views import outcome_report as outcome_views
from bot.views import privacy as privacy_views
from bot.views.events import forms as event_forms
from bot.views.events import messages as event_messages
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from bot.workflows.intros import IntroWorkflows
from handlers.actions.growth import open_own_form
from handlers.commands import intro_syntax
from handlers.errors import reports_errors

CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
SETTINGS = (
    "values",
    "kudos-channel",
    "kudos-limit",
    "kudos-reaction",
    "kudos-digest-only",
    "kudos-in-circle",
    "evaluations",
    "leadership-channel",
    "icebreaker",
    "buddies",
    "buddy-load",
    "onboarding-delay",
)
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/circles")
    @reports_errors
    async def circles_command(
        ack: AsyncAck, body: dict[str, Any], command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        sub, _, rest = (command.get("text") or "").strip().partition(" ")
        sub = sub.casefold()
        flows = deps.admin()
        if sub in ("", "help"):
            await respond(**admin_views.circles_help(await flows.settings(team_id)))
        elif sub == "settings":
            await respond(**admin_views.settings_reply(await flows.settings(team_id)))
        elif sub == "values" and not rest.strip():
            await respond(**admin_views.values_reply((await flows.settings(team_id)).company_values))
        elif sub in SETTINGS:
            raw = rest.removeprefix("set ").strip()
            channel = CHANNEL.search(raw)
            settings = await flows.change(team_id, user_id, sub, channel.group(1) if channel else raw)
            await respond(**admin_views.settings_reply(settings, changed=sub))
        elif sub == "deliveries":
            await respond(**admin_views.deliveries_reply(await flows.deliveries(team_id, user_id)))
        elif sub == "admin" and rest.strip().casefold() == "outcomes":
            await respond(**outcome_views.outcomes_reply(await deps.admin(client, team_id).outcomes(team_id, user_id)))
        elif sub == "admin":
            await respond(**privacy_views.insights_reply(await deps.admin(client, team_id).insights(team_id, user_id)))
        elif sub == "event":
            choices = await deps.events(client, team_id).form(team_id, user_id)  # refuses before the form opens
            context = ModalContext(response_url=command.get("response_url"))
            await client.views_open(
                trigger_id=command["trigger_id"], view=event_forms.event_modal(choices, user_id, context)
            )
        elif sub == "events":
            listed, tz = await deps.events(client, team_id).upcoming(team_id, user_id)
            await respond(**event_messages.events_list(listed, tz))
        elif sub == "intros":
            await respond(**await _intros(deps.intros(client, team_id), team_id, user_id, rest))
        elif sub in ("badges", "badge"):
            await _badges(deps, client, command, respond, rest)
        elif sub == "welcome":
            people = MENTION.findall(rest)
            added = await deps.onboarding().welcome(team_id, user_id, people)
            await respond(**admin_views.welcomed_reply(people, added))
        elif sub == "skills":
            await open_own_form(
                deps, client, (team_id, user_id), command["trigger_id"], command.get("response_url"), "update"
            )
        elif sub == "calendar":
            link = await deps.calendars(client, team_id).link(team_id, user_id)
            await respond(**calendar_views.calendar_message(link))
        elif sub == "privacy":
            await respond(**privacy_views.privacy_reply(await deps.privacy(client, team_id).counts(team_id, user_id)))
        elif sub == "export-my-data":
            await deps.privacy(client, team_id).export(team_id, user_id)
            await respond(**privacy_views.exported_reply())
        elif sub == "delete-my-data":
            context = ModalContext(response_url=command.get("response_url"))
            await client.views_open(trigger_id=command["trigger_id"], view=privacy_views.delete_modal(context))
        elif sub in ("opt-out", "opt-in"):
            await deps.privacy(client, team_id).opt(team_id, user_id, out=sub == "opt-out")
            await respond(**(privacy_views.opted_out_reply() if sub == "opt-out" else privacy_views.opted_in_reply()))
        else:
            await respond(**admin_views.unknown(sub))


async def _intros(flows: IntroWorkflows, team_id: str, user_id: str, rest: str) -> Message:
    match intro_syntax.parse_intros(rest):
        case intro_syntax.Resume():
            return intro_views.resumed_reply(await flows.resume(team_id, user_id))
        case intro_syntax.TurnOff(channel_id=channel_id):
            await flows.turn_off(team_id, user_id, channel_id)
            return intro_views.turned_off_reply(channel_id)
        case intro_syntax.Configure(settings=settings):
            return intro_views.configured_reply(await flows.configure(team_id, user_id, settings))
        case _:
            return intro_views.overview_reply(await flows.overview(team_id, user_id))


async def _badges(
    deps: Deps, client: AsyncWebClient, command: dict[str, Any], respond: AsyncRespond, rest: str
) -> None:
    """`/circles badges [@someone | quiet | public]`, `/circles badge new | give` (admins, a form each)."""
    team_id, user_id = command["team_id"], command["user_id"]
    flows = deps.badges(client, team_id)
    word = rest.strip().casefold()
    context = ModalContext(response_url=command.get("response_url"))
    if word == "new":
        await flows.require_admin(team_id, user_id, "define badges")  # refused before the form opens
        await client.views_open(trigger_id=command["trigger_id"], view=badge_views.define_modal(context))
    elif word == "give":
        custom = await flows.require_admin(team_id, user_id, "give badges")
        if not custom:
            await respond(**badge_views.no_custom_badges())
            return
        await client.views_open(trigger_id=command["trigger_id"], view=badge_views.give_modal(custom, context))
    elif word in ("quiet", "public"):
        await flows.set_public(team_id, user_id, word == "public")
        await respond(**badge_views.public_reply(word == "public"))
    else:
        someone = MENTION.search(rest)
        whose = someone.group(1) if someone else user_id
        await respond(**badge_views.badges_reply(whose, await flows.of(team_id, whose), whose == user_id))
