"""A pair's agreement: the button, the form, what the pair's DM shows, and `/mentor me`'s lines."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ButtonElement, InputBlock, MarkdownTextObject, PlainTextInputElement, SectionBlock
from slack_sdk.models.views import View

from bot.services.mentorship.agreements import TEXT_MAX, Agreement, PairAgreement
from bot.views.blocks import reply
from bot.views.form_values import text_value
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from bot.views.text import escape

AGREE = "mentor_agree"  # the button; value: the pair id
CALLBACK_ID = "mentor_agreement_form"
GOALS = ("agreement_goal_1", "agreement_goal_2", "agreement_goal_3")
MEETING, SUCCESS = "agreement_meeting", "agreement_success"
ERROR_FIELDS = {"goal_1": GOALS[0], "meeting": MEETING}


def agree_button(pair_id: int) -> ButtonElement:
    return ButtonElement(text="Agree our goals", action_id=AGREE, value=str(pair_id))


def agreement_modal(current: Agreement | None, context: ModalContext) -> dict[str, Any]:
    goals = (current.goals if current else []) + ["", "", ""]

    def text(block: str, label: str, initial: str, optional: bool = True, multiline: bool = False) -> InputBlock:
        return InputBlock(
            block_id=block,
            label=label,
            optional=optional,
            element=PlainTextInputElement(
                action_id=block, initial_value=initial or None, max_length=TEXT_MAX, multiline=multiline
            ),
        )

    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Our agreement",
        submit="Save",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="Agreed together at the start: you'll both see it, and the "
                    "mid and end surveys ask how it's going."
                )
            ),
            text(GOALS[0], "Shared goal", goals[0], optional=False),
            text(GOALS[1], "Another goal", goals[1]),
            text(GOALS[2], "A third goal", goals[2]),
            text(MEETING, "How often and how we meet", current.meeting if current else "", optional=False),
            text(SUCCESS, "What success looks like", current.success if current else "", multiline=True),
        ],
    ).to_dict()


def parse_agreement(view: dict[str, Any]) -> tuple[int, Agreement]:
    context = ModalContext.load(view.get("private_metadata"))
    return int(context.ref or 0), Agreement(
        [text_value(view, g) for g in GOALS], text_value(view, MEETING), text_value(view, SUCCESS)
    )


def summary(agreement: Agreement) -> str:
    goals = "\n".join(f"• {escape(g)}" for g in agreement.goals)
    lines = [f"*Our goals*\n{goals}", f"*How we meet:* {escape(agreement.meeting)}"]
    if agreement.success:
        lines.append(f"*Success looks like:* {escape(agreement.success)}")
    return "\n".join(lines)


def agreement_post(saved: PairAgreement) -> Message:
    return reply(
        f":memo: <@{saved.agreed_by}> saved your agreement for *{escape(saved.program)}*:\n{summary(saved.agreement)}"
    )


def saved_reply() -> Message:
    return reply(":white_check_mark: Saved. Your pair's DM shows it, and so do `/mentor me` and App Home.")


def agreement_lines(agreements: list[PairAgreement]) -> list[str]:
    return [
        f"*{escape(a.program)}: <@{a.mentor}> and <@{a.mentee}> agreed*\n{summary(a.agreement)}" for a in agreements
    ]
