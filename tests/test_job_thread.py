"""The scheduled jobs on their own thread and event loop: they deliver with their own engines, stop
cleanly, fall back to the request loop for an in-memory database, and share the rate limits."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.delivery.ratelimit import RateLimiter
from bot.deps import Deps
from bot.services import outbox
from bot.services.members import ensure_team
from bot.slack.client import create_client
from bot.slack_double import SlackDouble
from jobs.thread import deps_for_another_loop, scheduled_jobs
from tests import harness


def job_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "circles-jobs"]


async def test_the_jobs_deliver_from_their_own_thread_and_stop_with_it(double: SlackDouble, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'jobs.db'}"
    settings = harness.test_settings(double, database_url=url, circles_tick_seconds=0.2)
    db = Database.from_url(url)
    await upgrade(db.engine)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    async with db.session() as session:
        await ensure_team(session, double.workspace.team_id, now)
        await outbox.enqueue(
            session, team_id=double.workspace.team_id, key="hello", channel="CGENERAL", message={"text": "hi"}, now=now
        )
    deps = Deps(settings=settings, db=db)
    async with scheduled_jobs(deps, create_client(settings)):
        assert len(job_threads()) == 1
        deadline = time.monotonic() + 20
        while not [m for m in double.workspace.messages if m.text == "hi"]:
            assert time.monotonic() < deadline, "the jobs' thread never delivered the row"
            await asyncio.sleep(0.05)
    assert job_threads() == []
    # Nothing of the request side's engine is held: the jobs used (and closed) their own.
    assert db.engine is not None and db.engine.pool.checkedout() == 0
    await db.dispose()


def test_an_in_memory_database_keeps_the_jobs_on_the_request_loop(double: SlackDouble) -> None:
    settings = harness.test_settings(double, database_url="sqlite+aiosqlite:///:memory:")
    assert deps_for_another_loop(Deps(settings=settings, db=Database.from_url(settings.database_url))) is None


def test_a_file_database_gets_engines_of_its_own(double: SlackDouble, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'own.db'}"
    settings = harness.test_settings(double, database_url=url)
    deps = Deps(settings=settings, db=Database.from_url(url))
    own = deps_for_another_loop(deps)
    assert own is not None
    assert own.db.engine is not deps.db.engine and str(own.db.engine.url) == str(deps.db.engine.url)
    assert own.responses is not deps.responses
    assert own.delivery.limiter is deps.delivery.limiter  # limits hold across both loops
    assert own.delivery.sqlite_claims is not deps.delivery.sqlite_claims


def test_the_rate_limits_hold_across_two_event_loops() -> None:
    """30 posts from two loops at once against a 20-post bucket: the last 10 wait about half a second.
    Two limiters (one per loop) would let all 30 through at once."""
    limiter = RateLimiter(workspace_posts_per_second=20)

    def fifteen_posts(side: str) -> None:
        async def run() -> None:
            for n in range(15):
                await limiter.acquire("T1", "chat.postMessage", f"C{side}{n}")

        asyncio.run(run())

    started = time.monotonic()
    threads = [threading.Thread(target=fifteen_posts, args=(side,)) for side in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started >= 0.4
    assert limiter.waited >= 0.4
