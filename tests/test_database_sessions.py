"""Units of work: `Database.read()` sees every commit and can't write; writers never lose to each other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

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
