"""circle: its channel's name and whether the channel is archived (the circle follows its channel)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("circle", sa.Column("channel_name", sa.String(80), nullable=False, server_default=""))
    op.add_column("circle", sa.Column("channel_archived_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.drop_column("channel_archived_at")
        batch_op.drop_column("channel_name")
