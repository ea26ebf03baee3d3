"""The text grammar of `/kudos`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
BARE_MENTION = re.compile(r"(?:^|\s)@[\w.-]+")
TRAILING_VALUE = re.compile(r"\s#([\w][\w-]*)\s*$")


@dataclass(frozen=True)
class Give:
    receivers: list[str]
    message: str
    value: str | None


@dataclass(frozen=True)
class Top:
    period: str


@dataclass(frozen=True)
class Mine:
    pass


@dataclass(frozen=True)
class Help:
    pass


KudosCommand = Give | Top | Mine | Help


def parse(text: str) -> KudosCommand:
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    if first.casefold() in ("", "help", "?"):
        return Help()
    if first.casefold() in ("top", "leaderboard"):
        return Top(period=rest.strip().casefold() or "week")
    if first.casefold() == "me":
        return Mine()
    receivers = MENTION.findall(stripped)
    if not receivers:
        if BARE_MENTION.search(stripped):
            raise InvalidInput("Pick people from Slack's suggestions as you type, so their names become mentions.")
        raise InvalidInput("Who's it for? e.g. `/kudos @alex for pairing on the migration #teamwork`.")
    message = MENTION.sub(" ", stripped)
    value = None
    trailing = TRAILING_VALUE.search(" " + message)
    if trailing:
        value = trailing.group(1)
        message = (" " + message)[: trailing.start()]
    message = (
        " ".join(message.split()).removeprefix("for ").strip()
        if message.strip().startswith("for ")
        else " ".join(message.split())
    )
    return Give(receivers=receivers, message=message, value=value)
