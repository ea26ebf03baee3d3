"""Introductions' groups: chosen, not shuffled.

Hard rules: nobody meets someone they met in the last rounds, and everyone in a group shares at
least two working hours (09:00-17:00 in each one's time zone). Objective, within those rules: place
as many people as possible, then prefer groups that cross teams (when asked) and share more hours.
Heuristic: the most constrained person left (fewest possible partners) seeds a group, which takes
the best-scoring feasible person left until it is full; a few left over join a group that can take
them (a pair becomes a trio); whoever is still left is reported with the reason. Pairwise
feasibility is one numpy matrix, so 2,000 people take well under a second (`bench.intro_bench`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

WORKDAY = 8 * 60  # minutes from 09:00 to 17:00
MIN_OVERLAP = 2 * 60  # minutes every group shares
CROSS_TEAM, HOURS = 2.0, 0.25  # score: a new team in the group (beats any hours); each shared hour


@dataclass(frozen=True)
class Candidate:
    member_id: int
    user_id: str
    utc_offset_minutes: int = 0  # minutes east of UTC
    team: str = ""  # department, when known
    recent: frozenset[int] = frozenset()  # member ids met in the last rounds


@dataclass
class Grouping:
    groups: list[list[Candidate]] = field(default_factory=list)
    unplaced: list[tuple[Candidate, str]] = field(default_factory=list)


def _window(candidate: Candidate) -> int:
    """Where the person's working day starts, in UTC minutes of the day."""
    return (9 * 60 - candidate.utc_offset_minutes) % 1440


def _overlap(a: int, b: int) -> int:
    """Minutes shared by two working days starting at UTC minutes `a` and `b` (either may wrap)."""
    best = 0
    for shift in (-1440, 0, 1440):
        best = max(best, min(a, b + shift) + WORKDAY - max(a, b + shift))
    return max(best, 0)


def _common(starts: list[int]) -> int:
    """Minutes shared by everyone's working day (each start placed on the day closest to the first's)."""
    first = starts[0]
    placed = [min((s + shift for shift in (-1440, 0, 1440)), key=lambda v: abs(v - first)) for s in starts]
    return max(0, min(placed) + WORKDAY - max(placed))


def make_groups(people: list[Candidate], size: int = 2, cross_team: bool = True, seed: int = 0) -> Grouping:
    result = Grouping()
    if size < 2:
        raise ValueError("groups have at least two people")
    n = len(people)
    if n == 0:
        return result
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)  # the same inputs and seed give the same groups; a new round, new ties
    people = [people[i] for i in order]
    starts = np.array([_window(p) for p in people])
    unique, index = np.unique(starts, return_inverse=True)
    shared = np.array([[_overlap(int(a), int(b)) for b in unique] for a in unique])[np.ix_(index, index)]
    feasible = shared >= MIN_OVERLAP
    np.fill_diagonal(feasible, False)
    position = {p.member_id: i for i, p in enumerate(people)}
    for i, person in enumerate(people):
        for other in person.recent:
            j = position.get(other)
            if j is not None:
                feasible[i, j] = feasible[j, i] = False
    codes: dict[str, int] = {"": 0}
    teams = np.array([codes.setdefault(p.team, len(codes)) for p in people])
    left = np.ones(n, dtype=bool)
    options = feasible.sum(axis=1)  # possible partners still left, kept up to date as people are placed
    made: list[list[int]] = []

    def place(indices: list[int]) -> None:
        left[indices] = False
        options[:] -= feasible[:, indices].sum(axis=1)

    while left.sum() >= size:
        seed_index = int(np.argmin(np.where(left, options, n + 1)))
        if options[seed_index] == 0:
            place([seed_index])
            result.unplaced.append((people[seed_index], _why(people[seed_index], shared[seed_index])))
            continue
        group = [seed_index]
        ok = feasible[seed_index] & left
        while len(group) < size and ok.any():
            score = HOURS * shared[group[0]] / 60
            if cross_team:
                fresh = np.ones(n, dtype=bool)
                for member in group:
                    fresh &= (teams != teams[member]) | (teams == 0)
                score = score + CROSS_TEAM * fresh
            pick = int(np.argmax(np.where(ok, score, -np.inf)))
            if _common([int(starts[m]) for m in [*group, pick]]) < MIN_OVERLAP:
                ok[pick] = False
                continue
            group.append(pick)
            ok &= feasible[pick]
        if len(group) < size:
            place([seed_index])
            result.unplaced.append((people[seed_index], "nobody left in this round could join their group"))
            continue
        place(group)
        made.append(group)
    for i in np.flatnonzero(left):  # one or two left over: a group that can take them grows by one
        home = next(
            (
                g
                for g in made
                if len(g) == size
                and all(feasible[i, m] for m in g)
                and _common([int(starts[m]) for m in [*g, i]]) >= MIN_OVERLAP
            ),
            None,
        )
        if home is not None:
            home.append(int(i))
        else:
            result.unplaced.append((people[i], _why(people[i], shared[i], bool(feasible[i].any()))))
    result.groups = [[people[m] for m in g] for g in made]
    return result


def _why(person: Candidate, shared: np.ndarray, has_partner: bool = False) -> str:
    if has_partner:
        return "the people they could meet were all in full groups (odd numbers)"
    if (shared >= MIN_OVERLAP).sum() <= 1:  # only themselves
        return "nobody else shares two working hours with them"
    return "they met everyone who shares their working hours in the last rounds"
