"""Refusing replayed Slack requests.

Slack's signature (HMAC of timestamp and body) stops forgeries, and the 5-minute timestamp window
stops old replays; a captured request re-sent within those 5 minutes would still verify. Each
signature is accepted once per process: Slack signs every delivery afresh, retries included.
(Across replicas a replay could reach another process; retried events are also de-duplicated by
event id in the database, and interactions are idempotent where it matters.)
"""

from __future__ import annotations

import time
from collections import OrderedDict

WINDOW_SECONDS = 5 * 60  # Slack's own: older requests fail verification anyway


class ReplayGuard:
    def __init__(self, window: float = WINDOW_SECONDS, capacity: int = 100_000):
        self.window = window
        self.capacity = capacity
        self._seen: OrderedDict[str, float] = OrderedDict()

    def seen_before(self, signature: str | None) -> bool:
        if not signature:
            return False
        self._forget_old(time.monotonic())
        return signature in self._seen

    def remember(self, signature: str | None) -> None:
        if signature:
            self._seen[signature] = time.monotonic()
            while len(self._seen) > self.capacity:
                self._seen.popitem(last=False)

    def _forget_old(self, now: float) -> None:
        while self._seen:
            _, at = next(iter(self._seen.items()))
            if now - at <= self.window:
                return
            self._seen.popitem(last=False)
