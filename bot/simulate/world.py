"""The demo workspace of `circles simulate`: people with names, time zones and habits, drawn from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.slack_double.workspace import Workspace

FIRST_NAMES = [
    "Amara",
    "Bruno",
    "Chen",
    "Dalia",
    "Emeka",
    "Freya",
    "Gustavo",
    "Hana",
    "Ines",
    "Jonas",
    "Kavya",
    "Liam",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rafael",
    "Sofia",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bea",
    "Carlos",
    "Dev",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Isla",
    "Jamal",
]
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo"]
TOPICS = ["Rust", "Public speaking", "Data visualisation", "Design systems", "Go", "Negotiation", "SQL", "Writing"]
VALUES = ["Curiosity", "Ownership", "Kindness"]
LEARNED = [
    "how {topic} handles errors",
    "a better way to structure my notes on {topic}",
    "that explaining {topic} to someone else is the fastest way to learn it",
    "three patterns from the {topic} guide",
    "where my gaps in {topic} are",
]
BLOCKERS = ["", "", "", "not enough time this week", "stuck on the exercises", "meetings ate my focus time"]
THANKS = ["for the great session", "for pairing with me", "for the clear explanation", "for sharing resources"]


@dataclass(frozen=True)
class Persona:
    """One simulated member and how they tend to behave."""

    user_id: str
    name: str
    tz: str
    diligence: float  # chance of answering a check-in prompt
    generosity: float  # chance per day of giving kudos
    leads: float  # chance of accepting a leader request
    sets_goal: bool


def people(count: int, rng: random.Random) -> list[Persona]:
    names = (FIRST_NAMES * (count // len(FIRST_NAMES) + 1))[:count]
    return [
        Persona(
            user_id=f"USIM{n:04d}",
            name=name if n < len(FIRST_NAMES) else f"{name} {n // len(FIRST_NAMES) + 1}",
            tz=rng.choice(ZONES),
            diligence=rng.choice([0.95, 0.85, 0.7, 0.5, 0.2]),
            generosity=rng.choice([0.15, 0.08, 0.03, 0.0]),
            leads=rng.choice([0.9, 0.7, 0.4]),
            sets_goal=rng.random() < 0.85,
        )
        for n, name in enumerate(names)
    ]


def populate(workspace: Workspace, personas: list[Persona]) -> None:
    """Everyone in the workspace and in #general; the first person is a workspace admin."""
    for n, persona in enumerate(personas):
        workspace.add_user(
            persona.user_id,
            persona.name.lower().replace(" ", "."),
            real_name=persona.name,
            tz=persona.tz,
            is_admin=n == 0,
        )
    general = workspace.add_channel("general", members={*(p.user_id for p in personas), workspace.bot_user_id})
    workspace.channels["CGENERAL"] = workspace.channels.pop(general.id)
    workspace.channels["CGENERAL"].id = "CGENERAL"
