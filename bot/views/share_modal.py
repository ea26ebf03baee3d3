"""The "Share to circle" message shortcut's form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement, StaticSelectElement, UrlInputElement
from slack_sdk.models.views import View

from bot.services.resources import NOTE_MAX
from bot.views.blocks import options
from bot.views.modal_context import ModalContext

SHORTCUT_ID = "share_to_circle"
CALLBACK_ID = "share_to_circle_modal"


class Field(StrEnum):
    CIRCLE = "share_circle"
    URL = "share_url"
    NOTE = "share_note"


ERROR_FIELDS = {"url": Field.URL, "note": Field.NOTE, "circle": Field.CIRCLE}


@dataclass(frozen=True)
class ShareForm:
    circle_id: int | None
    url: str
    note: str
    context: ModalContext


def share_modal(circles: list[tuple[int, str]], url: str, context: ModalContext) -> dict[str, Any]:
    choices = options([(str(cid), name[:75]) for cid, name in circles[:100]])
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Share to circle",
        submit="Share",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(
                block_id=Field.CIRCLE,
                label="Circle",
                element=StaticSelectElement(
                    action_id=Field.CIRCLE, options=choices, initial_option=choices[0] if len(choices) == 1 else None
                ),
            ),
            InputBlock(
                block_id=Field.URL, label="Link", element=UrlInputElement(action_id=Field.URL, initial_value=url)
            ),
            InputBlock(
                block_id=Field.NOTE,
                label="Why it's worth a look",
                optional=True,
                element=PlainTextInputElement(action_id=Field.NOTE, multiline=True, max_length=NOTE_MAX),
            ),
        ],
    )
    return view.to_dict()


def parse_share_form(view: dict[str, Any]) -> ShareForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(field: Field) -> dict[str, Any]:
        return values.get(field, {}).get(field, {}) or {}

    circle = (state(Field.CIRCLE).get("selected_option") or {}).get("value")
    return ShareForm(
        circle_id=int(circle) if circle else None,
        url=state(Field.URL).get("value") or "",
        note=state(Field.NOTE).get("value") or "",
        context=ModalContext.load(view.get("private_metadata")),
    )
