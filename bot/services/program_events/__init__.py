"""Program events: workshops, guest talks and AMAs for the whole workspace, chosen circles or a
mentorship program's participants.

The life of one event (each step found from the database by the minute tick, each message under
its own outbox key):
- created from the form: the invitation goes to the audience's channels with Going / Maybe /
  Can't go; past capacity, Going joins a waitlist, promoted in order (with a DM) when a place opens;
- 09:00 the day before, in each attendee's own time zone, and an hour before: a reminder by DM;
- once it has ended: the host gets the attendance summary, attendees one feedback question, and a
  repeating event its next occurrence (with a new invitation).

By concern: `forms` (what the form may hold), `events` (creating, reading, audiences, calendars),
`answers` (Going / Maybe / Can't go and the waitlist), `afterwards` (reminders, the follow-up,
attendance, feedback and its aggregates), `figures` (insights and data rights); `shapes` holds
the plain data they hand to views.
"""

from __future__ import annotations

from bot.services.program_events.afterwards import (
    attendance_of,
    comment,
    feedback_summary,
    follow_ups_due,
    mark_attendance,
    rate,
    reminders_due,
    share_recording,
)
from bot.services.program_events.answers import answer
from bot.services.program_events.events import (
    audience_choices,
    calendar_items,
    card,
    create,
    invitation_channels,
    require_creator,
    upcoming_for,
)
from bot.services.program_events.figures import EventFigures, totals
from bot.services.program_events.forms import EventForm
from bot.services.program_events.shapes import (
    AnswerOutcome,
    AudienceChoices,
    EventCard,
    FeedbackSummary,
    FollowUp,
    ListedEvent,
    Reminder,
)

__all__ = [
    "AnswerOutcome",
    "AudienceChoices",
    "EventCard",
    "EventFigures",
    "EventForm",
    "FeedbackSummary",
    "FollowUp",
    "ListedEvent",
    "Reminder",
    "answer",
    "attendance_of",
    "audience_choices",
    "calendar_items",
    "card",
    "comment",
    "create",
    "feedback_summary",
    "follow_ups_due",
    "invitation_channels",
    "mark_attendance",
    "rate",
    "reminders_due",
    "require_creator",
    "share_recording",
    "totals",
    "upcoming_for",
]
