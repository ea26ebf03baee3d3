"""The text grammar of `/checkin`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import InvalidInput


@dataclass(frozen=True)
class CheckinNow:
    pass


@dataclass(frozen=True)
class Settings:
    pass


@dataclass(frozen=True)
class History:
    pass


@dataclass(frozen=True)
class Pause:
    until: str


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Help:
    pass


CheckinCommand = CheckinNow | Settings | History | Pause | Resume | Help


def parse(text: str) -> CheckinCommand:
    words = text.strip().split(maxsplit=1)
    if not words:
        return CheckinNow()
    sub, rest = words[0].casefold(), (words[1].strip() if len(words) > 1 else "")
    simple = {
        "now": CheckinNow,
        "settings": Settings,
        "history": History,
        "resume": Resume,
        "help": Help,
        "?": Help,
    }
    if sub in simple:
        return simple[sub]()
    if sub == "pause":
        if not rest:
            raise InvalidInput("Until when? e.g. `/checkin pause dec 31` or `/checkin pause in 2 weeks`.")
        return Pause(until=rest.removeprefix("until ").strip())
    raise InvalidInput(f"I don't know `/checkin {words[0]}`. Try `/checkin help`.")
