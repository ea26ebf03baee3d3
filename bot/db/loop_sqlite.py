"""SQLite reads on the event loop's own thread, for `Database.read()`.

aiosqlite runs every call (cursor, execute, fetchall, close, rollback: five for one small read)
on a worker thread and hands the result back through the event loop, and each hand-off waits for
the interpreter lock while the loop is busy with other requests. Measured under load (issue 15,
`/circle list` at 200 req/s): reads took 19-24 ms at the median during bursts and up to 150 ms,
and the replies' p99 was 110-240 ms against the floor's 12-20 ms. The same read run on the loop's
thread takes 0.3 ms instead of 1.3 ms, and the p99 falls to the floor's neighbourhood.

Only reads go here. A reader in WAL mode never waits for a writer (SQLite gives it the last
committed snapshot), so running it on the loop can't stall the loop behind a write; the short
busy timeout bounds the stall should something unusual (recovery after a crash, a file copied
into place in another journal mode) hold the file. Writes keep aiosqlite's worker thread: a
write may wait for the write lock, and must not hold up the loop while it does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

READ_BUSY_TIMEOUT_MS = 2000


class LoopThreadConnection(aiosqlite.Connection):
    """An aiosqlite connection (0.22's, which pyproject.toml requires) that runs each call where
    it is awaited instead of on its worker thread, which still opens and closes the sqlite3
    connection and serves SQLAlchemy's isolation-level switch."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def connector(path: str) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy: a read-only connection to the database file at `path`,
    usable from the loop's thread (opened on the worker thread, hence `check_same_thread=False`)."""

    async def connect() -> LoopThreadConnection:
        opener = partial(sqlite3.connect, path, timeout=READ_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        connection = LoopThreadConnection(opener, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy does for its own: an unclosed one can't hold up exit
        return await connection

    return connect
