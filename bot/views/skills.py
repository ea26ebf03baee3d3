"""Skill self-assessment: the 30-second form, the buttons that open it, and what people are told."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.views.blocks import options, reply
from bot.views.form_values import state_of
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

CALLBACK_ID = "skills_form"
CONSENT = "skills_consent"
LEVELS = [("1", "1 · just starting"), ("2", "2"), ("3", "3 · comfortable"), ("4", "4"), ("5", "5 · could teach it")]


class SkillAction(StrEnum):
    RATE = "skills_rate"  # value: the checkpoint (start, quarter, mid, end)
    RATE_MENTEE = "skills_rate_mentee"  # value: the pair id


def skills_modal(
    skills: list[str], context: ModalContext, *, mentee: str | None = None, ask_consent: bool = False
) -> dict[str, Any]:
    intro = (
        f"How would you rate <@{mentee}> in each? They see your ratings beside their own."
        if mentee
        else "Where are you today, from 1 to 5? Skip any you like. Only you (and the program's totals) see these."
    )
    blocks: list[Any] = [SectionBlock(text=MarkdownTextObject(text=intro))]
    blocks += [
        InputBlock(
            block_id=f"skill_{n}",
            label=truncate(skill, 75),
            optional=True,
            element=StaticSelectElement(action_id=f"skill_{n}", options=options(LEVELS), placeholder="Pick a level"),
        )
        for n, skill in enumerate(skills)
    ]
    if ask_consent:
        blocks.append(
            InputBlock(
                block_id=CONSENT,
                label="Your mentor",
                optional=True,
                element=CheckboxesElement(
                    action_id=CONSENT, options=options([("yes", "My mentor may add their own rating of these skills")])
                ),
            )
        )
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Rate skills" if mentee else "Your skills",
        submit="Save",
        close="Later",
        private_metadata=replace(context, items=skills).dump(),
        blocks=blocks,
    ).to_dict()


def parse_skills(view: dict[str, Any]) -> tuple[dict[str, int], bool | None, ModalContext]:
    context = ModalContext.load(view.get("private_metadata"))
    ratings = {}
    for n, skill in enumerate(context.items or []):
        chosen = (state_of(view, f"skill_{n}").get("selected_option") or {}).get("value")
        if chosen and str(chosen).isdecimal():
            ratings[skill] = int(chosen)
    values = view.get("state", {}).get("values", {})
    consent = bool(state_of(view, CONSENT).get("selected_options")) if CONSENT in values else None
    return ratings, consent, context


def rate_button(checkpoint: str, label: str = "Rate my skills (30 s)") -> ButtonElement:
    return ButtonElement(text=label, action_id=SkillAction.RATE, value=checkpoint)


def with_rate_button(base: Message, checkpoint: str) -> Message:
    """`base` with a "Rate my skills" button under it (after joining a circle or saving a profile)."""
    blocks = base.get("blocks") or [SectionBlock(text=MarkdownTextObject(text=base["text"])).to_dict()]
    extra = ActionsBlock(block_id="skills-rate", elements=[rate_button(checkpoint)]).to_dict()
    return {**base, "blocks": [*blocks, extra]}


def quarterly_dm() -> Message:
    text = (
        ":seedling: Three months of learning in your circles. Where are your skills now? Thirty seconds, "
        "and your progress shows in your own history."
    )
    return {
        "text": text,
        "blocks": [
            SectionBlock(text=MarkdownTextObject(text=text)).to_dict(),
            ActionsBlock(elements=[rate_button("quarter")]).to_dict(),
        ],
    }


def saved_reply(count: int, mentee: str | None = None) -> Message:
    if count == 0:
        return reply("Nothing rated this time; the button stays for whenever you like.")
    whose = f"<@{mentee}>'s" if mentee else "your"
    return reply(f":white_check_mark: Saved {count} rating{'s' if count > 1 else ''} of {whose} skills. Thank you!")


def mentee_buttons(pairs: list[tuple[int, str]]) -> list[ButtonElement]:
    return [
        ButtonElement(text=truncate(f"Rate {name}'s skills", 75), action_id=SkillAction.RATE_MENTEE, value=str(pair_id))
        for pair_id, name in pairs[:5]
    ]


def skills_list(skills: list[str]) -> str:
    return ", ".join(escape(s) for s in skills)
