"""The declarative base every table shares, and the column helpers the tables use."""

from __future__ import annotations

from sqlalchemy import ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SLACK_ID = 32  # Slack ids (T…, U…, C…) are short; 32 leaves room for enterprise-grid forms.


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def team_fk() -> Mapped[str]:
    return mapped_column(String(SLACK_ID), ForeignKey("team.team_id", ondelete="CASCADE"), nullable=False, index=True)
