"""The scheduled jobs on a thread and event loop of their own, beside the one that answers Slack.

Measured (issue 15): on one event loop a tick that fans out prompts holds the loop between its
awaits, and `/circle list` replies waited behind it (PostgreSQL reply p99 at 200 req/s: 3.9 ms with
ticks off, 38 ms with a tick every half second). On their own loop the interpreter switches between
the two threads every few milliseconds whatever a job does, so a request waits for a slice, not for
a batch. Database connections and HTTP sessions belong to the loop that opened them, so the jobs
get their own engines, Slack client and reply pool; the clock, the settings and the rate limiter
(thread-safe) are shared, so limits hold across both loops.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from collections.abc import AsyncIterator

import structlog
from slack_sdk.web.async_client import AsyncWebClient

from bot.db.engine import Database
from bot.deps import Deps
from bot.slack.client import create_client
from bot.slack.installations import installation_store
from bot.slack.response_urls import ResponseUrls
from jobs.scheduler import build_scheduler

log = structlog.get_logger(__name__)
STOP_GRACE_SECONDS = 10  # how long a job running at shutdown may take to finish its batch


def deps_for_another_loop(deps: Deps) -> Deps | None:
    """`deps` with database engines and a reply pool of their own; None when a second engine would
    see another database (SQLite in memory), so the jobs must share the request loop."""
    engine = deps.db.engine
    if engine is None or engine.url.database in (None, "", ":memory:"):
        return None
    db = Database.from_url(engine.url.render_as_string(hide_password=False))
    installations = None
    if deps.installations is not None and db.engine is not None:
        installations = installation_store(deps.settings, db.engine)
    # Each loop claims SQLite rows in turns of its own; across loops SQLite's write lock serialises.
    delivery = dataclasses.replace(deps.delivery, sqlite_claims=asyncio.Lock())
    return dataclasses.replace(deps, db=db, installations=installations, delivery=delivery, responses=ResponseUrls())


@contextlib.asynccontextmanager
async def scheduled_jobs(deps: Deps, client: AsyncWebClient) -> AsyncIterator[None]:
    """The jobs run while the block runs: on their own thread, or on this loop when they must."""
    own = deps_for_another_loop(deps)
    if own is None:
        scheduler = build_scheduler(deps, client)
        scheduler.start()
        try:
            yield
        finally:
            scheduler.shutdown(wait=False)
        return
    thread = JobThread(own)
    thread.start()
    try:
        yield
    finally:
        await asyncio.to_thread(thread.stop)


class JobThread:
    """Starts the scheduler on its own thread (`start`), stops it and closes what it opened (`stop`).
    `deps` must be the thread's own (`deps_for_another_loop`)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.failed: BaseException | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="circles-jobs", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self.failed is not None:
            raise RuntimeError("the scheduled jobs could not start") from self.failed

    def stop(self) -> None:
        if self._thread is None or self._loop is None or self._stop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop already ended
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(STOP_GRACE_SECONDS + 5)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # reported to start(), or logged if it ends later
            self.failed = error
            log.exception("jobs_thread_failed")
        finally:
            self._ready.set()

    async def _main(self) -> None:
        deps = self.deps
        client = create_client(deps.settings)
        scheduler = build_scheduler(deps, client)
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        scheduler.start()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            scheduler.shutdown(wait=False)
            await _finish_running_jobs()
            await deps.responses.close()
            await deps.db.dispose()


async def _finish_running_jobs() -> None:
    """Let a job mid-batch finish (every job is idempotent and claims carry a lease, so cancelling
    one after the grace loses nothing: the next start picks its rows up)."""
    running = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    if not running:
        return
    _, late = await asyncio.wait(running, timeout=STOP_GRACE_SECONDS)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
