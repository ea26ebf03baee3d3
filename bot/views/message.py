"""The shape every message builder returns: ready for `respond(**m)` or `chat.postMessage`."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from slack_sdk.models.blocks import Block


class Message(TypedDict):
    text: str  # the notification/fallback text; always set so screen readers and pushes work
    blocks: NotRequired[list[dict[str, Any]]]
    replace_original: NotRequired[bool]


def message(text: str, blocks: list[Block] | None = None) -> Message:
    built: Message = {"text": text}
    if blocks:
        built["blocks"] = [block.to_dict() for block in blocks]
    return built
