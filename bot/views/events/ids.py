"""Action, callback and field ids of program events' messages and forms."""

from __future__ import annotations

from enum import StrEnum


class EventAction(StrEnum):
    GOING = "event_going"
    MAYBE = "event_maybe"
    DECLINE = "event_decline"
    RATE = "event_rate"  # value "<event id>:<1-5>"
    COMMENT = "event_comment"
    ATTENDANCE = "event_attendance"
    RECORDING = "event_recording"
    FEEDBACK = "event_feedback"


class Callback(StrEnum):
    EVENT = "event_form"
    COMMENT = "event_comment_form"
    ATTENDANCE = "event_attendance_form"
    RECORDING = "event_recording_form"


class Field(StrEnum):
    TITLE = "event_title"
    DESCRIPTION = "event_description"
    DAY = "event_day"
    TIME = "event_time"
    TZ = "event_tz"
    DURATION = "event_duration"
    PLACE = "event_place"
    HOST = "event_host"
    GUEST_NAME = "event_guest_name"
    GUEST_TITLE = "event_guest_title"
    GUEST_ORG = "event_guest_org"
    AUDIENCE = "event_audience"
    CIRCLES = "event_circles"
    PROGRAM = "event_program"
    CHANNEL = "event_channel"
    CAPACITY = "event_capacity"
    REPEAT = "event_repeat"
    COMMENT = "event_comment_text"
    PRESENT = "event_present"
    URL = "event_recording_url"


# A domain error's field → the input block that shows it.
ERROR_FIELDS = {
    "title": Field.TITLE,
    "description": Field.DESCRIPTION,
    "day": Field.DAY,
    "time": Field.TIME,
    "tz": Field.TZ,
    "duration": Field.DURATION,
    "place": Field.PLACE,
    "guest_name": Field.GUEST_NAME,
    "audience": Field.AUDIENCE,
    "circles": Field.CIRCLES,
    "program": Field.PROGRAM,
    "channel": Field.CHANNEL,
    "capacity": Field.CAPACITY,
    "repeat": Field.REPEAT,
    "comment": Field.COMMENT,
    "url": Field.URL,
}
