"""Circle meetings: the schedule, each occurrence, who leads it, announcements, reminders and RSVPs.

The timeline of one meeting (all found from the database by the minute tick):
- `lead_days` before: the meeting row is created and the first in the rotation is asked to lead;
- a day before: if nobody has accepted, the asked person's turn expires and the next in line is
  asked; the channel announcement goes out (naming the confirmed leader, or who is being asked);
- two hours before: the meeting-day reminder with RSVP buttons and a thread for notes.

By concern: `schedule` (the rhythm and its form), `leaders` (the rotation, asks and answers),
`timeline` (what the minute tick plans, announces and reminds), `posts` (what announcements and
reminders say), `rsvps`, `skips` (one meeting called off), `guests` (a guest speaker for one);
`shapes` holds the plain data they hand to views.
"""

from __future__ import annotations

from bot.services.meetings.guests import GuestForm, guest_slot, set_guest
from bot.services.meetings.leaders import (
    accept,
    ask_next,
    candidates,
    circle_of_turn,
    credit_newcomer,
    decline_swap,
    leaders_overview,
    pick_topic,
    request_swap,
    set_away,
    skip_turn,
)
from bot.services.meetings.posts import meeting_post, post_of
from bot.services.meetings.rsvps import rsvp
from bot.services.meetings.schedule import (
    ScheduleSummary,
    circle_of,
    circle_ref,
    describe,
    get_schedule,
    next_meetings_of,
    next_plan_at,
    queued_topics,
    rhythm_of,
    set_schedule,
    summary_of,
    upcoming_meetings,
    validate_form,
)
from bot.services.meetings.shapes import (
    ANNOUNCE_BEFORE,
    DURATIONS,
    ESCALATE_BEFORE,
    REMIND_BEFORE,
    Accepted,
    CircleRef,
    HistoryRow,
    LeaderAsk,
    LeadersOverview,
    MeetingPost,
    RsvpCounts,
    ScheduleForm,
)
from bot.services.meetings.skips import set_skipped
from bot.services.meetings.timeline import announcements_due, escalate_due, plan_due, reminders_due

__all__ = [
    "ANNOUNCE_BEFORE",
    "DURATIONS",
    "ESCALATE_BEFORE",
    "REMIND_BEFORE",
    "Accepted",
    "CircleRef",
    "GuestForm",
    "HistoryRow",
    "LeaderAsk",
    "LeadersOverview",
    "MeetingPost",
    "RsvpCounts",
    "ScheduleForm",
    "ScheduleSummary",
    "accept",
    "announcements_due",
    "ask_next",
    "candidates",
    "circle_of",
    "circle_of_turn",
    "circle_ref",
    "credit_newcomer",
    "decline_swap",
    "describe",
    "escalate_due",
    "get_schedule",
    "guest_slot",
    "leaders_overview",
    "meeting_post",
    "next_meetings_of",
    "next_plan_at",
    "pick_topic",
    "plan_due",
    "post_of",
    "queued_topics",
    "reminders_due",
    "request_swap",
    "rhythm_of",
    "rsvp",
    "set_away",
    "set_guest",
    "set_schedule",
    "set_skipped",
    "skip_turn",
    "summary_of",
    "upcoming_meetings",
    "validate_form",
]
