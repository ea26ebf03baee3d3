"""The ack benchmark's bookkeeping: which rounds count (issue 15: one paused VM decided a verdict)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

from bench.ack_latency import RETAKES, STALLED_SECONDS, STOLEN_PER_SECOND, Figures, Run, retaken, verdict

SECONDS = 10


def measuring(
    lates: list[float], failed: str | None = None, stolen: float = 0.0
) -> tuple[list[Run], Callable[[], Awaitable[Run]]]:
    taken: list[Run] = []
    each: Iterator[float] = iter(lates)

    async def measure() -> Run:
        run = Run("Circles, SQLite", replies=[0.004], sender_late=next(each), server_failed=failed, stolen=stolen)
        taken.append(run)
        return run

    return taken, measure


async def test_a_round_in_which_the_load_generator_stalled_is_taken_again() -> None:
    taken, measure = measuring([STALLED_SECONDS * 20, STALLED_SECONDS / 2])
    run = await retaken(measure, SECONDS)
    assert len(taken) == 2 and run is taken[1] and run.retaken == 1


async def test_a_round_is_kept_after_the_retakes_and_a_failed_server_is_not_retaken() -> None:
    taken, measure = measuring([STALLED_SECONDS * 20] * (RETAKES + 2))
    run = await retaken(measure, SECONDS)
    assert len(taken) == RETAKES + 1 and run.retaken == RETAKES
    taken, measure = measuring([STALLED_SECONDS * 20], failed="exited with 1")
    assert (await retaken(measure, SECONDS)).server_failed and len(taken) == 1


async def test_a_round_the_hypervisor_took_cpu_from_is_taken_again() -> None:
    taken, measure = measuring([0.0] * (RETAKES + 1), stolen=STOLEN_PER_SECOND * SECONDS * 2)
    assert (await retaken(measure, SECONDS)).retaken == RETAKES and len(taken) == RETAKES + 1
    taken, measure = measuring([0.0], stolen=STOLEN_PER_SECOND * SECONDS / 2)  # a quiet machine's share
    assert (await retaken(measure, SECONDS)).retaken == 0 and len(taken) == 1


def test_the_retakes_are_counted_and_the_verdict_holds_the_goal_per_rate() -> None:
    floor = Figures.of([Run("floor", acks=[0.014], replies=[0.004])])
    faster = Figures.of([Run("a", acks=[0.013], replies=[0.003], retaken=1), Run("a", acks=[0.013], replies=[0.003])])
    slower = Figures.of([Run("b", acks=[0.014], replies=[0.0045])])
    assert faster.retaken == 1
    assert verdict(200, floor, faster).startswith("met") and verdict(200, floor, slower).startswith("not met")
    assert verdict(100, floor, slower).startswith("met")  # 1.125x is within 1.3x
