"""Choosing a circle's discussion leader: fair, and explainable (a pure function of its inputs).

Everyone active leads once before anyone leads twice. The queue is ordered by turns led (plus the
credit a newcomer gets, so they join the end of the current round), then by who has waited longest
since leading, then by who joined first. Members who are away, paused or said "skip me" for this
meeting are passed over, and the reason is kept so `/circle leaders` can show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    member_id: int
    user_id: str
    joined_at: datetime
    turns: int  # meetings led (accepted) in this circle
    credit: int = 0  # turns credited on joining
    last_led_at: datetime | None = None
    unavailable: str | None = None  # why they can't lead now ("away until Dec 3", "skipped this one")

    @property
    def standing(self) -> int:
        return self.turns + self.credit


@dataclass(frozen=True)
class QueueEntry:
    candidate: Candidate
    position: int
    passed_over: str | None


def _order(candidate: Candidate) -> tuple[int, datetime, datetime, int]:
    never = datetime.min.replace(tzinfo=candidate.joined_at.tzinfo)
    return (candidate.standing, candidate.last_led_at or never, candidate.joined_at, candidate.member_id)


def queue(candidates: Iterable[Candidate]) -> list[QueueEntry]:
    """Everyone in rotation order, with why anyone is passed over."""
    ordered = sorted(candidates, key=_order)
    return [QueueEntry(c, position, c.unavailable) for position, c in enumerate(ordered, start=1)]


def choose(candidates: Iterable[Candidate]) -> Candidate | None:
    """The next leader: the first in the queue who is available; None if nobody is."""
    return next((entry.candidate for entry in queue(candidates) if entry.passed_over is None), None)


def credit_for_newcomer(current: Iterable[Candidate]) -> int:
    """Turns to credit someone joining now: the fewest anyone active has, so they queue at the round's end."""
    standings = [c.standing for c in current]
    return min(standings) if standings else 0
