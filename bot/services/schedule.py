"""When things recur (check-in prompts, circle meetings), in a given time zone: pure functions.

Occurrences come from dateutil's rrule with a zone-aware start, so 10:00 stays 10:00 local time
across daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, FR, MO, MONTHLY, TH, TU, WE, WEEKLY, rrule, weekday

CADENCES = {"daily": "Every weekday", "weekly": "Every week", "biweekly": "Every 2 weeks"}
MEETING_CADENCES = {"weekly": "Every week", "biweekly": "Every 2 weeks", "monthly": "Monthly"}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Rhythm:
    cadence: str  # one of CADENCES
    weekday: int  # Monday = 0 (ignored for daily, which runs Monday to Friday)
    minute_of_day: int
    anchor: date  # every-2-weeks counts from the week of this date
    quiet_start: int | None = None
    quiet_end: int | None = None
    nth: int = 1  # monthly: the nth weekday of the month, -1 for the last


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _rule(rhythm: Rhythm, tz: ZoneInfo) -> rrule:
    start = datetime.combine(rhythm.anchor - timedelta(days=rhythm.anchor.weekday()), time(0, 0), tzinfo=tz)
    hour, minute = divmod(rhythm.minute_of_day, 60)
    if rhythm.cadence == "daily":
        return rrule(DAILY, byweekday=(MO, TU, WE, TH, FR), byhour=hour, byminute=minute, bysecond=0, dtstart=start)
    if rhythm.cadence == "monthly":
        nth_weekday = weekday(rhythm.weekday, rhythm.nth)
        return rrule(MONTHLY, byweekday=nth_weekday, byhour=hour, byminute=minute, bysecond=0, dtstart=start)
    interval = 2 if rhythm.cadence == "biweekly" else 1
    return rrule(
        WEEKLY,
        interval=interval,
        byweekday=rhythm.weekday,
        byhour=hour,
        byminute=minute,
        bysecond=0,
        dtstart=start,
    )


def next_occurrence(rhythm: Rhythm, tz_name: str | None, after: datetime, paused_until: date | None = None) -> datetime:
    """The first prompt strictly after `after` (UTC), skipping local dates before `paused_until`."""
    tz = zone(tz_name)
    rule = _rule(rhythm, tz)
    moment = after
    if paused_until is not None:
        # Jump to the pause's end rather than stepping through every occurrence before it (a pause
        # "until 2099" would otherwise cost thousands of rule walks each time).
        resumes = datetime.combine(paused_until, time(0, 0), tzinfo=tz) - timedelta(microseconds=1)
        moment = max(after, resumes.astimezone(UTC))
    while True:
        found = rule.after(moment.astimezone(tz))
        if found is None:  # only for malformed rules; fall back to a week later
            return after + timedelta(days=7)
        if paused_until is None or found.date() >= paused_until:
            return found.astimezone(UTC)
        moment = found.astimezone(UTC)


def upcoming(rhythm: Rhythm, tz_name: str | None, after: datetime, count: int) -> list[datetime]:
    found: list[datetime] = []
    moment = after
    for _ in range(count):
        moment = next_occurrence(rhythm, tz_name, moment)
        found.append(moment)
    return found


def outside_quiet_hours(
    moment: datetime, tz_name: str | None, quiet_start: int | None, quiet_end: int | None
) -> datetime:
    """`moment`, or the end of the member's quiet hours if it falls inside them (wrapping midnight)."""
    if quiet_start is None or quiet_end is None or quiet_start == quiet_end:
        return moment
    tz = zone(tz_name)
    local = moment.astimezone(tz)
    minute = local.hour * 60 + local.minute
    wraps = quiet_start > quiet_end
    inside = (minute >= quiet_start or minute < quiet_end) if wraps else quiet_start <= minute < quiet_end
    if not inside:
        return moment
    end_day = local.date() + timedelta(days=1) if wraps and minute >= quiet_start else local.date()
    hour, minute_of_hour = divmod(quiet_end, 60)
    return datetime.combine(end_day, time(hour, minute_of_hour), tzinfo=tz).astimezone(UTC)


def local_date(moment: datetime, tz_name: str | None) -> date:
    return moment.astimezone(zone(tz_name)).date()


def describe_rhythm(rhythm: Rhythm) -> str:
    day = WEEKDAYS[rhythm.weekday]
    if rhythm.cadence == "monthly":
        return f"the {ORDINALS.get(rhythm.nth, str(rhythm.nth))} {day} of every month"
    if rhythm.cadence == "biweekly":
        return f"every other {day}"
    if rhythm.cadence == "daily":
        return "every weekday"
    return f"every {day}"
