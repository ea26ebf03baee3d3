"""How errors look to the person who hit them."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.views.message import Message, message


def error_reply(text: str) -> Message:
    return message(text, [SectionBlock(text=MarkdownTextObject(text=f":warning: {text}"))])


def unexpected_error(error_id: str) -> Message:
    return error_reply(
        f"Something went wrong on my side. Please try again; if it keeps "
        f"happening, give your Circles admin this error id: `{error_id}`."
    )
