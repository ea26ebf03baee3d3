"""Buttons and the "New circle" modal, as a person clicks them."""

from __future__ import annotations

from bot.db.models import Circle
from bot.views.new_circle_modal import CALLBACK_ID, Field
from tests.harness import Harness, texts


async def open_new_circle_modal(bot: Harness, user: str = "UALICE") -> tuple[str, str]:
    """`/circle` → click "New circle"; returns the opened view's id and the click's response_url."""
    listing = await bot.slack.command(user, "/circle")
    click = await bot.slack.click_button_in(user, listing.last_reply()["blocks"], "circle_list_new")
    assert click.response.status_code == 200
    opened = bot.double.calls_to("views.open")
    assert opened and opened[-1].ok, "the New circle button should open a modal"
    view_id = next(v for v in bot.double.workspace.views.values() if v["callback_id"] == CALLBACK_ID)["id"]
    assert click.response_url is not None
    return view_id, click.response_url


async def test_new_circle_modal_creates_a_circle_and_channel(bot: Harness) -> None:
    view_id, list_url = await open_new_circle_modal(bot)

    submitted = await bot.slack.submit_view(
        "UALICE", view_id, {Field.NAME: "Data Viz", Field.DESCRIPTION: "Charts that tell stories"}
    )

    assert submitted.response.status_code == 200
    assert not submitted.response.content  # an empty 200 closes the modal
    circle = await bot.circle("Data Viz")
    assert circle is not None and circle.description == "Charts that tell stories"
    assert bot.double.workspace.channels[circle.channel_id].name == "circle-data-viz"
    confirmation = bot.double.responses_to(list_url)[-1]
    assert "*Data Viz* is ready" in texts(confirmation)


async def test_new_circle_modal_with_an_existing_channel(bot: Harness) -> None:
    design = bot.double.workspace.add_channel("design")
    view_id, _ = await open_new_circle_modal(bot)
    await bot.slack.submit_view("UALICE", view_id, {Field.NAME: "Design", Field.CHANNEL: design.id})
    circle = await bot.circle("Design")
    assert circle is not None and circle.channel_id == design.id


async def test_modal_errors_come_back_inline(bot: Harness) -> None:
    taken = bot.double.workspace.add_channel("taken")
    await bot.slack.command("UBOB", "/circle", f"create Design <#{taken.id}|taken>")

    view_id, _ = await open_new_circle_modal(bot)
    duplicate = await bot.slack.submit_view("UALICE", view_id, {Field.NAME: "  design "})
    assert duplicate.json()["response_action"] == "errors"
    assert "already exists" in duplicate.json()["errors"][Field.NAME]

    blank = await bot.slack.submit_view("UALICE", view_id, {Field.NAME: "   "})
    assert "Give the circle a name" in blank.json()["errors"][Field.NAME]

    channel_used = await bot.slack.submit_view("UALICE", view_id, {Field.NAME: "Other", Field.CHANNEL: taken.id})
    assert "already the channel of *Design*" in channel_used.json()["errors"][Field.CHANNEL]
    assert len(await bot.rows(Circle)) == 1


async def test_slack_failure_after_submitting_is_reported_where_the_modal_came_from(bot: Harness) -> None:
    archived = bot.double.workspace.add_channel("attic", is_archived=True)
    view_id, list_url = await open_new_circle_modal(bot)

    await bot.slack.submit_view("UALICE", view_id, {Field.NAME: "Attic", Field.CHANNEL: archived.id})

    assert "is archived" in texts(bot.double.responses_to(list_url)[-1])
    assert await bot.rows(Circle) == []


async def test_join_and_leave_buttons_refresh_the_list(bot: Harness) -> None:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    listing = (await bot.slack.command("UBOB", "/circle")).last_reply()

    joined = (await bot.slack.click_button_in("UBOB", listing["blocks"], "circle_list_join")).last_reply()

    assert joined["replace_original"] is True
    assert "You joined *Rust*" in texts(joined)
    assert any(b.get("accessory", {}).get("action_id") == "circle_list_leave" for b in joined["blocks"])
    assert "UBOB" in await bot.memberships("Rust")

    left = (await bot.slack.click_button_in("UBOB", joined["blocks"], "circle_list_leave")).last_reply()
    assert "You left *Rust*" in texts(left)
    assert (await bot.memberships("Rust"))["UBOB"].left_at is not None


async def test_double_clicked_join_applies_once(bot: Harness) -> None:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    listing = (await bot.slack.command("UBOB", "/circle")).last_reply()
    circle = await bot.circle("Rust")
    assert circle is not None

    for _ in range(2):
        await bot.slack.click_button_in("UBOB", listing["blocks"], "circle_list_join")

    welcomes = [m for m in bot.double.workspace.messages_in(circle.channel_id) if "Welcome <@UBOB>" in m.text]
    assert len(welcomes) == 1
    assert len(await bot.memberships("Rust")) == 2


async def test_join_button_for_a_deleted_circle_explains(bot: Harness) -> None:
    click = await bot.slack.click("UBOB", "circle_list_join", "999999", block_id="circle-999999")
    said = click.last_reply()
    assert "no circle" in texts(said).lower()
    assert said["replace_original"] is False  # the list the user clicked in stays


async def test_info_join_button(bot: Harness) -> None:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    info = (await bot.slack.command("UCAROL", "/circle", "info rust")).last_reply()
    clicked = await bot.slack.click_button_in("UCAROL", info["blocks"], "circle_list_join")
    assert "UCAROL" in await bot.memberships("Rust")
    refreshed = clicked.last_reply()
    assert refreshed["replace_original"] is True
    assert any(b["type"] == "header" and b["text"]["text"] == "Rust" for b in refreshed["blocks"])
    assert "You joined *Rust*" in texts(refreshed) and "Members (2)" in texts(refreshed)


async def test_create_without_text_opens_the_modal(bot: Harness) -> None:
    await bot.slack.command("UALICE", "/circle", "create")
    opened = bot.double.calls_to("views.open")
    assert len(opened) == 1 and opened[0].ok
    assert opened[0].args["view"]["callback_id"] == CALLBACK_ID
