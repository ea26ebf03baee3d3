"""Onboarding through the real app and the Slack double: a `team_join` gets exactly one welcome
after the delay (a retried event, a second delivery, a second process), suggesting circles that fit
the new hire's title and never a private one; a buddy from the pool, with the load capped, and the
day-7 and day-30 check-ins; the messages from YAML (`circles onboarding preview|set`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from bot.cli import cli
from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import Onboarding
from bot.services.onboarding import BuddyCandidate, pick_buddy
from bot.slack_double import SlackDouble
from tests.conftest import make_harness
from tests.harness import Harness, texts


async def circles(bot: Harness) -> None:
    ws = bot.double.workspace
    secret = ws.add_channel("secret-ml", is_private=True, members={"UALICE", ws.bot_user_id})
    for command in (
        "create Data Science - python, statistics and machine learning in practice",
        "create Frontend Guild - react, css and accessibility",
        "create Book Club - one book a month",
        f"create Secret ML <#{secret.id}|secret-ml> machine learning research, invitation only",
    ):
        said = await bot.slack.command("UALICE", "/circle", command)
        assert said.response.status_code == 200


async def join(bot: Harness, user_id: str, title: str, **event: Any) -> Any:
    user = bot.double.workspace.add_user(user_id, user_id.lower(), real_name=f"New {user_id}", tz="UTC", title=title)
    return await bot.slack.event({"type": "team_join", "user": user.to_api(bot.team_id)}, **event)


def welcomes(bot: Harness, user_id: str) -> list[Any]:
    return [m for m in bot.dms(user_id) if "I'm Circles" in m.text]


async def test_a_new_hire_gets_one_welcome_after_the_delay_with_circles_that_fit_their_title(
    timed_bot: Harness, clock: FixedClock, db: Database, double: SlackDouble
) -> None:
    bot = timed_bot
    await circles(bot)
    assert (await join(bot, "UNEW", "Machine Learning Engineer", event_id="EvJOIN1")).status_code == 200
    await bot.slack.event(
        {"type": "team_join", "user": bot.double.workspace.users["UNEW"].to_api(bot.team_id)},
        event_id="EvJOIN1",
        retry_num=1,
    )  # Slack's retry of the same delivery
    await join(bot, "UNEW", "Machine Learning Engineer", event_id="EvJOIN2")  # a second delivery
    assert len(await bot.rows(Onboarding)) == 1

    clock.advance(timedelta(hours=47, minutes=59))
    await bot.onboarding_tick()
    assert welcomes(bot, "UNEW") == []
    clock.advance(timedelta(minutes=1))
    await bot.onboarding_tick()
    async for other in make_harness(db, double, clock):  # a second process (or a restart) runs the job too
        await other.onboarding_tick()
    [welcome] = welcomes(bot, "UNEW")
    suggested = [
        b["text"]["text"] for b in welcome.blocks if b.get("accessory", {}).get("action_id") == "circle_list_join"
    ]
    assert suggested[0].startswith("*Data Science*") and len(suggested) == 3
    assert not any("Secret ML" in s for s in suggested)  # a private circle is never suggested
    shown = texts({"blocks": welcome.blocks})
    assert "Set a first goal" in shown and "Mentorship profile" in shown
    joined = await bot.slack.click_button_in("UNEW", welcome.blocks, "circle_list_join", message={"ts": welcome.ts})
    assert joined.response.status_code == 200 and "UNEW" in await bot.memberships("Data Science")


async def test_a_buddy_from_the_pool_with_the_load_capped_and_day_7_and_30_check_ins(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    ws = bot.double.workspace
    ws.add_user("UPAL", "pal", real_name="Pal", tz="UTC")
    pool = ws.add_channel("buddies", members={"UPAL", ws.bot_user_id})
    from jobs.member_sync import sync_members

    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    for setting in (f"buddies <#{pool.id}|buddies>", "buddy-load 1", "onboarding-delay 0"):
        said = await bot.slack.command("UALICE", "/circles", setting)
        assert "Saved" in texts(said.last_reply()), setting
    await join(bot, "UNEW1", "Analyst")
    await join(bot, "UNEW2", "Analyst")
    await bot.onboarding_tick()
    rows = {r.member_id: r for r in await bot.rows(Onboarding)}
    with_buddy = [r for r in rows.values() if r.buddy_member_id is not None]
    assert len(with_buddy) == 1  # Pal takes one new hire at a time
    group = with_buddy[0].conversation_id
    assert any("your onboarding buddy" in m.text for m in ws.messages_in(group))
    clock.advance(timedelta(days=7))
    await bot.onboarding_tick()
    assert any("A week in" in m.text for m in ws.messages_in(group))  # day 7, to the pair
    clock.advance(timedelta(days=23))
    await bot.onboarding_tick()
    await bot.onboarding_tick()
    assert sum("A month in" in m.text for m in ws.messages_in(group)) == 1  # day 30, once


def test_buddy_choice_prefers_the_same_department_then_shared_hours_and_never_exceeds_the_cap() -> None:
    newcomer = BuddyCandidate(1, "UNEW", "eng", 0, 0)
    far_same = BuddyCandidate(2, "UFAR", "eng", 600, 0)  # UTC+10: no shared hours, same department
    near_other = BuddyCandidate(3, "UNEAR", "sales", 60, 0)
    full_same = BuddyCandidate(4, "UFULL", "eng", 0, 2)
    assert pick_buddy(newcomer, [near_other, far_same, full_same], cap=2) == far_same
    assert pick_buddy(newcomer, [near_other, full_same], cap=2) == near_other
    assert pick_buddy(newcomer, [full_same], cap=2) is None


def test_onboarding_messages_come_from_yaml_with_a_preview(tmp_path: Path) -> None:
    good = tmp_path / "onboarding.yaml"
    good.write_text("welcome: |\n  Hi {name}, welcome to {workspace}!\nday7: Seven days, {name}. Ask {buddy}.\n")
    shown = CliRunner().invoke(cli, ["onboarding", "preview", str(good)])
    assert shown.exit_code == 0, shown.output
    assert "Hi Ada, welcome to Acme!" in shown.output and "Seven days, Ada. Ask @grace." in shown.output
    assert "A month in, Ada" in shown.output  # the step the file leaves out keeps the default
    bad = tmp_path / "bad.yaml"
    bad.write_text("welcome: Hi {nmae}\n")
    refused = CliRunner().invoke(cli, ["onboarding", "preview", str(bad)])
    assert refused.exit_code == 2 and "unknown placeholders ['nmae']" in refused.output


async def test_admins_welcome_people_who_joined_before_circles_once(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    from jobs.member_sync import sync_members

    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    refused = await bot.slack.command("UBOB", "/circles", "welcome <@UCAROL|carol>")
    assert "Only Circles admins" in texts(refused.last_reply())
    said = await bot.slack.command("UALICE", "/circles", "welcome <@UCAROL|carol> <@UBOB|bob>")
    assert "2 will get Circles' welcome" in texts(said.last_reply())
    again = await bot.slack.command("UALICE", "/circles", "welcome <@UCAROL|carol>")
    assert "0 will get" in texts(again.last_reply()) and "1 had been welcomed already" in texts(again.last_reply())
    clock.advance(timedelta(hours=48))
    await bot.onboarding_tick()
    assert len(welcomes(bot, "UCAROL")) == 1 and len(welcomes(bot, "UBOB")) == 1


async def test_a_circle_whose_channel_is_gone_is_left_out_and_the_welcome_still_goes(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await circles(bot)
    gone = (await bot.circle("Data Science")).channel_id  # type: ignore[union-attr]
    bot.double.workspace.channels.pop(gone)  # deleted in Slack, unknown to Circles yet
    await join(bot, "UNEW", "Machine Learning Engineer")
    clock.advance(timedelta(hours=48))
    await bot.onboarding_tick()
    [welcome] = welcomes(bot, "UNEW")
    assert "Data Science" not in texts({"blocks": welcome.blocks})
