"""`/circles intros …`: what was asked for, parsed before anything runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput
from bot.services.intros import IntroSettings

CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
CADENCE = re.compile(
    r"\b(every\s+week|weekly|every\s+(?:2|two|other)\s+weeks?|biweekly|fortnightly|monthly|every\s+(?:month|4\s+weeks))\b"
)
GROUPS = re.compile(r"\bgroups?\s+of\s+(\d+)\b")
DAY = re.compile(r"\bon\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
REPEAT = re.compile(r"\bno\s+repeats?\s+(?:for|in)\s+(\d+)\s+rounds?\b")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
USAGE = (
    "`/circles intros #channel every 2 weeks groups of 2 on monday` (add `any team` to not prefer cross-team groups)"
)


@dataclass(frozen=True)
class Overview:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class TurnOff:
    channel_id: str


@dataclass(frozen=True)
class Configure:
    settings: IntroSettings


def parse_intros(text: str) -> Overview | Resume | TurnOff | Configure:
    words = " ".join(text.split()).casefold()
    if not words:
        return Overview()
    if words in ("resume", "back", "on for me"):
        return Resume()
    channel = CHANNEL.search(text)
    if channel is None:
        raise InvalidInput(f"Which channel? {USAGE}.")
    if re.search(r"\b(off|stop)\b", words):
        return TurnOff(channel.group(1))
    cadence = CADENCE.search(words)
    size = GROUPS.search(words)
    day = DAY.search(words)
    repeat = REPEAT.search(words)
    kind = "biweekly"
    if cadence:
        phrase = cadence.group(1)
        kind = "weekly" if "week" in phrase and not re.search(r"2|two|other|bi|fort", phrase) else kind
        kind = "monthly" if "month" in phrase or "4" in phrase else kind
    return Configure(
        IntroSettings(
            channel_id=channel.group(1),
            cadence=kind,
            weekday=DAYS.index(day.group(1)) if day else 0,
            group_size=int(size.group(1)) if size else 2,
            cross_team="any team" not in words,
            no_repeat_rounds=int(repeat.group(1)) if repeat else 6,
        )
    )
