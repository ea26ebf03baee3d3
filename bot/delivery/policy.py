"""How the outbox senders of one process send: pacing, lanes, the claim lease, and what to do about a
person Slack says can't be reached. One `DeliveryPolicy` per app (`Deps.delivery`), shared by every
sender, so limits hold across jobs and requests and nothing is a module global."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.ratelimit import RateLimiter, Unlimited

# (session, team id, user id, Slack's reason): called in the transaction that records the failure.
Unreachable = Callable[[AsyncSession, str, str, str], Awaitable[None]]
SEND_LANES = 8  # conversations sent to side by side per sender, by default


async def _ignore(session: AsyncSession, team_id: str, user_id: str, reason: str) -> None:
    return None


@dataclass
class DeliveryPolicy:
    limiter: RateLimiter = field(default_factory=RateLimiter)
    # Conversations sent to side by side per sender (`CIRCLES_SEND_LANES`; 1 sends in a fixed order).
    lanes: int = SEND_LANES
    # A row left "sending" this long was claimed by a sender that died (a Slack call times out in 15 s).
    lease: timedelta = timedelta(minutes=5)
    on_unreachable: Unreachable = _ignore
    # SQLite has no SKIP LOCKED: the senders of the one process take turns claiming.
    sqlite_claims: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    def of(
        cls, *, rate_limits: bool, lanes: int, lease_seconds: float, on_unreachable: Unreachable = _ignore
    ) -> DeliveryPolicy:
        return cls(
            limiter=RateLimiter() if rate_limits else Unlimited(),
            lanes=lanes,
            lease=timedelta(seconds=lease_seconds),
            on_unreachable=on_unreachable,
        )
