"""missed_work: scheduled work skipped after downtime; circle: where a folded digest starts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "missed_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.team_id"], name=op.f("fk_missed_work_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missed_work")),
        sa.UniqueConstraint("team_id", "kind", "ref", name=op.f("uq_missed_work_team_id_kind_ref")),
    )
    with op.batch_alter_table("missed_work", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missed_work_team_id"), ["team_id"], unique=False)
    op.add_column("circle", sa.Column("digest_missed_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.drop_column("digest_missed_since")
    with op.batch_alter_table("missed_work", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missed_work_team_id"))
    op.drop_table("missed_work")
