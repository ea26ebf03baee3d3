"""Small shared pieces of Block Kit used by several surfaces."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from bot.views.message import Message, message


def progress_bar(percent: int, width: int = 10) -> str:
    filled = round(max(0, min(percent, 100)) / 100 * width)
    return "▓" * filled + "░" * (width - filled)


def note(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def reply(text: str) -> Message:
    """A one-section message: confirmations and short answers."""
    return message(text, [SectionBlock(text=MarkdownTextObject(text=text))])


def options(pairs: list[tuple[str, str]]) -> list[Option]:
    """Static-select / radio options from (value, label) pairs."""
    return [Option(value=value, label=label) for value, label in pairs]


def select_input(block_id: str, label: str, pairs: list[tuple[str, str]], initial: str) -> InputBlock:
    """A required static select whose action id is its block id, preselecting `initial` (else the first)."""
    choices = options(pairs)
    chosen = next((o for o in choices if o.value == initial), choices[0])
    return InputBlock(
        block_id=block_id,
        label=label,
        element=StaticSelectElement(action_id=block_id, options=choices, initial_option=chosen),
    )
