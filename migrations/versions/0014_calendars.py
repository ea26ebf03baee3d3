"""calendars: feed tokens, pair sessions, a schedule's SEQUENCE, skipped meetings

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_calendar_feed_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.team_id"], name=op.f("fk_calendar_feed_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("token", name=op.f("uq_calendar_feed_token")),
    )
    op.create_index(op.f("ix_calendar_feed_member_id"), "calendar_feed", ["member_id"], unique=False)
    op.create_index(op.f("ix_calendar_feed_team_id"), "calendar_feed", ["team_id"], unique=False)
    op.create_table(
        "pair_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("chosen_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["mentor_pair.id"], name=op.f("fk_pair_session_pair_id_mentor_pair"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.team_id"], name=op.f("fk_pair_session_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_session")),
    )
    op.create_index(op.f("ix_pair_session_pair_id"), "pair_session", ["pair_id"], unique=False)
    op.create_index(op.f("ix_pair_session_team_id"), "pair_session", ["team_id"], unique=False)
    with op.batch_alter_table("circle_schedule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")
    with op.batch_alter_table("circle_schedule", schema=None) as batch_op:
        batch_op.drop_column("sequence")
    op.drop_index(op.f("ix_pair_session_team_id"), table_name="pair_session")
    op.drop_index(op.f("ix_pair_session_pair_id"), table_name="pair_session")
    op.drop_table("pair_session")
    op.drop_index(op.f("ix_calendar_feed_team_id"), table_name="calendar_feed")
    op.drop_index(op.f("ix_calendar_feed_member_id"), table_name="calendar_feed")
    op.drop_table("calendar_feed")
