"""Calendar replies: the member's feed link with how to subscribe, or (no public address) files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.text import escape
from bot.views.time import for_everyone, local


class CalendarAction(StrEnum):
    NEW_LINK = "calendar_new_link"
    SEND_FILES = "calendar_send_files"


@dataclass(frozen=True)
class CalendarLink:
    """The member's feed address, or why there is none (no public address: Socket Mode or unset)."""

    url: str | None
    why_not: str = ""


def calendar_message(link: CalendarLink, renewed: bool = False) -> Message:
    if link.url is None:
        return _files_instead(link.why_not)
    webcal = "webcal://" + link.url.split("://", 1)[1]
    steps = "\n".join(
        [
            "*Google Calendar*: Other calendars → + → From URL, paste the address.",
            "*Outlook*: Add calendar → Subscribe from web, paste the address.",
            f"*Apple Calendar*: <{webcal}|open this link>, or File → New Calendar Subscription.",
        ]
    )
    blocks: list[Block] = [
        HeaderBlock(text="Your Circles calendar"),
        SectionBlock(
            text=MarkdownTextObject(
                text=("New link made; the old one no longer works.\n" if renewed else "")
                + "Every meeting of your circles and your mentorship 1:1s, kept up to date: "
                f"subscribe once to this private address.\n```{link.url}```"
            )
        ),
        SectionBlock(text=MarkdownTextObject(text=steps)),
        ActionsBlock(
            block_id="calendar-actions",
            elements=[ButtonElement(text="New link", action_id=CalendarAction.NEW_LINK, value="new")],
        ),
        note("Keep it to yourself: anyone with the address sees your meetings. *New link* stops the old one."),
    ]
    return message("Your Circles calendar link", blocks)


def _files_instead(why_not: str) -> Message:
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f":calendar: {why_not} So there's no calendar feed to subscribe to, but I can DM you "
                "each of your next meetings as a calendar file to add with one click."
            )
        ),
        ActionsBlock(
            block_id="calendar-actions",
            elements=[ButtonElement(text="Send me the files", action_id=CalendarAction.SEND_FILES, value="files")],
        ),
    ]
    return message("Calendar files for your meetings", blocks)


def files_sent_reply(count: int) -> Message:
    if not count:
        return reply("You have no upcoming meetings yet: join a circle with a schedule, or pick a 1:1 time.")
    return reply(f":calendar: Sent {count} calendar file{'s' if count != 1 else ''} to our DM.")


def skipped_note(circle: str, starts_at: datetime, tz: str, skipped: bool, by_user: str) -> Message:
    """The one channel note about a skipped (or restored) meeting."""
    when = for_everyone(starts_at, tz)
    if skipped:
        text = f":no_entry_sign: <@{by_user}> skipped *{escape(circle)}*'s meeting on {when}. "
        text += "Calendars update on their own."
    else:
        text = f":leftwards_arrow_with_hook: <@{by_user}> brought back *{escape(circle)}*'s meeting on {when}."
    return reply(text)


def skip_reply(circle: str, starts_at: datetime, tz: str, skipped: bool) -> Message:
    when = local(starts_at, tz)
    if skipped:
        return reply(f"Skipped *{escape(circle)}* on {when}; I told the channel. `/circle unskip` undoes it.")
    return reply(f"*{escape(circle)}* meets on {when} again; I told the channel.")


def schedule_changed_note(circle: str, description: str) -> Message:
    return reply(
        f":calendar: *{escape(circle)}*'s schedule changed: {escape(description)}. "
        "Subscribed calendars (`/circles calendar`) update on their own."
    )
