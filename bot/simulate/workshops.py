"""A program event in the simulation: the first circle's organiser runs a workshop for their circle
with a few places; members answer the invitation (some land on the waitlist) and rate it afterwards."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.simulate.world import Persona
from bot.slack_double.workspace import Message
from bot.views.events.ids import Callback, EventAction, Field

if TYPE_CHECKING:
    from bot.simulate.runner import Simulation

PLACES = 4


async def announce(sim: Simulation) -> None:
    """`/circles event` and its form, as the organiser fills it in (a Thursday afternoon, their time)."""
    topic, people = next(iter(sim.circles.items()))
    organiser = sim.by_id[people[0]]
    await sim._command(organiser, "/circles", "event")
    view = sim._newest_view(Callback.EVENT)
    assert view is not None, "the event form didn't open"
    options = next(b for b in view["blocks"] if b["block_id"] == Field.CIRCLES)["element"]["options"]
    circle_id = next(o["value"] for o in options if o["text"]["text"] == topic)
    values = {
        Field.TITLE: f"{topic}: hands-on workshop",
        Field.DESCRIPTION: "Bring a laptop and a problem you're stuck on.",
        Field.DAY: (sim.clock.now() + timedelta(days=3)).date().isoformat(),
        Field.TIME: "16:00",
        Field.TZ: organiser.tz,
        Field.AUDIENCE: "circles",
        Field.CIRCLES: [circle_id],
        Field.CAPACITY: str(PLACES),
    }
    await sim.slack.submit_view(organiser.user_id, view["id"], values)
    sim._collect()


async def answer(sim: Simulation) -> None:
    """Members answer each new invitation in their circles' channels: most Going, some Maybe."""
    for topic, people in sim.circles.items():
        channel_id = sim.channels.get(topic)
        for message in sim.double.workspace.messages_in(channel_id) if channel_id else []:
            if message.ts in sim._rsvped or not _is_invitation(message):
                continue
            sim._rsvped.add(message.ts)
            for user_id in people:
                roll = sim.event_rng.random()
                choice = EventAction.GOING if roll < 0.6 else EventAction.MAYBE if roll < 0.8 else None
                if choice is not None:
                    await sim._click(sim.by_id[user_id], message, choice)
                    sim.counts["event answers"] += 1


async def rate(sim: Simulation, persona: Persona, question: Message) -> None:
    """The feedback question after the workshop: a score from the person's mood, 3 to 5."""
    if sim.event_rng.random() < persona.diligence:
        score = sim.event_rng.choice([3, 4, 4, 5])
        await sim._click(persona, question, f"{EventAction.RATE}_{score}")
        sim.counts["event ratings"] += 1


def _is_invitation(message: Message) -> bool:
    return any(b.get("block_id", "").endswith("-answers") for b in message.blocks or [])
