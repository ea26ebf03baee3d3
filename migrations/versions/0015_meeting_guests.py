"""meeting: a guest speaker for one occurrence (name, topic, link)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_name", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(sa.Column("guest_topic", sa.String(length=500), server_default="", nullable=False))
        batch_op.add_column(sa.Column("guest_link", sa.String(length=500), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("guest_link")
        batch_op.drop_column("guest_topic")
        batch_op.drop_column("guest_name")
