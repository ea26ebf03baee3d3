"""The goal form's submission: inline errors for bad input, a confirmation where it was opened."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.services.goals import GoalDraft, check_title
from bot.views.goal_modal import CALLBACK_ID, ERROR_FIELDS, Field, parse_goal_form
from bot.views.goals import goal_set_reply
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(CALLBACK_ID)
    @reports_errors
    async def goal_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        form = parse_goal_form(view)
        draft = GoalDraft(
            title=form.title,
            due_date=form.due_date,
            circle_id=form.circle_id,
            why=form.why,
            measure=form.measure,
            milestones=form.milestones,
            visibility=form.visibility,
        )
        try:
            check_title(draft.title)
            goal = await deps.goals(client, team_of(body)).create(body["team"]["id"], body["user"]["id"], draft)
        except CirclesError as error:
            await ack(
                response_action="errors",
                errors={ERROR_FIELDS.get(error.field or "", Field.TITLE): str(error)},
            )
            return
        await ack()
        await reply(body, client, goal_set_reply(goal))
