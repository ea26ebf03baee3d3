"""Engine and session scopes.

A `Database` hands out one short transaction per unit of work (`async with db.session() as s`),
which is what keeps Slack calls out of open transactions: callers finish the block before they
talk to Slack.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


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
        connection.exec_driver_sql("BEGIN")


class Database:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine | None = None):
        self._sessions = sessions
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        engine = create_engine(url)
        return cls(async_sessionmaker(engine, expire_on_commit=False), engine)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self._sessions() as session, session.begin():
            yield session

    @property
    def parallel(self) -> bool:
        """Whether sessions may run side by side: not when bound to one connection (the tests' rollback)."""
        return self.engine is not None

    @property
    def dialect(self) -> str:
        bind = self._sessions.kw.get("bind")
        return bind.dialect.name if bind is not None else "unknown"

    async def dispose(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()
