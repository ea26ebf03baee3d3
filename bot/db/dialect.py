"""The few places SQLite and PostgreSQL need different SQLAlchemy constructs."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT, which supports ON CONFLICT on both databases."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
