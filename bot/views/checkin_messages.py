"""Check-in replies: history, schedule summaries, pause/resume, help; and circle-channel posts."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import HeaderBlock, MarkdownTextObject, SectionBlock

from bot.services.checkins import Answered, HistoryEntry, ScheduleView
from bot.services.dates import format_clock
from bot.services.schedule import CADENCES, WEEKDAYS, zone
from bot.services.streaks import Streak
from bot.views.blocks import note, progress_bar, reply
from bot.views.message import Message, message
from bot.views.text import escape, truncate

STATUS_MARKS = {
    "answered": ":white_check_mark:",
    "skipped": ":fast_forward:",
    "missed": ":zzz:",
    "prompted": ":hourglass:",
}


def schedule_summary(view: ScheduleView) -> str:
    when = (
        "every weekday" if view.cadence == "daily" else f"{CADENCES[view.cadence].lower()} on {WEEKDAYS[view.weekday]}"
    )
    text = f"I ask {when} at {format_clock(view.minute_of_day)} ({view.tz})."
    if view.paused_until:
        text += f" Paused until {view.paused_until:%b %-d}."
    elif view.next_prompt_at:
        local = view.next_prompt_at.astimezone(zone(view.tz))
        text += f" Next: {local:%a %b %-d, %H:%M}."
    if view.unreachable:
        text += f" (Paused: I couldn't DM you last time: `{view.unreachable}`.)"
    return text


def settings_saved(view: ScheduleView) -> Message:
    return reply(f":gear: Saved. {schedule_summary(view)}")


def resumed_reply(view: ScheduleView) -> Message:
    return reply(f":arrow_forward: Check-ins are back on. {schedule_summary(view)}")


def history_reply(entries: list[HistoryEntry], streak: Streak) -> Message:
    blocks = [HeaderBlock(text="Your recent check-ins")]
    if not entries:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No check-ins yet. Run `/checkin` to do your first.")))
    for entry in entries:
        line = f"{STATUS_MARKS.get(entry.status, '')} *{entry.period_date:%a %b %-d}* — {entry.status}"
        if entry.learned:
            line += f"\n>{escape(truncate(entry.learned, 300))}"
        if entry.blockers:
            line += f"\n_Blockers:_ {escape(truncate(entry.blockers, 200))}"
        if entry.confidence:
            line += f"\n_Confidence:_ {entry.confidence}/5" + ("  · shared" if entry.shareable else "")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    blocks.append(note(f"Streak: {streak.current} (best {streak.best}). One missed check-in a month doesn't break it."))
    return message(f"Your recent check-ins (streak {streak.current})", blocks)


def checkin_help(view: ScheduleView) -> Message:
    usage = [
        ("/checkin", "check in now"),
        ("/checkin settings", "day, time, how often, quiet hours, reminder"),
        ("/checkin history", "your last entries and your streak"),
        ("/checkin pause <until>", "e.g. `/checkin pause dec 31` or `in 2 weeks`"),
        ("/checkin resume", "start again before the pause ends"),
    ]
    lines = "\n".join(f"`{u}` — {w}" for u, w in usage)
    blocks = [
        HeaderBlock(text="Check-ins"),
        SectionBlock(text=MarkdownTextObject(text=lines)),
        note(schedule_summary(view)),
    ]
    return message("How to use /checkin", blocks)


def week_thread_parent(circle_name: str, week_of: date) -> Message:
    text = (
        f":spiral_note_pad: Check-ins for the week of {week_of:%b %-d}: what *{escape(circle_name)}* "
        "members learned. Reply to cheer them on!"
    )
    return reply(text)


def shared_answer(answered: Answered) -> Message:
    lines = [f"<@{answered.user_id}> checked in:", f">{escape(truncate(answered.learned, 1500))}"]
    for goal in answered.shared_goals:
        lines.append(f"• {escape(truncate(goal.title, 90))}  {progress_bar(goal.progress)} {goal.progress}%")
    if answered.blockers:
        lines.append(f"_Blockers:_ {escape(truncate(answered.blockers, 500))}")
    return reply("\n".join(lines))
