"""Submissions of the skills form and of the half-yearly evaluation."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import evaluations as evaluation_views
from bot.views import skills as views
from handlers.errors import reports_errors
from handlers.replies import reply


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(views.CALLBACK_ID)
    @reports_errors
    async def skills_rated(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        ratings, consent, context = views.parse_skills(view)
        flows = deps.growth()
        try:
            if context.scope == "mentor":
                mentee, saved = await flows.save_for_mentee(team_id, user_id, int(context.ref or 0), ratings)
            else:
                checkpoint = (context.scope or "self:update").partition(":")[2]
                mentee, saved = None, await flows.save(team_id, user_id, ratings, checkpoint, consent)
        except CirclesError as error:
            await ack(response_action="errors", errors={"skill_0": str(error)})
            return
        await ack()
        await reply(body, client, views.saved_reply(saved, mentee))

    @app.view(evaluation_views.CALLBACK_ID)
    @reports_errors
    async def evaluated(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            evaluation_id, form = evaluation_views.parse_evaluation(view)
            what = await deps.growth().evaluate(team_id, user_id, evaluation_id, form)
        except CirclesError as error:
            field = evaluation_views.ERROR_FIELDS.get(error.field or "", evaluation_views.Field.USEFULNESS)
            await ack(response_action="errors", errors={field: str(error)})
            return
        await ack()
        await reply(body, client, evaluation_views.thanks(what))
