"""No query crosses teams: the same names in two workspaces never see each other."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.db.engine import Database
from bot.errors import CircleNotFound
from bot.services import circles

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


async def test_two_teams_with_the_same_circle_name(db: Database) -> None:
    async with db.session() as session:
        for team, channel in (("TA", "CA1"), ("TB", "CB1")):
            await circles.create_circle(
                session,
                team_id=team,
                name="Rust",
                description=team,
                channel_id=channel,
                created_by="U1",
                now=NOW,
            )
        a = await circles.get_circle(session, "TA", "rust", "U1")
        await circles.add_member(session, "TA", a.id, "U2", NOW)

        assert [c.description for c in await circles.list_circles(session, "TA")] == ["TA"]
        b = await circles.get_circle(session, "TB", "Rust", "U2")
        assert (b.description, b.member_count, b.is_member) == ("TB", 1, False)
        assert (await circles.get_circle(session, "TA", "Rust", "U2")).member_count == 2

        await circles.create_circle(
            session, team_id="TA", name="Go", description="", channel_id="CA2", created_by="U1", now=NOW
        )
        with pytest.raises(CircleNotFound):
            await circles.get_circle(session, "TB", "Go")
        with pytest.raises(CircleNotFound):
            await circles.get_circle_by_id(session, "TB", a.id, "U1")  # an id from another team is not found
