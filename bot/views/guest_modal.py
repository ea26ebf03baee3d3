"""The guest-speaker form (`/circle guest <name> on <date>`): who, on what, and a link."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement, UrlInputElement
from slack_sdk.models.views import View

from bot.errors import InvalidInput
from bot.services.meetings import GuestForm
from bot.services.meetings.guests import NAME_MAX, TOPIC_MAX
from bot.views.blocks import reply
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from bot.views.text import escape
from bot.views.time import for_everyone, local

CALLBACK_ID = "circle_guest_modal"


class Field(StrEnum):
    NAME = "guest_name"
    TOPIC = "guest_topic"
    LINK = "guest_link"


ERROR_FIELDS = {"name": Field.NAME, "topic": Field.TOPIC, "link": Field.LINK}


def guest_modal(circle: str, starts_at: datetime, tz: str, context: ModalContext) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Guest speaker",
        submit="Invite",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(
                block_id=Field.NAME,
                label=f"Who speaks at {circle}, {local(starts_at, tz)}?",
                hint="They needn't be in Slack. The leader in the rotation keeps their place for next time.",
                element=PlainTextInputElement(action_id=Field.NAME, max_length=NAME_MAX),
            ),
            InputBlock(
                block_id=Field.TOPIC,
                label="Topic",
                optional=True,
                element=PlainTextInputElement(action_id=Field.TOPIC, max_length=TOPIC_MAX),
            ),
            InputBlock(
                block_id=Field.LINK,
                label="A link about the guest or the talk",
                optional=True,
                element=UrlInputElement(action_id=Field.LINK),
            ),
        ],
    ).to_dict()


def parse_guest_form(view: dict[str, Any]) -> tuple[GuestForm, int, date]:
    """The guest, and which circle's meeting on which day the form was opened for."""
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def text(field: Field) -> str:
        return str((values.get(field, {}).get(field, {}) or {}).get("value") or "")

    form = GuestForm(name=text(Field.NAME), topic=text(Field.TOPIC), link=text(Field.LINK))
    context = ModalContext.load(view.get("private_metadata"))
    try:
        day = date.fromisoformat(context.day or "")
    except ValueError:
        raise InvalidInput("This form is out of date. Run `/circle guest` again.", field="name") from None
    return form, int(context.ref or 0), day


def guest_saved_reply(circle: str, guest: str, starts_at: datetime, tz: str) -> Message:
    return reply(
        f":microphone: *{escape(guest)}* speaks at *{escape(circle)}* on {for_everyone(starts_at, tz)}. "
        "The announcement will present them; nobody from the rotation is asked for that one."
    )
