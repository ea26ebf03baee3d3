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


@dataclass(frozen=True)
class Schedule:
    name: str


@dataclass(frozen=True)
class Leaders:
    name: str


@dataclass(frozen=True)
class Resources:
    name: str


@dataclass(frozen=True)
class Away:
    until: str | None  # None: back now


@dataclass(frozen=True)
class TopicAdd:
    text: str


@dataclass(frozen=True)
class TopicList:
    name: str | None


@dataclass(frozen=True)
class TopicChange:
    number: int
    action: str  # "remove" | "top"


@dataclass(frozen=True)
class Digest:
    name: str
    change: str  # "" (show), "preview", "on", "off", "skip-empty on|off", or "<day> <HH:MM>"


@dataclass(frozen=True)
class Skip:
    """`/circle skip <name> on <date>` (or `unskip`): one meeting called off, or brought back."""

    name: str
    day: str
    skipped: bool


@dataclass(frozen=True)
class Guest:
    """`/circle guest <name> on <date>`: a guest speaker for one meeting."""

    name: str
    day: str


@dataclass(frozen=True)
class ProjectProposal:
    """`/circle project <name>`: propose a project, stretch assignment or shadowing day to a circle."""

    name: str


@dataclass(frozen=True)
class Share:
    name: str
    url: str
    note: str


CircleCommand = (
    Browse
    | Help
    | Create
    | OpenCreateModal
    | Join
    | Leave
    | Info
    | Schedule
    | Leaders
    | Resources
    | Away
    | TopicAdd
    | TopicList
    | TopicChange
    | Share
    | Digest
    | Skip
    | Guest
    | ProjectProposal
)
NAMED = {
    "join": Join,
    "leave": Leave,
    "info": Info,
    "schedule": Schedule,
    "leaders": Leaders,
    "resources": Resources,
    "project": ProjectProposal,
}
SUBCOMMANDS = (
    "list",
    "help",
    "create",
    "join",
    "leave",
    "info",
    "schedule",
    "leaders",
    "away",
    "back",
    "topic",
    "topics",
    "share",
    "resources",
    "skip",
    "unskip",
    "guest",
    "project",
)
URL_TOKEN = re.compile(r"<(https?://[^>|]+)(?:\|[^>]*)?>|(https?://\S+)")


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
    if sub == "away":
        if not rest:
            raise InvalidInput("Until when? e.g. `/circle away dec 31` or `/circle away in 2 weeks`.")
        return Away(until=None if rest.casefold() in ("off", "back", "none") else rest.removeprefix("until ").strip())
    if sub == "back":
        return Away(until=None)
    if sub in ("topic", "topics"):
        return _topic(sub, rest)
    if sub == "share":
        return _share(rest)
    if sub == "digest":
        return _digest(rest)
    if sub in ("skip", "unskip"):
        return _skip(rest, skipped=sub == "skip")
    if sub == "guest":
        name, day = _name_on_date(rest, "guest")
        return Guest(name=name, day=day)
    if sub in NAMED:
        if not rest:
            raise InvalidInput(f"Which circle? Use `/circle {sub} <name>`, e.g. `/circle {sub} Rust Learners`.")
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


def _topic(sub: str, rest: str) -> TopicAdd | TopicList | TopicChange:
    if sub == "topics":
        return TopicList(name=rest.strip('"\u201c\u201d') or None)
    action, _, text = rest.partition(" ")
    action = action.casefold()
    if action in ("", "list", "ls"):
        return TopicList(name=text.strip() or None)
    if action == "add":
        if not text.strip():
            raise InvalidInput("What's the topic? e.g. `/circle topic add Error handling in async Rust`.")
        return TopicAdd(text=text.strip())
    if action in ("remove", "rm", "delete", "top", "first"):
        number = text.strip().removeprefix("#")
        if not number.isdecimal():
            raise InvalidInput(
                f"Which topic? Use its number: `/circle topic {action} 2` (`/circle topics` lists them)."
            )
        return TopicChange(number=int(number), action="remove" if action in ("remove", "rm", "delete") else "top")
    raise InvalidInput(
        "Try `/circle topic add <text>`, `/circle topics`, `/circle topic top <n>` or `/circle topic remove <n>`."
    )


def _skip(rest: str, skipped: bool) -> Skip:
    name, day = _name_on_date(rest, "skip" if skipped else "unskip")
    return Skip(name=name, day=day, skipped=skipped)


def _name_on_date(rest: str, verb: str) -> tuple[str, str]:
    """The name, then the date after ` on ` (names have spaces; so do dates like `dec 10`)."""
    quoted = QUOTED.match(rest)
    if quoted:
        name, day = quoted.group(1), quoted.group(2).strip().removeprefix("on ").strip()
    else:
        name, _, day = rest.rpartition(" on ")
    if not name.strip() or not day.strip():
        raise InvalidInput(f"Which meeting? e.g. `/circle {verb} Rust on thursday` or `/circle {verb} Rust on dec 10`.")
    return name.strip(), day.strip()


def _share(rest: str) -> Share:
    url = URL_TOKEN.search(rest)
    if url is None:
        raise InvalidInput("Share a link: `/circle share <circle> <https://...> [note]`.")
    name = rest[: url.start()].strip().strip('"\u201c\u201d')
    if not name:
        raise InvalidInput("Which circle? `/circle share <circle> <https://...> [note]`.")
    return Share(name=name, url=url.group(1) or url.group(2), note=rest[url.end() :].strip())


DIGEST_CHANGE = re.compile(
    r"\s+(preview|on|off|skip-empty\s+(?:on|off)|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+\d{1,2}:\d{2})$", re.I
)


def _digest(rest: str) -> Digest:
    if not rest:
        raise InvalidInput("Which circle? `/circle digest <name> [preview | on | off | friday 16:00 | skip-empty on]`.")
    change = DIGEST_CHANGE.search(" " + rest)
    if change is None:
        return Digest(name=rest.strip('"\u201c\u201d'), change="")
    name = (" " + rest)[: change.start()].strip().strip('"\u201c\u201d')
    if not name:
        raise InvalidInput("Which circle? `/circle digest <name> preview`.")
    return Digest(name=name, change=" ".join(change.group(1).lower().split()))
