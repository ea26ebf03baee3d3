"""The text grammar of `/circle`: pure parsing into typed commands, no Slack and no database."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bot.errors import InvalidInput

# With should_escape on, Slack sends channels as <#C123|name> (the name part may be empty).
CHANNEL_TOKEN = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
BARE_CHANNEL = re.compile(r"(?:^|\s)(#[\w.-]+)")
NAME_DESCRIPTION_SEPARATOR = re.compile("\\s+[-\u2013\u2014:]\\s+|:\\s+")  # -, en and em dashes
QUOTED = re.compile('^["\u201c]([^"\u201d]*)["\u201d]\\s*(.*)$', re.S)  # straight or curly quotes


@dataclass(frozen=True)
class Browse:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Create:
    name: str
    channel_id: str | None
    description: str


@dataclass(frozen=True)
class OpenCreateModal:
    pass


@dataclass(frozen=True)
class Join:
    name: str


@dataclass(frozen=True)
class Leave:
    name: str


@dataclass(frozen=True)
class Info:
    name: str


CircleCommand = Browse | Help | Create | OpenCreateModal | Join | Leave | Info
NAMED = {"join": Join, "leave": Leave, "info": Info}
SUBCOMMANDS = ("list", "help", "create", "join", "leave", "info")


def parse(text: str) -> CircleCommand:
    words = text.strip().split(maxsplit=1)
    if not words:
        return Browse()
    sub, rest = words[0].casefold(), (words[1] if len(words) > 1 else "").strip()
    if sub in ("list", "browse", "ls"):
        return Browse()
    if sub in ("help", "?"):
        return Help()
    if sub in ("create", "new"):
        return _create(rest) if rest else OpenCreateModal()
    if sub in NAMED:
        if not rest:
            raise InvalidInput(
                f"Which circle? Use `/circle {sub} <name>`, e.g. `/circle {sub} Rust Learners`."
            )
        return NAMED[sub](name=rest.strip('"“”'))
    close = difflib.get_close_matches(sub, SUBCOMMANDS, n=1, cutoff=0.6)
    hint = f" Did you mean `/circle {close[0]}`?" if close else ""
    raise InvalidInput(f"I don't know `/circle {words[0]}`.{hint} Try `/circle help`.")


def _create(rest: str) -> Create:
    channel = CHANNEL_TOKEN.search(rest)
    if channel:
        name, description = rest[: channel.start()], rest[channel.end() :]
        channel_id: str | None = channel.group(1)
    else:
        bare = BARE_CHANNEL.search(rest)
        if bare:
            raise InvalidInput(
                f"I couldn't tell which channel `{bare.group(1)}` is. Pick it from Slack's suggestions "
                "as you type so it turns into a link, or leave it out and I'll create a channel."
            )
        name, description = _split_name(rest)
        channel_id = None
    quoted = QUOTED.match(name.strip())
    if quoted:
        name = quoted.group(1)
        description = (quoted.group(2) + " " + description).strip()
    return Create(name=name.strip(), channel_id=channel_id, description=description.strip())


def _split_name(rest: str) -> tuple[str, str]:
    """Without a channel: a quoted name, or the text before ' - ' / ': ', or everything."""
    if QUOTED.match(rest):
        return rest, ""
    parts = NAME_DESCRIPTION_SEPARATOR.split(rest, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (rest, "")
