"""goal_update: who wrote a note (a mentor's comment on a goal shared with them)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("goal_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_member_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_goal_update_author_member_id"), ["author_member_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_goal_update_author_member_id_member"),
            "member",
            ["author_member_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("goal_update", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_goal_update_author_member_id_member"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_goal_update_author_member_id"))
        batch_op.drop_column("author_member_id")
