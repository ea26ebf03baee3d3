"""The "New circle" modal, and the one helper that turns its submitted state into typed data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.circles import DESCRIPTION_MAX, NAME_MAX
from bot.services.guides import GUIDES
from bot.views.blocks import options
from bot.views.modal_context import ModalContext

CALLBACK_ID = "circle_new_modal"


class Field(StrEnum):
    """Block ids of the modal's inputs; each input's action id is the same string."""

    NAME = "circle_name"
    DESCRIPTION = "circle_description"
    CHANNEL = "circle_channel"
    GUIDE = "circle_guide"


@dataclass(frozen=True)
class NewCircleForm:
    name: str
    description: str
    channel_id: str | None
    guide_key: str | None
    context: ModalContext


def new_circle_modal(context: ModalContext, initial_name: str = "") -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="New circle",
        submit="Create",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(
                block_id=Field.NAME,
                label="Name",
                element=PlainTextInputElement(
                    action_id=Field.NAME,
                    max_length=NAME_MAX,
                    initial_value=initial_name or None,
                    placeholder="e.g. Rust Learners",
                ),
            ),
            InputBlock(
                block_id=Field.DESCRIPTION,
                label="Topic / description",
                optional=True,
                element=PlainTextInputElement(
                    action_id=Field.DESCRIPTION,
                    multiline=True,
                    max_length=DESCRIPTION_MAX,
                    placeholder="What will the circle learn together?",
                ),
            ),
            InputBlock(
                block_id=Field.CHANNEL,
                label="Channel",
                optional=True,
                hint="Leave empty and I'll create a channel named after the circle.",
                element=ConversationSelectElement(
                    action_id=Field.CHANNEL,
                    placeholder="Pick an existing public channel",
                    filter=ConversationFilter(include=["public"], exclude_bot_users=True),
                ),
            ),
            InputBlock(
                block_id=Field.GUIDE,
                label="Starter discussion guide",
                optional=True,
                hint="Adds guide questions to every meeting announcement and a few first topics.",
                element=StaticSelectElement(
                    action_id=Field.GUIDE,
                    placeholder="None",
                    options=options([(g.key, g.name) for g in GUIDES.values()]),
                ),
            ),
            ContextBlock(elements=[MarkdownTextObject(text="You'll be the circle's organiser; anyone can join it.")]),
        ],
    )
    return view.to_dict()


def parse_new_circle(view: dict[str, Any]) -> NewCircleForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def field(name: Field) -> dict[str, Any]:
        return values.get(name, {}).get(name, {}) or {}

    return NewCircleForm(
        name=field(Field.NAME).get("value") or "",
        description=field(Field.DESCRIPTION).get("value") or "",
        channel_id=field(Field.CHANNEL).get("selected_conversation") or None,
        guide_key=(field(Field.GUIDE).get("selected_option") or {}).get("value"),
        context=ModalContext.load(view.get("private_metadata")),
    )
