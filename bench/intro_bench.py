"""Benchmark: making one round of intro groups for 2,000 people (issue 19: under 2 s), against a
plain shuffle into groups of the same size, which is the floor (it ignores every rule).

Each person has a time zone (nine zones from UTC-8 to UTC+10), a team (or none), and who they met
in the last three rounds. Printed for each: seconds, groups, unplaced, the share of groups crossing
teams, and how many groups break a hard rule (fewer than two shared working hours, or a repeat).

Run: `.venv/bin/python -m bench.intro_bench [--people 2000] [--size 2]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from bot.services.grouping import MIN_OVERLAP, Candidate, Grouping, _common, _window, make_groups

ZONES = [-480, -300, -240, 0, 60, 120, 330, 540, 600]
TEAMS = ["Engineering", "Sales", "Operations", "Design", "People", ""]


def population(count: int, seed: int = 1) -> list[Candidate]:
    rng = random.Random(seed)
    people = [Candidate(i, f"U{i}", rng.choice(ZONES), rng.choice(TEAMS)) for i in range(count)]
    met: dict[int, set[int]] = {p.member_id: set() for p in people}
    for _ in range(3):  # three earlier rounds of random pairs
        order = list(range(count))
        rng.shuffle(order)
        for a, b in zip(order[::2], order[1::2], strict=False):
            met[a].add(b)
            met[b].add(a)
    return [
        Candidate(p.member_id, p.user_id, p.utc_offset_minutes, p.team, frozenset(met[p.member_id])) for p in people
    ]


def shuffled(people: list[Candidate], size: int) -> Grouping:
    order = list(people)
    random.Random(2).shuffle(order)
    return Grouping(groups=[order[i : i + size] for i in range(0, len(order) - size + 1, size)])


def quality(grouping: Grouping) -> tuple[float, int]:
    crossing = sum(1 for g in grouping.groups if len({p.team for p in g if p.team}) > 1)
    broken = sum(
        1
        for g in grouping.groups
        if _common([_window(p) for p in g]) < MIN_OVERLAP or any(q.member_id in p.recent for p in g for q in g)
    )
    return crossing / max(len(grouping.groups), 1), broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--size", type=int, default=2)
    args = parser.parse_args()
    people = population(args.people)
    errors = 0
    rows = []
    for name, build in (
        ("shuffle (floor)", lambda: shuffled(people, args.size)),
        ("Circles", lambda: make_groups(people, args.size, True, seed=1)),
    ):
        started = time.perf_counter()
        try:
            grouping = build()
        except Exception as error:  # a benchmark never crashes: it counts errors
            errors += 1
            print(f"{name}: failed: {error!r}")
            continue
        seconds = time.perf_counter() - started
        cross, broken = quality(grouping)
        rows.append((name, seconds, len(grouping.groups), len(grouping.unplaced), cross, broken))
    print(f"{args.people} people in groups of {args.size}")
    print(f"{'':18}{'seconds':>9}{'groups':>8}{'unplaced':>10}{'cross-team':>12}{'rule broken':>13}")
    for name, seconds, groups, unplaced, cross, broken in rows:
        print(f"{name:18}{seconds:9.3f}{groups:8d}{unplaced:10d}{cross:12.0%}{broken:13d}")
    ours = next((r for r in rows if r[0] == "Circles"), None)
    met = ours is not None and ours[1] < 2.0 and ours[5] == 0
    print(f"goal: under 2 s with no rule broken: {'met' if met else 'not met'}; errors: {errors}")
    return 0 if met and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
