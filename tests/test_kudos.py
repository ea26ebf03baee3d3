"""Kudos: the command, rules and limits, where it's posted, leaderboard ties, reactions, the shortcut."""

from __future__ import annotations

import pytest

from bot.db.models import Kudos
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles


async def kudos(bot: Harness, text: str, user: str = "UALICE", channel_id: str = "CGENERAL") -> str:
    return texts((await bot.slack.command(user, "/kudos", text, channel_id=channel_id)).last_reply())


async def admin(bot: Harness, text: str, user: str = "UALICE") -> str:
    return texts((await bot.slack.command(user, "/circles", text)).last_reply())


@pytest.fixture
async def team(timed_bot: Harness) -> Harness:
    await sync_profiles(timed_bot)  # Alice is a workspace admin; the helper bot is known as a bot
    await timed_bot.slack.command("UALICE", "/circle", "create Rust")
    await timed_bot.slack.command("UBOB", "/circle", "join rust")
    return timed_bot


async def test_kudos_in_the_shared_circle_with_a_value_and_a_dm(team: Harness) -> None:
    bot = team
    assert "Saved `values`" in await admin(bot, "values Curiosity, Ownership, Kindness")

    said = await kudos(bot, "<@UBOB|bob> for explaining lifetimes so clearly #curiosity")

    circle = await bot.circle("Rust")
    assert circle is not None and f"posted in <#{circle.channel_id}>" in said
    post = bot.double.workspace.messages_in(circle.channel_id)[-1]
    assert "<@UALICE> gave kudos to <@UBOB> for *Curiosity*" in post.text
    assert "explaining lifetimes so clearly" in post.text
    assert "gave you kudos for *Curiosity*" in bot.dms("UBOB")[-1].text
    [row] = await bot.rows(Kudos)
    assert (row.value, row.circle_id, row.source) == ("Curiosity", circle.id, "command")


async def test_kudos_channel_multiple_people_and_digest_only(team: Harness) -> None:
    bot = team
    kudos_channel = bot.double.workspace.add_channel("kudos", members={bot.double.workspace.bot_user_id})
    await admin(bot, f"kudos-channel <#{kudos_channel.id}|kudos>")
    await admin(bot, "kudos-in-circle off")
    # Given in a DM between people (where the bot can't post): the kudos channel shows them.
    said = await kudos(bot, "<@UBOB> <@UCAROL> for the great retro", channel_id="DALICEBOB1")
    assert f"posted in <#{kudos_channel.id}>" in said
    assert "<@UBOB>, <@UCAROL>" in bot.double.workspace.messages_in(kudos_channel.id)[-1].text
    assert len(await bot.rows(Kudos)) == 2

    await admin(bot, "kudos-digest-only on")
    held = await kudos(bot, "<@UCAROL> for reviewing my PR", channel_id="DALICEBOB1")
    assert "weekly digest" in held
    assert len(bot.double.workspace.messages_in(kudos_channel.id)) == 1  # nothing new in the channel
    assert "reviewing my PR" in bot.dms("UCAROL")[-1].text  # the receiver still hears about it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UALICE> for being me", "can't give kudos to yourself"),
        ("<@UHELPER> for beeping", "is a bot"),
        ("<@UBOB>", "Say what they did"),
        ("@bob for the help", "Pick people from Slack's suggestions"),
        ("for nobody in particular", "Who's it for?"),
        ("<@UBOB> for help #Nonsense", "isn't one of our values"),
        ("top decade", "Pick `week`, `month` or `all`"),
        ("<@UNOBODY> for help", "I can't find <@UNOBODY> in this workspace"),  # found by the fuzzer
    ],
)
async def test_kudos_rules(team: Harness, text: str, expected: str) -> None:
    await admin(team, "values Curiosity")
    assert expected in await kudos(team, text)


async def test_unknown_receiver_is_looked_up_before_the_rules_apply(team: Harness) -> None:
    bot = team
    bot.double.workspace.add_user("UNEWBOT", "deploybot", is_bot=True)
    assert "is a bot" in await kudos(bot, "<@UNEWBOT> for deploying")
    assert bot.double.calls_to("users.info")


async def test_daily_limit_per_giver(team: Harness) -> None:
    bot = team
    await admin(bot, "kudos-limit 2")
    await kudos(bot, "<@UBOB> for one thing")
    refused = await kudos(bot, "<@UBOB> <@UCAROL> for two more")
    assert "have 1 left today" in refused
    assert len(await bot.rows(Kudos)) == 1  # nothing half-given
    await kudos(bot, "<@UCAROL> for the second")
    assert "have 0 left today" in await kudos(bot, "<@UBOB> for a third")
    bot.deps.clock.advance(__import__("datetime").timedelta(days=1))  # type: ignore[attr-defined]
    assert "Kudos to <@UBOB>" in await kudos(bot, "<@UBOB> for a new day")


async def test_only_admins_change_settings(team: Harness) -> None:
    refused = await admin(team, "kudos-limit 50", user="UBOB")
    assert "Only Circles admins" in refused
    assert "*Kudos per person per day:* 5" in await admin(team, "settings", user="UBOB")


async def test_leaderboard_ordering_ties_and_my_kudos(team: Harness) -> None:
    bot = team
    await admin(bot, "values Curiosity, Kindness")
    for giver, text in (
        ("UALICE", "<@UBOB> for the pairing session #curiosity"),
        ("UCAROL", "<@UBOB> for the kind review #kindness"),
        ("UALICE", "<@UCAROL> for covering my shift #kindness"),
        ("UBOB", "<@UALICE> for the great demo"),
    ):
        assert "Kudos to" in await kudos(bot, text, user=giver)
    board = texts((await bot.slack.command("UBOB", "/kudos", "top week")).last_reply())
    thanked, thankful = board.split("Most thankful")
    # Bob 2, then Alice and Carol tied on 1: both rank 2, listed by user id.
    assert thanked.index("1. <@UBOB> (2)") < thanked.index("2. <@UALICE> (1)") < thanked.index("2. <@UCAROL> (1)")
    assert "1. <@UALICE> (2)" in thankful and "2. <@UBOB> (1)" in thankful and "2. <@UCAROL> (1)" in thankful
    mine = texts((await bot.slack.command("UBOB", "/kudos", "me")).last_reply())
    assert "Received *2*, given *1*" in mine and "Curiosity: 1" in mine and "Kindness: 1" in mine


async def test_reaction_counts_as_kudos_once_and_within_the_limit(team: Harness) -> None:
    bot = team
    await admin(bot, "kudos-reaction :clap:")
    await admin(bot, "kudos-limit 1")
    message = bot.double.workspace.post_as("UBOB", "CGENERAL", "Here's how I fixed the flaky test")
    event = {
        "type": "reaction_added",
        "user": "UALICE",
        "reaction": "clap",
        "item_user": "UBOB",
        "item": {"type": "message", "channel": "CGENERAL", "ts": message.ts},
        "event_ts": "1.1",
    }
    await bot.slack.event(event)
    await bot.slack.event(event, retry_num=1)  # Slack's retry of the same event
    await bot.slack.event({**event, "reaction": "thumbsup"})  # not the chosen reaction
    await bot.slack.event({**event, "user": "UBOB"})  # your own message
    [row] = await bot.rows(Kudos)
    assert row.source == "reaction"
    other = bot.double.workspace.post_as("UCAROL", "CGENERAL", "Another good one")
    await bot.slack.event(
        {**event, "item_user": "UCAROL", "item": {"type": "message", "channel": "CGENERAL", "ts": other.ts}}
    )
    assert len(await bot.rows(Kudos)) == 1
    assert "didn't count as kudos" in bot.dms("UALICE")[-1].text  # over the limit: told, not silently dropped


async def test_give_kudos_shortcut_prefills_the_author_and_applies_once(team: Harness) -> None:
    bot = team
    message = bot.double.workspace.post_as("UBOB", "CGENERAL", "I wrote up the onboarding guide")
    opened = await bot.slack.message_shortcut("UALICE", "give_kudos", message)
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "give_kudos_modal")
    assert view["blocks"][0]["element"]["initial_users"] == ["UBOB"]
    empty = await bot.slack.submit_view("UALICE", view["id"], {"kudos_message": " "})
    assert "Say what they did" in empty.json()["errors"]["kudos_message"]
    for _ in range(2):
        await bot.slack.submit_view("UALICE", view["id"], {"kudos_message": "A clear, friendly onboarding guide"})
    assert len(await bot.rows(Kudos)) == 1
    assert "Kudos to <@UBOB>" in texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]


@pytest.fixture
async def fresh(bot: Harness) -> Harness:
    """A fresh install: no circles, no kudos channel."""
    await sync_profiles(bot)
    return bot


async def test_kudos_are_posted_where_they_are_given(fresh: Harness) -> None:
    bot = fresh
    said = await kudos(bot, "<@UBOB|bob> for the great talk")  # in #general, which the bot is in
    assert "posted in <#CGENERAL>" in said
    post = bot.double.workspace.messages_in("CGENERAL")[-1]
    assert "<@UALICE> gave kudos to <@UBOB>" in post.text and "the great talk" in post.text
    assert "the great talk" in bot.dms("UBOB")[-1].text  # and Bob hears it directly

    # A public channel the bot was never added to: still posted there (chat:write.public), without joining.
    random = bot.double.workspace.add_channel("random", members={"UALICE", "UBOB"})
    said = await kudos(bot, "<@UBOB|bob> for the demo", channel_id=random.id)
    assert f"posted in <#{random.id}>" in said
    assert "the demo" in bot.double.workspace.messages_in(random.id)[-1].text
    assert bot.double.workspace.bot_user_id not in random.members


async def test_kudos_where_nobody_would_see_them_say_so(fresh: Harness) -> None:
    bot = fresh
    secret = bot.double.workspace.add_channel("secret", is_private=True, members={"UALICE", "UBOB"})
    for channel in ("DALICEBOB1", secret.id):  # a DM between people; a private channel the bot isn't in
        said = await kudos(bot, f"<@UBOB|bob> for the help in {channel}", channel_id=channel)
        assert "sent to them by DM, so only they see it" in said
        assert "/circles kudos-channel #kudos" in said and "/invite @Circles" in said
        assert f"the help in {channel}" in bot.dms("UBOB")[-1].text
    assert bot.double.workspace.messages_in(secret.id) == []


async def test_the_kudos_shortcut_replies_in_the_messages_thread(fresh: Harness) -> None:
    bot = fresh
    message = bot.double.workspace.post_as("UBOB", "CGENERAL", "I wrote up the onboarding guide")
    opened = await bot.slack.message_shortcut("UALICE", "give_kudos", message)
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "give_kudos_modal")
    await bot.slack.submit_view("UALICE", view["id"], {"kudos_message": "A clear, friendly onboarding guide"})
    [reply] = [m for m in bot.double.workspace.messages_in("CGENERAL") if "gave kudos" in m.text]
    assert reply.thread_ts == message.ts and "friendly onboarding guide" in reply.text
    assert "posted in the thread in <#CGENERAL>" in texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]


async def test_kudos_help_says_where_kudos_appear(fresh: Harness) -> None:
    shown = await kudos(fresh, "help")
    assert "Where kudos appear" in shown and "/circles kudos-channel" in shown and "thread" in shown
