"""Submissions of the event form and of the small modals around an event (comment, who came, recording)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views.events import forms, messages
from bot.views.events.ids import ERROR_FIELDS, Callback, Field
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from handlers.errors import reports_errors
from handlers.replies import reply

T = TypeVar("T")


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def _event_of(view: dict[str, Any]) -> int:
    return int(ModalContext.load(view.get("private_metadata")).ref or 0)


async def _submit(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    work: Callable[[], Awaitable[T]],
    render: Callable[[T], Message],
    default: Field,
) -> None:
    """Do the work; a domain error is shown beside the input at fault (or `default`) and the form stays
    open; otherwise the form closes and the person gets `render`'s answer."""
    try:
        done = await work()
    except CirclesError as error:
        await ack(response_action="errors", errors={ERROR_FIELDS.get(error.field or "", default): str(error)})
        return
    await ack()
    await reply(body, client, render(done))


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(Callback.EVENT)
    @reports_errors
    async def event_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        flows = deps.events(client, team_id)
        await _submit(
            ack,
            body,
            client,
            lambda: flows.create(team_id, user_id, forms.parse_event_form(view)),
            lambda created: messages.created_reply(*created),
            Field.TITLE,
        )

    @app.view(Callback.COMMENT)
    @reports_errors
    async def comment_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        flows = deps.events(client, team_id)
        await _submit(
            ack,
            body,
            client,
            lambda: flows.comment(team_id, user_id, _event_of(view), forms.typed_comment(view)),
            messages.comment_saved,
            Field.COMMENT,
        )

    @app.view(Callback.ATTENDANCE)
    @reports_errors
    async def attendance_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        flows = deps.events(client, team_id)
        await _submit(
            ack,
            body,
            client,
            lambda: flows.mark_attendance(team_id, user_id, _event_of(view), forms.present_users(view)),
            lambda marked: messages.attendance_saved(*marked),
            Field.PRESENT,
        )

    @app.view(Callback.RECORDING)
    @reports_errors
    async def recording_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = _ids(body)
        flows = deps.events(client, team_id)
        await _submit(
            ack,
            body,
            client,
            lambda: flows.share_recording(team_id, user_id, _event_of(view), forms.typed_url(view)),
            lambda shared: messages.recording_shared(*shared),
            Field.URL,
        )
