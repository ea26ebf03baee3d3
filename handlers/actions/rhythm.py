"""Leader DM buttons (accept, swap, skip, topic), meeting-day RSVPs, and resource paging."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.errors import InvalidInput
from bot.views import meeting_posts, rhythm_replies
from bot.views.blocks import reply
from bot.views.meeting_posts import LeaderAction, MeetingAction
from bot.views.modal_context import ModalContext
from handlers.actions.values import action_of, int_value
from handlers.errors import reports_errors
from handlers.request_context import team_of


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return body["team"]["id"], body["user"]["id"]


def _pair(raw: str) -> tuple[int, int]:
    """`"12:3"` → (12, 3): two ids carried in one option or button value."""
    first, _, second = raw.partition(":")
    if not (first.isdecimal() and second.isdecimal()):
        raise InvalidInput("That control is out of date. Run the command again.")
    return int(first), int(second)


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(LeaderAction.ACCEPT)
    @app.action(LeaderAction.SWAP_ACCEPT)
    @reports_errors
    async def accept_clicked(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        accepted = await deps.rhythm(client, team_of(body)).accept_lead(*_ids(body), int_value(body))
        await respond(replace_original=True, **meeting_posts.accepted_reply(accepted.post))

    @app.action(LeaderAction.SKIP)
    @reports_errors
    async def skip_clicked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        ask = await deps.rhythm(client, team_of(body)).skip_lead(*_ids(body), int_value(body))
        await respond(replace_original=True, **meeting_posts.skipped_reply(ask.user_id if ask else None))

    @app.action(LeaderAction.SWAP)
    @reports_errors
    async def swap_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        context = ModalContext(response_url=body.get("response_url"))
        await client.views_open(trigger_id=body["trigger_id"], view=meeting_posts.swap_modal(int_value(body), context))

    @app.action(LeaderAction.SWAP_DECLINE)
    @reports_errors
    async def swap_declined(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await deps.rhythm(client, team_of(body)).decline_swap(*_ids(body), int_value(body))
        await respond(replace_original=True, **meeting_posts.swap_declined_reply())

    @app.action(LeaderAction.TOPIC)
    @reports_errors
    async def topic_picked(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        turn_id, topic_id = _pair((action_of(body).get("selected_option") or {}).get("value", ""))
        text = await deps.rhythm(client, team_of(body)).pick_topic(*_ids(body), turn_id, topic_id)
        await respond(replace_original=False, **reply(meeting_posts.topic_picked_reply(text)))

    async def rsvp(body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient, attending: bool) -> None:
        counts, post = await deps.rhythm(client, team_of(body)).rsvp(*_ids(body), int_value(body), attending)
        await respond(replace_original=True, **meeting_posts.meeting_reminder(post, counts))  # type: ignore[arg-type]

    @app.action(MeetingAction.RSVP_YES)
    @reports_errors
    async def rsvp_yes(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await rsvp(body, respond, client, True)

    @app.action(MeetingAction.RSVP_NO)
    @reports_errors
    async def rsvp_no(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await ack()
        await rsvp(body, respond, client, False)

    @app.action(rhythm_replies.ResourceAction.MORE)
    @reports_errors
    async def more_resources(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        circle_id, offset = _pair(action_of(body).get("value", ""))
        circle, items, total = await deps.rhythm(client, team_of(body)).resources_page(*_ids(body), circle_id, offset)
        await respond(
            replace_original=True, **rhythm_replies.resources_reply(circle.id, circle.name, items, total, offset)
        )
