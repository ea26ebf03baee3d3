"""The delivery path under faults: rate limits, Slack errors, connection resets."""

from __future__ import annotations

import asyncio
import random
import time

from bot.db.models import Outbox
from bot.delivery.outbox import OutboxSender
from bot.delivery.ratelimit import RateLimiter
from bot.services import outbox
from bot.slack.gateway import SlackGateway
from tests.harness import Harness


async def test_a_fan_out_survives_429s_500s_and_resets_exactly_once(bot: Harness) -> None:
    ws = bot.double.workspace
    people = [ws.add_user(f"UFAN{n:04d}", f"fan{n}").id for n in range(120)]
    now = bot.deps.clock.now()
    async with bot.deps.db.session() as session:
        from bot.services.members import ensure_team

        await ensure_team(session, bot.team_id, now)
        for user in people:
            await outbox.enqueue(
                session, team_id=bot.team_id, key=f"fan:{user}", channel=user, message={"text": f"hi {user}"}, now=now
            )
    chaos = random.Random(20)
    bot.double.chaos(chaos, rate=0.2, methods={"chat.postMessage"}, retry_after=0)

    sender = OutboxSender(bot.deps.db, SlackGateway(bot.client), bot.deps.clock)
    for _ in range(40):  # the retries' backoff is in database time: move it along like the scheduler would
        await sender.deliver_due()
        if not await bot.rows(Outbox, Outbox.status.in_(("pending", "sending"))):
            break
        async with bot.deps.db.session() as session:
            from sqlalchemy import update

            await session.execute(update(Outbox).where(Outbox.status == "pending").values(not_before=now))
    bot.double.chaos(None)

    rows = await bot.rows(Outbox, Outbox.key.like("fan:%"))
    assert {row.status for row in rows} == {"sent"}
    delivered = [m.text for m in ws.messages if m.text.startswith("hi UFAN")]
    assert sorted(delivered) == sorted(f"hi {user}" for user in people)  # every one, none twice
    faults = [c for c in bot.double.calls_to("chat.postMessage") if c.error]
    assert len(faults) > 10  # the chaos really happened


async def test_the_limiter_paces_posts_to_one_channel() -> None:
    limiter = RateLimiter(workspace_posts_per_second=1000)
    started = time.monotonic()
    for _ in range(5):  # a burst of 3, then one per second
        await limiter.acquire("T1", "chat.postMessage", "C1")
    assert time.monotonic() - started >= 1.9
    other = time.monotonic()
    await asyncio.gather(*(limiter.acquire("T1", "chat.postMessage", f"C{n}") for n in range(2, 20)))
    assert time.monotonic() - other < 0.5  # other channels are not held back
