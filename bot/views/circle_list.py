"""The circle browser: `/circle`, `/circle list` and the Join/Leave buttons that refresh it."""

from __future__ import annotations

from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.circles import CircleSummary
from bot.views.message import Message, message
from bot.views.text import escape, plural, truncate

PAGE_SIZE = 20  # 20 circles + chrome stays far below the 50-block message limit


class ListAction(StrEnum):
    JOIN = "circle_list_join"
    LEAVE = "circle_list_leave"
    NEW = "circle_list_new"
    MORE = "circle_list_more"


def _circle_row(circle: CircleSummary) -> SectionBlock:
    line = f"*{escape(circle.name)}*  ·  {plural(circle.member_count, 'member')}  ·  <#{circle.channel_id}>"
    if circle.description:
        line += "\n" + escape(truncate(circle.description, 200))
    button = (
        ButtonElement(text="Leave", action_id=ListAction.LEAVE, value=str(circle.id))
        if circle.is_member
        else ButtonElement(text="Join", action_id=ListAction.JOIN, value=str(circle.id), style="primary")
    )
    return SectionBlock(block_id=f"circle-{circle.id}", text=MarkdownTextObject(text=line), accessory=button)


def circle_list(circles: list[CircleSummary], offset: int = 0, notice: str | None = None) -> Message:
    offset = max(0, min(offset, max(len(circles) - 1, 0)))
    page = circles[offset : offset + PAGE_SIZE]
    blocks: list[Block] = []
    if notice:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=notice)]))
    blocks.append(HeaderBlock(text="Learning circles"))
    if not circles:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="No circles yet. Start the first one: pick a topic you'd like to learn "
                    "with others, and colleagues can join it here."
                )
            )
        )
    blocks.extend(_circle_row(circle) for circle in page)
    blocks.append(DividerBlock())
    buttons = [ButtonElement(text="New circle", action_id=ListAction.NEW, value="new", style="primary")]
    remaining = len(circles) - (offset + len(page))
    if remaining > 0:
        buttons.append(
            ButtonElement(
                text=f"Show {min(remaining, PAGE_SIZE)} more",
                action_id=ListAction.MORE,
                value=str(offset + PAGE_SIZE),
            )
        )
    blocks.append(ActionsBlock(block_id="circle-list-actions", elements=buttons))
    blocks.append(
        ContextBlock(
            elements=[MarkdownTextObject(text="`/circle info <name>` for details · `/circle help` for everything else")]
        )
    )
    summary = f"{plural(len(circles), 'learning circle')}" if circles else "No learning circles yet"
    return message(summary, blocks)
