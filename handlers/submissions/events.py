"""Submissions of the event form and of the small modals around an event (comment, who came, recording)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views.events import forms, messages
from bot.views.events.ids import ERROR_FIELDS, Callback, Field
from bot.views.modal_context import ModalContext
from handlers.errors import reports_errors
from handlers.replies import reply


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def _event_of(view: dict[str, Any]) -> int:
    return int(ModalContext.load(view.get("private_metadata")).ref or 0)


async def _refuse(ack: AsyncAck, error: CirclesError, default: Field) -> None:
    """A domain error shown beside the input at fault (or the form's first), the form kept open."""
    await ack(response_action="errors", errors={ERROR_FIELDS.get(error.field or "", default): str(error)})


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(Callback.EVENT)
    @reports_errors
    async def event_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        try:
            card, channels = await deps.events(client, team_id).create(team_id, user_id, forms.parse_event_form(view))
        except CirclesError as error:
            await _refuse(ack, error, Field.TITLE)
            return
        await ack()
        await reply(body, client, messages.created_reply(card, channels))

    @app.view(Callback.COMMENT)
    @reports_errors
    async def comment_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        try:
            title = await deps.events(client, team_id).comment(
                team_id, user_id, _event_of(view), forms.typed_comment(view)
            )
        except CirclesError as error:
            await _refuse(ack, error, Field.COMMENT)
            return
        await ack()
        await reply(body, client, messages.comment_saved(title))

    @app.view(Callback.ATTENDANCE)
    @reports_errors
    async def attendance_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        try:
            title, came = await deps.events(client, team_id).mark_attendance(
                team_id, user_id, _event_of(view), forms.present_users(view)
            )
        except CirclesError as error:
            await _refuse(ack, error, Field.PRESENT)
            return
        await ack()
        await reply(body, client, messages.attendance_saved(title, came))

    @app.view(Callback.RECORDING)
    @reports_errors
    async def recording_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        try:
            title, circles = await deps.events(client, team_id).share_recording(
                team_id, user_id, _event_of(view), forms.typed_url(view)
            )
        except CirclesError as error:
            await _refuse(ack, error, Field.URL)
            return
        await ack()
        await reply(body, client, messages.recording_shared(title, circles))
