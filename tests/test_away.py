"""Away from Slack status: the common ways people say it, and the status's expiration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.away import is_away
from tests.harness import Harness, texts

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CASES = [
    # (status text, emoji, expires in hours (None: never), away?)
    ("Vacationing", "", None, True),
    ("vacation until the 12th", "", None, True),
    ("On holiday", "", None, True),
    ("Holidays!", "", None, True),
    ("OOO", "", None, True),
    ("ooo till Monday", "", None, True),
    ("Out of office", "", None, True),
    ("out of the office", "", None, True),
    ("PTO", "", None, True),
    ("On leave", "", None, True),
    ("on parental leave", "", None, True),
    ("Parental leave", "", None, True),
    ("Maternity leave", "", None, True),
    ("Sick", "", None, True),
    ("off sick today", "", None, True),
    ("", ":palm_tree:", None, True),
    ("", ":airplane:", None, True),
    ("", ":face_with_thermometer:", None, True),
    ("", ":baby:", None, True),
    ("Back Monday", ":palm_tree:", 2, True),  # still set
    ("Vacationing", ":palm_tree:", -1, False),  # expired an hour ago
    ("OOO", "", 0, False),  # expires this very moment
    ("In a meeting", ":calendar:", None, False),
    ("Focus time", ":headphones:", None, False),
    ("Commuting", ":bus:", None, False),
    ("Leaving early", "", None, False),
    ("Willing to help", "", None, False),  # "ill" only as a word
    ("Sicko mode playlist", "", None, False),
    ("", "", None, False),
]


@pytest.mark.parametrize(("text", "emoji", "hours", "away"), CASES)
def test_the_ways_people_say_they_are_away(text: str, emoji: str, hours: int | None, away: bool) -> None:
    expires = None if hours is None else NOW + timedelta(hours=hours)
    assert is_away(text, emoji, expires, NOW) is away


async def set_status(bot: Harness, user: str, text: str, emoji: str, expires: datetime | None) -> None:
    person = bot.double.workspace.users[user]
    person.status_text, person.status_emoji = text, emoji
    person.status_expiration = int(expires.timestamp()) if expires else 0
    answer = await bot.slack.event({"type": "user_change", "user": person.to_api(bot.team_id)})
    assert answer.status_code == 200


async def test_a_vacation_status_passes_someone_over_until_it_expires(bot: Harness) -> None:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")

    await set_status(bot, "UBOB", "Vacationing in Lisbon", "", None)
    queue = texts((await bot.slack.command("UALICE", "/circle", "leaders rust")).last_reply())
    assert "out of office (Slack status)" in queue

    await set_status(bot, "UBOB", "Vacationing in Lisbon", "", datetime.now(UTC) - timedelta(minutes=5))
    queue = texts((await bot.slack.command("UALICE", "/circle", "leaders rust")).last_reply())
    assert "out of office" not in queue  # Slack's expiry passed: Bob is back in the rotation
