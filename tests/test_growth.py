"""Growth through the real app and the Slack double: rating one's skills (a mentor only with the
mentee's consent), the three-monthly question, the half-yearly evaluation with one reminder, the
outcome report's skill growth from those ratings, and the opt-in monthly leadership summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.clock import FixedClock
from bot.db.models import Evaluation, SkillRating
from bot.services import outcomes
from bot.views import evaluations as evaluation_views
from bot.views import skills as skill_views
from bot.views.skills import SkillAction
from jobs.member_sync import sync_members
from jobs.outcomes import run_outcomes
from tests.harness import Harness, texts
from tests.test_catch_up import published


def newest_view(bot: Harness, callback_id: str) -> dict[str, Any]:
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == callback_id)


async def rate(bot: Harness, user: str, levels: list[str], consent: list[str] | None = None) -> Any:
    opened = await bot.slack.command(user, "/circles", "skills")
    assert opened.response.status_code == 200
    form = newest_view(bot, skill_views.CALLBACK_ID)
    values: dict[str, Any] = {f"skill_{n}": level for n, level in enumerate(levels)}
    if consent is not None:
        values[skill_views.CONSENT] = consent
    return await bot.slack.submit_view(user, form["id"], values)


async def tick(bot: Harness) -> int:
    return await run_outcomes(bot.deps, bot.deps.gateways(bot.client))


async def test_people_rate_their_skills_and_a_mentor_only_with_the_mentees_consent(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await published(bot, clock)  # Alice mentors Bob, who wants to grow "sql"
    nothing = await bot.slack.command("UCAROL", "/circles", "skills")
    assert "nothing to rate yet" in texts(nothing.last_reply())

    await bot.slack.command("UBOB", "/goal", "set Present at the all-hands")
    await rate(bot, "UBOB", ["2", "1"], consent=[])
    assert sorted((r.skill, r.score) for r in await bot.rows(SkillRating)) == [
        ("present at the all-hands", 1),
        ("sql", 2),
    ]
    mentor_view = (await bot.slack.command("UALICE", "/mentor", "me")).last_reply()
    assert "Rate" not in texts(mentor_view)  # no consent: no button
    [[pair_id, _]] = [
        (b["value"], b)
        for blk in mentor_view["blocks"]
        if blk.get("type") == "actions"
        for b in blk["elements"]
        if b["action_id"] == "project_plan"
    ]
    views_before = len(bot.double.workspace.views)
    refused = await bot.slack.click("UALICE", SkillAction.RATE_MENTEE, pair_id)
    assert "Only with <@UBOB>'s consent" in texts(refused.last_reply())
    assert len(bot.double.workspace.views) == views_before  # refused before any form opened

    await rate(bot, "UBOB", ["3"], consent=["yes"])
    mentor_view = (await bot.slack.command("UALICE", "/mentor", "me")).last_reply()
    await bot.slack.click_button_in("UALICE", mentor_view["blocks"], SkillAction.RATE_MENTEE)
    form = newest_view(bot, skill_views.CALLBACK_ID)
    assert "<@UBOB>" in texts(form)
    saved = await bot.slack.submit_view("UALICE", form["id"], {"skill_0": "4"})
    assert not saved.response.content
    by_mentor = [r for r in await bot.rows(SkillRating) if r.rater_member_id is not None]
    assert [(r.skill, r.score) for r in by_mentor] == [("sql", 4)]


async def test_joining_a_circle_offers_the_form_and_members_are_asked_again_every_three_months(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/goal", "set Write a macro")
    joined = await bot.slack.command("UBOB", "/circle", "join rust")
    await bot.slack.click_button_in("UBOB", joined.last_reply()["blocks"], SkillAction.RATE)
    assert "Write a macro" in texts(newest_view(bot, skill_views.CALLBACK_ID))

    def asked() -> list[Any]:
        return [m for m in bot.dms("UBOB") if "Three months of learning" in m.text]

    clock.advance(timedelta(days=90))
    await tick(bot)
    assert asked() == []
    clock.advance(timedelta(days=2))
    await tick(bot)
    await tick(bot)  # a second run asks nobody twice
    assert len(asked()) == 1
    clock.advance(timedelta(days=92))
    await tick(bot)
    assert len(asked()) == 2


async def test_skill_growth_in_the_outcome_report_comes_from_ratings_and_needs_five_people(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    people = [f"U0{n}" for n in range(1, 6)]
    for user in people:
        bot.double.workspace.add_user(user, user.lower(), tz="UTC")
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in people:
        await bot.slack.command(user, "/circle", "join rust")
        await bot.slack.command(user, "/goal", "set Write a macro")
        await rate(bot, user, ["2"])
    clock.advance(timedelta(days=95))
    for user, later in zip(people, ["4", "3", "3", "2", "5"], strict=True):
        await rate(bot, user, [later])
    async with bot.deps.db.session() as session:
        report = await outcomes.report(session, bot.team_id, clock.now())
    rust = next(s for s in report.circles if s.name == "Rust")
    assert rust.figures["skill_growth"] == outcomes.Figure(1.4, 5)  # (2 + 1 + 1 + 0 + 3) / 5
    assert rust.skill_changes == {0: 1, 1: 2, 2: 1, 3: 1}
    await bot.slack.command("U05", "/circles", "delete-my-data")
    confirm = newest_view(bot, "delete_my_data_modal")
    await bot.slack.submit_view("U05", confirm["id"], {})
    async with bot.deps.db.session() as session:
        report = await outcomes.report(session, bot.team_id, clock.now())
    rust = next(s for s in report.circles if s.name == "Rust")
    assert rust.figures["skill_growth"] == outcomes.Figure(None, 4)  # four people: <5


async def test_the_half_yearly_evaluation_asks_once_and_reminds_once(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in ("UBOB", "UCAROL"):
        await bot.slack.command(user, "/circle", "join rust")
    refused = await bot.slack.command("UBOB", "/circles", "evaluations 11")
    assert "Only Circles admins" in texts(refused.last_reply())
    changed = await bot.slack.command("UALICE", "/circles", "evaluations 11")
    assert "Half-yearly evaluations in months:* Nov" in texts(changed.last_reply())

    def asks(user: str, lead: str) -> list[Any]:
        return [m for m in bot.dms(user) if lead in m.text]

    clock.advance(datetime(2026, 11, 20, 10, tzinfo=UTC) - clock.now())  # 11:00 Berlin, 15:30 Kolkata, 05:00 NY
    await tick(bot)
    await tick(bot)
    assert len(asks("UBOB", "Half-year check")) == 1 and len(asks("UCAROL", "Half-year check")) == 1
    assert asks("UALICE", "Half-year check") == []  # 05:00 in New York: asked later, in her working hours
    [dm] = asks("UBOB", "Half-year check")
    await bot.slack.click_button_in("UBOB", dm.blocks, evaluation_views.OPEN, message={"ts": dm.ts})
    form = newest_view(bot, evaluation_views.CALLBACK_ID)
    await bot.slack.submit_view(
        "UBOB", form["id"], {evaluation_views.Field.USEFULNESS: "5", evaluation_views.Field.CHANGED: "I ship faster"}
    )
    [answered] = [e for e in await bot.rows(Evaluation) if e.answered_at is not None]
    assert (answered.usefulness, answered.changed, answered.recommend) == (5, "I ship faster", True)

    clock.advance(timedelta(days=7))
    await tick(bot)
    await tick(bot)
    assert len(asks("UCAROL", "gentle reminder")) == 1 and asks("UBOB", "gentle reminder") == []


async def test_the_monthly_summary_goes_to_the_leadership_channel_once(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await sync_members(bot.deps, bot.deps.gateways(bot.client))  # Slack says who the admins are
    await bot.slack.command("UALICE", "/circle", "create Rust")
    shown = await bot.slack.command("UALICE", "/circles", "leadership-channel <#CGENERAL|general>")
    assert "Monthly summary (aggregates only) posted in:* <#CGENERAL>" in texts(shown.last_reply())

    def summaries() -> list[Any]:
        return [m for m in bot.double.workspace.posts_in("CGENERAL") if m.text.startswith("Circles this month")]

    clock.advance(datetime(2026, 11, 1, 8, 59, tzinfo=UTC) - clock.now())
    await tick(bot)
    assert summaries() == []
    clock.advance(timedelta(minutes=1))
    await tick(bot)
    await tick(bot)
    [summary] = summaries()
    assert "*Rust* (<5)" in texts({"blocks": summary.blocks})  # aggregates only, withheld below five
    chart = [m for m in bot.double.workspace.messages_in("CGENERAL") if m.thread_ts == summary.ts and m.files]
    assert len(chart) == 1
