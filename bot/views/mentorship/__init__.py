"""Mentorship surfaces: profile and program forms, invitations, the match preview, pair messages, surveys.

By surface: `ids` (callback, action and field ids), `forms` (the profile and program modals and
their parsers), `programs` (invitations, reminders, the list), `matches` (the admin's preview),
`pairs` (introductions, nudges, alerts, `/mentor me`), `times` (1:1 times proposed and picked),
`surveys`.
"""

from __future__ import annotations

from bot.views.mentorship.forms import parse_profile, parse_program, profile_modal, program_modal
from bot.views.mentorship.ids import (
    PAIRS_SHOWN,
    PROFILE_ERRORS,
    PROFILE_ID,
    PROGRAM_ERRORS,
    PROGRAM_ID,
    SENIORITY,
    SURVEY_ID,
    G,
    MentorAction,
    P,
)
from bot.views.mentorship.matches import preview
from bot.views.mentorship.pairs import (
    at_risk_alert,
    help_alert,
    introduction,
    mentor_guide_dm,
    my_mentorship,
    nudge,
    thanks_dm,
    thanks_post,
    with_lines,
)
from bot.views.mentorship.programs import invitation, joined_reply, mentor_help, programs_reply, reminder
from bot.views.mentorship.surveys import LIKERT, parse_survey, survey_invite, survey_modal
from bot.views.mentorship.times import picked_reply, proposed_reply, time_picked, times_proposal

__all__ = [
    "LIKERT",
    "PAIRS_SHOWN",
    "PROFILE_ERRORS",
    "PROFILE_ID",
    "PROGRAM_ERRORS",
    "PROGRAM_ID",
    "SENIORITY",
    "SURVEY_ID",
    "G",
    "MentorAction",
    "P",
    "at_risk_alert",
    "help_alert",
    "introduction",
    "invitation",
    "joined_reply",
    "mentor_guide_dm",
    "mentor_help",
    "my_mentorship",
    "nudge",
    "parse_profile",
    "parse_program",
    "parse_survey",
    "picked_reply",
    "preview",
    "profile_modal",
    "program_modal",
    "programs_reply",
    "proposed_reply",
    "reminder",
    "survey_invite",
    "survey_modal",
    "thanks_dm",
    "thanks_post",
    "time_picked",
    "times_proposal",
    "with_lines",
]
