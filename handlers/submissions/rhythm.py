"""Submissions of the schedule, guest-speaker, swap and share forms."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import CirclesError
from bot.views import guest_modal, meeting_posts, rhythm_replies, schedule_modal, share_modal
from bot.views.modal_context import ModalContext
from handlers.errors import reports_errors
from handlers.replies import reply
from handlers.request_context import team_of


def register(app: AsyncApp, deps: Deps) -> None:
    @app.view(schedule_modal.CALLBACK_ID)
    @reports_errors
    async def schedule_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        flows = deps.rhythm(client, team_id)
        try:
            form, context = schedule_modal.parse_schedule_form(view)
            circle, schedule, upcoming = await flows.save_schedule(team_id, user_id, int(context.ref or 0), form)
        except CirclesError as error:
            block = schedule_modal.ERROR_FIELDS.get(error.field or "", schedule_modal.Field.CADENCE)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack()
        tz = await flows.viewer_tz(team_id, user_id)
        await reply(body, client, rhythm_replies.schedule_saved(circle.name, schedule, upcoming, tz))

    @app.view(guest_modal.CALLBACK_ID)
    @reports_errors
    async def guest_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        try:
            form, circle_id, day = guest_modal.parse_guest_form(view)
            circle, starts, tz = await deps.rhythm(client, team_id).save_guest(team_id, user_id, circle_id, day, form)
        except CirclesError as error:
            block = guest_modal.ERROR_FIELDS.get(error.field or "", guest_modal.Field.NAME)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack()
        await reply(body, client, guest_modal.guest_saved_reply(circle.name, form.name.strip(), starts, tz))

    @app.view(meeting_posts.SWAP_CALLBACK_ID)
    @reports_errors
    async def swap_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient) -> None:
        context = ModalContext.load(view.get("private_metadata"))
        target = (view["state"]["values"].get(meeting_posts.SWAP_FIELD, {}).get(meeting_posts.SWAP_FIELD) or {}).get(
            "selected_user"
        )
        try:
            await deps.rhythm(client, team_of(body)).request_swap(
                body["team"]["id"], body["user"]["id"], int(context.ref or 0), target or ""
            )
        except CirclesError as error:
            await ack(response_action="errors", errors={meeting_posts.SWAP_FIELD: str(error)})
            return
        await ack()
        await reply(body, client, meeting_posts.swap_requested_reply(target or ""))

    @app.view(share_modal.CALLBACK_ID)
    @reports_errors
    async def share_submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        form = share_modal.parse_share_form(view)
        try:
            if form.circle_id is None:
                raise CirclesError("Pick a circle.", field="circle")
            circle, _ = await deps.rhythm(client, team_of(body)).share(
                body["team"]["id"], body["user"]["id"], form.circle_id, form.url, form.note
            )
        except CirclesError as error:
            block = share_modal.ERROR_FIELDS.get(error.field or "", share_modal.Field.URL)
            await ack(response_action="errors", errors={block: str(error)})
            return
        await ack()
        await reply(body, client, rhythm_replies.shared_reply(circle.name, circle.channel_id))
