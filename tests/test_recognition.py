"""Recognition and mentor support through the real app and the Slack double: badges awarded exactly
once across re-runs and a second process, celebrated once (by DM for who keeps it quiet); admin-only
badge forms; a pair's agreement saved by one side and shown to both; the nth nudge carries the nth
session's guide; the end-of-cycle thanks names only the mentors who didn't opt out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import BadgeAward, MentorProgram
from bot.services.mentorship import ProgramForm
from bot.slack_double import SlackDouble
from bot.views import badges as badge_views
from bot.views.mentorship import agreements as agreement_views
from jobs.member_sync import sync_members
from tests.conftest import make_harness
from tests.harness import Harness, texts
from tests.test_home_privacy import open_home
from tests.test_mentorship_flow import fill_profile


def newest_view(bot: Harness, callback_id: str) -> dict[str, Any]:
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == callback_id)


async def test_badges_are_awarded_and_celebrated_exactly_once(
    timed_bot: Harness, db: Database, double: SlackDouble, clock: FixedClock
) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in ("UBOB", "UCAROL"):
        await bot.slack.command(user, "/circle", "join rust")
    quiet = await bot.slack.command("UCAROL", "/circles", "badges quiet")
    assert "reach only you" in texts(quiet.last_reply())
    for user in ("UBOB", "UCAROL"):
        for n in range(5):
            await bot.slack.command(user, "/circle", f"share rust https://docs.example/{user}/{n} chapter {n}")
    await bot.badges_tick()
    await bot.badges_tick()  # a re-run
    async for other in make_harness(db, double, clock):  # another process, or after a restart
        await other.badges_tick()
    awards = [(a.badge_key) for a in await bot.rows(BadgeAward)]
    assert sorted(awards) == ["five_resources", "five_resources"]
    channel = (await bot.circle("Rust")).channel_id  # type: ignore[union-attr]
    celebrated = [m for m in bot.double.workspace.posts_in(channel) if "earned *Librarian*" in m.text]
    assert [m.text.split()[1] for m in celebrated] == ["<@UBOB>"]  # Carol keeps hers quiet: a DM instead
    assert sum("You earned *Librarian*" in m.text for m in bot.dms("UCAROL")) == 1
    shown = texts((await bot.slack.command("UALICE", "/circles", "badges <@UBOB|bob>")).last_reply())
    assert "<@UBOB> has 1 badge" in shown and "Librarian" in shown
    assert "Badges: :books: Librarian" in texts(await open_home(bot, "UBOB"))


async def test_only_admins_define_and_give_badges_and_a_refusal_comes_before_any_form(timed_bot: Harness) -> None:
    bot = timed_bot
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    views_before = len(bot.double.workspace.views)
    for word in ("new", "give"):
        refused = await bot.slack.command("UBOB", "/circles", f"badge {word}")
        assert "Only Circles admins" in texts(refused.last_reply())
    assert len(bot.double.workspace.views) == views_before
    nothing = await bot.slack.command("UALICE", "/circles", "badge give")
    assert "Define a badge first" in texts(nothing.last_reply())
    await bot.slack.command("UALICE", "/circles", "badge new")
    form = newest_view(bot, badge_views.DEFINE_ID)
    bad = await bot.slack.submit_view(
        "UALICE", form["id"], {badge_views.Field.NAME: "Helper", badge_views.Field.EMOJI: "x"}
    )
    assert badge_views.Field.EMOJI in bad.json()["errors"]
    await bot.slack.submit_view(
        "UALICE", form["id"], {badge_views.Field.NAME: "Helper of the month", badge_views.Field.EMOJI: ":trophy:"}
    )
    await bot.slack.command("UALICE", "/circles", "badge give")
    give = newest_view(bot, badge_views.GIVE_ID)
    await bot.slack.submit_view(
        "UALICE",
        give["id"],
        {
            badge_views.Field.WHO: "UBOB",
            badge_views.Field.BADGE: "custom:helper-of-the-month",
            badge_views.Field.WHY: "For unblocking three teams.",
        },
    )
    assert any("You earned *Helper of the month*" in m.text for m in bot.dms("UBOB"))  # no kudos channel: a DM


async def test_an_agreement_saved_by_one_side_is_shown_to_both(timed_bot: Harness, clock: FixedClock) -> None:
    from tests.test_catch_up import published

    bot = timed_bot
    await published(bot, clock)  # Alice mentors Bob
    group = next(c for c in bot.double.workspace.channels.values() if c.is_mpim and {"UALICE", "UBOB"} <= c.members)
    intro = bot.double.workspace.messages_in(group.id)[0]
    await bot.slack.click_button_in(
        "UBOB", intro.blocks, agreement_views.AGREE, message={"ts": intro.ts}, channel_id=group.id
    )
    form = newest_view(bot, agreement_views.CALLBACK_ID)
    empty = await bot.slack.submit_view("UBOB", form["id"], {agreement_views.GOALS[0]: " "})
    assert agreement_views.GOALS[0] in empty.json()["errors"]
    await bot.slack.submit_view(
        "UBOB",
        form["id"],
        {
            agreement_views.GOALS[0]: "Write my first SQL migration",
            agreement_views.MEETING: "Every other Tuesday, 30 min",
            agreement_views.SUCCESS: "I review migrations on my own",
        },
    )
    assert any("saved your agreement" in m.text for m in bot.double.workspace.messages_in(group.id))
    for user in ("UALICE", "UBOB"):
        shown = texts((await bot.slack.command(user, "/mentor", "me")).last_reply())
        assert "Write my first SQL migration" in shown and "Every other Tuesday" in shown, user
        assert "Write my first SQL migration" in texts(await open_home(bot, user))


async def start_cycle(bot: Harness, clock: FixedClock, **extra: Any) -> MentorProgram:
    """A monthly, six-month cycle with Alice and Dan mentoring Bob and Carol, published now."""
    bot.double.workspace.add_user("UDAN", "dan", tz="Europe/London")
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    for user in ("UALICE", "UBOB", "UCAROL", "UDAN"):
        await fill_profile(bot, user)
    flows = bot.deps.mentorship(bot.client, bot.team_id)
    form = ProgramForm("Spring", "", 6, 30, clock.now().date() + timedelta(days=1), ["CGENERAL"], **extra)
    await flows.create_program(bot.team_id, "UALICE", form)
    for user in ("UALICE", "UBOB", "UCAROL", "UDAN"):
        await flows.join(bot.team_id, user, "Spring")
    await flows.preview(bot.team_id, "UALICE", "Spring")
    await flows.publish(bot.team_id, "UALICE", "Spring")
    [program] = await bot.rows(MentorProgram)
    return program


async def test_the_third_nudge_carries_the_third_sessions_guide_and_mentors_get_theirs(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    guides = ["Session one: expectations.", "Session two: obstacles.", "Session three: a stretch goal.", "Later."]
    mentors = bot.double.workspace.add_channel("mentors", members={bot.double.workspace.bot_user_id})
    await start_cycle(
        bot, clock, session_guides=guides, mentor_guide="Listen more than you talk.", mentors_channel_id=mentors.id
    )
    assert any("Listen more than you talk." in m.text for m in bot.dms("UDAN"))  # the mentor guide at publication
    assert {"UALICE", "UDAN"} <= bot.double.workspace.channels[mentors.id].members  # invited to the mentors' channel
    group = next(c for c in bot.double.workspace.channels.values() if c.is_mpim and "UDAN" in c.members)
    for month in (1, 2, 3):
        clock.advance(timedelta(days=30))
        await bot.mentorship_tick()
        nudges = [
            m
            for m in bot.double.workspace.messages_in(group.id)
            if any(b.get("block_id", "").startswith("mentor-nudge-") for b in m.blocks or [])
        ]
        assert len(nudges) == month  # one a month (the third says they haven't met: at risk)
        nudge = nudges[-1]
        assert guides[month - 1] in texts({"blocks": nudge.blocks}), month


async def test_the_end_of_cycle_thanks_names_only_mentors_who_did_not_opt_out(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await start_cycle(bot, clock)
    await bot.slack.command("UDAN", "/circles", "badges quiet")  # Dan keeps recognition to himself
    clock.advance(timedelta(days=181))
    await bot.mentorship_tick()
    await bot.mentorship_tick()
    [thanks] = [m for m in bot.double.workspace.posts_in("CGENERAL") if "Thank you to our mentors" in m.text]
    assert "<@UALICE>" in thanks.text and "UDAN" not in thanks.text
    assert sum("has ended. Thank you for mentoring" in m.text for m in bot.dms("UDAN")) == 1
    await bot.badges_tick()
    keys = sorted(a.badge_key for a in await bot.rows(BadgeAward))
    assert keys == ["cycle_mentee", "cycle_mentee", "cycle_mentor", "cycle_mentor"]
