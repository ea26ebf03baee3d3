"""Goal replies: `/goal list` and the confirmations of set/update/done/drop."""

from __future__ import annotations

from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.db.statuses import GoalStatus
from bot.services.goals import VISIBILITIES, GoalView
from bot.views.blocks import note, progress_bar, reply
from bot.views.message import Message, message
from bot.views.text import escape, truncate

OPEN_SHOWN = 20
CLOSED_SHOWN = 5


class GoalAction(StrEnum):
    DONE = "goal_done"
    NEW = "goal_new"


def describe(goal: GoalView) -> str:
    parts = [f"*#{goal.number} {escape(goal.title)}*"]
    details = [f"{progress_bar(goal.progress)} {goal.progress}%"]
    if goal.due_date:
        details.append(f"due {goal.due_date:%b %-d, %Y}")
    if goal.circle_name:
        details.append(escape(goal.circle_name))
    details.append(VISIBILITIES.get(goal.visibility, goal.visibility).lower())
    parts.append("  ·  ".join(details))
    return "\n".join(parts)


def goal_list(goals: list[GoalView], notice: str | None = None) -> Message:
    open_goals = [g for g in goals if g.status == "open"]
    closed = sorted((g for g in goals if g.status != "open"), key=lambda g: g.closed_at or g.number, reverse=True)
    blocks: list[Block] = [note(notice)] if notice else []
    blocks.append(HeaderBlock(text="Your goals"))
    if not open_goals:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="No open goals. Set one with `/goal set <what> by <when>`, or use the button."
                )
            )
        )
    for goal in open_goals[:OPEN_SHOWN]:
        blocks.append(
            SectionBlock(
                block_id=f"goal-{goal.number}",
                text=MarkdownTextObject(text=truncate(describe(goal), 3000)),
                accessory=ButtonElement(text="Done", action_id=GoalAction.DONE, value=str(goal.number)),
            )
        )
    if len(open_goals) > OPEN_SHOWN:
        blocks.append(note(f"and {len(open_goals) - OPEN_SHOWN} more open goals"))
    if closed:
        marks = {"done": ":white_check_mark:", "dropped": ":heavy_minus_sign:"}
        lines = [
            f"{marks.get(g.status, '')} #{g.number} {escape(truncate(g.title, 80))} ({g.status})"
            for g in closed[:CLOSED_SHOWN]
        ]
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Recently closed*\n" + "\n".join(lines))))
    blocks.append(
        ActionsBlock(
            block_id="goal-list-actions",
            elements=[ButtonElement(text="New goal", action_id=GoalAction.NEW, value="new", style="primary")],
        )
    )
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="`/goal update <n> 40%` · `/goal done <n>` · `/goal help`")])
    )
    count = len(open_goals)
    return message(f"You have {count} open goal{'s' if count != 1 else ''}", blocks)


def goal_set_reply(goal: GoalView) -> Message:
    text = f":dart: Goal #{goal.number} set: *{escape(goal.title)}*"
    if goal.due_date:
        text += f", due {goal.due_date:%b %-d, %Y}"
    if goal.circle_name:
        text += f", in *{escape(goal.circle_name)}*"
    text += ". I'll ask about it in your check-ins. `/goal list` shows all your goals."
    return reply(text)


def goal_updated_reply(goal: GoalView) -> Message:
    text = f"Updated #{goal.number} *{escape(goal.title)}*: {progress_bar(goal.progress)} {goal.progress}%"
    if goal.progress == 100:
        text += f". Looks finished: `/goal done {goal.number}` to celebrate it."
    return reply(text)


def goal_closed_reply(goal: GoalView) -> Message:
    if goal.status == GoalStatus.DONE:
        return reply(f":tada: Goal #{goal.number} *{escape(goal.title)}* is done. Well earned!")
    return reply(f"Dropped goal #{goal.number} *{escape(goal.title)}*. Dropping a goal is a decision, too.")


GOAL_USAGE = [
    ("/goal", "open the goal form (why it matters, how you'll measure it, milestones, visibility)"),
    (
        "/goal set <text> [by <date>] [in <circle>]",
        "set a goal, e.g. `/goal set Read DDIA by end of quarter in Book Club`",
    ),
    ("/goal list", "your goals with progress"),
    ("/goal update <n> <note or %>", "e.g. `/goal update 2 60% finished chapter 5`"),
    ("/goal done <n>", "mark a goal done"),
    ("/goal drop <n>", "drop a goal you no longer pursue"),
]


def goal_help() -> Message:
    lines = "\n".join(f"`{usage}` — {what}" for usage, what in GOAL_USAGE)
    blocks = [
        HeaderBlock(text="Learning goals"),
        SectionBlock(text=MarkdownTextObject(text=lines)),
        note(
            "Dates: `2026-12-31`, `dec 31`, `in 3 weeks`, `end of month`, `end of quarter`. Goal numbers never change."
        ),
        note(
            "Who sees a goal (in the `/goal` form): only you; your circle (with shared check-ins); or your mentor, "
            "who can comment on it."
        ),
    ]
    return message("How to use /goal", blocks)
