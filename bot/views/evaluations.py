"""The half-yearly evaluation: the DM (and its one reminder), the modal, and the thanks."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.evaluations import CHANGED_MAX, EvaluationForm
from bot.views.blocks import reply
from bot.views.form_values import chosen_value, integer, text_value
from bot.views.mentorship.forms import radio_input
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

CALLBACK_ID = "evaluation_form"
OPEN = "evaluation_open"  # the DM's button; value: the evaluation id
LIKERT = [(str(n), label) for n, label in enumerate(("not useful", "a little", "somewhat", "useful", "very useful"), 1)]


class Field(StrEnum):
    USEFULNESS = "evaluation_usefulness"
    CHANGED = "evaluation_changed"
    RECOMMEND = "evaluation_recommend"
    KEEP_GOING = "evaluation_keep_going"


ERROR_FIELDS = {"usefulness": Field.USEFULNESS, "changed": Field.CHANGED}


def ask_dm(evaluation_id: int, what: str, *, reminder: bool = False) -> Message:
    lead = "A gentle reminder: " if reminder else ":clipboard: Half-year check: "
    text = (
        f"{lead}how is *{escape(what)}* going for you? Four questions, a minute. Only totals are shown, to "
        "admins, and only from five answers."
    )
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[ButtonElement(text="Evaluate", action_id=OPEN, value=str(evaluation_id), style="primary")]
            ),
        ],
    )


def evaluation_modal(what: str, context: ModalContext) -> dict[str, Any]:
    yes_no = [("yes", "Yes"), ("no", "No")]
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Half-year check",
        submit="Send",
        close="Later",
        private_metadata=context.dump(),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"*{escape(truncate(what, 150))}*")),
            radio_input(Field.USEFULNESS, "How useful is it to you?", LIKERT, "4"),
            InputBlock(
                block_id=Field.CHANGED,
                label="What has changed for you?",
                optional=True,
                element=PlainTextInputElement(action_id=Field.CHANGED, multiline=True, max_length=CHANGED_MAX),
            ),
            radio_input(Field.RECOMMEND, "Would you recommend it to a colleague?", yes_no, "yes"),
            radio_input(Field.KEEP_GOING, "Keep going for another half year?", yes_no, "yes"),
        ],
    ).to_dict()


def parse_evaluation(view: dict[str, Any]) -> tuple[int, EvaluationForm]:
    context = ModalContext.load(view.get("private_metadata"))
    form = EvaluationForm(
        usefulness=integer(chosen_value(view, Field.USEFULNESS), 0, "usefulness"),
        changed=text_value(view, Field.CHANGED),
        recommend=chosen_value(view, Field.RECOMMEND, "yes") == "yes",
        keep_going=chosen_value(view, Field.KEEP_GOING, "yes") == "yes",
    )
    return int(context.ref or 0), form


def thanks(what: str) -> Message:
    return reply(f":pray: Thank you! Your evaluation of *{escape(what)}* is in.")
