"""Pure functions: date phrases, prompt times in local time across DST, quiet hours, streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import InvalidInput
from bot.services.dates import parse_clock, parse_date
from bot.services.schedule import Rhythm, next_occurrence, outside_quiet_hours, upcoming
from bot.services.streaks import compute_streak, milestone_reached

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("dec 31", date(2026, 12, 31)),
        ("31 December", date(2026, 12, 31)),
        ("jan 15", date(2027, 1, 15)),  # already past this year: next year's
        ("in 3 weeks", date(2026, 12, 14)),
        ("in 2 months", date(2027, 1, 23)),
        ("in 1 day", date(2026, 11, 24)),
        ("end of quarter", date(2026, 12, 31)),
        ("end of month", date(2026, 11, 30)),
        ("end of year", date(2026, 12, 31)),
        ("by tomorrow", date(2026, 11, 24)),
        ("end of week", date(2026, 11, 29)),
    ],
)
def test_date_phrases(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_end_of_quarter_in_each_quarter() -> None:
    assert parse_date("end of quarter", date(2026, 2, 3)) == date(2026, 3, 31)
    assert parse_date("end of quarter", date(2026, 5, 3)) == date(2026, 6, 30)
    assert parse_date("end of quarter", date(2026, 8, 3)) == date(2026, 9, 30)


@pytest.mark.parametrize("text", ["someday", "2026-02-30", "3", "yesterday-ish", "2025-01-01", "in 0x weeks"])
def test_bad_dates_explain(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"couldn't read|in the past"):
        parse_date(text, TODAY)


@given(st.text(max_size=40))
def test_any_date_text_parses_or_explains(text: str) -> None:
    explanation = "2026-12-31"
    try:
        parse_date(text, TODAY)
    except InvalidInput as error:
        explanation = str(error)
    assert "2026-12-31" in explanation  # every refusal shows the accepted forms; anything else raised fails


def test_clock_times() -> None:
    assert parse_clock("10:00") == 600
    assert parse_clock("9:30") == 570
    for bad in ("25:00", "10:75", "ten", ""):
        with pytest.raises(InvalidInput):
            parse_clock(bad)


WEEKLY_MONDAY_10 = Rhythm(cadence="weekly", weekday=0, minute_of_day=600, anchor=date(2026, 10, 1))


@pytest.mark.parametrize(
    "tz", ["America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata", "Europe/Berlin", "America/New_York"]
)
def test_weekly_prompt_stays_at_local_ten_across_dst(tz: str) -> None:
    # Oct 2026 to Apr 2027 crosses a DST change in each zone (Auckland Apr 4 2027, US Nov 1, EU Oct 25).
    prompts = upcoming(WEEKLY_MONDAY_10, tz, datetime(2026, 10, 1, tzinfo=UTC), 28)
    local = [p.astimezone(ZoneInfo(tz)) for p in prompts]
    assert all((t.hour, t.minute, t.weekday()) == (10, 0, 0) for t in local)
    offsets = {t.utcoffset() for t in local}
    assert len(offsets) == (1 if tz == "Asia/Kolkata" else 2)  # the UTC time moved, the local time did not


def test_every_two_weeks_counts_from_the_anchor_week() -> None:
    rhythm = Rhythm(cadence="biweekly", weekday=2, minute_of_day=540, anchor=date(2026, 11, 23))
    prompts = upcoming(rhythm, "Europe/Berlin", datetime(2026, 11, 23, tzinfo=UTC), 3)
    assert [p.astimezone(ZoneInfo("Europe/Berlin")).date() for p in prompts] == [
        date(2026, 11, 25),
        date(2026, 12, 9),
        date(2026, 12, 23),
    ]


def test_daily_skips_weekends() -> None:
    rhythm = Rhythm(cadence="daily", weekday=0, minute_of_day=600, anchor=date(2026, 11, 23))
    prompts = upcoming(rhythm, "UTC", datetime(2026, 11, 26, 12, tzinfo=UTC), 3)
    assert [p.date() for p in prompts] == [date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)]


def test_pause_skips_occurrences_before_the_date() -> None:
    after = datetime(2026, 11, 23, 12, tzinfo=UTC)
    resumed = next_occurrence(WEEKLY_MONDAY_10, "UTC", after, paused_until=date(2026, 12, 10))
    assert resumed.date() == date(2026, 12, 14)


def test_quiet_hours_push_to_their_end_including_across_midnight() -> None:
    tz = "Europe/Berlin"  # UTC+1 in winter
    evening = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # 22:30 local
    assert outside_quiet_hours(evening, tz, 20 * 60, 8 * 60) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    early = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 06:00 local
    assert outside_quiet_hours(early, tz, 20 * 60, 8 * 60) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    noon = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert outside_quiet_hours(noon, tz, 20 * 60, 8 * 60) == noon
    lunch = datetime(2026, 11, 24, 11, 30, tzinfo=UTC)  # 12:30 local, inside 12:00-13:00
    assert outside_quiet_hours(lunch, tz, 12 * 60, 13 * 60) == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def weeks(*statuses: str, start: date = date(2026, 9, 7)) -> list[tuple[date, str]]:
    from datetime import timedelta

    return [(start + timedelta(weeks=i), status) for i, status in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "current", "best"),
    [
        (["answered"] * 4, 4, 4),
        (["answered", "answered", "missed", "answered"], 3, 3),  # one miss in September: frozen
        (["answered", "missed", "answered", "skipped", "answered"], 1, 2),  # second miss in September resets
        (["answered", "answered", "prompted"], 2, 2),  # the open period neither adds nor breaks
        ([], 0, 0),
    ],
)
def test_streaks_with_one_freeze_per_month(statuses: list[str], current: int, best: int) -> None:
    streak = compute_streak(weeks(*statuses))
    assert (streak.current, streak.best) == (current, best)


def test_the_freeze_comes_back_each_month() -> None:
    # Sep 7..Oct 26: a miss on Sep 21 (frozen) and one on Oct 12 (October's own freeze).
    periods = weeks("answered", "answered", "missed", "answered", "answered", "missed", "answered", "answered")
    assert compute_streak(periods).current == 6


def test_milestones() -> None:
    assert milestone_reached(4, 5) == 5
    assert milestone_reached(5, 6) is None
    assert milestone_reached(24, 25) == 25


def test_a_far_pause_is_found_in_one_step() -> None:
    """Pausing until a far date jumps there instead of walking every occurrence before it."""
    from datetime import UTC, date, datetime

    from bot.services.schedule import Rhythm, next_occurrence

    rhythm = Rhythm(cadence="biweekly", weekday=0, minute_of_day=600, anchor=date(2026, 10, 19))
    after = datetime(2026, 12, 3, tzinfo=UTC)
    found = next_occurrence(rhythm, "Europe/Berlin", after, paused_until=date(2099, 12, 31))
    assert found.date() >= date(2099, 12, 31) and found.weekday() == 0
    weeks = (found.date() - date(2026, 10, 19)).days // 7
    assert weeks % 2 == 0  # still every other week, counted from the anchor
    assert next_occurrence(rhythm, "Europe/Berlin", after, paused_until=date(2026, 12, 8)) == datetime(
        2026, 12, 14, 9, tzinfo=UTC
    )
