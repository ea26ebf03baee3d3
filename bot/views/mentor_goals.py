"""A mentor's view of the goals their mentees shared with them, the comment form, and the mentee's DM."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.mentor_goals import COMMENT_MAX, Comment, MenteeGoals
from bot.views.blocks import note, progress_bar, reply
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

CALLBACK_ID = "mentor_goal_comment_modal"


class MentorGoalAction(StrEnum):
    COMMENT = "mentor_goal_comment"


class Field(StrEnum):
    COMMENT = "mentor_goal_comment_text"


@dataclass(frozen=True)
class CommentForm:
    goal_id: int
    text: str
    context: ModalContext


def shared_goal_blocks(mentees: list[MenteeGoals], *, buttons: bool = True) -> list[Block]:
    """Each mentee's goals shared with you, with progress (and a Comment button on each)."""
    blocks: list[Block] = []
    for mentee in mentees:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Goals <@{mentee.mentee}> shared with you*")))
        for goal in mentee.goals[:10]:
            due = f" · due {goal.due_date:%b %-d}" if goal.due_date else ""
            line = f"{escape(truncate(goal.title, 150))}\n`{progress_bar(goal.progress)}` {goal.progress}%{due}"
            if goal.last_note:
                line += f"\n_{escape(truncate(goal.last_note, 200))}_"
            accessory = (
                ButtonElement(text="Comment", action_id=MentorGoalAction.COMMENT, value=str(goal.id))
                if buttons
                else None
            )
            blocks.append(SectionBlock(text=MarkdownTextObject(text=line), accessory=accessory))
    return blocks


def with_shared_goals(base: Message, mentees: list[MenteeGoals]) -> Message:
    """`base` (`/mentor me`, a pair's nudge) followed by the goals the mentee(s) shared with their mentor."""
    extra = [block.to_dict() for block in shared_goal_blocks(mentees)]
    if not extra:
        return base
    blocks = base.get("blocks") or [SectionBlock(text=MarkdownTextObject(text=base["text"])).to_dict()]
    return {**base, "blocks": [*blocks, *extra][:50]}


def comment_modal(goal_id: int, title: str, context: ModalContext) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title="Comment on a goal",
        submit="Send",
        close="Cancel",
        private_metadata=ModalContext(context.channel_id, context.response_url, ref=goal_id).dump(),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"*{escape(truncate(title, 200))}*")),
            InputBlock(
                block_id=Field.COMMENT,
                label="Your comment",
                element=PlainTextInputElement(action_id=Field.COMMENT, multiline=True, max_length=COMMENT_MAX),
            ),
            note("Your mentee gets it by DM; it's kept with the goal's notes."),
        ],
    )
    return view.to_dict()


def parse_comment_form(view: dict[str, Any]) -> CommentForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})
    text = (values.get(Field.COMMENT, {}).get(Field.COMMENT, {}) or {}).get("value") or ""
    context = ModalContext.load(view.get("private_metadata"))
    return CommentForm(goal_id=int(context.ref or 0), text=text, context=context)


def comment_dm(comment: Comment) -> Message:
    text = f":speech_balloon: Your mentor <@{comment.mentor}> commented on your goal *{escape(comment.goal_title)}*:"
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=f"{text}\n>{escape(truncate(comment.text, 1500))}")),
            note("`/goal list` shows your goals; the comment is kept with this goal's notes."),
        ],
    )


def comment_sent_reply(comment: Comment) -> Message:
    return reply(f":speech_balloon: Sent to <@{comment.mentee}>, and kept with *{escape(comment.goal_title)}*.")
