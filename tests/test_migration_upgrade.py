"""Upgrading a database that already holds data: each migration must keep existing rows valid."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.db.engine import create_engine
from bot.db.migrate import upgrade


async def test_upgrade_from_the_first_release_keeps_rows(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(engine, "0001")
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO team VALUES ('T1', 'Old', '2026-01-01 00:00:00')"))
            await connection.execute(
                text(
                    "INSERT INTO member (id, team_id, user_id, display_name, real_name, tz, tz_offset, is_bot,"
                    " is_deleted, is_admin, is_owner, created_at, updated_at) VALUES (1, 'T1', 'U1', 'a', 'A',"
                    " 'UTC', 0, 0, 0, 0, 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO circle (id, team_id, name, name_key, description, channel_id, created_by, created_at)"
                    " VALUES (1, 'T1', 'Rust', 'rust', '', 'C1', 'U1', '2026-01-01 00:00:00')"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO circle_membership (team_id, circle_id, member_id, role, joined_at)"
                    " VALUES ('T1', 1, 1, 'organizer', '2026-01-01 00:00:00')"
                )
            )
        await upgrade(engine)
        async with engine.connect() as connection:
            member = (await connection.execute(text("SELECT status_text, away_until FROM member"))).one()
            credit = (await connection.execute(text("SELECT rotation_credit FROM circle_membership"))).scalar_one()
            circle = (await connection.execute(text("SELECT name, digest_weekday, digest_enabled FROM circle"))).one()
            foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
        assert tuple(member) == ("", None)
        assert credit == 0  # the membership survived every table rebuild
        assert tuple(circle) == ("Rust", 4, 1)
        assert foreign_keys == 1  # switched back on for the pool
    finally:
        await engine.dispose()
