"""Engine and session scopes.

A `Database` hands out one short transaction per unit of work (`async with db.session() as s`),
which is what keeps Slack calls out of open transactions: callers finish the block before they
talk to Slack. Units of work that only read (what a person browses) take `db.read()` instead: a
read-only connection in autocommit, which skips BEGIN, COMMIT and the pool's reset; on SQLite it
also runs on the event loop's thread (`loop_sqlite`). Measured on loopback for one small query:
SQLite 0.3 ms instead of 1.36 ms (9 hops to aiosqlite's thread, then 5, now none), PostgreSQL
0.79 ms instead of 1.07 ms.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db import loop_sqlite

log = structlog.get_logger(__name__)

WARM_READ_CONNECTIONS = 5  # SQLAlchemy's pool size: the connections a pool keeps open
PING_AFTER_IDLE_SECONDS = 10.0  # a pooled PostgreSQL connection idle this long is checked before use


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    return _ping_when_idle(create_async_engine(url, **kwargs))


def create_reader_engine(url: str) -> AsyncEngine:
    """Connections that can only read, each statement its own transaction (autocommit).

    A single SELECT is consistent on its own; PostgreSQL's default READ COMMITTED gives each
    statement its own snapshot anyway, so several reads in a row see what they saw before. The
    database refuses writes on these connections (`query_only`, `default_transaction_read_only`),
    so a write can't slip into a read and commit half a change.
    """
    if url.startswith("sqlite"):
        # On the loop's own thread, not aiosqlite's worker (`bot/db/loop_sqlite.py` says why).
        path = make_url(url).database or ""
        engine = create_async_engine(url, async_creator=loop_sqlite.connector(path), pool_reset_on_return=None)

        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # the sqlite3 module's autocommit
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={loop_sqlite.READ_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA query_only=ON")
            cursor.close()

        return engine
    return _ping_when_idle(
        create_async_engine(
            url,
            isolation_level="AUTOCOMMIT",
            pool_reset_on_return=None,
            connect_args={"server_settings": {"default_transaction_read_only": "on"}},
        )
    )


def _ping_when_idle(engine: AsyncEngine) -> AsyncEngine:
    """Check a pooled PostgreSQL connection before use only when it sat idle `PING_AFTER_IDLE_SECONDS`.

    SQLAlchemy's `pool_pre_ping` pings at every checkout: one more round trip per unit of work,
    12 % of the server's samples under load (py-spy, `/circle list` at 200 req/s). What it guards
    against (a server restarted, a connection dropped by an idle timeout in between) happens to
    connections that sat in the pool; one handed back a moment ago was just working. A failed
    ping raises `DisconnectionError`, on which the pool discards the connection and opens another
    (SQLAlchemy's documented custom pessimistic check).
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return  # new, or just used
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the driver's own error for a closed connection
            raise DisconnectionError(f"a pooled connection failed its ping: {error}") from error
        if not alive:
            raise DisconnectionError("a pooled connection failed its ping")

    return engine


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.

    The sqlite3 module starts transactions lazily and silently commits around DDL, which breaks
    SAVEPOINTs and transactional migrations; this is the recipe from SQLAlchemy's SQLite docs.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended level: no fsync per commit; a crash of the process loses nothing,
            # a power cut may lose the last moments (the outbox then re-checks in Slack).
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE: take the write lock up front. A deferred transaction that read first and then
        # writes after another writer committed fails at once with "database is locked" (its
        # snapshot is stale; SQLite can't wait that out), which lost a `/circle create` racing the
        # start-up member sync. Reads go through `Database.read()`, which never takes this lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        engine: AsyncEngine | None = None,
        reader: AsyncEngine | None = None,
    ):
        self._sessions = sessions
        self.engine = engine
        self._reader = reader
        self._reads = async_sessionmaker(reader, expire_on_commit=False) if reader is not None else None

    @classmethod
    def from_url(cls, url: str) -> Database:
        engine = create_engine(url)
        in_memory = make_url(url).database in (None, "", ":memory:")  # a second engine would see another database
        reader = None if in_memory else create_reader_engine(url)
        return cls(async_sessionmaker(engine, expire_on_commit=False), engine, reader)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self._sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A unit of work that only reads: sees everything committed, can't write. Without a reader
        engine (the tests' one rolled-back connection) it is a read-only savepoint on that
        connection, so it sees the test's own rows and refuses writes the same way."""
        if self._reads is None:
            async with self._read_only_savepoint() as session:
                yield session
            return
        async with self._reads() as session:
            yield session

    @asynccontextmanager
    async def read_rows(self) -> AsyncIterator[AsyncConnection]:
        """`read()` without the ORM, for Core statements on the hottest path (`/circle list`):
        measured for its read, 0.31 ms of CPU instead of 0.47 on PostgreSQL."""
        if self._reader is None:
            async with self._read_only_savepoint() as session:
                yield await session.connection()
            return
        async with self._reader.connect() as connection:
            yield connection

    @asynccontextmanager
    async def _read_only_savepoint(self) -> AsyncIterator[AsyncSession]:
        """An ordinary session made read-only and always rolled back, so a write in a read fails in
        the tests just as it would on a reader connection."""
        sqlite = self.dialect == "sqlite"
        async with self._sessions() as session:
            transaction = await session.begin()
            try:
                forbid = "PRAGMA query_only=ON" if sqlite else "SET LOCAL transaction_read_only = on"
                await session.execute(text(forbid))
                yield session
            finally:
                if sqlite:  # a connection setting, not undone by the rollback
                    await session.execute(text("PRAGMA query_only=OFF"))
                await transaction.rollback()

    @property
    def parallel(self) -> bool:
        """Whether sessions may run side by side: not when bound to one connection (the tests' rollback)."""
        return self.engine is not None

    @property
    def dialect(self) -> str:
        bind = self._sessions.kw.get("bind")
        return bind.dialect.name if bind is not None else "unknown"

    async def warm(self, connections: int = WARM_READ_CONNECTIONS) -> None:
        """Open the reader's PostgreSQL connections before traffic: opened under load, each costs a
        connect, a new server backend and its first statements' preparation, while requests wait."""
        if self._reads is None or self.dialect != "postgresql":
            return  # SQLite reads use one connection at a time on the loop's thread

        async def one() -> None:
            async with self.read() as session:
                await session.execute(text("SELECT 1"))
                await asyncio.sleep(0.05)  # held, so the others open connections of their own

        try:
            await asyncio.gather(*(one() for _ in range(connections)))
        except (OSError, SQLAlchemyError) as error:  # the database is down: connections open on demand
            log.warning("read_pool_not_warmed", error=type(error).__name__)

    async def dispose(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()
        if self._reader is not None:
            await self._reader.dispose()
