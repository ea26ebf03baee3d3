"""The event form (`/circles event`) and the small modals around an event, with their parsers."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ChannelSelectElement,
    DatePickerElement,
    InputBlock,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
    UrlInputElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.db.statuses import EventAudience, EventRepeat
from bot.services.program_events import AudienceChoices, EventForm
from bot.services.program_events.forms import DURATIONS, GUEST_MAX, PLACE_MAX, TITLE_MAX
from bot.views.blocks import options, select_input
from bot.views.events.ids import Callback, Field
from bot.views.form_values import chosen_value, integer, iso_date, state_of, text_value
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

REPEATS = [(EventRepeat.NONE, "Once"), (EventRepeat.MONTHLY, "Every month"), (EventRepeat.QUARTERLY, "Every 3 months")]


def _text(
    block: str, label: str, limit: int, *, optional: bool = True, hint: str | None = None, multiline: bool = False
) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(action_id=block, max_length=limit, multiline=multiline),
    )


def _duration(minutes: int) -> str:
    return f"{minutes} minutes" if minutes < 60 else f"{minutes / 60:g} hour{'s' if minutes > 60 else ''}"


def event_modal(choices: AudienceChoices, user_id: str, context: ModalContext) -> dict[str, Any]:
    audiences = [(EventAudience.CIRCLES, "Chosen circles (posted in their channels)")]
    if choices.is_admin:
        audiences.insert(0, (EventAudience.WORKSPACE, "The whole workspace (posted in a channel you pick)"))
        if choices.programs:
            audiences.append((EventAudience.PROGRAM, "A mentorship program's participants"))
    blocks = [
        _text(Field.TITLE, "Title", TITLE_MAX, optional=False),
        _text(Field.DESCRIPTION, "What it's about", 3000, multiline=True),
        InputBlock(block_id=Field.DAY, label="Day", element=DatePickerElement(action_id=Field.DAY)),
        InputBlock(block_id=Field.TIME, label="Starts at", element=TimePickerElement(action_id=Field.TIME)),
        InputBlock(
            block_id=Field.TZ,
            label="Time zone",
            hint="Everyone sees the time in their own zone.",
            element=PlainTextInputElement(action_id=Field.TZ, initial_value=choices.tz, max_length=64),
        ),
        select_input(Field.DURATION, "Length", [(str(m), _duration(m)) for m in DURATIONS], "60"),
        _text(Field.PLACE, "Place or link", PLACE_MAX, hint="A room, or the video call's link."),
        InputBlock(
            block_id=Field.HOST,
            label="Host",
            optional=True,
            hint="They get the attendance summary and the feedback afterwards.",
            element=UserSelectElement(action_id=Field.HOST, initial_user=user_id),
        ),
        _text(Field.GUEST_NAME, "Guest speaker", GUEST_MAX, hint="They needn't be in Slack."),
        _text(Field.GUEST_TITLE, "Guest's title", GUEST_MAX),
        _text(Field.GUEST_ORG, "Guest's organisation", GUEST_MAX),
        InputBlock(
            block_id=Field.AUDIENCE,
            label="Who is invited",
            element=RadioButtonsElement(
                action_id=Field.AUDIENCE, options=options(audiences), initial_option=options(audiences)[0]
            ),
        ),
    ]
    if choices.circles:
        blocks.append(
            InputBlock(
                block_id=Field.CIRCLES,
                label="Circles",
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=Field.CIRCLES,
                    options=options([(str(cid), truncate(name, 70)) for cid, name in choices.circles[:100]]),
                ),
            )
        )
    if choices.is_admin and choices.programs:
        blocks.append(
            InputBlock(
                block_id=Field.PROGRAM,
                label="Program",
                optional=True,
                element=StaticSelectElement(
                    action_id=Field.PROGRAM,
                    options=options([(str(pid), truncate(name, 70)) for pid, name in choices.programs[:100]]),
                ),
            )
        )
    if choices.is_admin:
        blocks.append(
            InputBlock(
                block_id=Field.CHANNEL,
                label="Post the invitation in",
                optional=True,
                hint="For the whole workspace or a program: an announcements channel.",
                element=ChannelSelectElement(action_id=Field.CHANNEL),
            )
        )
    blocks += [
        _text(Field.CAPACITY, "Places", 6, hint="Leave empty for no limit. Past it, people join a waitlist."),
        select_input(Field.REPEAT, "Repeats", [(value, label) for value, label in REPEATS], EventRepeat.NONE),
    ]
    return View(
        type="modal",
        callback_id=Callback.EVENT,
        title="New event",
        submit="Invite",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=blocks,
    ).to_dict()


def parse_event_form(view: dict[str, Any]) -> EventForm:
    circles = state_of(view, Field.CIRCLES).get("selected_options") or []
    program = chosen_value(view, Field.PROGRAM)
    return EventForm(
        title=text_value(view, Field.TITLE),
        day=iso_date(state_of(view, Field.DAY).get("selected_date"), "day"),
        clock=str(state_of(view, Field.TIME).get("selected_time") or ""),
        tz=text_value(view, Field.TZ),
        duration_minutes=integer(chosen_value(view, Field.DURATION), 60, "duration"),
        description=text_value(view, Field.DESCRIPTION),
        place=text_value(view, Field.PLACE),
        host_user_id=state_of(view, Field.HOST).get("selected_user") or None,
        guest_name=text_value(view, Field.GUEST_NAME),
        guest_title=text_value(view, Field.GUEST_TITLE),
        guest_org=text_value(view, Field.GUEST_ORG),
        audience=chosen_value(view, Field.AUDIENCE, EventAudience.CIRCLES),
        circle_ids=tuple(integer(o.get("value"), 0, "circles") for o in circles),
        program_id=integer(program, 0, "program") if program else None,
        channel_id=state_of(view, Field.CHANNEL).get("selected_channel") or None,
        capacity=text_value(view, Field.CAPACITY),
        repeat=chosen_value(view, Field.REPEAT, EventRepeat.NONE),
    )


def _one_input(callback: Callback, title: str, submit: str, block: InputBlock, context: ModalContext) -> dict[str, Any]:
    """The small modals around an event: one input, remembering the event in `context.ref`."""
    return View(
        type="modal",
        callback_id=callback,
        title=title,
        submit=submit,
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[block],
    ).to_dict()


def comment_modal(context: ModalContext) -> dict[str, Any]:
    comment = InputBlock(
        block_id=Field.COMMENT,
        label="Anything to add?",
        hint="The host sees comments without names, and only once five people have answered.",
        element=PlainTextInputElement(action_id=Field.COMMENT, multiline=True, max_length=2000),
    )
    return _one_input(Callback.COMMENT, "Your feedback", "Send", comment, context)


def attendance_modal(title: str, going: list[str], context: ModalContext) -> dict[str, Any]:
    present = InputBlock(
        block_id=Field.PRESENT,
        label=f"Who came to {truncate(escape(title), 80)}?",
        hint="Starts with everyone who said Going; remove who didn't come, add who came anyway.",
        optional=True,
        element=UserMultiSelectElement(action_id=Field.PRESENT, initial_users=going or None),
    )
    return _one_input(Callback.ATTENDANCE, "Who came", "Save", present, context)


def recording_modal(context: ModalContext) -> dict[str, Any]:
    link = InputBlock(
        block_id=Field.URL,
        label="A link to the slides or the recording",
        hint="Posted in the invitation's thread and shared as a resource of every invited circle.",
        element=UrlInputElement(action_id=Field.URL),
    )
    return _one_input(Callback.RECORDING, "Slides or recording", "Share", link, context)


def present_users(view: dict[str, Any]) -> list[str]:
    return list(state_of(view, Field.PRESENT).get("selected_users") or [])


def typed_comment(view: dict[str, Any]) -> str:
    return text_value(view, Field.COMMENT)


def typed_url(view: dict[str, Any]) -> str:
    return text_value(view, Field.URL)
