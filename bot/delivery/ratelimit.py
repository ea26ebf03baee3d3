"""Staying inside Slack's rate limits before Slack has to say 429.

Token buckets per workspace and method tier (Tier 2: 20/min, Tier 3: 50/min, Tier 4: 100/min), plus
about one message per second per channel for chat.postMessage (short bursts allowed), as Slack
documents. When Slack still answers 429, `pause` holds that method for the workspace for the
Retry-After seconds, in every limiter (even `Unlimited`: Slack's word is not optional).
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

PER_MINUTE = {2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "chat.update": 3,
    "views.publish": 4,
    "files.upload": 2,  # files.getUploadURLExternal / completeUploadExternal are Tier 4 / Tier 2
    "conversations.open": 3,
}
CHANNEL_RATE = 1.0  # messages per second per channel
CHANNEL_BURST = 3
WORKSPACE_POSTS_PER_SECOND = 50.0  # chat.postMessage across channels; Slack's own limit is not published


@dataclass
class Bucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = field(init=False)
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimiter:
    """Shared by every sender of a process, on either of its event loops (requests, jobs); `acquire`
    waits until a call may go out. A thread lock, held only while the buckets are counted (no await
    inside), works across loops where an asyncio lock would belong to one."""

    def __init__(self, workspace_posts_per_second: float = WORKSPACE_POSTS_PER_SECOND):
        self.workspace_posts_per_second = workspace_posts_per_second
        self._buckets: dict[tuple[str, ...], Bucket] = {}
        self._lock = threading.Lock()
        self._paused_until: dict[tuple[str, str], float] = {}  # (team, method) → monotonic time
        self.waited = 0.0  # seconds spent waiting, for metrics and benchmarks

    def _bucket(self, key: tuple[str, ...], rate: float, capacity: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(rate, capacity)
        return bucket

    def _buckets_for(self, team_id: str, method: str, channel: str) -> list[Bucket]:
        if method == "chat.postMessage":
            return [
                self._bucket(("post", team_id), self.workspace_posts_per_second, self.workspace_posts_per_second),
                self._bucket(("channel", team_id, channel), CHANNEL_RATE, CHANNEL_BURST),
            ]
        tier = METHOD_TIERS.get(method, 3)
        per_second = PER_MINUTE[tier] / 60
        return [self._bucket(("tier", team_id, method), per_second, max(PER_MINUTE[tier] / 10, 1))]

    def pause(self, team_id: str, method: str, seconds: float) -> None:
        """Slack answered 429 with Retry-After: nothing of `method` goes to this workspace for a while."""
        until = time.monotonic() + seconds
        key = (team_id, method)
        with self._lock:
            self._paused_until[key] = max(until, self._paused_until.get(key, 0.0))

    async def acquire(self, team_id: str, method: str, channel: str) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._paused_until.get((team_id, method), 0.0) - now
                if wait <= 0:
                    wait = self._pacing(now, team_id, method, channel)
            if wait <= 0:
                return
            self.waited += wait
            await asyncio.sleep(wait)

    def _pacing(self, now: float, team_id: str, method: str, channel: str) -> float:
        return max(bucket.wait_time(now) for bucket in self._buckets_for(team_id, method, channel))


class Unlimited(RateLimiter):
    """For tests and simulations on a controlled clock: no pacing of our own, only Slack's 429 pauses."""

    def _pacing(self, now: float, team_id: str, method: str, channel: str) -> float:
        return 0.0
