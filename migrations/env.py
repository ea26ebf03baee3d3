"""Alembic environment: runs on a connection handed in by `bot.db.migrate`, or opens its own."""

from __future__ import annotations

import asyncio
from typing import Literal

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine
from bot.db.models import Base
from bot.db.types import UTCDateTime

config = context.config
target_metadata = Base.metadata
# Any fixed number works; replicas starting together take turns instead of racing to migrate.
MIGRATION_LOCK_ID = 7_201_001


def _render_item(kind: str, obj: object, autogen_context: object) -> str | Literal[False]:
    # Migrations spell our UTC column as the plain type it stores, so they never import app code.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # Our SQLite engine lets SQLAlchemy issue BEGIN itself, so a failed migration rolls back whole.
        transactional_ddl=True,
        compare_type=True,
        render_item=_render_item,
    )
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})


async def _run_with_own_engine(url: str) -> None:
    from bot.db.migrate import foreign_keys_off

    engine = create_engine(url)
    async with engine.connect() as connection, foreign_keys_off(connection):
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_own_engine(config.get_main_option("sqlalchemy.url")))
