"""Leader DMs (ask, swap), the channel announcement, and the meeting-day reminder with RSVPs."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.services.meetings import LeaderAsk, MeetingPost, RsvpCounts
from bot.views.blocks import note, options, reply
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate
from bot.views.time import for_everyone, local

SWAP_CALLBACK_ID = "leader_swap_modal"
SWAP_FIELD = "swap_target"


class LeaderAction(StrEnum):
    ACCEPT = "leader_accept"
    SWAP = "leader_swap"
    SKIP = "leader_skip"
    TOPIC = "leader_topic"
    SWAP_ACCEPT = "leader_swap_accept"
    SWAP_DECLINE = "leader_swap_decline"


class MeetingAction(StrEnum):
    RSVP_YES = "meeting_rsvp_yes"
    RSVP_NO = "meeting_rsvp_no"


def leader_ask_message(ask: LeaderAsk) -> Message:
    when = local(ask.starts_at, ask.tz)
    circle = escape(ask.circle.name)
    value = str(ask.turn_id)
    if ask.swap_from_user:
        text = f":handshake: <@{ask.swap_from_user}> asks if you could lead *{circle}* on {when} in their place."
        buttons = [
            ButtonElement(text="Yes, I'll lead", action_id=LeaderAction.SWAP_ACCEPT, value=value, style="primary"),
            ButtonElement(text="Sorry, I can't", action_id=LeaderAction.SWAP_DECLINE, value=value),
        ]
    else:
        text = f":microphone: It's your turn to lead *{circle}* on {when}. Can you do it?"
        buttons = [
            ButtonElement(text="Accept", action_id=LeaderAction.ACCEPT, value=value, style="primary"),
            ButtonElement(text="Swap with someone", action_id=LeaderAction.SWAP, value=value),
            ButtonElement(text="Skip me", action_id=LeaderAction.SKIP, value=value),
        ]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    if ask.topics:
        blocks.append(
            SectionBlock(
                block_id=f"leader-topic-{ask.turn_id}",
                text=MarkdownTextObject(
                    text=f"*Topic:* first in the queue is _{escape(truncate(ask.topics[0][1], 200))}_"
                ),
                accessory=StaticSelectElement(
                    action_id=LeaderAction.TOPIC,
                    placeholder="Pick another topic",
                    options=options([(f"{ask.turn_id}:{tid}", truncate(t, 75)) for tid, t in ask.topics[:100]]),
                ),
            )
        )
    blocks.append(ActionsBlock(block_id=f"leader-{ask.turn_id}", elements=buttons))
    blocks.append(note("The leader opens the discussion and keeps time. `/circle leaders` shows the rotation."))
    return message(text, blocks)


def accepted_reply(post: MeetingPost) -> Message:
    return reply(
        f":white_check_mark: You're leading *{escape(post.circle.name)}* on {local(post.starts_at, post.tz)}. "
        "Thank you! The announcement in the channel will name you."
    )


def skipped_reply(next_user: str | None) -> Message:
    who = f"I've asked <@{next_user}>." if next_user else "Nobody else is available, so the meeting has no leader yet."
    return reply(f"No problem, you keep your place for next time. {who}")


def swap_requested_reply(target: str) -> Message:
    return reply(f"I've asked <@{target}> to take over. You're still down to lead until they accept.")


def swap_declined_dm(target: str, circle: str) -> Message:
    return reply(f"<@{target}> can't take over *{escape(circle)}*. You're still asked: accept, swap or skip above.")


def swap_declined_reply() -> Message:
    return reply("Thanks for letting them know. They'll find someone else.")


def swapped_dm(new_leader: str, circle: str) -> Message:
    return reply(f":handshake: <@{new_leader}> will lead *{escape(circle)}* in your place. Thanks for arranging it!")


def topic_picked_reply(text: str) -> str:
    return f"Topic set: _{escape(truncate(text, 200))}_"


def swap_modal(turn_id: int, context: ModalContext) -> dict[str, Any]:
    from slack_sdk.models.blocks import InputBlock

    view = View(
        type="modal",
        callback_id=SWAP_CALLBACK_ID,
        title="Swap leading",
        submit="Ask them",
        close="Cancel",
        private_metadata=ModalContext(response_url=context.response_url, ref=turn_id).dump(),
        blocks=[
            InputBlock(
                block_id=SWAP_FIELD,
                label="Who should lead instead?",
                element=UserSelectElement(action_id=SWAP_FIELD, placeholder="A member of the circle"),
            ),
            note("They get a DM and must accept; until then you're still down to lead."),
        ],
    )
    return view.to_dict()


def _leader_line(post: MeetingPost) -> str:
    if post.guest:
        line = f":microphone: *Guest speaker:* {escape(post.guest)}"
        if post.guest_topic:
            line += f" on _{escape(post.guest_topic)}_"
        return line + (f" · <{post.guest_link}|about the guest>" if post.guest_link else "")
    if post.leader_user:
        return f"*Leader:* <@{post.leader_user}>"
    if post.asked_user:
        return f"*Leader:* to be confirmed (asked <@{post.asked_user}>)"
    return "*Leader:* nobody yet. Anyone up for it?"


def announcement(post: MeetingPost) -> Message:
    when = for_everyone(post.starts_at, post.tz)
    lines = [
        f":calendar: *Next {escape(post.circle.name)} meeting:* {when} ({post.duration_minutes} min)",
        _leader_line(post),
    ]
    if post.topic:
        lines.append(f"*Topic:* {escape(post.topic)}")
    if post.link:
        lines.append(f"*Join:* {post.link}")
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(lines), 3000)))]
    if post.questions:
        questions = "\n".join(f"• {escape(q)}" for q in post.questions)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*Questions to think about*\n{questions}")))
    blocks.append(
        note(
            ":calendar: *Add to my calendar*: the file in this thread (or all meetings: `/circles calendar`) · "
            "`/circle topic add <text>` adds topics · `/circle leaders` shows the rotation"
        )
    )
    return message(f"Next {post.circle.name} meeting: {_leader_line(post).replace('*', '')}", blocks)


def meeting_reminder(post: MeetingPost, counts: RsvpCounts | None = None) -> Message:
    when = for_everyone(post.starts_at, post.tz)
    text = f":bell: *{escape(post.circle.name)}* meets today: {when}."
    if post.leader_user:
        text += f" <@{post.leader_user}> leads."
    if post.link:
        text += f"\n*Join:* {post.link}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    value = str(post.meeting_id)
    blocks.append(
        ActionsBlock(
            block_id=f"rsvp-{post.meeting_id}",
            elements=[
                ButtonElement(text="I'm in", action_id=MeetingAction.RSVP_YES, value=value, style="primary"),
                ButtonElement(text="Can't make it", action_id=MeetingAction.RSVP_NO, value=value),
            ],
        )
    )
    if counts is not None:
        going = " ".join(f"<@{u}>" for u in counts.attending) or "nobody yet"
        blocks.append(note(f"In: {going} · can't make it: {len(counts.not_attending)}"))
    blocks.append(note("Notes from the meeting go in this message's thread."))
    return message(text, blocks)


def notes_starter() -> Message:
    return reply(":memo: Notes, links and takeaways from today's meeting: reply here.")
