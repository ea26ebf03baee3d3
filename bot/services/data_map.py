"""The data map: every kind of personal data Circles keeps, what for, who sees it and for how long.

`/circles privacy` shows it, and a test holds the README's data map to it word for word.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataKind:
    name: str
    fields: str
    why: str
    who_sees: str
    kept: str


DATA_MAP: tuple[DataKind, ...] = (
    DataKind(
        "Profile",
        "Slack user id, display and real name, title, time zone, status text and emoji, admin flag, away date, "
        "opt-out, public recognition on or off",
        "address you, time prompts in your zone, skip you while away",
        "you; names appear where you take part",
        "while you're in the workspace; synced from Slack",
    ),
    DataKind(
        "Circle memberships",
        "circles joined, when you joined or left, rotation position",
        "run circles and the leader rotation",
        "the circle's members",
        "until you delete your data",
    ),
    DataKind(
        "Goals",
        "title, why, measure, due date, milestones, visibility, progress and notes",
        "remind you and track progress",
        "you; goals marked 'my circle' also appear in circle posts",
        "until you drop them or delete your data",
    ),
    DataKind(
        "Mentor comments",
        "comments your mentor wrote on goals you shared with them, and comments you wrote on your mentees' goals",
        "help mentees with their goals between 1:1s",
        "the mentee and their mentor",
        "until the goal is deleted or either of you deletes their data",
    ),
    DataKind(
        "Check-ins",
        "when you were asked, your answers (learned, blockers, confidence), shared or not, schedule settings",
        "your streak, your history, shared highlights",
        "you; answers you share are posted to your circles",
        "until you delete your data",
    ),
    DataKind(
        "Kudos",
        "kudos you gave and received, with message and value",
        "recognition, leaderboards and digests",
        "the workspace (where kudos are posted)",
        "texts until you delete your data; counts stay, anonymously",
    ),
    DataKind(
        "Meetings",
        "leader turns you were asked for and your answers, RSVPs",
        "fair rotation and meeting metrics",
        "the circle's members (who leads); admins see totals only",
        "until you delete your data",
    ),
    DataKind(
        "Program events",
        "your answers to event invitations (going, maybe, can't go, waitlist), whether you came, your feedback "
        "score and comment, events you host",
        "invitations with capacity and waitlists, reminders, the host's summary, program metrics",
        "the event's host sees counts, and feedback only as averages over five answers; admins see totals only",
        "until you delete your data",
    ),
    DataKind(
        "Projects",
        "projects, stretch assignments and shadowing days you proposed or volunteered for (your share is a goal)",
        "post them to your circle, choose people, track and celebrate them",
        "the circle's members (or your mentorship pair)",
        "until you delete your data; a project you proposed stays without your name",
    ),
    DataKind(
        "Skills and evaluations",
        "your skill ratings (1-5) and when you gave them, your mentor's ratings of you (only with your consent), "
        "your half-yearly evaluations (usefulness, what changed, would recommend, keep going)",
        "show your own growth; the program's outcome report",
        "you (a mentor sees the ratings they gave); admins see totals only, from five people",
        "until you delete your data",
    ),
    DataKind(
        "Intros",
        "the intro groups you were in, your answers (met, not yet, skipped), paused or not, rounds without an answer",
        "make groups where nobody meets the same person again soon, pause whoever stopped answering",
        "the people in your group; organisers see counts and the meeting rate",
        "until you delete your data",
    ),
    DataKind(
        "Onboarding",
        "when you joined, when you were welcomed, your onboarding buddy (or whose buddy you are), the day-7 and "
        "day-30 check-ins sent",
        "welcome you once, introduce your buddy, check in at day 7 and 30",
        "you and your buddy",
        "until you delete your data",
    ),
    DataKind(
        "Badges",
        "badges you earned or were given, when, by whom and why; your mentorship pair's agreement",
        "recognition (celebrated once, publicly unless you turn it off), your pair's shared goals",
        "the workspace, where a badge is celebrated; your pair for the agreement",
        "until you delete your data",
    ),
    DataKind(
        "Shared resources and topics",
        "links and notes you shared, topics you added",
        "the circle's library and discussion queue",
        "the circle's members",
        "links and notes until you delete your data; topics stay without your name",
    ),
    DataKind(
        "Calendar",
        "your private calendar feed address (current and revoked ones), 1:1 times picked in your pairs",
        "put your meetings on your calendar (`/circles calendar`)",
        "only whoever has your feed address; *New link* revokes it",
        "until you delete your data (which revokes the address)",
    ),
    DataKind(
        "Messages to send",
        "queued DMs and posts that mention you",
        "deliver each message exactly once",
        "nobody; technical",
        "until you delete your data",
    ),
)
