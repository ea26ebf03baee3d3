"""The check-in form (progress per goal, what I learned, blockers, confidence) and its confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.checkins import Answered, CheckinAnswer
from bot.services.goals import GoalView
from bot.views.blocks import note, options
from bot.views.form_values import integer
from bot.views.modal_context import ModalContext
from bot.views.text import truncate

CALLBACK_ID = "checkin_modal"
GOAL_PREFIX = "checkin_goal_"
GOALS_IN_FORM = 10
CONFIDENCE = [("1", "1 · stuck"), ("2", "2"), ("3", "3 · steady"), ("4", "4"), ("5", "5 · flying")]


class Field(StrEnum):
    LEARNED = "checkin_learned"
    BLOCKERS = "checkin_blockers"
    CONFIDENCE = "checkin_confidence"
    SHARE = "checkin_share"


ERROR_FIELDS = {"learned": Field.LEARNED, "confidence": Field.CONFIDENCE}


@dataclass(frozen=True)
class CheckinForm:
    checkin_id: int
    answer: CheckinAnswer
    errors: dict[str, str]  # block id → message, for values no typed field can hold
    context: ModalContext


def checkin_modal(goals: list[GoalView], context: ModalContext) -> dict[str, Any]:
    blocks: list[Any] = []
    for goal in goals[:GOALS_IN_FORM]:
        blocks.append(
            InputBlock(
                block_id=f"{GOAL_PREFIX}{goal.id}",
                label=truncate(f"#{goal.number} {goal.title}", 150),
                hint="Progress in percent",
                element=NumberInputElement(
                    action_id=f"{GOAL_PREFIX}{goal.id}",
                    is_decimal_allowed=False,
                    min_value="0",
                    max_value="100",
                    initial_value=str(goal.progress),
                ),
            )
        )
    blocks += [
        InputBlock(
            block_id=Field.LEARNED,
            label="What I learned or worked on",
            element=PlainTextInputElement(action_id=Field.LEARNED, multiline=True, max_length=2000),
        ),
        InputBlock(
            block_id=Field.BLOCKERS,
            label="Blockers",
            optional=True,
            element=PlainTextInputElement(action_id=Field.BLOCKERS, multiline=True, max_length=1000),
        ),
        InputBlock(
            block_id=Field.CONFIDENCE,
            label="Confidence (1 to 5)",
            optional=True,
            element=StaticSelectElement(action_id=Field.CONFIDENCE, options=options(CONFIDENCE)),
        ),
        InputBlock(
            block_id=Field.SHARE,
            label="Sharing",
            optional=True,
            element=CheckboxesElement(
                action_id=Field.SHARE,
                options=options([("share", "Share what I learned with my circle(s)")]),
            ),
        ),
    ]
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(
                text="_Unshared answers stay between you and Circles. Goals marked private never leave it._"
            )
        )
    )
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Check-in",
        submit="Check in",
        close="Later",
        private_metadata=context.dump(),
        blocks=blocks,
    )
    return view.to_dict()


def parse_checkin_form(view: dict[str, Any]) -> CheckinForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})
    context = ModalContext.load(view.get("private_metadata"))
    progress: dict[int, int] = {}
    errors: dict[str, str] = {}
    for block_id, actions in values.items():
        if not block_id.startswith(GOAL_PREFIX):
            continue
        raw = (actions.get(block_id) or {}).get("value")
        if raw in (None, ""):
            continue
        try:
            percent = int(str(raw))
        except ValueError:
            errors[block_id] = "Enter a whole number from 0 to 100."
            continue
        if not 0 <= percent <= 100:
            errors[block_id] = "Progress is from 0 to 100."
            continue
        progress[integer(block_id.removeprefix(GOAL_PREFIX), 0, "learned")] = percent

    def state(field: Field) -> dict[str, Any]:
        return values.get(field, {}).get(field, {}) or {}

    confidence = (state(Field.CONFIDENCE).get("selected_option") or {}).get("value")
    shared = [o.get("value") for o in state(Field.SHARE).get("selected_options") or []]
    answer = CheckinAnswer(
        progress=progress,
        learned=state(Field.LEARNED).get("value") or "",
        blockers=state(Field.BLOCKERS).get("value") or "",
        confidence=integer(confidence, 0, "confidence") or None,
        shareable="share" in shared,
    )
    return CheckinForm(checkin_id=integer(context.ref, 0, "learned"), answer=answer, errors=errors, context=context)


def confirmation_view(answered: Answered) -> dict[str, Any]:
    streak = answered.streak
    lines = [f":white_check_mark: *Thanks, you're checked in.* Streak: *{streak.current}*"]
    if answered.milestone:
        lines.append(f":fire: That's {answered.milestone} in a row!")
    elif answered.first_ever:
        lines.append(":tada: Your first check-in. Welcome aboard!")
    if streak.frozen_this_month:
        lines.append("_This month's free miss is used; the next miss this month resets the streak._")
    if answered.circles:
        lines.append("Shared with " + ", ".join(f"*{name}*" for _, name, _ in answered.circles) + ".")
    view = View(
        type="modal",
        callback_id="checkin_done",
        title="Check-in",
        close="Done",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text="\n".join(lines))),
            note("`/checkin history` shows your entries."),
        ],
    )
    return view.to_dict()
