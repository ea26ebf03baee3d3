"""Units of work: `Database.read()` sees every commit and can't write; writers never lose to each other."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import engine as engines
from bot.db.engine import Database
from bot.db.models import Team
from bot.services.members import ensure_team
from tests.conftest import POSTGRES_MISSING, POSTGRES_URL
from tests.databases import migrated

NOW = datetime(2026, 10, 19, tzinfo=UTC)


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database behind its own engines, as `circles serve` has it (not the tests' rollback)."""
    async with migrated(request.param, tmp_path, POSTGRES_URL, POSTGRES_MISSING) as engine:
        db = Database.from_url(engine.url.render_as_string(hide_password=False))
        try:
            yield db
        finally:
            await db.dispose()


async def teams(db: Database) -> int:
    async with db.read() as session:
        return int((await session.scalar(select(func.count()).select_from(Team))) or 0)


async def write_in_a_read(db: Database) -> None:
    async with db.read() as session:
        await ensure_team(session, "TSLIPPED", NOW)
        await session.flush()


async def test_a_read_sees_what_was_committed_and_cannot_write(database: Database) -> None:
    assert await teams(database) == 0
    async with database.session() as session:
        await ensure_team(session, "TREAD", NOW)
    assert await teams(database) == 1
    with pytest.raises(DBAPIError, match=r"read.?only"):
        await write_in_a_read(database)
    assert await teams(database) == 1  # nothing slipped in, and the connection still reads
    async with database.session() as session:  # writing still works where it should
        await ensure_team(session, "TWRITE", NOW)
    assert await teams(database) == 2


async def test_a_read_without_the_orm_sees_what_was_committed_and_cannot_write(database: Database) -> None:
    async with database.session() as session:
        await ensure_team(session, "TROWS", NOW)
    async with database.read_rows() as connection:
        assert await connection.scalar(select(func.count()).select_from(Team)) == 1
    with pytest.raises(DBAPIError, match=r"read.?only"):
        async with database.read_rows() as connection:
            await connection.execute(insert(Team).values(team_id="TSLIPPED", name="Slipped", created_at=NOW))
    assert await teams(database) == 1


async def test_in_the_tests_a_read_sees_the_tests_rows_and_cannot_write(db: Database) -> None:
    async with db.session() as session:
        await ensure_team(session, "TREAD", NOW)
    assert await teams(db) == 1
    with pytest.raises(DBAPIError, match=r"read.?only"):
        await write_in_a_read(db)
    assert await teams(db) == 1
    async with db.session() as session:
        await ensure_team(session, "TWRITE", NOW)
    assert await teams(db) == 2


async def test_two_writers_that_read_first_both_commit(database: Database) -> None:
    """A unit of work reads, another commits meanwhile, then the first writes: both must land (on
    SQLite a deferred transaction failed here with "database is locked")."""
    first_has_read = asyncio.Event()

    async def reads_then_writes() -> None:
        async with database.session() as session:
            await session.scalar(select(func.count()).select_from(Team))
            first_has_read.set()
            await asyncio.sleep(0.3)  # the other writer tries to commit meanwhile
            await ensure_team(session, "TFIRST", NOW)

    async def writes() -> None:
        await first_has_read.wait()
        async with database.session() as session:
            await ensure_team(session, "TSECOND", NOW)

    await asyncio.gather(reads_then_writes(), writes())
    assert await teams(database) == 2


async def test_a_sqlite_read_runs_on_the_loops_thread_and_never_waits_for_a_writer(tmp_path: Path) -> None:
    """Reads skip aiosqlite's worker thread (issue 15: the hand-offs made `/circle list` wait under
    load), and a writer holding the write lock doesn't hold them up: a read that waited would
    block the loop, so this writer could never commit and the read would fail "locked"."""
    async with migrated("sqlite", tmp_path, POSTGRES_URL, POSTGRES_MISSING) as engine:
        db = Database.from_url(engine.url.render_as_string(hide_password=False))
        try:
            async with db.read() as session:
                raw = await (await session.connection()).get_raw_connection()
                await raw.driver_connection.create_function("thread_ident", 0, threading.get_ident)
                assert await session.scalar(text("SELECT thread_ident()")) == threading.get_ident()
            async with db.session() as writer:
                await ensure_team(writer, "TWRITING", NOW)
                await writer.flush()  # the write lock is held, the row not yet committed
                assert await teams(db) == 0
            assert await teams(db) == 1
        finally:
            await db.dispose()


async def backend_of(unit: AbstractAsyncContextManager[AsyncSession]) -> int:
    async with unit as session:
        return int(await session.scalar(text("SELECT pg_backend_pid()")))


async def terminate(url: str, pid: int) -> None:
    """What a server restart or an idle timeout does to one pooled connection."""
    admin = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1, 5000)", pid)  # waits until it is gone
    finally:
        await admin.close()


@pytest.mark.parametrize("scope", ["read", "session"])
async def test_a_postgres_connection_dropped_while_idle_is_replaced_without_a_ping_per_use(
    scope: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Connections are pinged only after sitting idle (`PING_AFTER_IDLE_SECONDS`): one dropped
    while idle is replaced unnoticed; one used a moment ago is trusted, which saves a round trip
    per unit of work, so were it dropped in that moment, that one unit of work fails."""
    async with migrated("postgresql", tmp_path, POSTGRES_URL, POSTGRES_MISSING) as engine:
        url = engine.url.render_as_string(hide_password=False)
        db = Database.from_url(url)
        unit = db.read if scope == "read" else db.session
        try:
            monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 0.0)  # every pooled connection counts as idle
            first = await backend_of(unit())
            await terminate(url, first)
            second = await backend_of(unit())  # the ping found it dead: a new connection, no error
            assert second != first

            monkeypatch.setattr(engines, "PING_AFTER_IDLE_SECONDS", 3600.0)  # just used: not pinged
            assert await backend_of(unit()) == second
            await terminate(url, second)
            with pytest.raises(DBAPIError):
                await backend_of(unit())
            assert await backend_of(unit()) not in (first, second)  # and the pool recovers at once
        finally:
            await db.dispose()


async def test_the_postgres_read_pool_is_opened_before_traffic(tmp_path: Path) -> None:
    """Opened under load, each reader connection cost a connect, a backend and its statements'
    preparation while replies waited (issue 15); `circles serve` opens them at start-up."""
    async with migrated("postgresql", tmp_path, POSTGRES_URL, POSTGRES_MISSING) as engine:
        db = Database.from_url(engine.url.render_as_string(hide_password=False))
        try:

            async def backends() -> int:  # a transaction each: the activity view is a per-transaction snapshot
                async with engine.connect() as connection:
                    query = (
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND backend_type = 'client backend'"
                    )  # not an autovacuum worker that happens by
                    return int(await connection.scalar(text(query)) or 0)

            before = await backends()
            await db.warm()
            assert await backends() == before + engines.WARM_READ_CONNECTIONS
        finally:
            await db.dispose()
