"""`/circle` text commands end to end: signed HTTP in, Slack double calls and database rows out."""

from __future__ import annotations

import pytest

from bot.db.models import Circle, CircleMembership
from tests.harness import Harness, texts


async def create(bot: Harness, text: str, user: str = "UALICE") -> str:
    reply = await bot.slack.command(user, "/circle", f"create {text}")
    assert reply.response.status_code == 200
    return texts(reply.last_reply())


async def test_create_with_existing_channel_joins_it_and_records_the_organiser(bot: Harness) -> None:
    rust = bot.double.workspace.add_channel("rust")
    said = await create(bot, f"Rust Learners <#{rust.id}|rust> Weekly chats about Rust")

    assert "Rust Learners* is ready" in said
    circle = await bot.circle("Rust Learners")
    assert circle is not None
    assert (circle.channel_id, circle.description, circle.created_by) == (
        rust.id,
        "Weekly chats about Rust",
        "UALICE",
    )
    assert bot.double.workspace.bot_user_id in rust.members  # the bot joined first
    assert "UALICE" in rust.members  # then added the creator
    members = await bot.memberships("Rust Learners")
    assert members["UALICE"].role == "organizer"
    posts = bot.double.workspace.messages_in(rust.id)
    assert len(posts) == 1 and "started the learning circle" in posts[0].text


async def test_create_without_channel_creates_one_named_after_the_circle(bot: Harness) -> None:
    said = await create(bot, "Book Club - we read one book a month")

    channel = bot.double.workspace.channel_by_name("circle-book-club")
    assert channel is not None, "the bot should have created #circle-book-club"
    assert {"UALICE", bot.double.workspace.bot_user_id} <= channel.members
    assert "I created" in said
    circle = await bot.circle("Book Club")
    assert circle is not None and circle.channel_id == channel.id
    assert circle.description == "we read one book a month"


async def test_created_channel_name_taken_gets_a_suffix(bot: Harness) -> None:
    bot.double.workspace.add_channel("circle-book-club")
    await create(bot, "Book Club")
    circle = await bot.circle("Book Club")
    assert circle is not None
    assert bot.double.workspace.channels[circle.channel_id].name == "circle-book-club-2"


async def test_join_is_case_insensitive_adds_to_channel_and_welcomes(bot: Harness) -> None:
    await create(bot, '"Rust Learners"')
    circle = await bot.circle("Rust Learners")
    assert circle is not None

    reply = await bot.slack.command("UBOB", "/circle", "join   rust LEARNERS")

    assert "You joined *Rust Learners*" in texts(reply.last_reply())
    assert "UBOB" in bot.double.workspace.channels[circle.channel_id].members
    welcome = bot.double.workspace.messages_in(circle.channel_id)[-1]
    assert "Welcome <@UBOB>" in welcome.text and "2 members" in welcome.text
    assert (await bot.memberships("Rust Learners"))["UBOB"].left_at is None


async def test_joining_twice_says_so_and_changes_nothing(bot: Harness) -> None:
    await create(bot, "Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    posts_before = len(bot.double.workspace.messages)

    reply = await bot.slack.command("UBOB", "/circle", "join Rust")

    assert "already in *Rust*" in texts(reply.last_reply())
    assert len(bot.double.workspace.messages) == posts_before
    assert len(await bot.memberships("Rust")) == 2


async def test_typo_gets_did_you_mean(bot: Harness) -> None:
    await create(bot, "Rust Learners")
    reply = await bot.slack.command("UBOB", "/circle", "join rust lerners")
    said = texts(reply.last_reply())
    assert "no circle called *rust lerners*" in said
    assert "Did you mean *Rust Learners*" in said
    assert "UBOB" not in await bot.memberships("Rust Learners")


async def test_leave_keeps_history_and_rejoin_reopens_it(bot: Harness) -> None:
    await create(bot, "Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")

    reply = await bot.slack.command("UBOB", "/circle", "leave rust")

    assert "You left *Rust*" in texts(reply.last_reply())
    membership = (await bot.memberships("Rust"))["UBOB"]
    assert membership.left_at is not None  # the row (history) stays

    again = await bot.slack.command("UBOB", "/circle", "leave rust")
    assert "not a member of *Rust*" in texts(again.last_reply())

    await bot.slack.command("UBOB", "/circle", "join rust")
    rows = await bot.rows(CircleMembership, CircleMembership.circle_id == membership.circle_id)
    assert len(rows) == 2  # alice + bob; bob's old row was reopened, not duplicated
    assert (await bot.memberships("Rust"))["UBOB"].left_at is None


async def test_list_shows_every_circle_with_the_right_button(bot: Harness) -> None:
    await create(bot, "Rust")
    await create(bot, "Book Club", user="UBOB")

    reply = (await bot.slack.command("UALICE", "/circle", "list")).last_reply()

    buttons = {
        block["text"]["text"].split("*")[1]: block["accessory"]["text"]["text"]
        for block in reply["blocks"]
        if block.get("accessory")
    }
    assert buttons == {"Book Club": "Join", "Rust": "Leave"}
    assert any(
        e.get("action_id") == "circle_list_new"
        for b in reply["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )


async def test_bare_command_with_no_circles_invites_to_start_one(bot: Harness) -> None:
    reply = (await bot.slack.command("UALICE", "/circle")).last_reply()
    assert "No circles yet" in texts(reply)
    assert reply.get("response_type", "ephemeral") == "ephemeral"


async def test_info_shows_members_and_channel(bot: Harness) -> None:
    await create(bot, "Rust - systems programming")
    await bot.slack.command("UCAROL", "/circle", "join rust")

    said = texts((await bot.slack.command("UBOB", "/circle", "info RUST")).last_reply())

    assert "systems programming" in said
    assert "<@UALICE>" in said and "<@UCAROL>" in said
    assert "Members (2)" in said
    assert "not a member yet" in said


async def test_long_list_is_paged_within_block_limits(bot: Harness) -> None:
    for number in range(45):
        await create(bot, f"Circle {number:02d}")
    first = (await bot.slack.command("UBOB", "/circle")).last_reply()
    assert len(first["blocks"]) <= 50
    assert "Circle 19" in texts(first) and "Circle 20" not in texts(first)

    more = await bot.slack.click_button_in("UBOB", first["blocks"], "circle_list_more")
    second = more.last_reply()
    assert second["replace_original"] is True
    assert "Circle 20" in texts(second) and "Circle 19" not in texts(second)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("frobnicate", "I don't know `/circle frobnicate`"),
        ("jion rust", "Did you mean `/circle join`"),
        ("join", "Which circle?"),
        ("leave", "Which circle?"),
        ("info", "Which circle?"),
        ("create Rust #rust", "couldn't tell which channel `#rust`"),
        ("create " + "x" * 81, "at most 80 characters"),
        ("create <@UBOB|bob>", "can't start with # or @"),
    ],
)
async def test_bad_input_gets_a_clear_ephemeral_message(bot: Harness, text: str, expected: str) -> None:
    reply = await bot.slack.command("UALICE", "/circle", text)
    assert reply.response.status_code == 200
    said = reply.last_reply()
    assert expected in texts(said)
    assert said.get("response_type") == "ephemeral"
    assert await bot.rows(Circle) == []


async def test_duplicate_circle_is_refused_in_any_case(bot: Harness) -> None:
    await create(bot, "Rust Learners")
    said = await create(bot, "rust   learners", user="UBOB")
    assert "already exists" in said
    assert len(await bot.rows(Circle)) == 1


async def test_channel_of_another_circle_is_refused(bot: Harness) -> None:
    rust = bot.double.workspace.add_channel("rust")
    await create(bot, f"Rust <#{rust.id}|rust>")
    said = await create(bot, f"Rustaceans <#{rust.id}|rust>")
    assert "already the channel of *Rust*" in said


async def test_archived_channel_is_refused_and_nothing_is_written(bot: Harness) -> None:
    old = bot.double.workspace.add_channel("old-stuff", is_archived=True)
    said = await create(bot, f"Old <#{old.id}|old-stuff>")
    assert "is archived" in said
    assert await bot.rows(Circle) == []


async def test_private_channel_without_the_bot_is_refused(bot: Harness) -> None:
    secret = bot.double.workspace.add_channel("secret", is_private=True, members={"UALICE"})
    said = await create(bot, f"Secret <#{secret.id}|secret>")
    assert "invite me" in said.lower()
    assert await bot.rows(Circle) == []


async def test_private_channel_with_the_bot_works(bot: Harness) -> None:
    ws = bot.double.workspace
    private = ws.add_channel("leads", is_private=True, members={"UALICE", ws.bot_user_id})
    await create(bot, f"Leads <#{private.id}|leads>")
    await bot.slack.command("UBOB", "/circle", "join leads")
    assert "UBOB" in private.members


async def test_slack_error_while_joining_leaves_no_membership(bot: Harness) -> None:
    await create(bot, "Rust")
    bot.double.fail("conversations.invite", "fatal_error")

    reply = await bot.slack.command("UBOB", "/circle", "join rust")

    said = texts(reply.last_reply())
    assert "Slack refused that (`fatal_error`)" in said
    assert "UBOB" not in await bot.memberships("Rust")


async def test_channel_archived_after_creation_blocks_joining_with_advice(bot: Harness) -> None:
    await create(bot, "Rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    bot.double.workspace.channels[circle.channel_id].is_archived = True

    said = texts((await bot.slack.command("UBOB", "/circle", "join rust")).last_reply())

    assert "is archived" in said
    assert "UBOB" not in await bot.memberships("Rust")


async def test_rate_limited_call_is_retried_after_retry_after(bot: Harness) -> None:
    await create(bot, "Rust")
    bot.double.fail("conversations.invite", "ratelimited", status=429, retry_after=1)

    reply = await bot.slack.command("UBOB", "/circle", "join rust")

    assert "You joined" in texts(reply.last_reply())
    invites = [c for c in bot.double.calls_to("conversations.invite") if c.args.get("users") == "UBOB"]
    assert [c.error for c in invites] == ["ratelimited", None]


async def test_unexpected_failure_gives_an_error_id_not_a_stack_trace(bot: Harness) -> None:
    from sqlalchemy import text

    async with bot.deps.db.session() as session:
        await session.execute(text("ALTER TABLE circle RENAME TO circle_gone"))

    reply = await bot.slack.command("UALICE", "/circle", "list")

    assert reply.response.status_code == 200
    said = texts(reply.last_reply())
    assert "Something went wrong on my side" in said and "error id" in said
    assert "Traceback" not in said and "circle_gone" not in said
