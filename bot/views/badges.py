"""Badges: the celebration, `/circles badges`, and the two admin forms (define one, give one)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import InputBlock, Option, PlainTextInputElement, StaticSelectElement, UserSelectElement
from slack_sdk.models.views import View

from bot.services.badges import Award
from bot.views.blocks import reply
from bot.views.form_values import chosen_value, state_of, text_value
from bot.views.message import Message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

DEFINE_ID = "badge_define_form"
GIVE_ID = "badge_give_form"


class Field(StrEnum):
    NAME = "badge_name"
    EMOJI = "badge_emoji"
    DESCRIPTION = "badge_description"
    BADGE = "badge_pick"
    WHO = "badge_who"
    WHY = "badge_why"


ERROR_FIELDS = {
    "name": Field.NAME,
    "emoji": Field.EMOJI,
    "description": Field.DESCRIPTION,
    "badge": Field.BADGE,
    "who": Field.WHO,
}


def celebration(award: Award) -> Message:
    why = f" {escape(award.reason)}" if award.reason else f" For having {escape(award.description)}."
    return reply(f"{award.emoji} <@{award.user_id}> earned *{escape(award.name)}*!{why}")


def earned_dm(award: Award) -> Message:
    why = f" {escape(award.reason)}" if award.reason else f" For having {escape(award.description)}."
    return reply(
        f"{award.emoji} You earned *{escape(award.name)}*!{why} (Your badges are celebrated only to you; "
        "`/circles badges public` to share them.)"
    )


def badges_reply(user_id: str, badges: list[tuple[str, str, str, datetime]], mine: bool) -> Message:
    who = "You have" if mine else f"<@{user_id}> has"
    if not badges:
        hint = " Lead a meeting, share resources, keep a check-in streak, finish a project…" if mine else ""
        return reply(f"{who} no badges yet.{hint}")
    lines = [f"{emoji} *{escape(name)}* — {escape(what)} ({at:%b %-d, %Y})" for emoji, name, what, at in badges]
    extra = "\n_`/circles badges quiet` keeps your new badges to yourself._" if mine else ""
    return reply(f"{who} {len(badges)} badge{'s' if len(badges) > 1 else ''}:\n" + "\n".join(lines) + extra)


def public_reply(public: bool) -> Message:
    if public:
        return reply(":tada: Your new badges (and a mentor's end-of-cycle thanks) are celebrated in channels again.")
    return reply(":shushing_face: Your new badges (and a mentor's thanks) now reach only you, by DM.")


def define_modal(context: ModalContext) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=DEFINE_ID,
        title="New badge",
        submit="Create",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(
                block_id=Field.NAME, label="Name", element=PlainTextInputElement(action_id=Field.NAME, max_length=60)
            ),
            InputBlock(
                block_id=Field.EMOJI,
                label="Emoji",
                hint="Like :trophy:",
                element=PlainTextInputElement(action_id=Field.EMOJI, max_length=64),
            ),
            InputBlock(
                block_id=Field.DESCRIPTION,
                label="What it's for",
                optional=True,
                element=PlainTextInputElement(action_id=Field.DESCRIPTION, max_length=300),
            ),
        ],
    ).to_dict()


def give_modal(badges: list[tuple[str, str, str]], context: ModalContext) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=GIVE_ID,
        title="Give a badge",
        submit="Give",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(block_id=Field.WHO, label="To", element=UserSelectElement(action_id=Field.WHO)),
            InputBlock(
                block_id=Field.BADGE,
                label="Badge",
                element=StaticSelectElement(
                    action_id=Field.BADGE,
                    options=[
                        Option(value=key, label=truncate(f"{emoji} {name}", 75)) for key, emoji, name in badges[:100]
                    ],
                ),
            ),
            InputBlock(
                block_id=Field.WHY,
                label="Why (shown with the celebration)",
                optional=True,
                element=PlainTextInputElement(action_id=Field.WHY, max_length=300),
            ),
        ],
    ).to_dict()


def parse_define(view: dict[str, Any]) -> tuple[str, str, str]:
    return text_value(view, Field.NAME), text_value(view, Field.EMOJI), text_value(view, Field.DESCRIPTION)


def parse_give(view: dict[str, Any]) -> tuple[str, str, str]:
    return (
        chosen_value(view, Field.BADGE),
        str(state_of(view, Field.WHO).get("selected_user") or ""),
        text_value(view, Field.WHY),
    )


def no_custom_badges() -> Message:
    return reply("Define a badge first: `/circles badge new`. (The built-in ones are earned, not given.)")


def defined_reply(name: str) -> Message:
    return reply(f":medal: *{escape(name)}* is ready to give: `/circles badge give`.")


def given_reply(award: Award) -> Message:
    return reply(f"{award.emoji} <@{award.user_id}> has *{escape(award.name)}* now.")
