"""ORM models. Every table carries `team_id`: no row exists outside a Slack workspace.

By concern: `workspace`, `badges`, `circles`, `progress` (goals, check-ins, kudos), `mentorship`, `calendars`,
`events`, `projects`, `outcomes`, `intros`, `onboarding`, `delivery`;
`base` holds the declarative base. Import them from here: `from bot.db.models import Member`.
"""

from __future__ import annotations

from bot.db import oauth_tables
from bot.db.models.badges import Badge, BadgeAward
from bot.db.models.base import NAMING_CONVENTION, SLACK_ID, Base, team_fk
from bot.db.models.calendars import CalendarFeed, PairSession
from bot.db.models.circles import Circle, CircleMembership, CircleSchedule, LeaderTurn, Meeting, Resource, Rsvp, Topic
from bot.db.models.delivery import MissedWork, Outbox, ProcessedEvent
from bot.db.models.events import EventCircle, EventRsvp, ProgramEvent
from bot.db.models.intros import IntroConfig, IntroGroup, IntroGroupMember, IntroParticipant, IntroRound
from bot.db.models.mentorship import MentorPair, MentorProfile, MentorProgram, ProgramEnrolment, SurveyResponse
from bot.db.models.onboarding import Onboarding
from bot.db.models.outcomes import Evaluation, SkillRating
from bot.db.models.progress import Checkin, CheckinSchedule, Goal, GoalUpdate, Kudos
from bot.db.models.projects import Project, ProjectVolunteer
from bot.db.models.workspace import Member, Team, TeamSettings

# slack_sdk's OAuth installation, bot and state tables (only used with SLACK_CLIENT_ID/SECRET). Rows
# of the first two carry the team_id of the workspace they authorise; state rows exist for the
# minutes between "Add to Slack" and Slack's redirect, before any workspace is known.
SLACK_INSTALLATIONS, SLACK_BOTS, SLACK_OAUTH_STATES = oauth_tables.declare(Base.metadata)

__all__ = [
    "NAMING_CONVENTION",
    "SLACK_BOTS",
    "SLACK_ID",
    "SLACK_INSTALLATIONS",
    "SLACK_OAUTH_STATES",
    "Badge",
    "BadgeAward",
    "Base",
    "CalendarFeed",
    "Checkin",
    "CheckinSchedule",
    "Circle",
    "CircleMembership",
    "CircleSchedule",
    "Evaluation",
    "EventCircle",
    "EventRsvp",
    "Goal",
    "GoalUpdate",
    "IntroConfig",
    "IntroGroup",
    "IntroGroupMember",
    "IntroParticipant",
    "IntroRound",
    "Kudos",
    "LeaderTurn",
    "Meeting",
    "Member",
    "MentorPair",
    "MentorProfile",
    "MentorProgram",
    "MissedWork",
    "Onboarding",
    "Outbox",
    "PairSession",
    "ProcessedEvent",
    "ProgramEnrolment",
    "ProgramEvent",
    "Project",
    "ProjectVolunteer",
    "Resource",
    "Rsvp",
    "SkillRating",
    "SurveyResponse",
    "Team",
    "TeamSettings",
    "Topic",
    "team_fk",
]
