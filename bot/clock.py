"""Time as a dependency, so jobs and tests can run on a controlled clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class AcceleratedClock:
    """Time that runs `speed` times faster than the wall clock, from `start` at wall time `anchor`.

    For `circles simulate` and for tests of real `circles serve` processes over simulated weeks:
    processes given the same start, speed and anchor agree on the time.
    """

    def __init__(self, start: datetime, speed: float = 1.0, anchor: float | None = None):
        if start.tzinfo is None:
            raise ValueError("AcceleratedClock needs an aware datetime")
        self.start = start
        self.speed = speed
        self.anchor = time.time() if anchor is None else anchor

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.time() - self.anchor) * self.speed)


class FixedClock:
    """A clock that moves only when told to (tests and `circles simulate`)."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now
