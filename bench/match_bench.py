"""Benchmark: 2,000 mentees by 500 mentors (capacity 1 to 5) matched exactly, against a random baseline.

Run: `.venv/bin/python -m bench.match_bench` (add `--mentees N --mentors M` to resize).
Prints the matching time against the 2 s target and the random baseline's time (same run, same
machine), and the quality ratio against random pairings.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bot.services.matching import Person, match, quality, random_baseline

SKILLS = [f"skill-{n}" for n in range(60)]
INTERESTS = [f"interest-{n}" for n in range(40)]
DEPARTMENTS = ["Engineering", "Design", "Sales", "Marketing", "Finance", "People", "Support", "Legal"]
TRACKS = ["technical", "leadership", "project management", "other"]
OFFSETS = [-8, -5, -3, 0, 1, 2, 5.5, 8, 9, 13]


def population(mentees: int, mentors: int, seed: int = 42) -> list[Person]:
    rng = np.random.default_rng(seed)
    people = []
    for n in range(mentors + mentees):
        is_mentor = n < mentors
        people.append(
            Person(
                member_id=n,
                user_id=f"U{n:05d}",
                role="mentor" if is_mentor else "mentee",
                department=str(rng.choice(DEPARTMENTS)),
                seniority=int(rng.integers(3, 6) if is_mentor else rng.integers(1, 4)),
                career_track=str(rng.choice(TRACKS)),
                interests=frozenset(rng.choice(INTERESTS, 3, replace=False)),
                offers=frozenset(rng.choice(SKILLS, 5, replace=False)) if is_mentor else frozenset(),
                wants=frozenset(rng.choice(SKILLS, 2, replace=False)) if not is_mentor else frozenset(),
                tz_offset=int(float(rng.choice(OFFSETS)) * 3600),
                capacity=int(rng.integers(1, 6)) if is_mentor else 0,
                reverse_ok=bool(rng.random() < 0.2),
                department_preference=str(rng.choice(["any"] * 8 + ["same", "other"])),
            )
        )
    return people


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    args = parser.parse_args()
    people = population(args.mentees, args.mentors)
    slots = sum(p.capacity for p in people if p.mentors)

    started = time.perf_counter()
    baseline = random_baseline(people, trials=1)
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    result = match(people)
    seconds = time.perf_counter() - started
    matched = quality(result.pairs)

    print(f"{args.mentees} mentees x {args.mentors} mentors ({slots} places)")
    print(f"matching:        {seconds:.2f} s   target 2.00 s   ratio to target {seconds / 2:.2f}")
    print(f"random baseline: {baseline_seconds:.2f} s   matching / random time {seconds / baseline_seconds:.2f}x")
    print(f"pairs: {len(result.pairs)}   unmatched: {len(result.unmatched)}")
    ratio = matched.mean_score / baseline.mean_score
    print(f"mean score:        {matched.mean_score:.2f} vs random {baseline.mean_score:.2f}  ratio {ratio:.2f}x")
    print(f"cross-department:  {matched.cross_department:.0%} vs random {baseline.cross_department:.0%}")
    print(f"skill coverage:    {matched.skill_coverage:.0%} vs random {baseline.skill_coverage:.0%}")


if __name__ == "__main__":
    main()
