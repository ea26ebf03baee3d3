"""The mid- and end-of-cycle survey: the invitation, the modal and its answers."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.views.blocks import select_input
from bot.views.form_values import state_of
from bot.views.mentorship.forms import radio_input, text_input
from bot.views.mentorship.ids import SURVEY_ID, MentorAction
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.skills import rate_button
from bot.views.text import escape


def survey_invite(program_id: int, name: str, kind: str) -> Message:
    text = (
        f":memo: Half way through *{escape(name)}*: how is it going? Two minutes, and only you see your answers."
        if kind == "mid"
        else f":checkered_flag: *{escape(name)}* has ended. How did it go? Your answers help the next cycle."
    )
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-survey-{program_id}-{kind}",
                elements=[
                    ButtonElement(
                        text="Share feedback",
                        action_id=MentorAction.SURVEY,
                        value=f"{program_id}:{kind}",
                        style="primary",
                    ),
                    rate_button(kind, "Rate my skills now"),
                ],
            ),
        ],
    )


LIKERT = [
    (str(n), label) for n, label in enumerate(["Not at all", "A little", "Somewhat", "Mostly", "Very much"], start=1)
]


def survey_modal(program_id: int, kind: str) -> dict[str, Any]:
    blocks: list[Any] = [
        radio_input("sv_useful", "The 1:1s are useful to me", LIKERT, "3"),
        radio_input("sv_fit", "My pair is a good fit", LIKERT, "3"),
        radio_input("sv_agreement", "We're keeping to the goals we agreed", LIKERT, "3"),
    ]
    if kind == "end":
        blocks += [
            radio_input(
                "sv_goals", "Did you meet your goals?", [("yes", "Yes"), ("partly", "Partly"), ("no", "No")], "partly"
            ),
            radio_input("sv_continue", "Would you continue with this pair?", [("yes", "Yes"), ("no", "No")], "yes"),
            select_input("sv_before", "My skill level before (1 to 5)", [(str(n), str(n)) for n in range(1, 6)], "2"),
            select_input("sv_after", "My skill level now (1 to 5)", [(str(n), str(n)) for n in range(1, 6)], "3"),
        ]
    blocks.append(text_input("sv_comment", "Anything else?", multiline=True))
    view = View(
        type="modal",
        callback_id=SURVEY_ID,
        title="Mentorship feedback",
        submit="Send",
        close="Later",
        private_metadata=ModalContext(ref=program_id, channel_id=kind).dump(),
        blocks=blocks,
    )
    return view.to_dict()


def parse_survey(view: dict[str, Any]) -> tuple[int, str, dict[str, object]]:
    context = ModalContext.load(view.get("private_metadata"))
    answers: dict[str, object] = {}
    for block in view.get("state", {}).get("values", {}):
        state = state_of(view, block)
        value = (state.get("selected_option") or {}).get("value") if "selected_option" in state else state.get("value")
        answers[block.removeprefix("sv_")] = int(value) if isinstance(value, str) and value.isdecimal() else value
    return int(context.ref or 0), str(context.channel_id or "mid"), answers
