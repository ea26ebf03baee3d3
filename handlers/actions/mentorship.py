"""Mentorship buttons: join a cycle, preview/lock/publish (admins), 1:1 check-ins, feedback."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import mentor_goals as goal_views
from bot.views import mentorship as views
from bot.views import onboarding as onboarding_views
from bot.views.blocks import reply as reply_message
from bot.views.mentor_goals import MentorGoalAction
from bot.views.mentorship import MentorAction
from bot.views.mentorship import agreements as agreement_views
from bot.views.modal_context import ModalContext
from handlers.actions.values import action_of, id_and_moment, int_value
from handlers.commands.mentor import open_profile
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of

OUTCOMES = {
    MentorAction.MET: ("met", ":white_check_mark: Great, noted. See you at the next check-in."),
    MentorAction.RESCHEDULE: ("reschedule", ":calendar: Noted. I'll check in again next time."),
    MentorAction.HELP: ("help", ":sos: I've let the program admin know privately. They'll reach out."),
}


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(agreement_views.AGREE)
    @reports_errors
    async def agree_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        current = await deps.mentorship(client, team_id).agreement(team_id, user_id, int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body))
        await client.views_open(trigger_id=body["trigger_id"], view=agreement_views.agreement_modal(current, context))

    @app.action(onboarding_views.PROFILE)
    @reports_errors
    async def profile_from_welcome(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await open_profile(deps, client, body, body["team"]["id"], body["user"]["id"])

    @app.action(MentorAction.JOIN)
    @reports_errors
    async def join(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        program, has_profile = await deps.mentorship(client, team_id).join(team_id, user_id, int_value(body))
        if not has_profile:
            await open_profile(deps, client, body, team_id, user_id)
        await reply(body, client, views.joined_reply(program, has_profile))

    @app.action(MentorAction.PREVIEW)
    @reports_errors
    async def preview(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        proposal = await deps.mentorship(client, team_of(body)).preview(*_ids(body), int_value(body))
        await reply(body, client, views.preview(proposal))

    @app.action(MentorAction.PUBLISH)
    @reports_errors
    async def publish(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        count = await deps.mentorship(client, team_of(body)).publish(*_ids(body), int_value(body))
        await reply(
            body, client, reply_message(f":tada: Published {count} pairs; each got a group DM with an introduction.")
        )

    async def change_pair(body: dict[str, Any], client: AsyncWebClient, status: str) -> None:
        program_id, mentor, mentee = str(action_of(body).get("value", "")).split(":")
        flows = deps.mentorship(client, team_of(body))
        proposal = await flows.set_pair(*_ids(body), int(program_id), mentor, mentee, status)
        await reply(body, client, views.preview(proposal))

    @app.action(MentorAction.LOCK)
    @reports_errors
    async def lock(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await change_pair(body, client, "locked")

    @app.action(MentorAction.BREAK)
    @reports_errors
    async def break_pair(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await change_pair(body, client, "broken")

    async def outcome(body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        result, text = OUTCOMES[MentorAction(action_of(body)["action_id"])]
        await deps.mentorship(client, team_of(body)).report(*_ids(body), int_value(body), result)
        await respond(replace_original=False, response_type="ephemeral", **reply_message(text))

    for action in OUTCOMES:

        @app.action(action)
        @reports_errors
        async def pair_outcome(
            ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
        ) -> None:
            await ack()
            await outcome(body, respond, client)

    @app.action(MentorAction.PROPOSE_TIMES)
    @reports_errors
    async def propose_times(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await deps.pair_sessions(client, team_of(body)).propose(*_ids(body), int_value(body))
        await respond(replace_original=False, response_type="ephemeral", **views.proposed_reply())

    @app.action(MentorAction.PICK_TIME)
    @reports_errors
    async def pick_time(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        pair_id, starts_at = id_and_moment(body)
        people = await deps.pair_sessions(client, team_of(body)).pick(*_ids(body), pair_id, starts_at)
        await respond(replace_original=False, response_type="ephemeral", **views.picked_reply(people, starts_at))

    @app.action(MentorAction.SURVEY)
    @reports_errors
    async def survey(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        program_id, kind = str(action_of(body).get("value", "0:mid")).split(":")
        await client.views_open(trigger_id=body["trigger_id"], view=views.survey_modal(int(program_id), kind))

    @app.action(MentorGoalAction.COMMENT)
    @reports_errors
    async def comment_on_goal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        team_id, user_id = _ids(body)
        goal_id = int_value(body)
        title = await deps.mentor_goals(client, team_id).goal_to_comment(team_id, user_id, goal_id)  # or refused
        context = ModalContext(response_url=body.get("response_url"))
        await client.views_open(trigger_id=body["trigger_id"], view=goal_views.comment_modal(goal_id, title, context))
