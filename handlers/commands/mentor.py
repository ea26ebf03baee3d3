"""`/mentor`: profiles, cycles, previews and publishing (admins), and your own pair."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.views import mentor_goals as goal_views
from bot.views import mentorship as views
from bot.views import projects as project_views
from bot.views import skills as skill_views
from bot.views.blocks import reply
from bot.views.mentorship import agreements as agreement_views
from bot.views.modal_context import ModalContext
from handlers.errors import reports_errors
from handlers.request_context import team_of

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def _program_and_pair(rest: str) -> tuple[str, str, str]:
    people = MENTION.findall(rest)
    name = MENTION.sub("", rest).strip()
    if len(people) != 2 or not name:
        raise InvalidInput("Use `/mentor lock <program> @mentor @mentee` (or `break`).")
    return name, people[0], people[1]


async def open_profile(deps: Deps, client: AsyncWebClient, body: dict[str, Any], team_id: str, user_id: str) -> None:
    current, title = await deps.mentorship(client, team_of(body)).profile(team_id, user_id)
    context = ModalContext(response_url=body.get("response_url"))
    await client.views_open(trigger_id=body["trigger_id"], view=views.profile_modal(current, title, context))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/mentor")
    @reports_errors
    async def mentor_command(
        ack: AsyncAck, body: dict[str, Any], command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        team_id, user_id = command["team_id"], command["user_id"]
        sub, _, rest = (command.get("text") or "").strip().partition(" ")
        sub, rest = sub.casefold(), rest.strip()
        flows = deps.mentorship(client, team_id)
        if sub in ("", "help"):
            await respond(**views.mentor_help())
        elif sub == "profile":
            await open_profile(deps, client, body, team_id, user_id)
        elif sub == "program":
            await flows.require_admin(team_id, user_id)
            context = ModalContext(response_url=command.get("response_url"))
            await client.views_open(trigger_id=command["trigger_id"], view=views.program_modal(context))
        elif sub == "programs":
            await respond(**views.programs_reply(await flows.programs(team_id)))
        elif sub in ("join", "enrol", "enroll"):
            program, has_profile = await flows.join(team_id, user_id, rest)
            await respond(**views.joined_reply(program, has_profile))
            if not has_profile:
                await open_profile(deps, client, body, team_id, user_id)
        elif sub == "preview":
            await respond(**views.preview(await flows.preview(team_id, user_id, rest)))
        elif sub in ("lock", "break"):
            name, mentor, mentee = _program_and_pair(rest)
            status = "locked" if sub == "lock" else "broken"
            await respond(**views.preview(await flows.set_pair(team_id, user_id, name, mentor, mentee, status)))
        elif sub == "publish":
            count = await flows.publish(team_id, user_id, rest)
            await respond(**reply(f":tada: Published {count} pairs; each got a group DM with an introduction."))
        elif sub == "me":
            shared = await deps.mentor_goals(client, team_id).shared_with(team_id, user_id)
            pairs = await deps.projects(client, team_id).pairs(team_id, user_id)
            ratable = await deps.growth().ratable(team_id, user_id)
            mine = goal_views.with_shared_goals(views.my_mentorship(await flows.mine(team_id, user_id)), shared)
            mine = views.with_lines(mine, agreement_views.agreement_lines(await flows.agreements(team_id, user_id)))
            await respond(**project_views.with_plan_buttons(mine, pairs, skill_views.mentee_buttons(ratable)))
        else:
            raise InvalidInput(f"I don't know `/mentor {sub}`. Try `/mentor help`.")
