"""`/circle info <name>`: one circle in detail."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.circles import CircleDetails
from bot.views.circle_list import ListAction
from bot.views.message import Message, message
from bot.views.text import escape, plural, truncate
from bot.views.time import local

MEMBERS_SHOWN = 40
INFO_ACTIONS_BLOCK = "circle-info-actions"


def _upcoming(details: CircleDetails) -> list[SectionBlock]:
    if not details.upcoming:
        return []
    lines = [
        f"• {local(start, details.viewer_tz)}" + (f", led by <@{leader}>" if leader else "")
        for start, leader in details.upcoming
    ]
    return [SectionBlock(text=MarkdownTextObject(text="*Next meetings (your time)*\n" + "\n".join(lines)))]


def circle_info(details: CircleDetails, notice: str | None = None) -> Message:
    circle = details.summary
    members = details.member_user_ids
    shown = " ".join(f"<@{user_id}>" for user_id in members[:MEMBERS_SHOWN])
    if len(members) > MEMBERS_SHOWN:
        shown += f" and {len(members) - MEMBERS_SHOWN} more"
    facts = [
        f"*Channel:* <#{circle.channel_id}>",
        f"*Meetings:* {details.schedule_line or 'not scheduled yet (`/circle schedule ' + circle.name + '`)'}",
        f"*Started by:* <@{circle.created_by}> on {circle.created_at:%b %-d, %Y}",
        f"*Members ({len(members)}):* {shown or 'nobody yet'}",
    ]
    button = (
        ButtonElement(text="Leave", action_id=ListAction.LEAVE, value=str(circle.id))
        if circle.is_member
        else ButtonElement(text="Join", action_id=ListAction.JOIN, value=str(circle.id), style="primary")
    )
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=notice)])] if notice else []
    blocks += [
        HeaderBlock(text=truncate(circle.name, 150)),
        SectionBlock(text=MarkdownTextObject(text=escape(circle.description) or "_No description yet._")),
        SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(facts), 3000))),
        *_upcoming(details),
        ActionsBlock(block_id=INFO_ACTIONS_BLOCK, elements=[button]),
        ContextBlock(
            elements=[MarkdownTextObject(text="You're a member." if circle.is_member else "You're not a member yet.")]
        ),
    ]
    return message(f"{circle.name}: {plural(circle.member_count, 'member')} in <#{circle.channel_id}>", blocks)
