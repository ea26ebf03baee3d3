"""Kudos: the channel post, the receiver's DM, the leaderboard, "my kudos", and the shortcut's form."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.services.kudos import GivenKudos, MyKudos, Ranked
from bot.views.blocks import note, options, reply
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

SHORTCUT_ID = "give_kudos"
CALLBACK_ID = "give_kudos_modal"


class Field(StrEnum):
    RECEIVERS = "kudos_receivers"
    MESSAGE = "kudos_message"
    VALUE = "kudos_value"


@dataclass(frozen=True)
class KudosForm:
    receivers: list[str]
    message: str
    value: str | None
    context: ModalContext


def _to(receivers: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in receivers)


def reply_text(text: str) -> Message:
    return reply(text)


def kudos_post(given: GivenKudos) -> Message:
    text = f":clap: <@{given.giver}> gave kudos to {_to(given.receivers)}"
    if given.value:
        text += f" for *{escape(given.value)}*"
    text += f"\n>{escape(truncate(given.message, 1500))}"
    return reply(text)


def kudos_dm(given: GivenKudos) -> Message:
    text = f":sparkles: <@{given.giver}> gave you kudos"
    if given.value:
        text += f" for *{escape(given.value)}*"
    text += f":\n>{escape(truncate(given.message, 1500))}"
    return reply(text + "\n`/kudos me` shows everything you've received.")


WHERE_KUDOS_GO = (
    "Kudos are posted in the channel where you give them when I can post there (any public channel, "
    "or a private one I'm in: `/invite @Circles`), else in the workspace's kudos channel, which an admin "
    "sets with `/circles kudos-channel #kudos`."
)


def kudos_confirmation(given: GivenKudos) -> Message:
    if given.post_channel:
        thread = " in the thread" if given.post_thread_ts else ""
        return reply(f":clap: Kudos to {_to(given.receivers)}: posted{thread} in <#{given.post_channel}>.")
    if given.held_for_digest:
        return reply(f":clap: Kudos to {_to(given.receivers)}: they will appear in the circle's weekly digest.")
    return reply(f":clap: Kudos to {_to(given.receivers)}: sent to them by DM, so only they see it. {WHERE_KUDOS_GO}")


def leaderboard(period: str, givers: list[Ranked], receivers: list[Ranked]) -> Message:
    label = {"week": "this week", "month": "the last 30 days", "all": "all time"}[period]

    def lines(ranked: list[Ranked]) -> str:
        return "\n".join(f"{r.rank}. <@{r.user_id}> ({r.count})" for r in ranked) or "_nobody yet_"

    blocks = [
        HeaderBlock(text=f"Kudos, {label}"),
        SectionBlock(
            fields=[
                MarkdownTextObject(text="*Most thanked*\n" + lines(receivers)),
                MarkdownTextObject(text="*Most thankful*\n" + lines(givers)),
            ]
        ),
        note("`/kudos top week|month|all` · `/kudos me`"),
    ]
    return message(f"Kudos leaderboard ({label})", blocks)


def my_kudos(mine: MyKudos) -> Message:
    by_value = "\n".join(f"• {escape(value)}: {count}" for value, count in mine.received_by_value) or "_none yet_"
    recent = "\n".join(
        f"• <@{giver}>: {escape(truncate(text, 150))}" + (f" (*{escape(value)}*)" if value else "")
        for giver, text, value in mine.recent
    )
    blocks = [
        HeaderBlock(text="Your kudos"),
        SectionBlock(
            text=MarkdownTextObject(text=f"Received *{mine.received}*, given *{mine.given}*.\n*By value*\n{by_value}")
        ),
    ]
    if recent:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Recently received*\n" + recent)))
    return message(f"You received {mine.received} kudos", blocks)


def kudos_help(values: list[str]) -> Message:
    known = (
        ", ".join(f"`#{v.replace(' ', '')}`" for v in values)
        or "none set yet (an admin sets them with `/circles values`)"
    )
    lines = "\n".join(
        [
            "`/kudos @someone [@another] <why> [#value]` — thank colleagues",
            "`/kudos top [week|month|all]` — the leaderboard",
            "`/kudos me` — what you've received, by value",
            "Or use *Give kudos* from a message's ⋮ menu: the thanks appear in that message's thread.",
        ]
    )
    where = (
        "*Where kudos appear:* in the channel of a circle you both belong to; otherwise in the channel "
        "where you give them (any public channel, or a private one I'm in), else in the kudos channel an "
        "admin sets with `/circles kudos-channel #kudos`. The person thanked always gets a DM."
    )
    return message(
        "How to use /kudos",
        [
            HeaderBlock(text="Kudos"),
            SectionBlock(text=MarkdownTextObject(text=lines)),
            SectionBlock(text=MarkdownTextObject(text=where)),
            note(f"Values: {known}"),
        ],
    )


def kudos_modal(author: str | None, values: list[str], context: ModalContext) -> dict[str, Any]:
    blocks: list[InputBlock] = [
        InputBlock(
            block_id=Field.RECEIVERS,
            label="Who",
            element=UserMultiSelectElement(action_id=Field.RECEIVERS, initial_users=[author] if author else None),
        ),
        InputBlock(
            block_id=Field.MESSAGE,
            label="What they did",
            element=PlainTextInputElement(action_id=Field.MESSAGE, multiline=True, max_length=1000),
        ),
    ]
    if values:
        blocks.append(
            InputBlock(
                block_id=Field.VALUE,
                label="Value",
                optional=True,
                element=StaticSelectElement(action_id=Field.VALUE, options=options([(v, v) for v in values])),
            )
        )
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Give kudos",
        submit="Send",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=blocks,
    )
    return view.to_dict()


def parse_kudos_form(view: dict[str, Any]) -> KudosForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def state(name: Field) -> dict[str, Any]:
        return values.get(name, {}).get(name, {}) or {}

    return KudosForm(
        receivers=list(state(Field.RECEIVERS).get("selected_users") or []),
        message=state(Field.MESSAGE).get("value") or "",
        value=(state(Field.VALUE).get("selected_option") or {}).get("value"),
        context=ModalContext.load(view.get("private_metadata")),
    )
