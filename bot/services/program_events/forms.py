"""What the event form may hold, checked in one place (each error names its field)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time

from bot.db.statuses import EventAudience, EventRepeat
from bot.errors import InvalidInput
from bot.services.schedule import zone

TITLE_MAX, DESCRIPTION_MAX, PLACE_MAX, GUEST_MAX = 150, 3000, 500, 200
DURATIONS = (30, 45, 60, 90, 120, 180, 240)
CAPACITY_MAX = 10_000


@dataclass(frozen=True)
class EventForm:
    """The form as typed; `validated` turns it into what is stored (or names the field at fault)."""

    title: str
    day: date | None
    clock: str  # "HH:MM" from the time picker
    tz: str
    duration_minutes: int = 60
    description: str = ""
    place: str = ""
    host_user_id: str | None = None
    guest_name: str = ""
    guest_title: str = ""
    guest_org: str = ""
    audience: str = EventAudience.WORKSPACE
    circle_ids: tuple[int, ...] = ()
    program_id: int | None = None
    channel_id: str | None = None
    capacity: str = ""  # empty: no limit
    repeat: str = EventRepeat.NONE
    capacity_value: int | None = field(default=None, compare=False)

    def starts_at(self) -> datetime:
        assert self.day is not None
        hour, minute = (int(part) for part in self.clock.split(":"))
        return datetime.combine(self.day, time(hour, minute), tzinfo=zone(self.tz)).astimezone(UTC)


def _clean(text: str, limit: int, what: str, field_name: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise InvalidInput(f"Keep {what} under {limit} characters.", field=field_name)
    return text


def validated(form: EventForm, now: datetime) -> EventForm:
    title = _clean(form.title, TITLE_MAX, "the title", "title")
    if not title:
        raise InvalidInput("Give the event a title.", field="title")
    tz = form.tz.strip() or "UTC"
    if zone(tz).key != tz:
        raise InvalidInput(f"`{tz}` isn't a time zone I know; use a name like Europe/Berlin.", field="tz")
    if form.day is None:
        raise InvalidInput("Pick the day.", field="day")
    clock = form.clock.strip()
    parts = clock.split(":")
    if len(parts) != 2 or not all(p.isdecimal() for p in parts) or int(parts[0]) > 23 or int(parts[1]) > 59:
        raise InvalidInput("Pick the time it starts.", field="time")
    checked = replace(form, title=title, tz=tz, clock=clock)
    if checked.starts_at() <= now:
        raise InvalidInput("That time has passed; pick a time in the future.", field="day")
    if form.duration_minutes not in DURATIONS:
        raise InvalidInput("Pick one of the lengths.", field="duration")
    capacity = None
    if form.capacity.strip():
        raw = form.capacity.strip()
        if not raw.isdecimal() or not 1 <= int(raw) <= CAPACITY_MAX:
            raise InvalidInput(
                "Capacity is a number of places, at least 1 (leave it empty for no limit).", field="capacity"
            )
        capacity = int(raw)
    guest = [
        _clean(getattr(form, f"guest_{part}"), GUEST_MAX, f"the guest's {part}", "guest_name")
        for part in ("name", "title", "org")
    ]
    if not guest[0] and (guest[1] or guest[2]):
        raise InvalidInput(
            "A guest speaker needs a name (their title and organisation are optional).", field="guest_name"
        )
    if form.audience not in set(EventAudience):
        raise InvalidInput("Pick who is invited.", field="audience")
    if form.audience == EventAudience.CIRCLES and not form.circle_ids:
        raise InvalidInput("Pick at least one circle to invite.", field="circles")
    if form.audience == EventAudience.PROGRAM and form.program_id is None:
        raise InvalidInput("Pick the mentorship program whose participants are invited.", field="program")
    if form.audience != EventAudience.CIRCLES and not form.channel_id:
        raise InvalidInput("Pick the channel the invitation is posted to.", field="channel")
    if form.repeat not in set(EventRepeat):
        raise InvalidInput("Pick how often it repeats.", field="repeat")
    return replace(
        checked,
        description=_clean(form.description, DESCRIPTION_MAX, "the description", "description"),
        place=_clean(form.place, PLACE_MAX, "the place or link", "place"),
        guest_name=guest[0],
        guest_title=guest[1],
        guest_org=guest[2],
        capacity_value=capacity,
    )
