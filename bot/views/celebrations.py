"""Celebration posts in circle channels."""

from __future__ import annotations

from bot.views.blocks import reply
from bot.views.message import Message
from bot.views.text import escape, truncate


def goal_completed(user_id: str, title: str) -> Message:
    return reply(f":tada: <@{user_id}> completed a goal: *{escape(truncate(title, 200))}*. Congratulations!")


def streak_milestone(user_id: str, streak: int) -> Message:
    return reply(f":fire: <@{user_id}> has checked in {streak} times in a row. Keep it going!")


def first_checkin(user_id: str) -> Message:
    return reply(f":wave: <@{user_id}> did their first check-in. Welcome to the rhythm!")


def anniversary(circle: str, years: int) -> Message:
    return reply(
        f":birthday: *{escape(circle)}* is {years} year{'s' if years != 1 else ''} old today. "
        "Thank you all for learning together!"
    )
