"""`/goal` end to end: text commands, the goal form, the Done button."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Goal, GoalUpdate
from bot.views.goal_modal import CALLBACK_ID, Field
from tests.harness import Harness, texts


async def goal_rows(bot: Harness, user_id: str) -> dict[int, Goal]:
    from bot.db.models import Member

    members = await bot.rows(Member, Member.team_id == bot.team_id, Member.user_id == user_id)
    goals = await bot.rows(Goal, Goal.member_id == members[0].id)
    return {goal.number: goal for goal in goals}


async def say(bot: Harness, text: str, user: str = "UBOB") -> str:
    reply = await bot.slack.command(user, "/goal", text)
    assert reply.response.status_code == 200
    return texts(reply.last_reply())


async def test_set_with_due_date_and_circle(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UBOB", "/circle", "create Rust Learners")

    said = await say(bot, "set Finish the Rust book by dec 31 in rust learners")

    assert "Goal #1 set: *Finish the Rust book*, due Dec 31, 2026, in *Rust Learners*" in said
    goal = (await goal_rows(bot, "UBOB"))[1]
    assert (goal.title, goal.due_date, goal.status, goal.progress) == (
        "Finish the Rust book",
        date(2026, 12, 31),
        "open",
        0,
    )
    assert goal.circle_id == (await bot.circle("Rust Learners")).id  # type: ignore[union-attr]


async def test_in_clause_that_is_a_duration_or_not_a_circle(timed_bot: Harness) -> None:
    bot = timed_bot
    await say(bot, "set Learn Rust in 3 weeks")
    await say(bot, "set Get better in SQL")
    goals = await goal_rows(bot, "UBOB")
    today = bot.deps.clock.now().date()
    assert (goals[1].title, goals[1].due_date) == ("Learn Rust", today + timedelta(weeks=3))
    assert (goals[2].title, goals[2].due_date, goals[2].circle_id) == ("Get better in SQL", None, None)


async def test_list_update_done_drop_and_stable_numbers(timed_bot: Harness) -> None:
    bot = timed_bot
    for title in ("Read DDIA", "Ship a side project", "Learn SQL window functions"):
        await say(bot, f"set {title}")

    assert "60%" in await say(bot, "update 2 60% finished the MVP")
    assert "Looks finished" in await say(bot, "update 3 100%")
    await say(bot, "update 1 started chapter 1")
    assert "is done" in await say(bot, "done 2")
    assert "Dropped goal #3" in await say(bot, "drop 3")
    assert "#4" in await say(bot, "set Give a talk")  # numbers are never reused

    goals = await goal_rows(bot, "UBOB")
    assert {n: (g.status, g.progress) for n, g in goals.items()} == {
        1: ("open", 0),
        2: ("done", 100),
        3: ("dropped", 100),
        4: ("open", 0),
    }
    notes = [u.note for u in await bot.rows(GoalUpdate, GoalUpdate.goal_id == goals[1].id)]
    assert notes == ["started chapter 1"]

    listing = (await bot.slack.command("UBOB", "/goal", "list")).last_reply()
    shown = texts(listing)
    assert "#1 Read DDIA" in shown and "#4 Give a talk" in shown
    assert "Recently closed" in shown and "Ship a side project" in shown
    done_buttons = [
        b["accessory"]["value"] for b in listing["blocks"] if b.get("accessory", {}).get("action_id") == "goal_done"
    ]
    assert done_buttons == ["1", "4"]


async def test_done_button_refreshes_the_list(timed_bot: Harness) -> None:
    bot = timed_bot
    await say(bot, "set Read DDIA")
    listing = (await bot.slack.command("UBOB", "/goal", "list")).last_reply()

    clicked = (await bot.slack.click_button_in("UBOB", listing["blocks"], "goal_done", value="1")).last_reply()

    assert clicked["replace_original"] is True
    assert "is done" in texts(clicked) and "No open goals" in texts(clicked)
    assert (await goal_rows(bot, "UBOB"))[1].status == "done"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("update 9 50%", "You have no goal #9"),
        ("update 1 150%", "from 0 to 100"),
        ("update 1", "Add a note or a percentage"),
        ("done", "Which goal?"),
        ("done first", "Which goal?"),
        ("set Learn Go by someday", "couldn't read the date `someday`"),
        ("set Learn Go by 2020-01-01", "is in the past"),
        ("set " + "x" * 201, "at most 200 characters"),
        ("frobnicate", "I don't know `/goal frobnicate`"),
    ],
)
async def test_bad_goal_input_is_explained(timed_bot: Harness, text: str, expected: str) -> None:
    await say(timed_bot, "set Read DDIA")
    assert expected in await say(timed_bot, text)


async def test_circle_typo_in_goal_gets_did_you_mean(timed_bot: Harness) -> None:
    await timed_bot.slack.command("UBOB", "/circle", "create Rust Learners")
    assert "Did you mean *Rust Learners*" in await say(timed_bot, "set Learn traits in rust lerners")
    assert await goal_rows(timed_bot, "UBOB") == {}


async def test_goal_form(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UBOB", "/circle", "create Rust Learners")
    opened = await bot.slack.command("UBOB", "/goal")
    view = next(v for v in bot.double.workspace.views.values() if v["callback_id"] == CALLBACK_ID)
    circle_options = next(b for b in view["blocks"] if b["block_id"] == Field.CIRCLE)["element"]["options"]
    assert [o["text"]["text"] for o in circle_options] == ["Rust Learners"]

    past = await bot.slack.submit_view("UBOB", view["id"], {Field.TITLE: "Talk", Field.DUE: "2026-01-01"})
    assert "in the past" in past.json()["errors"][Field.DUE]
    blank = await bot.slack.submit_view("UBOB", view["id"], {Field.TITLE: "   "})
    assert "What's the goal?" in blank.json()["errors"][Field.TITLE]

    done = await bot.slack.submit_view(
        "UBOB",
        view["id"],
        {
            Field.TITLE: "Give a Rust talk",
            Field.WHY: "Teaching is learning twice",
            Field.MEASURE: "Talk delivered",
            Field.DUE: "2026-12-15",
            Field.MILESTONES: "Outline\nSlides\nDry run",
            Field.CIRCLE: circle_options[0]["value"],
            Field.VISIBILITY: "circle",
        },
    )
    assert done.response.status_code == 200 and not done.response.content
    goal = (await goal_rows(bot, "UBOB"))[1]
    assert (goal.why, goal.measure, goal.due_date, goal.visibility) == (
        "Teaching is learning twice",
        "Talk delivered",
        date(2026, 12, 15),
        "circle",
    )
    assert goal.milestones == "Outline\nSlides\nDry run"
    assert "Goal #1 set" in texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]


async def test_goal_set_resolves_its_member_once(timed_bot: Harness, migrated_engine: AsyncEngine) -> None:
    """One unit of work, one person: the goal, the check-in schedule and Home share one lookup."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()).lower())

    event.listen(migrated_engine.sync_engine, "before_cursor_execute", seen)
    try:
        said = await say(timed_bot, "set Read the Rust book")
    finally:
        event.remove(migrated_engine.sync_engine, "before_cursor_execute", seen)
    assert "Goal #1 set" in said
    assert len([s for s in statements if s.startswith("insert into member ")]) == 1
