"""The delivery path under faults: rate limits, Slack errors, connection resets, lost answers."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import timedelta

from sqlalchemy import update

from bot.db.models import Outbox
from bot.delivery.outbox import OutboxSender
from bot.delivery.ratelimit import RateLimiter
from bot.services import outbox
from bot.services.members import ensure_team
from bot.slack.gateway import SlackGateway
from tests.harness import Harness


async def enqueue_dms(bot: Harness, people: list[str], prefix: str = "fan") -> None:
    now = bot.deps.clock.now()
    async with bot.deps.db.session() as session:
        await ensure_team(session, bot.team_id, now)
        for user in people:
            await outbox.enqueue(
                session,
                team_id=bot.team_id,
                key=f"{prefix}:{user}",
                channel=user,
                message={"text": f"hi {user}"},
                now=now,
            )


async def deliver_everything(bot: Harness, sender: OutboxSender, rounds: int = 60) -> None:
    """Send until nothing is left, moving retry backoff along as the scheduler's later ticks would."""
    for _ in range(rounds):
        await sender.deliver_due()
        if not await bot.rows(Outbox, Outbox.status.in_(("pending", "sending"))):
            return
        async with bot.deps.db.session() as session:
            await session.execute(
                update(Outbox).where(Outbox.status == "pending").values(not_before=bot.deps.clock.now())
            )


def delivered_texts(bot: Harness, prefix: str = "hi UFAN") -> list[str]:
    return [m.text for m in bot.double.workspace.messages if m.text.startswith(prefix)]


async def test_a_1000_member_fan_out_survives_chaos_exactly_once(bot: Harness) -> None:
    ws = bot.double.workspace
    people = [ws.add_user(f"UFAN{n:04d}", f"fan{n}").id for n in range(1000)]
    await enqueue_dms(bot, people)
    # 20% of every call fails: 429, 500, a reset before Slack acts, or an answer lost after it acted.
    bot.double.chaos(random.Random(20), rate=0.2, retry_after=0)

    await deliver_everything(bot, bot.deps.sender(bot.deps.gateways(bot.client)))
    bot.double.chaos(None)

    rows = await bot.rows(Outbox, Outbox.key.like("fan:%"))
    assert {row.status for row in rows} == {"sent"}
    assert sorted(delivered_texts(bot)) == sorted(f"hi {user}" for user in people)  # every one, none twice
    faults = {c.error for c in bot.double.calls if c.error}
    assert {"chaos_429", "chaos_500", "chaos_reset", "chaos_lost"} <= faults  # the chaos really happened
    lost = [c for c in bot.double.calls_to("chat.postMessage") if c.error == "chaos_lost"]
    assert len(lost) > 10
    # Each message whose answer was lost was looked up, found, and recorded with Slack's ts.
    assert bot.double.calls_to("conversations.history")
    sent_ts = {row.sent_ts for row in rows}
    assert len(sent_ts) == len(people)
    assert sent_ts == {m.ts for m in ws.messages if m.text.startswith("hi UFAN")}


async def test_a_lost_answer_is_looked_up_not_resent(timed_bot: Harness) -> None:
    bot = timed_bot
    ws = bot.double.workspace
    ws.add_user("UFAN0001", "fan1")
    await enqueue_dms(bot, ["UFAN0001"])
    bot.double.fail("chat.postMessage", None, status=502)  # the gateway failed, but was the post made?
    sender = bot.deps.sender(bot.deps.gateways(bot.client))
    await sender.deliver_due()
    [row] = await bot.rows(Outbox)
    assert (row.status, row.unconfirmed_since) == ("pending", bot.deps.clock.now())
    assert len(bot.double.calls_to("chat.postMessage")) == 1  # no blind SDK retry of a doubtful post

    await deliver_everything(bot, sender)
    assert delivered_texts(bot) == ["hi UFAN0001"]  # not posted the first time: looked up, then posted
    [history] = bot.double.calls_to("conversations.history")
    assert history.args["include_all_metadata"] in (True, "true", "1")
    [post] = [c for c in bot.double.calls_to("chat.postMessage") if c.ok]
    assert post.args["metadata"]["event_type"] == "circles_outbox"
    [row] = await bot.rows(Outbox)
    assert (row.status, row.unconfirmed_since) == ("sent", None)


async def test_an_abandoned_claim_is_taken_over_and_reconciled(timed_bot: Harness) -> None:
    """A sender that died between Slack's post and its own commit leaves the row 'sending'."""
    bot = timed_bot
    ws = bot.double.workspace
    ws.add_user("UFAN0001", "fan1")
    ws.add_user("UFAN0002", "fan2")
    await enqueue_dms(bot, ["UFAN0001", "UFAN0002"])
    sender = bot.deps.sender(bot.deps.gateways(bot.client))
    async with bot.deps.db.session() as session:
        claimed = await sender._claim(session, bot.deps.clock.now(), 10)
    # The sender records its attempt, Slack posts, and the sender dies before hearing back.
    assert await sender._take(claimed[0], mark=True)
    await SlackGateway(bot.client).post_message("UFAN0001", "hi UFAN0001", marker=f"{bot.team_id}:{claimed[0].id}")

    await sender.deliver_due()
    assert delivered_texts(bot) == ["hi UFAN0001"]  # the lease hasn't run out: nobody touches the rows
    timed_bot.deps.clock.advance(timedelta(minutes=6))  # type: ignore[attr-defined]
    await sender.deliver_due()
    assert sorted(delivered_texts(bot)) == ["hi UFAN0001", "hi UFAN0002"]
    rows = {row.channel: row for row in await bot.rows(Outbox)}
    assert {row.status for row in rows.values()} == {"sent"}
    assert rows["UFAN0001"].attempts == 2  # taken over once, found in Slack, not posted again
    # Only the row in flight was looked up; the rest of the dead sender's batch never reached Slack.
    [lookup] = bot.double.calls_to("conversations.history")
    assert (rows["UFAN0001"].sent_channel, rows["UFAN0001"].sent_ts) == (lookup.args["channel"], ws.messages[0].ts)


async def test_the_outbox_honours_retry_after(timed_bot: Harness) -> None:
    bot = timed_bot
    for user in ("UFAN0001", "UFAN0002"):
        bot.double.workspace.add_user(user, user.lower())
    await enqueue_dms(bot, ["UFAN0001", "UFAN0002"])
    bot.double.fail("chat.postMessage", "ratelimited", status=429, retry_after=1)
    sender = bot.deps.sender(bot.deps.gateways(bot.client))
    await sender.deliver_due()
    limited, second = bot.double.calls_to("chat.postMessage")
    assert (limited.error, limited.args["channel"], second.ok) == ("ratelimited", "UFAN0001", True)
    assert second.at - limited.at >= 1.0  # Slack said wait a second: the next post waited, too
    first = (await bot.rows(Outbox, Outbox.channel == "UFAN0001"))[0]
    assert (first.status, first.attempts, first.last_error) == ("pending", 0, "ratelimited")
    assert first.not_before == bot.deps.clock.now() + timedelta(seconds=1)

    bot.deps.clock.advance(timedelta(seconds=1))  # type: ignore[attr-defined]
    await sender.deliver_due()
    assert sorted(delivered_texts(bot)) == ["hi UFAN0001", "hi UFAN0002"]
    assert not bot.double.calls_to("conversations.history")  # a 429 is not doubtful: no lookup


async def test_the_limiter_paces_posts_to_one_channel() -> None:
    limiter = RateLimiter(workspace_posts_per_second=1000)
    started = time.monotonic()
    for _ in range(5):  # a burst of 3, then one per second
        await limiter.acquire("T1", "chat.postMessage", "C1")
    assert time.monotonic() - started >= 1.9
    other = time.monotonic()
    await asyncio.gather(*(limiter.acquire("T1", "chat.postMessage", f"C{n}") for n in range(2, 20)))
    assert time.monotonic() - other < 0.5  # other channels are not held back
