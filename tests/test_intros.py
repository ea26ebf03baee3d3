"""Intros through the real app and the Slack double: three weekly rounds for 12 people in four time
zones (and Alice, who set them up) repeat no pair and put nobody in a group without two common
working hours; someone who ignores three rounds is paused (and told how to come back); opted-out
and away members are never DMed; the organiser sees the rounds and the meeting rate; only admins
and organisers set them up."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.clock import FixedClock
from bot.db.models import IntroGroup, IntroGroupMember, IntroRound, Member
from bot.services.grouping import MIN_OVERLAP, _common
from bot.services.schedule import zone
from bot.views.intros import IntroAction
from jobs.member_sync import sync_members
from tests.harness import Harness, texts

ZONES = {"America/New_York": "N", "Europe/London": "L", "Europe/Berlin": "B", "Asia/Kolkata": "K"}
PEOPLE = {f"U{letter}{n}": tz for tz, letter in ZONES.items() for n in range(1, 4)}  # 12 people, 3 per zone
IGNORER = "UL1"


async def channel_with_people(bot: Harness) -> str:
    ws = bot.double.workspace
    for user_id, tz in PEOPLE.items():
        ws.add_user(user_id, user_id.lower(), real_name=user_id, tz=tz)
    ws.add_user("UOPTOUT", "optout", tz="Europe/London")
    ws.add_user("UAWAY", "away", tz="Europe/London", status_text="On vacation", status_emoji=":palm_tree:")
    channel = ws.add_channel("intros", members={*PEOPLE, "UOPTOUT", "UAWAY", "UALICE", ws.bot_user_id})
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    await bot.slack.command("UOPTOUT", "/circles", "opt-out")
    return channel.id


async def groups_of_round(bot: Harness, number: int) -> list[tuple[str, list[str]]]:
    async with bot.deps.db.session() as session:
        from sqlalchemy import select

        rows = await session.execute(
            select(IntroGroup.conversation_id, Member.user_id)
            .join(IntroRound, IntroRound.id == IntroGroup.round_id)
            .join(IntroGroupMember, IntroGroupMember.group_id == IntroGroup.id)
            .join(Member, Member.id == IntroGroupMember.member_id)
            .where(IntroRound.number == number)
            .order_by(IntroGroup.id, Member.user_id)
        )
        groups: dict[str, list[str]] = {}
        for conversation, user in rows.all():
            groups.setdefault(conversation, []).append(user)
        return list(groups.items())


def offset_start(tz: str, moment: datetime) -> int:
    offset = moment.astimezone(zone(tz)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return (9 * 60 - minutes) % 1440


async def test_three_rounds_repeat_no_pair_keep_two_shared_hours_and_pause_who_ignores_them(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    channel = await channel_with_people(bot)
    refused = await bot.slack.command("UBOB", "/circles", f"intros <#{channel}|intros> every week")
    assert "Only workspace admins" in texts(refused.last_reply())
    set_up = await bot.slack.command(
        "UALICE", "/circles", f"intros <#{channel}|intros> every week groups of 2 on monday"
    )
    assert "every week on Mondays, groups of 2" in texts(set_up.last_reply())

    first = datetime(2026, 10, 19, 14, tzinfo=UTC)  # Monday 10:00 in New York, where Alice is
    met_pairs: set[frozenset[str]] = set()
    for number in (1, 2, 3):
        round_start = first + timedelta(weeks=number - 1)
        clock.advance(round_start - clock.now())
        await bot.intros_tick()
        await bot.intros_tick()  # a second run makes nothing twice
        groups = await groups_of_round(bot, number)
        placed = [user for _, users in groups for user in users]
        # Everyone in the channel takes part (Alice too: 13, so one trio), once each; not the opted-out or away.
        assert sorted(placed) == sorted([*PEOPLE, "UALICE"]) and len(placed) == len(set(placed))
        for conversation, users in groups:
            starts = [offset_start(PEOPLE.get(u, "America/New_York"), round_start) for u in users]
            assert _common(starts) >= MIN_OVERLAP, users  # two shared working hours at least
            for pair in itertools.combinations(users, 2):
                assert frozenset(pair) not in met_pairs, pair  # nobody meets the same person twice
                met_pairs.add(frozenset(pair))
            hello = bot.double.workspace.messages_in(conversation)[0]
            assert "To break the ice" in hello.text or "break the ice" in texts({"blocks": hello.blocks})
        # Half way: everyone but the ignorer answers "Did you meet?".
        clock.advance(timedelta(days=3, hours=12))
        await bot.intros_tick()
        for conversation, users in groups:
            question = next(m for m in bot.double.workspace.messages_in(conversation) if "did you meet" in m.text)
            for user in users:
                if user != IGNORER:
                    await bot.slack.click_button_in(
                        user, question.blocks, IntroAction.MET, message={"ts": question.ts}, channel_id=conversation
                    )
    assert not bot.dms("UOPTOUT") and not bot.dms("UAWAY")  # never DMed, never grouped

    clock.advance(first + timedelta(weeks=3) - clock.now())  # round 4: three ignored rounds are counted
    await bot.intros_tick()
    assert any("paused your intros" in m.text for m in bot.dms(IGNORER))
    assert IGNORER not in [u for _, users in await groups_of_round(bot, 4) for u in users]
    report = [m for m in bot.dms("UALICE") if "Round 4 of intros" in m.text]
    assert report and f"<@{IGNORER}>" in report[0].text

    shown = texts((await bot.slack.command("UALICE", "/circles", "intros")).last_reply())
    assert "4 round(s)" in shown and "met in 100% of the groups that answered" in shown
    insights = texts((await bot.slack.command("UALICE", "/circles", "admin")).last_reply())
    assert "Intros (90 days):* 4 rounds" in insights and "met in 100% of those that answered" in insights
    back = await bot.slack.command(IGNORER, "/circles", "intros resume")
    assert "Welcome back to intros" in texts(back.last_reply())


async def test_skip_pause_and_propose_times_from_the_group(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    channel = await channel_with_people(bot)
    await bot.slack.command("UALICE", "/circles", f"intros <#{channel}|intros> every 2 weeks groups of 3")
    added = await bot.slack.command("UALICE", "/circles", "icebreaker What's your favourite keyboard shortcut?")
    assert "Intro icebreakers you added:* 1" in texts(added.last_reply())
    refused = await bot.slack.command("UB1", "/circles", "icebreaker What's your favourite keyboard shortcut?")
    assert "Only Circles admins" in texts(refused.last_reply())
    clock.advance(datetime(2026, 10, 19, 14, tzinfo=UTC) - clock.now())
    await bot.intros_tick()
    [(conversation, users), *_] = await groups_of_round(bot, 1)
    hello: Any = bot.double.workspace.messages_in(conversation)[0]
    proposed = await bot.slack.click_button_in(
        users[0], hello.blocks, IntroAction.TIMES, message={"ts": hello.ts}, channel_id=conversation
    )
    assert proposed.response.status_code == 200
    times = [m for m in bot.double.workspace.messages_in(conversation) if "inside everyone's working hours" in m.text]
    assert len(times) == 1
    files = [m for m in bot.double.workspace.messages_in(conversation) if m.thread_ts == times[0].ts and m.files]
    assert len(files) == 3  # a calendar file for each time
    paused = await bot.slack.click_button_in(
        users[1], hello.blocks, IntroAction.PAUSE, message={"ts": hello.ts}, channel_id=conversation
    )
    assert "paused for you" in texts(paused.last_reply())
    clock.advance(timedelta(weeks=2))
    await bot.intros_tick()
    assert users[1] not in [u for _, people in await groups_of_round(bot, 2) for u in people]
