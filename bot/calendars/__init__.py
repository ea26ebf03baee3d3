"""Calendars: what Circles puts on people's calendars, as iCalendar (RFC 5545) files and feeds.

`shapes` holds the plain data services hand over, `ics` renders it with the `icalendar` library
(never by formatting strings), `feed` serves a member's private feed over HTTP.
"""
