"""`/circles privacy`, the delete-my-data confirmation, opt-out replies, and the admin insights reply."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.services.data_map import DATA_MAP
from bot.services.insights import Insights
from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.modal_context import ModalContext

DELETE_CALLBACK_ID = "delete_my_data_modal"


def privacy_reply(counts: dict[str, int]) -> Message:
    blocks: list[Any] = [HeaderBlock(text="What Circles stores about you")]
    for kind in DATA_MAP:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{kind.name}* ({counts.get(kind.name, 0)})\n{kind.fields}\n"
                    f"_Why:_ {kind.why} · _Who sees it:_ {kind.who_sees} · _Kept:_ {kind.kept}"
                )
            )
        )
    blocks.append(
        note("`/circles export-my-data` sends you all of it · `/circles delete-my-data` erases it · `/circles opt-out`")
    )
    return message("What Circles stores about you", blocks)


def delete_modal(context: ModalContext) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=DELETE_CALLBACK_ID,
        title="Delete my data",
        submit="Delete everything",
        close="Keep it",
        private_metadata=context.dump(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=":warning: This erases your goals, check-ins, streak, schedule, memberships, leader turns, "
                    "RSVPs, shared links and kudos texts. Kudos stay counted for the other person, anonymously. "
                    "*It can't be undone.* Export first if you want a copy: `/circles export-my-data`."
                )
            )
        ],
    )
    return view.to_dict()


def deleted_reply() -> Message:
    return reply("Done: your data is erased. If you use Circles again, it starts fresh.")


def exported_reply() -> Message:
    return reply(":package: I've sent you a JSON file with everything Circles stores about you, in our DM.")


def opted_out_reply() -> Message:
    return reply(
        ":no_bell: You're opted out: no DMs, no leader requests, no matching. Your data stays until you delete it. "
        "`/circles opt-in` undoes this."
    )


def opted_in_reply() -> Message:
    return reply(":bell: Welcome back! Check-ins, leader requests and DMs are on again.")


def _pct(value: float | None) -> str:
    return "<5" if value is None else f"{value:.0%}"


def _n(value: int | None) -> str:
    return "<5" if value is None else str(value)


def insights_reply(insights: Insights) -> Message:
    week = insights.overall[-1]
    trend = " ".join(_n(w.active_members) for w in insights.overall)
    lines = [
        f"*Active members:* {_n(week.active_members)} (12 weeks: {trend})",
        f"*Check-in response rate:* {_pct(week.checkin_response_rate)}",
        f"*Goals set / completed:* {_n(week.goals_set)} / {_n(week.goals_completed)}",
        f"*Kudos given:* {_n(week.kudos_given)}",
        f"*Meetings held / RSVPs:* {week.meetings_held} / {_n(week.rsvps_yes)}",
        f"*Retention (active now and 3 months ago):* {_pct(week.retention)}",
        f"*Mentorship pairs on track / at risk:* {_n(insights.pairs_on_track)} / {_n(insights.pairs_at_risk)}",
    ]
    if insights.events is not None:
        e = insights.events
        average = "<5" if e.feedback_average is None else f"{e.feedback_average:.1f}/5"
        lines.append(
            f"*Events (90 days) held / invited / going / attended:* {e.held} / {_n(e.invited)} / {_n(e.going)} / "
            f"{_n(e.attended)}; feedback {average}"
        )
    if insights.projects is not None:
        started, completed, people = insights.projects
        lines.append(f"*Projects (90 days) started / completed:* {started} / {completed}, {_n(people)} people on them")
    if insights.intros is not None and insights.intros[0]:
        rounds, groups, rate = insights.intros
        lines.append(
            f"*Intros (90 days):* {rounds} rounds, {groups} groups, met in {_pct(rate)} of those that answered"
        )
    circle_lines = [
        f"• *{name}*: active {_n(weeks[-1].active_members)}, response {_pct(weeks[-1].checkin_response_rate)}, "
        f"meetings {weeks[-1].meetings_held}"
        for name, weeks in list(insights.circles.items())[:20]
    ]
    blocks = [
        HeaderBlock(text="Circles insights: this week"),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines))),
    ]
    if circle_lines:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="*Per circle*\n" + "\n".join(circle_lines))))
    blocks.append(note("Figures from fewer than 5 people show as <5. The full 12-week CSV is in our DM."))
    return message("Circles insights", blocks)
