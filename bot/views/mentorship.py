"""Mentorship surfaces: profile and program forms, invitations, the match preview, pair messages, surveys."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConversationMultiSelectElement,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.db.models import MentorProfile, MentorProgram
from bot.services.mentorship import (
    CADENCES,
    ROLES,
    TRACKS,
    Nudge,
    ProfileForm,
    ProgramForm,
    Proposal,
    PublishedPair,
    split_list,
)
from bot.views.blocks import note, options, reply, select_input
from bot.views.form_values import integer, iso_date
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

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


PROGRAM_ERRORS = {"name": G.NAME, "deadline": G.DEADLINE, "length": G.LENGTH, "cadence": G.CADENCE}


def _text(
    block: str,
    label: str,
    initial: str = "",
    *,
    optional: bool = True,
    multiline: bool = False,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(
            action_id=block, initial_value=initial or None, multiline=multiline, max_length=500
        ),
    )


def _radio(block: str, label: str, pairs: list[tuple[str, str]], initial: str) -> InputBlock:
    choices = options(pairs)
    chosen = next((o for o in choices if o.value == initial), choices[0])
    return InputBlock(
        block_id=block,
        label=label,
        element=RadioButtonsElement(action_id=block, options=choices, initial_option=chosen),
    )


def profile_modal(current: MentorProfile | None, slack_title: str, context: ModalContext) -> dict[str, Any]:
    reverse = options([("yes", "I'm open to reverse mentoring")])
    view = View(
        type="modal",
        callback_id=PROFILE_ID,
        title="Mentorship profile",
        submit="Save",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            _radio(P.ROLE, "I want to", list(ROLES.items()), current.role if current else "mentee"),
            _text(P.INTERESTS, "Interests", ", ".join(current.interests) if current else "", hint="Comma-separated"),
            _text(P.OFFERS, "Skills I can offer", ", ".join(current.skills_offered) if current else ""),
            _text(P.WANTS, "Skills I want to grow", ", ".join(current.skills_wanted) if current else ""),
            select_input(
                P.TRACK, "Career track", list(TRACKS.items()), current.career_track if current else "technical"
            ),
            _text(P.DEPARTMENT, "Department", current.department if current else ""),
            _text(P.TITLE, "Title", current.title if current and current.title else slack_title),
            select_input(
                P.SENIORITY,
                "Seniority",
                [(str(k), v) for k, v in SENIORITY.items()],
                str(current.seniority if current else 2),
            ),
            select_input(
                P.CAPACITY,
                "Mentees I can take (mentors)",
                [(str(n), str(n)) for n in range(1, 6)],
                str(current.capacity if current else 1),
            ),
            InputBlock(
                block_id=P.REVERSE,
                label="Reverse mentoring",
                optional=True,
                hint="A less senior mentor who is strong where the mentee wants to grow (both must be open to it).",
                element=CheckboxesElement(
                    action_id=P.REVERSE,
                    options=reverse,
                    initial_options=reverse if current and current.reverse_ok else None,
                ),
            ),
            _radio(
                P.PREFERENCE,
                "My mentor's department",
                [("any", "Any"), ("same", "Same as mine"), ("other", "Another one")],
                current.department_preference if current else "any",
            ),
            InputBlock(
                block_id=P.AVOID,
                label="Don't match me with",
                optional=True,
                element=UserMultiSelectElement(
                    action_id=P.AVOID, initial_users=(current.avoid_user_ids or None) if current else None
                ),
            ),
        ],
    )
    return view.to_dict()


def _state(view: dict[str, Any], block: str) -> dict[str, Any]:
    return view.get("state", {}).get("values", {}).get(block, {}).get(block, {}) or {}


def _chosen(view: dict[str, Any], block: str, default: str = "") -> str:
    return str((_state(view, block).get("selected_option") or {}).get("value") or default)


def parse_profile(view: dict[str, Any]) -> ProfileForm:
    return ProfileForm(
        role=_chosen(view, P.ROLE, "mentee"),
        interests=split_list(_state(view, P.INTERESTS).get("value") or ""),
        skills_offered=split_list(_state(view, P.OFFERS).get("value") or ""),
        skills_wanted=split_list(_state(view, P.WANTS).get("value") or ""),
        career_track=_chosen(view, P.TRACK, "other"),
        department=(_state(view, P.DEPARTMENT).get("value") or "").strip(),
        title=(_state(view, P.TITLE).get("value") or "").strip(),
        seniority=integer(_chosen(view, P.SENIORITY, "2"), 2, "role"),
        capacity=integer(_chosen(view, P.CAPACITY, "1"), 1, "capacity"),
        reverse_ok=bool(_state(view, P.REVERSE).get("selected_options")),
        department_preference=_chosen(view, P.PREFERENCE, "any"),
        avoid_user_ids=list(_state(view, P.AVOID).get("selected_users") or []),
    )


def program_modal(context: ModalContext) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=PROGRAM_ID,
        title="New mentorship cycle",
        submit="Start enrolment",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            _text(G.NAME, "Name", optional=False, hint="e.g. Spring 2027"),
            _text(G.GOALS, "Goals of the program", multiline=True),
            select_input(G.LENGTH, "Length", [(str(n), f"{n} months") for n in (3, 6, 9, 12)], "6"),
            select_input(G.CADENCE, "Pairs meet", [(str(k), v) for k, v in CADENCES.items()], "30"),
            InputBlock(
                block_id=G.DEADLINE, label="Enrolment deadline", element=DatePickerElement(action_id=G.DEADLINE)
            ),
            InputBlock(
                block_id=G.CHANNELS,
                label="Invite the members of",
                optional=True,
                element=ConversationMultiSelectElement(action_id=G.CHANNELS, placeholder="Channels"),
            ),
        ],
    )
    return view.to_dict()


def parse_program(view: dict[str, Any]) -> ProgramForm:
    deadline = iso_date(_state(view, G.DEADLINE).get("selected_date"), "deadline")
    return ProgramForm(
        name=_state(view, G.NAME).get("value") or "",
        goals=_state(view, G.GOALS).get("value") or "",
        length_months=integer(_chosen(view, G.LENGTH, "6"), 6, "length"),
        cadence_days=integer(_chosen(view, G.CADENCE, "30"), 30, "cadence"),
        enrolment_deadline=deadline or date.min,
        channel_ids=list(_state(view, G.CHANNELS).get("selected_conversations") or []),
    )


def invitation(program: MentorProgram) -> Message:
    text = (
        f":handshake: *{escape(program.name)}*, a {program.length_months}-month mentorship cycle, "
        f"is open for enrolment until {program.enrolment_deadline:%A, %b %-d}."
    )
    if program.goals:
        text += f"\n>{escape(truncate(program.goals, 500))}"
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            block_id=f"mentor-join-{program.id}",
            elements=[ButtonElement(text="Join", action_id=MentorAction.JOIN, value=str(program.id), style="primary")],
        ),
        note("Mentor, be mentored, or both. You'll fill in a short profile so the match fits."),
    ]
    return message(f"{program.name}: mentorship enrolment is open", blocks)


def reminder(program: MentorProgram) -> Message:
    text = f":hourglass: Enrolment in *{escape(program.name)}* closes tomorrow. Want a mentor, or to be one?"
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-join-{program.id}",
                elements=[
                    ButtonElement(text="Join", action_id=MentorAction.JOIN, value=str(program.id), style="primary")
                ],
            ),
        ],
    )


def joined_reply(program: MentorProgram, has_profile: bool) -> Message:
    text = f":white_check_mark: You're enrolled in *{escape(program.name)}*."
    text += (
        " Your profile is ready."
        if has_profile
        else " Next: fill in your profile so the match fits (the form is open)."
    )
    return reply(text)


def preview(proposal: Proposal) -> Message:
    program, result = proposal.program, proposal.result
    q, b = proposal.matched, proposal.baseline
    ratio = q.mean_score / b.mean_score if b.mean_score else 0
    blocks: list[Block] = [
        HeaderBlock(text=truncate(f"Proposed matches: {program.name}", 150)),
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{len(result.pairs)} pairs*, {len(result.unmatched)} unmatched"
                + (f", {proposal.without_profile} enrolled without a profile" if proposal.without_profile else "")
                + f"\n*Quality vs random pairing:* mean score {q.mean_score:.1f} vs {b.mean_score:.1f} "
                f"({ratio:.1f}x) · "
                f"cross-department {q.cross_department:.0%} vs {b.cross_department:.0%} · "
                f"skill coverage {q.skill_coverage:.0%} vs {b.skill_coverage:.0%}"
            )
        ),
    ]
    for pair in result.pairs[:PAIRS_SHOWN]:
        value = f"{program.id}:{pair.mentor.user_id}:{pair.mentee.user_id}"
        locked = "locked by an admin" in pair.reasons
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=truncate(
                        f"<@{pair.mentor.user_id}> → <@{pair.mentee.user_id}> ({pair.score:.1f})\n"
                        + "; ".join(pair.reasons),
                        3000,
                    )
                ),
                accessory=ButtonElement(
                    text="Break" if locked else "Lock",
                    action_id=MentorAction.BREAK if locked else MentorAction.LOCK,
                    value=value,
                ),
            )
        )
    if len(result.pairs) > PAIRS_SHOWN:
        blocks.append(note(f"and {len(result.pairs) - PAIRS_SHOWN} more pairs (`circles program match` lists all)"))
    if result.unmatched:
        lines = [f"• <@{person.user_id}>: {escape(why)}" for person, why in result.unmatched[:10]]
        if len(result.unmatched) > 10:
            lines.append(f"and {len(result.unmatched) - 10} more")
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=truncate("*Unmatched, and why*\n" + "\n".join(lines), 3000)))
        )
    blocks.append(
        ActionsBlock(
            block_id=f"mentor-preview-{program.id}",
            elements=[
                ButtonElement(text="Re-run", action_id=MentorAction.PREVIEW, value=str(program.id)),
                ButtonElement(text="Publish", action_id=MentorAction.PUBLISH, value=str(program.id), style="primary"),
            ],
        )
    )
    blocks.append(note("Lock keeps a pair in every re-run; `/mentor break <program> @mentor @mentee` rules one out."))
    return message(f"Proposed matches for {program.name}", blocks)


def introduction(pair: PublishedPair, program: MentorProgram) -> Message:
    shared = f" You share an interest in {', '.join(pair.shared_interests)}." if pair.shared_interests else ""
    agenda = [
        "What each of you hopes to get from these months",
        "One skill to focus on first, and how you'll know it's growing",
        f"When you'll meet ({CADENCES.get(program.cadence_days, 'regularly').lower()} works well)",
    ]
    text = (
        f":wave: <@{pair.mentor}>, meet <@{pair.mentee}>! You're paired for *{escape(program.name)}*: "
        f"<@{pair.mentor}> mentors, <@{pair.mentee}> is mentored.{shared}\n"
        f"*Why this pair:* {escape('; '.join(pair.reasons))}\n*Suggested first agenda*\n"
        + "\n".join(f"• {a}" for a in agenda)
    )
    return reply(text)


def nudge(n: Nudge) -> Message:
    text = ":calendar: Time for your mentorship 1:1. Did you meet since last time?"
    if n.at_risk:
        text = ":warning: It's been a while since you two met. Even 20 minutes helps. Did you manage to meet?"
    value = str(n.pair_id)
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-nudge-{n.pair_id}-{n.sequence}",
                elements=[
                    ButtonElement(text="We met", action_id=MentorAction.MET, value=value, style="primary"),
                    ButtonElement(text="Rescheduled", action_id=MentorAction.RESCHEDULE, value=value),
                    ButtonElement(text="Need help", action_id=MentorAction.HELP, value=value),
                ],
            ),
        ],
    )


def help_alert(user_id: str, mentor: str, mentee: str, program: str) -> Message:
    return reply(
        f":sos: <@{user_id}> asked for help with their mentorship pair in *{escape(program)}* "
        f"(<@{mentor}> → <@{mentee}>). Only you see this."
    )


def at_risk_alert(n: Nudge) -> Message:
    return reply(f":warning: The pair <@{n.mentor}> → <@{n.mentee}> has missed two meetings in a row (at risk).")


def survey_invite(program_id: int, name: str, kind: str) -> Message:
    text = (
        f":memo: Half way through *{escape(name)}*: how is it going? Two minutes, and only you see your answers."
        if kind == "mid"
        else f":checkered_flag: *{escape(name)}* has ended. How did it go? Your answers help the next cycle."
    )
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-survey-{program_id}-{kind}",
                elements=[
                    ButtonElement(
                        text="Share feedback",
                        action_id=MentorAction.SURVEY,
                        value=f"{program_id}:{kind}",
                        style="primary",
                    )
                ],
            ),
        ],
    )


LIKERT = [
    (str(n), label) for n, label in enumerate(["Not at all", "A little", "Somewhat", "Mostly", "Very much"], start=1)
]


def survey_modal(program_id: int, kind: str) -> dict[str, Any]:
    blocks: list[Any] = [
        _radio("sv_useful", "The 1:1s are useful to me", LIKERT, "3"),
        _radio("sv_fit", "My pair is a good fit", LIKERT, "3"),
    ]
    if kind == "end":
        blocks += [
            _radio(
                "sv_goals", "Did you meet your goals?", [("yes", "Yes"), ("partly", "Partly"), ("no", "No")], "partly"
            ),
            _radio("sv_continue", "Would you continue with this pair?", [("yes", "Yes"), ("no", "No")], "yes"),
            select_input("sv_before", "My skill level before (1 to 5)", [(str(n), str(n)) for n in range(1, 6)], "2"),
            select_input("sv_after", "My skill level now (1 to 5)", [(str(n), str(n)) for n in range(1, 6)], "3"),
        ]
    blocks.append(_text("sv_comment", "Anything else?", multiline=True))
    view = View(
        type="modal",
        callback_id=SURVEY_ID,
        title="Mentorship feedback",
        submit="Send",
        close="Later",
        private_metadata=ModalContext(ref=program_id, channel_id=kind).dump(),
        blocks=blocks,
    )
    return view.to_dict()


def parse_survey(view: dict[str, Any]) -> tuple[int, str, dict[str, object]]:
    context = ModalContext.load(view.get("private_metadata"))
    answers: dict[str, object] = {}
    for block in view.get("state", {}).get("values", {}):
        state = _state(view, block)
        value = (state.get("selected_option") or {}).get("value") if "selected_option" in state else state.get("value")
        answers[block.removeprefix("sv_")] = int(value) if isinstance(value, str) and value.isdecimal() else value
    return int(context.ref or 0), str(context.channel_id or "mid"), answers


def programs_reply(programs: list[MentorProgram]) -> Message:
    blocks: list[Block] = [HeaderBlock(text="Mentorship programs")]
    if not programs:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="None yet. An admin starts one with `/mentor program`."))
        )
    for program in programs[:20]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(program.name)}* · {program.status} · "
                    f"enrol by {program.enrolment_deadline:%b %-d} · {program.length_months} months"
                ),
                accessory=ButtonElement(text="Preview matches", action_id=MentorAction.PREVIEW, value=str(program.id))
                if program.status in ("enrolling", "proposed")
                else None,
            )
        )
    return message("Mentorship programs", blocks)


def my_mentorship(pairs: list[tuple[str, str, str, Any]]) -> Message:
    if not pairs:
        return reply("You're not in a mentorship pair right now. `/mentor profile` to get ready for the next cycle.")
    lines = [
        f"• *{escape(name)}*: you {'mentor' if role == 'mentor' else 'are mentored by'} <@{other}>"
        for name, role, other, _ in pairs
    ]
    return reply("\n".join(lines))


def mentor_help() -> Message:
    lines = [
        "`/mentor profile` — what you offer and want, and your matching preferences",
        "`/mentor me` — your current pair, and (for mentors) the goals your mentees shared with you",
        "`/mentor programs` — cycles, with a Preview button for admins",
        "`/mentor join <program>` — enrol in a cycle",
        "Admins: `/mentor program` (start a cycle), `/mentor preview|publish <program>`,"
        " `/mentor lock|break <program> @mentor @mentee`",
    ]
    return message(
        "How to use /mentor",
        [HeaderBlock(text="Mentorship"), SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))],
    )
