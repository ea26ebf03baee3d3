"""Buttons that open the skills form (one's own, or a consenting mentee's) and the evaluation."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.views import evaluations as evaluation_views
from bot.views import skills as views
from bot.views.modal_context import ModalContext
from bot.views.skills import SkillAction
from handlers.actions.values import action_of, int_value
from handlers.errors import reports_errors


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


async def open_own_form(
    deps: Deps, client: AsyncWebClient, ids: tuple[str, str], trigger_id: str, response_url: str | None, checkpoint: str
) -> None:
    """The person's own skills form (refused with a clear answer when there's nothing to rate yet)."""
    skills, ask_consent = await deps.growth().own_form(*ids)
    context = ModalContext(response_url=response_url, scope=f"self:{checkpoint}")
    await client.views_open(trigger_id=trigger_id, view=views.skills_modal(skills, context, ask_consent=ask_consent))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(SkillAction.RATE)
    @reports_errors
    async def rate_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        checkpoint = str(action_of(body).get("value") or "update")
        await open_own_form(deps, client, _ids(body), body["trigger_id"], body.get("response_url"), checkpoint)

    @app.action(SkillAction.RATE_MENTEE)
    @reports_errors
    async def rate_mentee_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        mentee, skills = await deps.growth().mentee_form(*_ids(body), int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body), scope="mentor")
        await client.views_open(trigger_id=body["trigger_id"], view=views.skills_modal(skills, context, mentee=mentee))

    @app.action(evaluation_views.OPEN)
    @reports_errors
    async def evaluate_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        what = await deps.growth().evaluation(*_ids(body), int_value(body))
        context = ModalContext(response_url=body.get("response_url"), ref=int_value(body))
        await client.views_open(trigger_id=body["trigger_id"], view=evaluation_views.evaluation_modal(what, context))
