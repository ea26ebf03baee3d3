"""Introductions: every week, two weeks or four, the members of a channel (or a circle's channel) who
haven't opted out are put in small groups to meet, chosen by `bot.services.grouping`.

By concern: `config` (who turns them on where, how often, in what groups; the overview), `rounds`
(when a round is due, closing the last one, making the new one's groups, opening their group DMs,
the halfway "Did you meet?"), `answers` (what people say and do: met, not yet, skipped, pause,
resume), `figures` (insights and data rights).
"""

from __future__ import annotations

from bot.services.intros import config
from bot.services.intros.answers import answer, pause, resume
from bot.services.intros.config import IntroOverview, IntroSettings, configure, overview, turn_off
from bot.services.intros.rounds import (
    GroupIntro,
    RoundMade,
    checkins_due,
    configs_due,
    groups_to_open,
    record_conversation,
    start_round,
)

__all__ = [
    "GroupIntro",
    "IntroOverview",
    "IntroSettings",
    "RoundMade",
    "answer",
    "checkins_due",
    "config",
    "configs_due",
    "configure",
    "groups_to_open",
    "overview",
    "pause",
    "record_conversation",
    "resume",
    "start_round",
    "turn_off",
]
