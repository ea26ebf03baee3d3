"""The text grammar of `/goal`: pure parsing into typed commands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput

SET_CLAUSES = re.compile(r"^(?P<title>.+?)(?:\s+by\s+(?P<due>.+?))?(?:\s+in\s+(?P<circle>[^\s].*?))?$", re.I | re.S)
PERCENT = re.compile(r"^(\d{1,3})\s*%$")


@dataclass(frozen=True)
class OpenForm:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class ListGoals:
    pass


@dataclass(frozen=True)
class SetGoal:
    title: str
    due: str | None
    circle: str | None


@dataclass(frozen=True)
class UpdateGoal:
    number: int
    progress: int | None
    note: str


@dataclass(frozen=True)
class CloseGoal:
    number: int
    status: str  # "done" | "dropped"


GoalCommand = OpenForm | Help | ListGoals | SetGoal | UpdateGoal | CloseGoal
USAGE = "Try `/goal help`."


def parse(text: str) -> GoalCommand:
    words = text.strip().split(maxsplit=1)
    if not words:
        return OpenForm()
    sub, rest = words[0].casefold(), (words[1].strip() if len(words) > 1 else "")
    if sub in ("help", "?"):
        return Help()
    if sub in ("list", "ls"):
        return ListGoals()
    if sub in ("set", "add", "new"):
        return _set(rest) if rest else OpenForm()
    if sub in ("update", "progress"):
        return _update(rest)
    if sub in ("done", "complete", "finish"):
        return CloseGoal(_number(rest, "done"), "done")
    if sub in ("drop", "abandon", "remove"):
        return CloseGoal(_number(rest, "drop"), "dropped")
    raise InvalidInput(f"I don't know `/goal {words[0]}`. {USAGE}")


def _set(rest: str) -> SetGoal:
    match = SET_CLAUSES.match(rest)
    assert match is not None  # the pattern matches any non-empty text
    return SetGoal(title=match.group("title").strip(), due=match.group("due"), circle=match.group("circle"))


def _number(text: str, sub: str) -> int:
    token = text.split(maxsplit=1)[0] if text else ""
    token = token.removeprefix("#")
    if not token.isdecimal():
        raise InvalidInput(f"Which goal? Use its number: `/goal {sub} 2` (`/goal list` shows the numbers).")
    return int(token)


def _update(rest: str) -> UpdateGoal:
    number = _number(rest, "update")
    remainder = rest.split(maxsplit=1)[1].strip() if len(rest.split(maxsplit=1)) > 1 else ""
    progress = None
    first, _, after = remainder.partition(" ")
    percent = PERCENT.match(first)
    if percent:
        progress = int(percent.group(1))
        remainder = after.strip()
    if progress is None and not remainder:
        raise InvalidInput(f"Add a note or a percentage: `/goal update {number} 60% finished chapter 5`.")
    if progress is not None and progress > 100:
        raise InvalidInput(f"Progress is a percentage from 0 to 100, not {progress}.")
    return UpdateGoal(number=number, progress=progress, note=remainder)
