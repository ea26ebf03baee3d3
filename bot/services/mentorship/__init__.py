"""Mentorship programs: profiles, cycles, enrolment, proposed matches, pairs meeting, feedback.

By concern: `profiles`, `programs` (cycles and enrolment), `proposals` (matching a cycle, locks
and breaks), `pairs` (published pairs, their nudges and meetings), `surveys`.
"""

from __future__ import annotations

from bot.services.mentorship.pairs import (
    AT_RISK_AFTER,
    Nudge,
    PairStatus,
    PublishedPair,
    my_pairs,
    nudges_due,
    pair_status,
    publish,
    record_conversation,
    report_meeting,
)
from bot.services.mentorship.profiles import (
    ROLES,
    TRACKS,
    ProfileForm,
    form_of,
    get_profile,
    save_profile,
    split_list,
)
from bot.services.mentorship.programs import (
    CADENCES,
    REMIND_BEFORE_DEADLINE,
    ProgramForm,
    ProgramSummary,
    create_program,
    enrol,
    enrolled_user_ids,
    get_program,
    program_form_from_yaml,
    programs,
    summary,
)
from bot.services.mentorship.proposals import Proposal, history, participants, propose, set_pair
from bot.services.mentorship.surveys import SurveyInvite, save_survey, surveys_due

__all__ = [
    "AT_RISK_AFTER",
    "CADENCES",
    "REMIND_BEFORE_DEADLINE",
    "ROLES",
    "TRACKS",
    "Nudge",
    "PairStatus",
    "ProfileForm",
    "ProgramForm",
    "ProgramSummary",
    "Proposal",
    "PublishedPair",
    "SurveyInvite",
    "create_program",
    "enrol",
    "enrolled_user_ids",
    "form_of",
    "get_profile",
    "get_program",
    "history",
    "my_pairs",
    "nudges_due",
    "pair_status",
    "participants",
    "program_form_from_yaml",
    "programs",
    "propose",
    "publish",
    "record_conversation",
    "report_meeting",
    "save_profile",
    "save_survey",
    "set_pair",
    "split_list",
    "summary",
    "surveys_due",
]
