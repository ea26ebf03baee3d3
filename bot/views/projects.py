"""Projects, stretch assignments and shadowing days: the proposal form, the circle post with
Volunteer / Choose people, the chooser, and what the chosen and the circle are told."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.db.statuses import ProjectKind, ProjectStatus
from bot.services.projects import (
    LENGTHS,
    SEATS_MAX,
    SKILLS_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ProjectCard,
    ProjectForm,
)
from bot.views.blocks import note, reply, select_input
from bot.views.form_values import chosen_value, integer, state_of, text_value
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext
from bot.views.text import escape, truncate

PROPOSE_ID = "project_form"
CHOOSE_ID = "project_choose_form"


class ProjectAction(StrEnum):
    PROPOSE = "project_propose"  # the digest's button (value: circle id)
    PLAN = "project_plan"  # `/mentor me`'s button (value: pair id)
    VOLUNTEER = "project_volunteer"
    CHOOSE = "project_choose"


class Field(StrEnum):
    KIND = "project_kind"
    TITLE = "project_title"
    DESCRIPTION = "project_description"
    SKILLS = "project_skills"
    LENGTH = "project_length"
    SEATS = "project_seats"
    MILESTONES = "project_milestones"
    PEOPLE = "project_people"


ERROR_FIELDS = {
    "kind": Field.KIND,
    "title": Field.TITLE,
    "description": Field.DESCRIPTION,
    "skills": Field.SKILLS,
    "length": Field.LENGTH,
    "seats": Field.SEATS,
    "milestones": Field.MILESTONES,
    "people": Field.PEOPLE,
}


def _weeks(weeks: int) -> str:
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def project_modal(where: str, context: ModalContext, *, for_pair: bool = False) -> dict[str, Any]:
    kinds = [(ProjectKind.STRETCH, "Stretch assignment"), (ProjectKind.SHADOWING, "Shadowing day")]
    if not for_pair:
        kinds.insert(0, (ProjectKind.PROJECT, "Project"))
    blocks = [
        select_input(Field.KIND, "What kind", [(str(k), label) for k, label in kinds], str(kinds[0][0])),
        InputBlock(
            block_id=Field.TITLE,
            label="Title",
            element=PlainTextInputElement(action_id=Field.TITLE, max_length=TITLE_MAX),
        ),
        InputBlock(
            block_id=Field.DESCRIPTION,
            label="What it is",
            optional=True,
            element=PlainTextInputElement(action_id=Field.DESCRIPTION, multiline=True, max_length=TEXT_MAX),
        ),
        InputBlock(
            block_id=Field.SKILLS,
            label="Skills it grows",
            optional=True,
            hint="e.g. SQL, public speaking",
            element=PlainTextInputElement(action_id=Field.SKILLS, max_length=SKILLS_MAX),
        ),
        select_input(Field.LENGTH, "How long", [(str(w), _weeks(w)) for w in LENGTHS], "4"),
    ]
    if not for_pair:
        blocks.append(
            select_input(Field.SEATS, "How many people", [(str(n), str(n)) for n in range(1, SEATS_MAX + 1)], "2")
        )
    blocks.append(
        InputBlock(
            block_id=Field.MILESTONES,
            label="Milestones, one per line",
            optional=True,
            hint="Leave empty for sensible ones. Each person chosen gets them as their own goal.",
            element=PlainTextInputElement(action_id=Field.MILESTONES, multiline=True, max_length=TEXT_MAX),
        )
    )
    return View(
        type="modal",
        callback_id=PROPOSE_ID,
        title="Propose" if not for_pair else "Plan together",
        submit="Propose" if not for_pair else "Start",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[SectionBlock(text=MarkdownTextObject(text=f"For *{escape(where)}*")), *blocks],
    ).to_dict()


def parse_project_form(view: dict[str, Any]) -> ProjectForm:
    return ProjectForm(
        kind=chosen_value(view, Field.KIND, ProjectKind.PROJECT),
        title=text_value(view, Field.TITLE),
        description=text_value(view, Field.DESCRIPTION),
        skills=text_value(view, Field.SKILLS),
        length_weeks=integer(chosen_value(view, Field.LENGTH), 4, "length"),
        seats=integer(chosen_value(view, Field.SEATS), 1, "seats"),
        milestones=text_value(view, Field.MILESTONES),
    )


def _about(card: ProjectCard) -> str:
    lines = [
        f"*{card.kind_name}*, {_weeks(card.length_weeks)}, for {card.seats}"
        + (f" · proposed by <@{card.proposer}>" if card.proposer else "")
    ]
    if card.description:
        lines.append(truncate(escape(card.description), 1500))
    if card.skills:
        lines.append(f":seedling: *Grows:* {escape(card.skills)}")
    lines.append(":dart: *Milestones:* " + "; ".join(escape(m) for m in card.milestones))
    return "\n".join(lines)


def project_post(card: ProjectCard) -> Message:
    blocks: list[Block] = [
        HeaderBlock(block_id=f"project-{card.id}-title", text=truncate(card.title, 150)),
        SectionBlock(block_id=f"project-{card.id}-about", text=MarkdownTextObject(text=_about(card))),
    ]
    if card.status == ProjectStatus.OPEN:
        who = ", ".join(f"<@{u}>" for u in card.volunteers) or "nobody yet"
        blocks += [
            note(f":raising_hand: Volunteers: {who}. <@{card.proposer}> chooses the people."),
            ActionsBlock(
                block_id=f"project-{card.id}-actions",
                elements=[
                    ButtonElement(
                        text="Volunteer", action_id=ProjectAction.VOLUNTEER, value=str(card.id), style="primary"
                    ),
                    ButtonElement(text="Choose people", action_id=ProjectAction.CHOOSE, value=str(card.id)),
                ],
            ),
        ]
    elif card.status == ProjectStatus.STARTED:
        blocks.append(note(":rocket: Under way with " + ", ".join(f"<@{u}>" for u in card.chosen) + "."))
    else:
        blocks.append(note(":tada: Completed by " + ", ".join(f"<@{u}>" for u in card.chosen) + "."))
    return message(f"{card.kind_name}: {card.title}", blocks)


def choose_modal(card: ProjectCard, names: dict[str, str], context: ModalContext) -> dict[str, Any]:
    choices = [Option(value=u, label=truncate(names.get(u, u), 70)) for u in card.volunteers[:10]]
    return View(
        type="modal",
        callback_id=CHOOSE_ID,
        title="Choose people",
        submit="Start",
        close="Cancel",
        private_metadata=context.dump(),
        blocks=[
            InputBlock(
                block_id=Field.PEOPLE,
                label=f"Who does {truncate(card.title, 60)}? (up to {card.seats})",
                hint="Each gets the milestones as their own goal; the others are thanked.",
                element=CheckboxesElement(action_id=Field.PEOPLE, options=choices),
            )
        ],
    ).to_dict()


def chosen_people(view: dict[str, Any]) -> list[str]:
    return [str(o.get("value")) for o in state_of(view, Field.PEOPLE).get("selected_options") or []]


def proposed_reply(card: ProjectCard) -> Message:
    where = f" in <#{card.channel_id}>" if card.channel_id else ""
    return reply(f":memo: Posted *{escape(card.title)}*{where}. When people have volunteered, press *Choose people*.")


def volunteered_reply(card: ProjectCard, added: bool) -> Message:
    if added:
        return reply(
            f":raising_hand: You volunteered for *{escape(card.title)}*. <@{card.proposer}> chooses; "
            "press *Volunteer* again to withdraw."
        )
    return reply(f":ok_hand: You withdrew from *{escape(card.title)}*.")


def chosen_dm(card: ProjectCard, goal_number: int) -> Message:
    return reply(
        f":rocket: You're on *{escape(card.title)}* ({card.kind_name.lower()}, {_weeks(card.length_weeks)}). "
        f"It's your goal #{goal_number} with its milestones, so it comes up in your check-ins; "
        f"`/goal done {goal_number}` when your part is done."
    )


def not_chosen_dm(card: ProjectCard) -> Message:
    return reply(f":pray: Thanks for volunteering for *{escape(card.title)}*. Not this time; more will come.")


def started_reply(card: ProjectCard) -> Message:
    return reply(f":rocket: *{escape(card.title)}* has started with " + ", ".join(f"<@{u}>" for u in card.chosen) + ".")


def completed_post(card: ProjectCard) -> Message:
    people = ", ".join(f"<@{u}>" for u in card.chosen)
    return reply(
        f":tada: *{escape(card.title)}* is complete! {people} finished every milestone. "
        f"Well done: that's {card.kind_name.lower()} done, and skills grown."
    )


def pair_started_dm(card: ProjectCard, mentee: str, goal_number: int) -> Message:
    return reply(
        f":rocket: <@{mentee}>'s {card.kind_name.lower()} *{escape(card.title)}* has started "
        f"({_weeks(card.length_weeks)}): it's their goal #{goal_number}, shared with the mentor."
    )


def digest_lines(projects: list[tuple[str, list[str], int]]) -> list[str]:
    return [
        f"{escape(truncate(title, 100))}: " + ", ".join(f"<@{u}>" for u in people) + f" · {progress}%"
        for title, people, progress in projects
    ]


def with_plan_buttons(base: Message, pairs: list[tuple[int, str]], more: list[ButtonElement] | None = None) -> Message:
    """`/mentor me` with a way for each pair to plan a stretch assignment or shadowing day together
    (and `more` buttons beside them: a mentor's "Rate X's skills")."""
    if not pairs and not more:
        return base
    buttons = ActionsBlock(
        block_id="project-plan",
        elements=[
            ButtonElement(
                text=truncate(
                    f"Plan a stretch assignment ({name})" if len(pairs) > 1 else "Plan a stretch assignment", 75
                ),
                action_id=ProjectAction.PLAN,
                value=str(pair_id),
            )
            for pair_id, name in pairs[:5]
        ]
        + (more or []),
    )
    blocks = base.get("blocks") or [SectionBlock(text=MarkdownTextObject(text=base["text"])).to_dict()]
    return {**base, "blocks": [*blocks, buttons.to_dict()][:50]}
