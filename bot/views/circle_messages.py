"""Short replies and channel posts about circles (confirmations, welcomes)."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot.services.circles import CircleSummary
from bot.views.blocks import reply
from bot.views.message import Message, message
from bot.views.text import escape, plural


def created_reply(circle: CircleSummary, created_channel: bool) -> Message:
    where = "I created" if created_channel else "It lives in"
    return reply(
        f":seedling: *{escape(circle.name)}* is ready. {where} <#{circle.channel_id}> for it and added you "
        f"as its organiser. Share `/circle join {circle.name}` with colleagues who'd like to join."
    )


def joined_reply(circle: CircleSummary) -> Message:
    return reply(f":wave: You joined *{escape(circle.name)}*. Say hello in <#{circle.channel_id}>!")


def already_member_reply(circle: CircleSummary) -> Message:
    return reply(f"You're already in *{escape(circle.name)}* (<#{circle.channel_id}>).")


def left_reply(circle: CircleSummary) -> Message:
    return reply(
        f"You left *{escape(circle.name)}*. Your past contributions stay. You're still in "
        f"<#{circle.channel_id}> (staying there won't make you a member again); leave it too if you no "
        "longer want its messages. "
        f"Changed your mind? `/circle join {circle.name}`."
    )


def welcome_post(circle: CircleSummary, user_id: str) -> Message:
    count = plural(circle.member_count, "member")
    text = f":wave: Welcome <@{user_id}> to *{escape(circle.name)}*! The circle now has {count}."
    return message(text, [SectionBlock(text=MarkdownTextObject(text=text))])


def circle_created_post(circle: CircleSummary) -> Message:
    text = f":seedling: <@{circle.created_by}> started the learning circle *{escape(circle.name)}* here."
    blocks = [SectionBlock(text=MarkdownTextObject(text=text))]
    if circle.description:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f">{escape(circle.description)}")))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Join with `/circle join {circle.name}`")]))
    return message(text, blocks)


def joined_notice(circle: CircleSummary, already_member: bool) -> str:
    verb = "You're already in" if already_member else ":wave: You joined"
    return f"{verb} *{escape(circle.name)}* (<#{circle.channel_id}>)."


def left_notice(circle: CircleSummary) -> str:
    return f"You left *{escape(circle.name)}*. Your history stays; join again any time."


def channel_join_welcome(circle: CircleSummary) -> Message:
    """A DM to someone who joined a circle by joining its channel in Slack."""
    text = (
        f":wave: You joined <#{circle.channel_id}>, so you're now a member of the learning circle "
        f"*{escape(circle.name)}*: you'll take turns leading its meetings and get a short weekly check-in by DM."
    )
    what = f">{escape(circle.description)}" if circle.description else ""
    how = (
        "Set a goal to check in on: `/goal set Read DDIA by end of quarter in "
        f"{circle.name}`. Not for you? `/circle leave {circle.name}` (or leave the channel)."
    )
    blocks = [SectionBlock(text=MarkdownTextObject(text=text))]
    if what:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=what)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=how)]))
    return message(text, blocks)


def channel_archived_note(circle: CircleSummary, archived: bool) -> Message:
    """To the organiser: the circle follows its channel into (and out of) the archive."""
    if archived:
        text = (
            f":file_cabinet: <#{circle.channel_id}> was archived, so *{escape(circle.name)}* is paused: no "
            "meetings, leader requests or digests. Unarchive the channel in Slack to resume it."
        )
    else:
        text = (
            f":arrow_forward: <#{circle.channel_id}> is back, and so is *{escape(circle.name)}*: "
            "meetings and digests resume."
        )
    return reply(text)
