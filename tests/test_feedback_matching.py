"""Feedback reaches matching, through the real app: a pair rated a poor fit in cycle 1 is not
proposed in cycle 2, and the preview says why."""

from __future__ import annotations

from bot.clock import FixedClock
from bot.db.models import MentorProgram
from bot.services.mentorship import ProgramForm
from tests.harness import Harness, texts
from tests.test_catch_up import published


async def test_a_bad_fit_pair_from_cycle_one_is_not_proposed_in_cycle_two(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await published(bot, clock)  # Spring: Alice mentors Bob
    [spring] = await bot.rows(MentorProgram)
    flows = bot.deps.mentorship(bot.client, bot.team_id)
    await flows.save_survey(bot.team_id, "UBOB", spring.id, "end", {"useful": 2, "fit": 1, "continue": "no"})

    await flows.create_program(bot.team_id, "UALICE", ProgramForm("Autumn", "", 6, 30, clock.now().date(), []))
    for user in ("UALICE", "UBOB"):
        await flows.join(bot.team_id, user, "Autumn")
    preview = await bot.slack.command("UALICE", "/mentor", "preview Autumn")
    shown = texts(preview.last_reply())
    assert "rated a poor fit in an earlier cycle" in shown
    proposal = await flows.preview(bot.team_id, "UALICE", "Autumn")
    assert proposal.result.pairs == []
