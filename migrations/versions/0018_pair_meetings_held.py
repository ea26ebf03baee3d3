"""mentor_pair: how many 1:1s the pair said they held (the outcome report's meetings per pair)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meetings_held", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("mentor_pair", schema=None) as batch_op:
        batch_op.drop_column("meetings_held")
