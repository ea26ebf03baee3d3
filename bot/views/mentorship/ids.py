"""Callback, action and input ids of the mentorship surfaces, and their labels."""

from __future__ import annotations

from enum import StrEnum

PROFILE_ID = "mentor_profile_modal"


PROGRAM_ID = "mentor_program_modal"


SURVEY_ID = "mentor_survey_modal"


PAIRS_SHOWN = 12


SENIORITY = {1: "Early career", 2: "Mid-level", 3: "Senior", 4: "Lead / manager", 5: "Executive"}


class MentorAction(StrEnum):
    JOIN = "mentor_join"
    PREVIEW = "mentor_preview"
    PUBLISH = "mentor_publish"
    LOCK = "mentor_lock"
    BREAK = "mentor_break"
    MET = "mentor_met"
    RESCHEDULE = "mentor_reschedule"
    HELP = "mentor_help"
    SURVEY = "mentor_survey"
    PROPOSE_TIMES = "mentor_propose_times"
    PICK_TIME = "mentor_pick_time"


class P(StrEnum):
    """Profile form fields."""

    ROLE = "mp_role"
    INTERESTS = "mp_interests"
    OFFERS = "mp_offers"
    WANTS = "mp_wants"
    TRACK = "mp_track"
    DEPARTMENT = "mp_department"
    TITLE = "mp_title"
    SENIORITY = "mp_seniority"
    CAPACITY = "mp_capacity"
    REVERSE = "mp_reverse"
    PREFERENCE = "mp_preference"
    AVOID = "mp_avoid"


PROFILE_ERRORS = {
    "role": P.ROLE,
    "track": P.TRACK,
    "capacity": P.CAPACITY,
    "offers": P.OFFERS,
    "wants": P.WANTS,
    "avoid": P.AVOID,
}


class G(StrEnum):
    """Program form fields."""

    NAME = "pg_name"
    GOALS = "pg_goals"
    LENGTH = "pg_length"
    CADENCE = "pg_cadence"
    DEADLINE = "pg_deadline"
    CHANNELS = "pg_channels"
    GUIDES = "pg_guides"
    MENTOR_GUIDE = "pg_mentor_guide"
    MENTORS_CHANNEL = "pg_mentors_channel"


PROGRAM_ERRORS = {"name": G.NAME, "deadline": G.DEADLINE, "length": G.LENGTH, "cadence": G.CADENCE}
