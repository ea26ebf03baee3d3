"""The goal form (`/goal` alone, or the New goal button) and its parsing into typed data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.services.goals import TITLE_MAX, VISIBILITIES
from bot.views.blocks import options
from bot.views.form_values import integer, iso_date
from bot.views.modal_context import ModalContext

CALLBACK_ID = "goal_modal"


class Field(StrEnum):
    TITLE = "goal_title"
    WHY = "goal_why"
    MEASURE = "goal_measure"
    DUE = "goal_due"
    MILESTONES = "goal_milestones"
    CIRCLE = "goal_circle"
    VISIBILITY = "goal_visibility"


# Domain error fields → the input that shows the message.
ERROR_FIELDS = {
    "title": Field.TITLE,
    "due": Field.DUE,
    "circle": Field.CIRCLE,
    "visibility": Field.VISIBILITY,
}


@dataclass(frozen=True)
class GoalForm:
    title: str
    why: str
    measure: str
    due_date: date | None
    milestones: str
    circle_id: int | None
    visibility: str
    context: ModalContext


def _text(
    field: Field, label: str, *, multiline: bool = False, optional: bool = True, hint: str | None = None
) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(
            action_id=field, multiline=multiline, max_length=TITLE_MAX if not multiline else 2000
        ),
    )


def goal_modal(circles: list[tuple[int, str]], context: ModalContext, has_mentor: bool = False) -> dict[str, Any]:
    blocks: list[InputBlock] = [
        _text(Field.TITLE, "Goal", optional=False, hint="What do you want to learn or achieve?"),
        _text(Field.WHY, "Why it matters", multiline=True),
        _text(Field.MEASURE, "How I'll measure it", multiline=True),
        InputBlock(
            block_id=Field.DUE,
            label="Due date",
            optional=True,
            element=DatePickerElement(action_id=Field.DUE),
        ),
        _text(Field.MILESTONES, "Milestones", multiline=True, hint="One per line"),
    ]
    if circles:
        blocks.append(
            InputBlock(
                block_id=Field.CIRCLE,
                label="Circle",
                optional=True,
                element=StaticSelectElement(
                    action_id=Field.CIRCLE,
                    placeholder="Not tied to a circle",
                    options=options([(str(cid), name[:75]) for cid, name in circles[:100]]),
                ),
            )
        )
    # Said next to the choice while nobody would see it yet.
    no_mentor = None if has_mentor else "You have no mentor yet; they'll see it once you're paired"
    visibility = [
        Option(value=value, label=label, description=no_mentor if value == "mentor" else None)
        for value, label in VISIBILITIES.items()
    ]
    blocks.append(
        InputBlock(
            block_id=Field.VISIBILITY,
            label="Who can see it",
            element=RadioButtonsElement(action_id=Field.VISIBILITY, options=visibility, initial_option=visibility[0]),
        )
    )
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="New goal",
        submit="Set goal",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=blocks,
    )
    return view.to_dict()


def parse_goal_form(view: dict[str, Any]) -> GoalForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(field: Field) -> dict[str, Any]:
        return values.get(field, {}).get(field, {}) or {}

    due = state(Field.DUE).get("selected_date")
    circle = (state(Field.CIRCLE).get("selected_option") or {}).get("value")
    visibility = (state(Field.VISIBILITY).get("selected_option") or {}).get("value") or "private"
    return GoalForm(
        title=state(Field.TITLE).get("value") or "",
        why=state(Field.WHY).get("value") or "",
        measure=state(Field.MEASURE).get("value") or "",
        due_date=iso_date(due, "due"),
        milestones=state(Field.MILESTONES).get("value") or "",
        circle_id=integer(circle, 0, "circle") or None,
        visibility=visibility,
        context=ModalContext.load(view.get("private_metadata")),
    )
