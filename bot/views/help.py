"""Help texts and the placeholder answer of commands that later releases fill in."""

from __future__ import annotations

from slack_sdk.models.blocks import ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.views.message import Message, message

CIRCLE_USAGE = [
    ("/circle", "browse circles, join or leave with a click, or start a new one"),
    ("/circle list", "the same list"),
    (
        "/circle create <name> [#channel] [description]",
        'start a circle; quote multi-word names without a channel: `"Rust Learners"`',
    ),
    ("/circle join <name>", "join a circle (I'll add you to its channel)"),
    ("/circle leave <name>", "leave a circle; your history stays"),
    ("/circle info <name>", "members, channel, description and the next three meetings in your time zone"),
    ("/circle schedule <name>", "when the circle meets: weekly, every 2 weeks, or monthly on the nth/last weekday"),
    ("/circle skip <name> on <date>", "call off one meeting (the channel hears, calendars drop it); `unskip` undoes"),
    ("/circle guest <name> on <date>", "(organiser or that meeting's leader) a guest speaker leads one meeting"),
    ("/circle project <name>", "propose a project, stretch assignment or shadowing day; members volunteer, you choose"),
    ("/circle leaders <name>", "the leader rotation: who's next, who's passed over and why, and past meetings"),
    ("/circle away <until>", "don't ask me to lead until then (`/circle back` to end it)"),
    ("/circle topic add <text>", "add to the discussion queue (in the circle's channel); `/circle topics` lists it"),
    ("/circle topic top <n>", "move a topic to the front; `/circle topic remove <n>` removes it"),
    ("/circle share <name> <url> [note]", "share a resource (or use the *Share to circle* message shortcut)"),
    ("/circle resources <name>", "everything shared with the circle"),
    (
        "/circle digest <name> [preview|on|off|friday 16:00|skip-empty on]",
        "the weekly digest: see it now, or change it",
    ),
    ("/circle help", "this help"),
]


def circle_help() -> Message:
    lines = "\n".join(f"`{usage}` — {what}" for usage, what in CIRCLE_USAGE)
    blocks = [
        HeaderBlock(text="Learning circles"),
        SectionBlock(
            text=MarkdownTextObject(
                text="A circle is a small group that learns a topic together, in its own channel. Joining or "
                "leaving that channel in Slack joins or leaves the circle too."
            )
        ),
        SectionBlock(text=MarkdownTextObject(text=lines)),
        ContextBlock(elements=[MarkdownTextObject(text="Circle names are not case-sensitive.")]),
    ]
    return message("How to use /circle", blocks)
