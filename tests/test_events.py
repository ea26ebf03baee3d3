"""Program events through the real app and the Slack double: the form and who may use it, the
invitation with Going / Maybe / Can't go, capacity with a waitlist promoted in order, reminders
at each attendee's local time, the follow-up (host summary, feedback shown only from five answers,
attendance, slides shared to the circles), repeats, `/circles events`, calendars and data rights."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.clock import FixedClock
from bot.db.models import EventRsvp, MentorProgram, ProgramEvent, Resource
from bot.services import calendar_feeds, members
from bot.views.events.ids import Callback, EventAction, Field
from bot.views.privacy import DELETE_CALLBACK_ID
from jobs.member_sync import sync_members
from tests.harness import Harness, texts
from tests.test_catch_up import published

PEOPLE = {"UDAN": "Asia/Tokyo", "UEVE": "Europe/London", "UFAY": "Europe/London", "UGUS": "Europe/London"}


async def people(bot: Harness) -> None:
    for user_id, tz in PEOPLE.items():
        bot.double.workspace.add_user(user_id, user_id.lower()[1:], real_name=user_id[1:].title(), tz=tz)
    await sync_members(bot.deps, bot.deps.gateways(bot.client))


async def rust(bot: Harness, *joining: str) -> int:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in joining:
        await bot.slack.command(user, "/circle", "join rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    return circle.id


def event_form(bot: Harness) -> dict[str, Any]:
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == Callback.EVENT)


async def submit_event(bot: Harness, user: str, **values: Any) -> Any:
    opened = await bot.slack.command(user, "/circles", "event")
    assert opened.response.status_code == 200
    base = {Field.TITLE: "Rust workshop", Field.DAY: "2026-10-22", Field.TIME: "15:00", Field.TZ: "America/New_York"}
    return await bot.slack.submit_view(user, event_form(bot)["id"], {**base, **values})


def invitation(bot: Harness, channel: str) -> Any:
    return next(
        m
        for m in reversed(bot.double.workspace.posts_in(channel))
        if m.blocks and "going" in texts({"blocks": m.blocks})
    )


async def answer(bot: Harness, user: str, channel: str, action: EventAction) -> Any:
    post = invitation(bot, channel)
    return await bot.slack.click_button_in(user, post.blocks, action, message={"ts": post.ts}, channel_id=channel)


async def test_capacity_two_waitlists_the_third_and_promotes_them_with_a_dm_when_one_cancels(
    timed_bot: Harness,
) -> None:
    bot = timed_bot
    await people(bot)
    circle_id = await rust(bot, "UBOB", "UCAROL", "UDAN")
    created = await submit_event(
        bot, "UALICE", **{Field.AUDIENCE: "circles", Field.CIRCLES: [str(circle_id)], Field.CAPACITY: "2"}
    )
    assert not created.response.content  # the form closed
    channel = (await bot.circle("Rust")).channel_id  # type: ignore[union-attr]
    post = invitation(bot, channel)
    assert "Rust workshop" in texts({"blocks": post.blocks}) and "0/2 going" in texts({"blocks": post.blocks})

    for user in ("UBOB", "UCAROL"):
        going = await answer(bot, user, channel, EventAction.GOING)
        assert "You're going" in texts(going.last_reply())
    third = await answer(bot, "UDAN", channel, EventAction.GOING)
    assert "#1* on the waitlist" in texts(third.last_reply())
    shown = texts({"blocks": invitation(bot, channel).blocks})
    assert "2/2 going" in shown and "1 on the waitlist" in shown  # the post itself shows the counts

    dms_before = len(bot.dms("UDAN"))
    await answer(bot, "UBOB", channel, EventAction.DECLINE)
    answers = {r.member_id: r.answer for r in await bot.rows(EventRsvp)}
    assert sorted(answers.values()) == ["declined", "going", "going"]
    promoted = bot.dms("UDAN")[dms_before:]
    assert len(promoted) == 1 and "A place opened up" in promoted[0].text
    assert "2/2 going" in texts({"blocks": invitation(bot, channel).blocks})


async def test_reminders_come_at_nine_local_the_day_before_and_an_hour_before_in_new_york_and_tokyo(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await people(bot)
    circle_id = await rust(bot, "UDAN")
    # 09:00 in New York on Thursday Oct 22 = 13:00 UTC = 22:00 in Tokyo.
    await submit_event(
        bot, "UALICE", **{Field.TIME: "09:00", Field.AUDIENCE: "circles", Field.CIRCLES: [str(circle_id)]}
    )
    channel = (await bot.circle("Rust")).channel_id  # type: ignore[union-attr]
    for user in ("UALICE", "UDAN"):
        await answer(bot, user, channel, EventAction.GOING)

    def reminders(user: str, lead: str) -> list[Any]:
        return [m for m in bot.dms(user) if m.text.startswith(lead)]

    async def at(moment: datetime) -> None:
        clock.advance(moment - clock.now())
        await bot.events_tick()

    await at(datetime(2026, 10, 20, 23, 59, tzinfo=UTC))
    assert not reminders("UDAN", "Tomorrow") and not reminders("UALICE", "Tomorrow")
    await at(datetime(2026, 10, 21, 0, 0, tzinfo=UTC))  # 09:00 in Tokyo
    [tokyo] = reminders("UDAN", "Tomorrow")
    assert "22:00 (Asia/Tokyo)" in tokyo.text and not reminders("UALICE", "Tomorrow")
    await at(datetime(2026, 10, 21, 12, 59, tzinfo=UTC))
    assert not reminders("UALICE", "Tomorrow")
    await at(datetime(2026, 10, 21, 13, 0, tzinfo=UTC))  # 09:00 in New York
    [new_york] = reminders("UALICE", "Tomorrow")
    assert "09:00 (America/New_York)" in new_york.text
    await at(datetime(2026, 10, 22, 12, 0, tzinfo=UTC))
    await at(datetime(2026, 10, 22, 12, 30, tzinfo=UTC))  # ticks repeat nothing
    for user in ("UALICE", "UDAN"):
        assert len(reminders(user, "Tomorrow")) == 1 and len(reminders(user, "In an hour")) == 1


async def test_feedback_reaches_the_host_only_as_aggregates_from_five_answers(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await people(bot)
    attendees = ["UBOB", "UCAROL", "UDAN", "UEVE", "UFAY"]
    for user in attendees:
        bot.double.workspace.channels["CGENERAL"].members.add(user)
    await submit_event(
        bot,
        "UALICE",
        **{
            Field.AUDIENCE: "workspace",
            Field.CHANNEL: "CGENERAL",
            Field.REPEAT: "monthly",
            Field.GUEST_NAME: "Dr. Ada Byron",
            Field.GUEST_ORG: "Analytical Engines",
        },
    )
    assert "Guest speaker:* Dr. Ada Byron, Analytical Engines" in texts({"blocks": invitation(bot, "CGENERAL").blocks})
    for user in [*attendees, "UALICE"]:  # the host goes to their own event too
        await answer(bot, user, "CGENERAL", EventAction.GOING)

    clock.advance(datetime(2026, 10, 22, 20, 1, tzinfo=UTC) - clock.now())  # 16:01 New York: it has ended
    await bot.events_tick()
    [summary] = [m for m in bot.dms("UALICE") if "has ended" in m.text]
    assert "6 said Going" in texts({"blocks": summary.blocks})
    assert not [m for m in bot.dms("UALICE") if m.text.startswith("How was")]  # not asked to rate their own

    async def rate(user: str, score: int) -> Any:
        [question] = [m for m in bot.dms(user) if m.text.startswith("How was")]
        return await bot.slack.click_button_in(
            user, question.blocks, f"{EventAction.RATE}_{score}", message={"ts": question.ts}
        )

    async def host_sees() -> str:
        seen = await bot.slack.click_button_in(
            "UALICE", summary.blocks, EventAction.FEEDBACK, message={"ts": summary.ts}
        )
        return texts(seen.last_reply())

    for user, score in zip(attendees[:4], (5, 4, 4, 2), strict=True):
        rated = await rate(user, score)
        assert f"{score}/5" in texts(rated.last_reply())
    hidden = await host_sees()
    assert "4 answers so far" in hidden and "average" not in hidden  # four answers: nothing to tell apart
    rated = await rate("UFAY", 2)
    commented = await bot.slack.click_button_in("UFAY", rated.last_reply()["blocks"], EventAction.COMMENT)
    assert commented.response.status_code == 200
    comment_form = next(
        v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == Callback.COMMENT
    )
    await bot.slack.submit_view("UFAY", comment_form["id"], {Field.COMMENT: "More code, fewer slides"})
    shown = await host_sees()
    assert "average *3.4*/5 from 5 answers" in shown and "More code, fewer slides" in shown
    assert "UFAY" not in shown and "Fay" not in shown  # no name next to an answer

    # The repeat: next month's occurrence at the same local time, with its own invitation.
    events = sorted(await bot.rows(ProgramEvent), key=lambda e: e.starts_at)
    assert len(events) == 2 and events[1].starts_at == datetime(2026, 11, 22, 20, 0, tzinfo=UTC)  # 15:00 EST
    assert "0 going" in texts({"blocks": invitation(bot, "CGENERAL").blocks})

    insights = texts((await bot.slack.command("UALICE", "/circles", "admin")).last_reply())
    assert "held / invited / going / attended:* 1 /" in insights and "feedback 3.4/5" in insights


async def test_the_host_marks_who_came_and_shares_the_slides_with_every_invited_circle(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    circle_id = await rust(bot, "UBOB", "UCAROL")
    await submit_event(bot, "UALICE", **{Field.AUDIENCE: "circles", Field.CIRCLES: [str(circle_id)]})
    channel = (await bot.circle("Rust")).channel_id  # type: ignore[union-attr]
    for user in ("UBOB", "UCAROL"):
        await answer(bot, user, channel, EventAction.GOING)
    clock.advance(timedelta(days=4))
    await bot.events_tick()
    [summary] = [m for m in bot.dms("UALICE") if "has ended" in m.text]
    await bot.slack.click_button_in("UALICE", summary.blocks, EventAction.ATTENDANCE, message={"ts": summary.ts})
    form = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == Callback.ATTENDANCE)
    assert sorted(form["blocks"][0]["element"]["initial_users"]) == ["UBOB", "UCAROL"]  # starts from Going
    await bot.slack.submit_view("UALICE", form["id"], {Field.PRESENT: ["UBOB"]})
    assert {r.attended for r in await bot.rows(EventRsvp)} == {True, False}

    await bot.slack.click_button_in("UALICE", summary.blocks, EventAction.RECORDING, message={"ts": summary.ts})
    form = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == Callback.RECORDING)
    bad = await bot.slack.submit_view("UALICE", form["id"], {Field.URL: "not a link"})
    assert Field.URL in bad.json()["errors"]
    await bot.slack.submit_view("UALICE", form["id"], {Field.URL: "https://slides.example/rust"})
    [resource] = await bot.rows(Resource)
    assert resource.circle_id == circle_id and resource.url == "https://slides.example/rust"
    assert any("slides.example/rust" in m.text for m in bot.double.workspace.messages_in(channel))


async def test_bad_input_gets_inline_errors_and_only_admins_and_organisers_get_the_form(timed_bot: Harness) -> None:
    bot = timed_bot
    circle_id = await rust(bot, "UBOB")
    views_before = len(bot.double.workspace.views)
    refused = await bot.slack.command("UBOB", "/circles", "event")
    assert "Only workspace admins and circle organisers" in texts(refused.last_reply())
    assert len(bot.double.workspace.views) == views_before  # refused before any form opened

    cases = {
        Field.DAY: {Field.DAY: "2026-10-18"},  # the past
        Field.CAPACITY: {Field.CAPACITY: "0"},
        Field.GUEST_NAME: {Field.GUEST_TITLE: "CTO"},  # a guest without a name
        Field.CIRCLES: {Field.AUDIENCE: "circles"},  # no circle picked
        Field.CHANNEL: {Field.AUDIENCE: "workspace"},  # nowhere to post
        Field.TZ: {Field.TZ: "Mars/Olympus"},
    }
    for field, values in cases.items():
        submitted = await submit_event(bot, "UALICE", **values)
        errors = submitted.json()["errors"]
        assert list(errors) == [field], (field, errors)
    assert await bot.rows(ProgramEvent) == []
    ok = await submit_event(bot, "UALICE", **{Field.AUDIENCE: "circles", Field.CIRCLES: [str(circle_id)]})
    assert not ok.response.content


async def test_events_list_calendar_and_data_rights(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await people(bot)  # the member sync brings everyone's time zone
    circle_id = await rust(bot, "UBOB")
    empty = await bot.slack.command("UCAROL", "/circles", "events")
    assert "No upcoming events" in texts(empty.last_reply())
    await submit_event(bot, "UALICE", **{Field.AUDIENCE: "circles", Field.CIRCLES: [str(circle_id)]})
    channel = (await bot.circle("Rust")).channel_id  # type: ignore[union-attr]
    await answer(bot, "UBOB", channel, EventAction.GOING)

    listed = texts((await bot.slack.command("UBOB", "/circles", "events")).last_reply())
    assert "Rust workshop" in listed and "21:00 (Europe/Berlin)" in listed and "you're going" in listed
    assert "No upcoming events" in texts((await bot.slack.command("UCAROL", "/circles", "events")).last_reply())

    async with bot.deps.db.session() as session:
        bob = await members.resolve_member(session, bot.team_id, "UBOB", clock.now())
        calendar = await calendar_feeds.member_calendar(session, bob, clock.now())
    [event] = [e for e in calendar.events if e.title == "Rust workshop"]
    assert event.starts_at == datetime(2026, 10, 22, 19, 0, tzinfo=UTC)

    await bot.slack.command("UBOB", "/circles", "export-my-data")
    [upload] = [m for m in bot.dms("UBOB") if m.files]
    data = json.loads(bot.double.workspace.files[upload.files[0]]["content"])
    assert data["program_events"][0]["event"] == "Rust workshop" and data["program_events"][0]["answer"] == "going"
    await bot.slack.command("UBOB", "/circles", "delete-my-data")
    confirm = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == DELETE_CALLBACK_ID)
    await bot.slack.submit_view("UBOB", confirm["id"], {})
    assert await bot.rows(EventRsvp) == []


async def test_a_programs_event_is_posted_in_the_chosen_channel_and_answered_only_by_participants(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await published(bot, clock)  # the Spring cycle: Alice (an admin) and Bob take part, Carol doesn't
    [program] = await bot.rows(MentorProgram)
    opened = await bot.slack.command("UALICE", "/circles", "event")
    assert opened.response.status_code == 200
    form = event_form(bot)
    audiences = [
        o["value"] for o in next(b for b in form["blocks"] if b.get("block_id") == Field.AUDIENCE)["element"]["options"]
    ]
    assert audiences == ["workspace", "circles", "program"]
    values = {
        Field.TITLE: "Mentoring AMA",
        Field.DAY: "2026-10-29",
        Field.TIME: "17:00",
        Field.TZ: "UTC",
        Field.AUDIENCE: "program",
        Field.PROGRAM: str(program.id),
        Field.CHANNEL: "CGENERAL",
    }
    assert not (await bot.slack.submit_view("UALICE", form["id"], values)).response.content
    shown = texts({"blocks": invitation(bot, "CGENERAL").blocks})
    assert "Mentoring AMA" in shown and "Spring participants" in shown
    going = await answer(bot, "UBOB", "CGENERAL", EventAction.GOING)
    assert "You're going" in texts(going.last_reply())
    refused = await answer(bot, "UCAROL", "CGENERAL", EventAction.GOING)
    assert "for the mentorship program's participants" in texts(refused.last_reply())
    assert len(await bot.rows(EventRsvp)) == 1
