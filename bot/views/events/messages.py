"""What program events post and DM: the invitation with its answers, replies, reminders, the
follow-up for attendees and host, and `/circles events`."""

from __future__ import annotations

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

from bot.db.statuses import EventAnswer
from bot.services.program_events import AnswerOutcome, EventCard, FeedbackSummary, ListedEvent
from bot.views.blocks import note, reply
from bot.views.events.ids import EventAction
from bot.views.message import Message, message
from bot.views.text import escape, plural, truncate
from bot.views.time import for_everyone, local

BUTTON_LABELS = {EventAction.GOING: "Going", EventAction.MAYBE: "Maybe", EventAction.DECLINE: "Can't go"}
ANSWER_OF = {
    EventAction.GOING: EventAnswer.GOING,
    EventAction.MAYBE: EventAnswer.MAYBE,
    EventAction.DECLINE: EventAnswer.DECLINED,
}


def _when(card: EventCard, tz: str | None) -> str:
    """In the reader's zone when we know it (DMs), else Slack's own localised date (channels)."""
    at = local(card.starts_at, tz) if tz else for_everyone(card.starts_at, card.tz)
    return f"{at}, {card.duration_minutes} min"


def _details(card: EventCard, tz: str | None) -> str:
    lines = [f":calendar: *When:* {_when(card, tz)}"]
    if card.place:
        lines.append(f":round_pushpin: *Where:* {escape(card.place)}")
    if card.host_user_id:
        lines.append(f":wave: *Host:* <@{card.host_user_id}>")
    if card.guest_name:
        lines.append(f":microphone: *Guest speaker:* {escape(card.guest_line)}")
    lines.append(f":busts_in_silhouette: *For:* {escape(card.audience)}")
    return "\n".join(lines)


def counts_line(card: EventCard) -> str:
    going = f"{card.going}/{card.capacity} going" if card.capacity is not None else f"{card.going} going"
    parts = [going, f"{card.maybe} maybe"]
    if card.waitlisted:
        parts.append(f"{card.waitlisted} on the waitlist")
    return " · ".join(parts) + (" · *full*: Going joins the waitlist" if card.full else "")


def _answer_buttons(event_id: int, block_id: str) -> ActionsBlock:
    return ActionsBlock(
        block_id=block_id,
        elements=[
            ButtonElement(
                text=label,
                action_id=action,
                value=str(event_id),
                style="primary" if action == EventAction.GOING else None,
            )
            for action, label in BUTTON_LABELS.items()
        ],
    )


def invitation(card: EventCard) -> Message:
    """The channel post: what, when (in each reader's zone), who, and Going / Maybe / Can't go."""
    blocks: list[Block] = [
        HeaderBlock(block_id=f"event-{card.id}-title", text=truncate(card.title, 150)),
        SectionBlock(block_id=f"event-{card.id}-details", text=MarkdownTextObject(text=_details(card, None))),
    ]
    if card.description:
        blocks.append(
            SectionBlock(
                block_id=f"event-{card.id}-about",
                text=MarkdownTextObject(text=truncate(escape(card.description), 2900)),
            )
        )
    if card.cancelled:
        blocks.append(note(":no_entry: This event was called off."))
    else:
        blocks.append(note(counts_line(card)))
        blocks.append(_answer_buttons(card.id, f"event-{card.id}-answers"))
    return message(f"{card.title}: {counts_line(card)}", blocks)


def created_reply(card: EventCard, channels: list[str]) -> Message:
    where = ", ".join(f"<#{c}>" for c in channels) or "no channel (none could be posted to)"
    extra = f" Up to {plural(card.capacity, 'place')}; past that, a waitlist." if card.capacity else ""
    return reply(
        f":tada: *{escape(card.title)}* is on, {for_everyone(card.starts_at, card.tz)}. "
        f"The invitation is posted in {where}.{extra} Attendees get reminders a day and an hour before, "
        "and the host gets the attendance summary and feedback afterwards."
    )


def host_dm(card: EventCard, creator: str) -> Message:
    return reply(
        f":wave: <@{creator}> made you the host of *{escape(card.title)}* ({_when(card, None)}). After it you'll get "
        "who answered, a way to mark who came and to share the slides or recording, and the feedback."
    )


def answer_reply(outcome: AnswerOutcome, tz: str) -> Message:
    card, title = outcome.card, f"*{escape(outcome.card.title)}*"
    if outcome.answer == EventAnswer.GOING:
        text = (
            f":white_check_mark: You're going to {title}, {_when(card, tz)}. You'll get a reminder the day "
            "before and an hour before, and it's in your calendar feed (`/circles calendar`)."
        )
    elif outcome.answer == EventAnswer.WAITLISTED:
        text = (
            f":hourglass_flowing_sand: {title} is full; you're *#{outcome.position}* on the waitlist. "
            "If a place opens up, you're in and I'll DM you."
        )
    elif outcome.answer == EventAnswer.MAYBE:
        text = f":thinking_face: Maybe for {title}: noted. Change it any time with the buttons."
    else:
        text = f":ok_hand: You can't go to {title}: noted. Thanks for saying so."
    return reply(text)


def promoted_dm(card: EventCard, tz: str) -> Message:
    return reply(
        f":tada: A place opened up: you're going to *{escape(card.title)}*, {_when(card, tz)}. "
        "If you can't make it after all, press *Can't go* on the invitation so the next person gets it."
    )


def reminder_dm(card: EventCard, tz: str, stage: str) -> Message:
    lead = "Tomorrow" if stage == "day" else "In an hour"
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=f":alarm_clock: *{lead}:* {escape(card.title)}\n{_details(card, tz)}")
        ),
        ActionsBlock(
            elements=[ButtonElement(text="Can't go any more", action_id=EventAction.DECLINE, value=str(card.id))]
        ),
    ]
    return message(f"{lead}: {card.title}, {_when(card, tz)}", blocks)


def feedback_dm(card: EventCard) -> Message:
    scores = [
        ButtonElement(text=str(n), action_id=f"{EventAction.RATE}_{n}", value=f"{card.id}:{n}") for n in range(1, 6)
    ]
    return message(
        f"How was {card.title}?",
        [
            SectionBlock(
                text=MarkdownTextObject(
                    text=f":speech_balloon: How was *{escape(card.title)}*? 1 is not useful, 5 is very useful. "
                    "The host sees averages only, once five people have answered."
                )
            ),
            ActionsBlock(block_id=f"event-{card.id}-rate", elements=scores),
        ],
    )


def rated_reply(event_id: int, title: str, score: int) -> Message:
    return message(
        f"Thanks for rating {title}",
        [
            SectionBlock(text=MarkdownTextObject(text=f":pray: Thanks! You gave *{escape(title)}* {score}/5.")),
            ActionsBlock(
                elements=[ButtonElement(text="Add a comment", action_id=EventAction.COMMENT, value=str(event_id))]
            ),
        ],
    )


def host_summary(card: EventCard, invited: int) -> Message:
    text = (
        f":bar_chart: *{escape(card.title)}* has ended. {invited} invited; "
        f"{card.going} said Going, {card.maybe} Maybe, {card.declined} Can't go"
        + (f", {card.waitlisted} still on the waitlist" if card.waitlisted else "")
        + ". Attendees were asked for feedback (one question)."
    )
    value = str(card.id)
    return message(
        f"{card.title} has ended",
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(text="Mark who came", action_id=EventAction.ATTENDANCE, value=value),
                    ButtonElement(text="Share slides or recording", action_id=EventAction.RECORDING, value=value),
                    ButtonElement(text="See feedback", action_id=EventAction.FEEDBACK, value=value),
                ]
            ),
        ],
    )


def feedback_reply(summary: FeedbackSummary) -> Message:
    title = f"*{escape(summary.title)}*"
    came = f" {summary.attended} came." if summary.attended is not None else ""
    if summary.average is None:
        return reply(
            f":lock: {title} has {plural(summary.answers, 'answer')} so far. Feedback is shown once five people "
            f"have answered, so nobody's answer can be told apart.{came}"
        )
    spread = "  ".join(f"{score}: {count}" for score, count in summary.distribution.items())
    comments = "\n".join(f"> {truncate(escape(text), 300)}" for text in summary.comments[:20])
    return reply(
        f":bar_chart: {title}: average *{summary.average:.1f}*/5 from {summary.answers} answers ({spread}).{came}"
        + (f"\nComments, without names:\n{comments}" if comments else "")
    )


def attendance_saved(title: str, came: int) -> Message:
    return reply(f":white_check_mark: Saved: {came} came to *{escape(title)}*.")


def recording_shared(title: str, circles: list[str]) -> Message:
    where = f" and to {', '.join(f'*{escape(c)}*' for c in circles)}'s resources" if circles else ""
    return reply(f":film_projector: Shared *{escape(title)}*'s slides or recording in the invitation's thread{where}.")


def recording_post(title: str, url: str) -> Message:
    return reply(f":film_projector: Slides or recording of *{escape(title)}*: {url}")


def comment_saved(title: str) -> Message:
    return reply(f":pray: Thanks, your comment on *{escape(title)}* is in.")


STATE = {
    EventAnswer.GOING: ":white_check_mark: you're going",
    EventAnswer.MAYBE: ":thinking_face: maybe",
    EventAnswer.DECLINED: ":x: you can't go",
}


def events_list(listed: list[ListedEvent], tz: str) -> Message:
    if not listed:
        return reply(
            ":calendar: No upcoming events for you. Admins and circle organisers can create one with `/circles event`."
        )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*Upcoming events* (times in {tz})"))]
    for item in listed:
        card = item.card
        if item.answer == EventAnswer.WAITLISTED:
            state = f":hourglass_flowing_sand: you're #{item.position} on the waitlist"
        else:
            state = STATE.get(item.answer, "not answered yet") if item.answer else "not answered yet"
        blocks += [
            DividerBlock(),
            SectionBlock(text=MarkdownTextObject(text=f"*{escape(card.title)}*\n{_details(card, tz)}")),
            ContextBlock(elements=[MarkdownTextObject(text=f"{counts_line(card)} · {state}")]),
            _answer_buttons(card.id, f"event-{card.id}-list-answers"),
        ]
    return message(f"{plural(len(listed), 'upcoming event')}", blocks[:50])
