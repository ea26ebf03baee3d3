"""Goals shared with 'my mentor' reach the mentor: in `/mentor me`, App Home and the pair's nudges, with
a comment that reaches the mentee by DM and is kept in the goal's notes; and in privacy export/delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.db.models import Goal, GoalUpdate, Member
from bot.services import privacy
from bot.views.goal_modal import CALLBACK_ID as GOAL_FORM
from bot.views.goal_modal import Field
from bot.views.mentor_goals import CALLBACK_ID as COMMENT_FORM
from bot.views.mentor_goals import Field as CommentField
from bot.views.mentor_goals import MentorGoalAction
from tests.harness import Harness, texts
from tests.test_catch_up import published
from tests.test_mentorship_flow import newest_view

NO_MENTOR = "You have no mentor yet"


def mentor_option(view: dict[str, Any]) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == Field.VISIBILITY)
    return next(o for o in block["element"]["options"] if o["value"] == "mentor")


async def set_goal(bot: Harness, user: str, title: str, visibility: str) -> dict[str, Any]:
    await bot.slack.command(user, "/goal")
    view = newest_view(bot, GOAL_FORM)
    submitted = await bot.slack.submit_view(user, view["id"], {Field.TITLE: title, Field.VISIBILITY: visibility})
    assert not submitted.response.content, submitted.response.content
    return view


@pytest.fixture
async def pair(timed_bot: Harness, clock: FixedClock) -> Harness:
    """Alice mentors Bob; Bob shared one goal with his mentor and kept another to himself."""
    bot = timed_bot
    before = await set_goal(bot, "UBOB", "Warm-up", "private")
    assert NO_MENTOR in mentor_option(before).get("description", {}).get("text", "")  # said next to the choice
    await published(bot, clock)  # Alice (mentor) and Bob (mentee) are paired
    after = await set_goal(bot, "UBOB", "Write my first SQL migration", "mentor")
    assert "description" not in mentor_option(after)
    await set_goal(bot, "UBOB", "Secret side project", "private")
    return bot


async def test_the_mentor_sees_shared_goals_in_mentor_me(pair: Harness) -> None:
    bot = pair
    shown = texts((await bot.slack.command("UALICE", "/mentor", "me")).last_reply())
    assert "Goals <@UBOB> shared with you" in shown and "Write my first SQL migration" in shown
    assert "Secret side project" not in shown and "Warm-up" not in shown
    mine = texts((await bot.slack.command("UBOB", "/mentor", "me")).last_reply())
    assert "shared with you" not in mine  # the mentee is not shown his own goals as a mentor


async def test_a_comment_reaches_the_mentee_and_stays_with_the_goal(pair: Harness) -> None:
    bot = pair
    reply = (await bot.slack.command("UALICE", "/mentor", "me")).last_reply()
    [goal] = await bot.rows(Goal, Goal.title == "Write my first SQL migration")
    opened = len(bot.double.calls_to("views.open"))
    refused = await bot.slack.click("UCAROL", MentorGoalAction.COMMENT, str(goal.id))  # not Bob's mentor
    assert "Only the current mentor" in texts(refused.last_reply())
    assert len(bot.double.calls_to("views.open")) == opened  # refused before any form

    clicked = await bot.slack.click_button_in("UALICE", reply["blocks"], MentorGoalAction.COMMENT)
    view = newest_view(bot, COMMENT_FORM)
    empty = await bot.slack.submit_view("UALICE", view["id"], {CommentField.COMMENT: "  "})
    assert "Write a comment" in empty.json()["errors"][CommentField.COMMENT]
    await bot.slack.submit_view("UALICE", view["id"], {CommentField.COMMENT: "Start with a reversible one!"})
    assert "Sent to <@UBOB>" in texts(bot.double.responses_to(clicked.response_url)[-1])  # type: ignore[arg-type]
    [dm] = [m for m in bot.dms("UBOB") if "commented on your goal" in m.text]
    assert "<@UALICE>" in dm.text and "Start with a reversible one!" in texts({"blocks": dm.blocks})
    [kept] = await bot.rows(GoalUpdate, GoalUpdate.goal_id == goal.id)
    [alice] = await bot.rows(Member, Member.user_id == "UALICE")
    assert (kept.note, kept.author_member_id) == ("Start with a reversible one!", alice.id)


async def test_home_and_nudges_show_the_shared_goals(pair: Harness, clock: FixedClock) -> None:
    bot = pair
    await bot.slack.event({"type": "app_home_opened", "user": "UALICE", "tab": "home"})
    assert "Write my first SQL migration" in texts(bot.double.workspace.home_views["UALICE"])
    await bot.slack.event({"type": "app_home_opened", "user": "UCAROL", "tab": "home"})
    assert "Write my first SQL migration" not in texts(bot.double.workspace.home_views["UCAROL"])

    clock.advance(timedelta(days=30, minutes=1))
    await bot.mentorship_tick()
    [group] = [c for c in bot.double.workspace.channels.values() if c.is_mpim]
    nudge = bot.double.workspace.messages_in(group.id)[-1]
    shown = texts({"text": nudge.text, "blocks": nudge.blocks or []})
    assert "Time for your mentorship 1:1" in shown and "Write my first SQL migration" in shown
    assert "Secret side project" not in shown


async def test_comments_are_in_export_and_go_with_delete(pair: Harness) -> None:
    bot = pair
    [goal] = await bot.rows(Goal, Goal.title == "Write my first SQL migration")
    flows = bot.deps.mentor_goals(bot.client, bot.team_id)
    await flows.comment(bot.team_id, "UALICE", goal.id, "Ship it behind a flag")
    async with bot.deps.db.session() as session:
        bob = await privacy.export(session, bot.team_id, "UBOB")
        alice = await privacy.export(session, bot.team_id, "UALICE")
        counts = await privacy.counts(session, bot.team_id, "UBOB")
    [shared] = [g for g in bob["goals"] if g["title"] == "Write my first SQL migration"]
    assert shared["updates"][0]["note"] == "Ship it behind a flag" and shared["updates"][0]["by_mentor"] == "UALICE"
    assert alice["mentor_comments_written"][0]["comment"] == "Ship it behind a flag"
    assert counts["Mentor comments"] == 1

    await bot.slack.command("UALICE", "/circles", "delete-my-data")
    view = newest_view(bot, "delete_my_data_modal")
    await bot.slack.submit_view("UALICE", view["id"], {})
    assert await bot.rows(GoalUpdate, GoalUpdate.goal_id == goal.id) == []  # her comment went with her data
