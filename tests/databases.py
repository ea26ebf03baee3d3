"""Test databases: a migrated SQLite file always, a fresh PostgreSQL database when a server answers."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import normalise_database_url
from bot.db.engine import create_engine
from bot.db.migrate import upgrade

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_url() -> tuple[str | None, str]:
    """The server to test against and, when there is none, why."""
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        return explicit, ""  # asked for explicitly: it must work, so no reachability check
    url = make_url(DEFAULT_POSTGRES)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=1):
            return DEFAULT_POSTGRES, ""
    except OSError as error:
        return None, f"no PostgreSQL at {url.host}:{url.port} ({error}); set TEST_DATABASE_URL to run these"


@asynccontextmanager
async def migrated_sqlite(folder: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'circles-test.db'}")
    await upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def migrated_postgres(server_url: str) -> AsyncIterator[AsyncEngine]:
    """A database of our own on the server, created for this run and dropped after it."""
    server = make_url(normalise_database_url(server_url))
    name = f"circles_test_{uuid.uuid4().hex[:10]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    engine = create_engine(server.set(database=name).render_as_string(hide_password=False))
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def migrated(kind: str, folder: Path, postgres: str | None, missing: str) -> AsyncIterator[AsyncEngine]:
    """A freshly migrated database of `kind` ("sqlite" or "postgresql"); skips when PostgreSQL is absent."""
    import pytest

    if kind == "sqlite":
        async with migrated_sqlite(folder) as engine:
            yield engine
        return
    if postgres is None:
        pytest.skip(missing)
    async with migrated_postgres(postgres) as engine:
        yield engine


def sqlite_with_a_workspace(path: Path, team_id: str = "T9", name: str = "Nine") -> str:
    """A migrated SQLite file holding one workspace, for the CLI's tests; its URL."""
    import asyncio
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from bot.db.engine import create_engine
    from bot.db.migrate import upgrade
    from bot.db.models import Team

    url = f"sqlite+aiosqlite:///{path}"

    async def seed() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.execute(insert(Team).values(team_id=team_id, name=name, created_at=datetime.now(UTC)))
        await engine.dispose()

    asyncio.run(seed())
    return url
