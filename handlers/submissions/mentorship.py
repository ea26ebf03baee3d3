"""Mentorship forms: profile, new cycle, feedback."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import mentor_goals as goal_views
from bot.views import mentorship as views
from bot.views import skills as skill_views
from bot.views.blocks import reply as reply_message
from bot.views.mentorship import agreements as agreement_views
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(views.PROFILE_ID)
    @reports_errors
    async def profile_saved(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        try:
            await deps.mentorship(client, team_of(body)).save_profile(
                body["team"]["id"], body["user"]["id"], views.parse_profile(view)
            )
        except CirclesError as error:
            await ack(
                response_action="errors", errors={views.PROFILE_ERRORS.get(error.field or "", views.P.ROLE): str(error)}
            )
            return
        await ack()
        saved = reply_message(":white_check_mark: Your mentorship profile is saved. Rate the skills you want to grow?")
        await reply(body, client, skill_views.with_rate_button(saved, "start"))

    @app.view(agreement_views.CALLBACK_ID)
    @reports_errors
    async def agreement_saved(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            pair_id, form = agreement_views.parse_agreement(view)
            await deps.mentorship(client, team_id).save_agreement(team_id, user_id, pair_id, form)
        except CirclesError as error:
            field = agreement_views.ERROR_FIELDS.get(error.field or "", agreement_views.GOALS[0])
            await ack(response_action="errors", errors={field: str(error)})
            return
        await ack()
        await reply(body, client, agreement_views.saved_reply())

    @app.view(views.PROGRAM_ID)
    @reports_errors
    async def program_created(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        try:
            program = await deps.mentorship(client, team_of(body)).create_program(
                body["team"]["id"], body["user"]["id"], views.parse_program(view)
            )
        except CirclesError as error:
            await ack(
                response_action="errors", errors={views.PROGRAM_ERRORS.get(error.field or "", views.G.NAME): str(error)}
            )
            return
        await ack()
        deadline = f"{program.enrolment_deadline:%b %-d}"
        text = f":rocket: *{program.name}* is open for enrolment until {deadline}; invitations are out."
        await reply(body, client, reply_message(text))

    @app.view(views.SURVEY_ID)
    @reports_errors
    async def survey_sent(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        program_id, kind, answers = views.parse_survey(view)
        flows = deps.mentorship(client, team_of(body))
        await flows.save_survey(team_of(body), body["user"]["id"], program_id, kind, answers)
        await reply(body, client, reply_message(":pray: Thanks for the feedback. Only you can see your answers."))

    @app.view(goal_views.CALLBACK_ID)
    @reports_errors
    async def goal_comment(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        form = goal_views.parse_comment_form(view)
        team_id, user_id = team_of(body), body["user"]["id"]
        try:
            saved = await deps.mentor_goals(client, team_id).comment(team_id, user_id, form.goal_id, form.text)
        except CirclesError as error:
            await ack(response_action="errors", errors={goal_views.Field.COMMENT: str(error)})
            return
        await ack()
        await reply(body, client, goal_views.comment_sent_reply(saved))
