"""Migrations are the schema: they run on both databases and agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.migrate import current_revision
from bot.db.models import Base


async def test_models_and_migrations_agree(migrated_engine: AsyncEngine) -> None:
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with migrated_engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_database_is_at_head(migrated_engine: AsyncEngine) -> None:
    from alembic.script import ScriptDirectory

    from bot.db.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await current_revision(migrated_engine) == head


async def test_every_table_is_scoped_to_a_team(migrated_engine: AsyncEngine) -> None:
    def tables(connection: Connection) -> dict[str, set[str]]:
        inspector = inspect(connection)
        return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}

    async with migrated_engine.connect() as connection:
        found = await connection.run_sync(tables)
    app_tables = {name: columns for name, columns in found.items() if name != "alembic_version"}
    assert set(app_tables) == set(Base.metadata.tables)
    # OAuth state rows live for the minutes between "Add to Slack" and Slack's redirect, before any
    # workspace is known; they hold a random state and an expiry, nothing about anyone.
    assert [name for name, columns in app_tables.items() if "team_id" not in columns] == ["slack_oauth_states"]
