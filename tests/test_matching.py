"""Matching: hard rules always hold, the total is optimal (brute force on small instances),
the output is deterministic, and the explanations name the real reasons."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.match_bench import population
from bot.services.matching import (
    Person,
    feasibility,
    forbidden,
    match,
    quality,
    random_baseline,
    score,
    score_matrix,
)
from tests import matching_reference

SKILLS = ["python", "sql", "leadership", "design", "public speaking"]
DEPARTMENTS = ["Eng", "Design", "Sales", ""]
TRACKS = ["technical", "leadership", "project management", "other"]


@st.composite
def people(draw: st.DrawFn, max_size: int = 7) -> list[Person]:
    count = draw(st.integers(1, max_size))
    users = [f"U{n}" for n in range(count)]
    found = []
    for n in range(count):
        found.append(
            Person(
                member_id=n,
                user_id=users[n],
                role=draw(st.sampled_from(["mentor", "mentee", "both"])),
                department=draw(st.sampled_from(DEPARTMENTS)),
                seniority=draw(st.integers(1, 5)),
                career_track=draw(st.sampled_from(TRACKS)),
                interests=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=3))),
                offers=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=3))),
                wants=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=3))),
                tz_offset=draw(st.sampled_from([-8 * 3600, -5 * 3600, 0, 3600, 19800, 13 * 3600])),
                capacity=draw(st.integers(0, 2)),
                reverse_ok=draw(st.booleans()),
                department_preference=draw(st.sampled_from(["any", "any", "same", "other"])),
                avoid=frozenset(draw(st.lists(st.sampled_from(users), max_size=1))),
                manager=draw(st.one_of(st.none(), st.sampled_from(users))),
                opted_out=draw(st.booleans()) and draw(st.booleans()),
            )
        )
    return found


def history_of(everyone: list[Person], picks: list[tuple[int, int]]) -> set[tuple[int, int]]:
    n = len(everyone)
    return {(a % n, b % n) for a, b in picks}


def brute_force_best(everyone: list[Person], history: set[tuple[int, int]]) -> float:
    mentors = [p for p in everyone if p.mentors]
    mentees = [p for p in everyone if p.mentored]
    best = 0.0

    def place(i: int, room: dict[int, int], total: float) -> None:
        nonlocal best
        if i == len(mentees):
            best = max(best, total)
            return
        place(i + 1, room, total)  # leave this mentee unmatched
        for mentor in mentors:
            if room[mentor.member_id] > 0 and forbidden(mentor, mentees[i], history) is None:
                room[mentor.member_id] -= 1
                place(i + 1, room, total + score(mentor, mentees[i])[0])
                room[mentor.member_id] += 1

    place(0, {m.member_id: m.capacity for m in mentors}, 0.0)
    return best


@settings(max_examples=150, deadline=None)
@given(people(), st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=3))
def test_hard_rules_hold_and_the_total_is_optimal(everyone: list[Person], picks: list[tuple[int, int]]) -> None:
    history = history_of(everyone, picks)
    result = match(everyone, history)
    used: dict[int, int] = {}
    matched = set()
    for pair in result.pairs:
        assert forbidden(pair.mentor, pair.mentee, history) is None
        assert pair.mentee.member_id not in matched
        matched.add(pair.mentee.member_id)
        used[pair.mentor.member_id] = used.get(pair.mentor.member_id, 0) + 1
        assert used[pair.mentor.member_id] <= pair.mentor.capacity
    assert result.total == pytest.approx(brute_force_best(everyone, history), abs=1e-4)
    assert {m.member_id for m, _ in result.unmatched}.isdisjoint(matched)


@settings(max_examples=60, deadline=None)
@given(people(max_size=30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=6))
def test_the_total_equals_the_previous_implementations(everyone: list[Person], picks: list[tuple[int, int]]) -> None:
    """Beyond brute force's reach: the fast assignment reaches the frozen old one's best total."""
    history = history_of(everyone, picks)
    assert match(everyone, history).total == pytest.approx(matching_reference.best_total(everyone, history), abs=1e-4)


@pytest.mark.parametrize(("mentees", "mentors"), [(2000, 500), (5000, 1500)])
def test_the_benchmark_instances_total_what_the_previous_implementation_did(mentees: int, mentors: int) -> None:
    everyone = population(mentees, mentors)
    result = match(everyone)
    assert result.total == pytest.approx(matching_reference.best_total(everyone), rel=1e-12)
    assert len({p.mentee.member_id for p in result.pairs}) == len(result.pairs)


@settings(max_examples=60, deadline=None)
@given(people(max_size=10))
def test_vectorised_scores_and_rules_equal_the_pairwise_ones(everyone: list[Person]) -> None:
    mentors = [p for p in everyone if p.mentors]
    mentees = [p for p in everyone if p.mentored]
    if not mentors or not mentees:
        return
    matrix = score_matrix(mentors, mentees)
    allowed = feasibility(mentors, mentees, set())
    for (i, mentee), (j, mentor) in itertools.product(enumerate(mentees), enumerate(mentors)):
        assert matrix[i, j] == pytest.approx(score(mentor, mentee)[0], abs=1e-4)
        assert allowed[i, j] == (forbidden(mentor, mentee, set()) is None)


@settings(max_examples=40, deadline=None)
@given(people())
def test_same_input_same_output(everyone: list[Person]) -> None:
    first = match(everyone)
    again = match(list(reversed(everyone)))
    assert [(p.mentor.member_id, p.mentee.member_id) for p in first.pairs] == [
        (p.mentor.member_id, p.mentee.member_id) for p in again.pairs
    ]


def test_explanations_name_the_real_reasons() -> None:
    mentor = Person(
        1,
        "UM",
        role="mentor",
        department="Eng",
        seniority=4,
        career_track="technical",
        interests=frozenset({"chess"}),
        offers=frozenset({"sql", "python"}),
        tz_offset=3600,
    )
    mentee = Person(
        2,
        "UE",
        role="mentee",
        department="Design",
        seniority=2,
        career_track="technical",
        interests=frozenset({"chess", "music"}),
        wants=frozenset({"sql", "go"}),
        tz_offset=0,
    )
    [pair] = match([mentor, mentee]).pairs
    assert pair.reasons == (
        "can help with sql",
        "shared interests: chess",
        "both on the technical track",
        "7 working hours overlap",
        "crosses departments (Eng → Design)",
        "2 levels more senior",
    )
    assert pair.score == pytest.approx(3 + 1 + 2 + 2 * 7 / 8 + 1 + 2)


def test_each_hard_rule_is_explained_for_the_unmatched() -> None:
    boss = Person(1, "UB", role="mentor", seniority=5, offers=frozenset({"sql"}))
    report = Person(2, "UR", role="mentee", seniority=2, wants=frozenset({"sql"}), manager="UB")
    result = match([boss, report])
    assert result.pairs == []
    assert result.unmatched[0][1] == "no mentor fits the rules: direct manager (1)"
    junior = Person(3, "UJ", role="mentor", seniority=1, offers=frozenset({"tiktok"}), reverse_ok=True)
    exec_ = Person(4, "UX", role="mentee", seniority=5, wants=frozenset({"tiktok"}), reverse_ok=True)
    [pair] = match([junior, exec_]).pairs
    assert "reverse mentoring: 4 levels junior, strong where it counts" in pair.reasons
    assert match([junior, Person(4, "UX", role="mentee", seniority=5)]).pairs == []  # not opted into reverse


def test_locked_pairs_stay_and_broken_pairs_are_not_proposed_again() -> None:
    mentors = [Person(n, f"UM{n}", role="mentor", seniority=4, offers=frozenset({"sql"})) for n in (1, 2)]
    mentees = [Person(n, f"UE{n}", role="mentee", seniority=2, wants=frozenset({"sql"})) for n in (3, 4)]
    free = match([*mentors, *mentees])
    locked = match([*mentors, *mentees], locked={(1, 4)})
    assert (1, 4) in {(p.mentor.member_id, p.mentee.member_id) for p in locked.pairs}
    assert "locked by an admin" in next(p for p in locked.pairs if p.mentee.member_id == 4).reasons
    broken = match([*mentors, *mentees], broken={(p.mentor.member_id, p.mentee.member_id) for p in free.pairs})
    assert not {(p.mentor.member_id, p.mentee.member_id) for p in broken.pairs} & {
        (p.mentor.member_id, p.mentee.member_id) for p in free.pairs
    }


def test_matching_beats_the_random_baseline() -> None:
    rng = np.random.default_rng(3)
    everyone = [
        Person(
            n,
            f"U{n}",
            role="mentor" if n < 20 else "mentee",
            department=DEPARTMENTS[int(rng.integers(3))],
            seniority=4 if n < 20 else 2,
            offers=frozenset(rng.choice(SKILLS, 2, replace=False)) if n < 20 else frozenset(),
            wants=frozenset(rng.choice(SKILLS, 1)) if n >= 20 else frozenset(),
            capacity=3,
        )
        for n in range(80)
    ]
    matched = quality(match(everyone).pairs)
    baseline = random_baseline(everyone)
    assert matched.mean_score > baseline.mean_score
    assert matched.skill_coverage >= baseline.skill_coverage


def test_a_mentors_earlier_fit_is_a_soft_term_named_in_the_reasons() -> None:
    mentee = Person(1, "UM", "mentee", wants=frozenset({"sql"}), interests=frozenset({"chess"}))
    # Without feedback the first mentor wins (one more shared interest); their mentees rated them a
    # poor fit, the second a good one, and that decides it.
    poor = Person(2, "UP", "mentor", offers=frozenset({"sql"}), interests=frozenset({"chess"}), fit=2.0)
    good = Person(3, "UG", "mentor", offers=frozenset({"sql"}), fit=4.5)
    assert match([mentee, replace(poor, fit=None), replace(good, fit=None)]).pairs[0].mentor.user_id == "UP"
    [pair] = match([mentee, poor, good]).pairs
    assert pair.mentor.user_id == "UG" and "earlier mentees rated them a good fit (4.5 of 5)" in pair.reasons
    everyone = [poor, good]
    assert np.allclose(score_matrix(everyone, [mentee])[0], [score(m, mentee)[0] for m in everyone])
    # A poor fit never makes a pair worse than none: the only mentor is still proposed.
    [alone] = match([mentee, poor]).pairs
    assert alone.mentor.user_id == "UP" and alone.score < score(replace(poor, fit=None), mentee)[0]


def test_a_pair_rated_a_poor_fit_is_never_proposed_again_and_the_preview_says_why() -> None:
    mentor = Person(1, "UA", "mentor", offers=frozenset({"sql"}))
    mentee = Person(2, "UB", "mentee", wants=frozenset({"sql"}))
    result = match([mentor, mentee], poor_fit={(1, 2)})
    assert result.pairs == []
    assert result.unmatched == [(mentee, "no mentor fits the rules: rated a poor fit in an earlier cycle (1)")]
