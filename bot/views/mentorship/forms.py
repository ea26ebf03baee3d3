"""The mentorship profile and program modals, and the typed data parsed from them."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ChannelSelectElement,
    CheckboxesElement,
    ConversationMultiSelectElement,
    DatePickerElement,
    InputBlock,
    PlainTextInputElement,
    RadioButtonsElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.services.mentorship import (
    CADENCES,
    ROLES,
    TRACKS,
    ProfileForm,
    ProgramForm,
    split_list,
)
from bot.views.blocks import options, select_input
from bot.views.form_values import chosen_value, integer, iso_date, state_of, text_value
from bot.views.mentorship.ids import PROFILE_ID, PROGRAM_ID, SENIORITY, G, P
from bot.views.modal_context import ModalContext


def text_input(
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


def radio_input(block: str, label: str, pairs: list[tuple[str, str]], initial: str) -> InputBlock:
    choices = options(pairs)
    chosen = next((o for o in choices if o.value == initial), choices[0])
    return InputBlock(
        block_id=block,
        label=label,
        element=RadioButtonsElement(action_id=block, options=choices, initial_option=chosen),
    )


def profile_modal(current: ProfileForm | None, slack_title: str, context: ModalContext) -> dict[str, Any]:
    reverse = options([("yes", "I'm open to reverse mentoring")])
    view = View(
        type="modal",
        callback_id=PROFILE_ID,
        title="Mentorship profile",
        submit="Save",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            radio_input(P.ROLE, "I want to", list(ROLES.items()), current.role if current else "mentee"),
            text_input(
                P.INTERESTS, "Interests", ", ".join(current.interests) if current else "", hint="Comma-separated"
            ),
            text_input(P.OFFERS, "Skills I can offer", ", ".join(current.skills_offered) if current else ""),
            text_input(P.WANTS, "Skills I want to grow", ", ".join(current.skills_wanted) if current else ""),
            select_input(
                P.TRACK, "Career track", list(TRACKS.items()), current.career_track if current else "technical"
            ),
            text_input(P.DEPARTMENT, "Department", current.department if current else ""),
            text_input(P.TITLE, "Title", current.title if current and current.title else slack_title),
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
            radio_input(
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


def parse_profile(view: dict[str, Any]) -> ProfileForm:
    return ProfileForm(
        role=chosen_value(view, P.ROLE, "mentee"),
        interests=split_list(state_of(view, P.INTERESTS).get("value") or ""),
        skills_offered=split_list(state_of(view, P.OFFERS).get("value") or ""),
        skills_wanted=split_list(state_of(view, P.WANTS).get("value") or ""),
        career_track=chosen_value(view, P.TRACK, "other"),
        department=(state_of(view, P.DEPARTMENT).get("value") or "").strip(),
        title=(state_of(view, P.TITLE).get("value") or "").strip(),
        seniority=integer(chosen_value(view, P.SENIORITY, "2"), 2, "role"),
        capacity=integer(chosen_value(view, P.CAPACITY, "1"), 1, "capacity"),
        reverse_ok=bool(state_of(view, P.REVERSE).get("selected_options")),
        department_preference=chosen_value(view, P.PREFERENCE, "any"),
        avoid_user_ids=list(state_of(view, P.AVOID).get("selected_users") or []),
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
            text_input(G.NAME, "Name", optional=False, hint="e.g. Spring 2027"),
            text_input(G.GOALS, "Goals of the program", multiline=True),
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
            InputBlock(
                block_id=G.GUIDES,
                label="A guide for each 1:1",
                optional=True,
                hint="One per session, separated by a blank line; the last repeats. Empty: first session goals, "
                "then progress and obstacles, last reflection.",
                element=PlainTextInputElement(action_id=G.GUIDES, multiline=True, max_length=3000),
            ),
            InputBlock(
                block_id=G.MENTOR_GUIDE,
                label="The guide mentors get when the cycle starts",
                optional=True,
                hint="Empty: how to run the first session, listening, goal setting.",
                element=PlainTextInputElement(action_id=G.MENTOR_GUIDE, multiline=True, max_length=3000),
            ),
            InputBlock(
                block_id=G.MENTORS_CHANNEL,
                label="Invite the mentors to",
                optional=True,
                element=ChannelSelectElement(action_id=G.MENTORS_CHANNEL, placeholder="A mentors' channel"),
            ),
        ],
    )
    return view.to_dict()


def parse_program(view: dict[str, Any]) -> ProgramForm:
    deadline = iso_date(state_of(view, G.DEADLINE).get("selected_date"), "deadline")
    return ProgramForm(
        name=state_of(view, G.NAME).get("value") or "",
        goals=state_of(view, G.GOALS).get("value") or "",
        length_months=integer(chosen_value(view, G.LENGTH, "6"), 6, "length"),
        cadence_days=integer(chosen_value(view, G.CADENCE, "30"), 30, "cadence"),
        enrolment_deadline=deadline or date.min,
        channel_ids=list(state_of(view, G.CHANNELS).get("selected_conversations") or []),
        session_guides=[part.strip() for part in (text_value(view, G.GUIDES)).split("\n\n") if part.strip()],
        mentor_guide=text_value(view, G.MENTOR_GUIDE),
        mentors_channel_id=state_of(view, G.MENTORS_CHANNEL).get("selected_channel") or None,
    )
