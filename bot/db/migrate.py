"""Run Alembic migrations from code (the CLI, the server at start-up and the tests use this)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import migrations


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    return config


@asynccontextmanager
async def foreign_keys_off(connection: AsyncConnection) -> AsyncIterator[None]:
    """On SQLite, batch migrations copy a table and drop the old one; with foreign keys on, that drop
    would cascade-delete every row referencing it. The pragma only works outside a transaction, so it
    is set on the raw connection before anything begins, and restored before the connection goes back."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = await connection.get_raw_connection()
    await raw.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        await raw.driver_connection.execute("PRAGMA foreign_keys=ON")


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to `revision` on a connection of `engine` (safe inside a running loop)."""

    def _upgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.connect() as connection, foreign_keys_off(connection):
        await connection.run_sync(_upgrade)
        await connection.commit()


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def _current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(_current)
