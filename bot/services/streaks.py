"""Check-in streaks: consecutive answered periods, with one free "freeze" per calendar month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

ANSWERED = "answered"
MISSES = ("missed", "skipped")
MILESTONES = (5, 10, 25, 50, 100)


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    frozen_this_month: bool  # the latest month's freeze is already used


def compute_streak(periods: Iterable[tuple[date, str]]) -> Streak:
    """`periods`: (period date, status) of scheduled check-ins, any order.

    An answered period adds one. The first miss (or skip) in a calendar month is frozen: the streak
    holds. Another miss in the same month resets it. Periods still open ("prompted") and pauses
    (no period at all) neither add nor break.
    """
    current = best = 0
    freezes_used: set[tuple[int, int]] = set()
    last_month: tuple[int, int] | None = None
    for period, status in sorted(periods):
        month = (period.year, period.month)
        last_month = month
        if status == ANSWERED:
            current += 1
            best = max(best, current)
        elif status in MISSES:
            if month not in freezes_used:
                freezes_used.add(month)
            else:
                current = 0
    return Streak(current=current, best=best, frozen_this_month=last_month in freezes_used)


def milestone_reached(before: int, after: int) -> int | None:
    return next((m for m in MILESTONES if before < m <= after), None)
