"""Intro grouping: the hard rules always hold (two shared working hours, no recent repeat), everyone
who can be placed is, and the same inputs give the same groups."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.intro_bench import population
from bot.services.grouping import MIN_OVERLAP, Candidate, _common, _window, make_groups

OFFSETS = [-480, -300, 0, 60, 330, 540]


@st.composite
def people(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(0, 24))
    found = []
    for n in range(count):
        recent = draw(st.frozensets(st.integers(0, max(count - 1, 0)), max_size=3)) - {n}
        found.append(
            Candidate(n, f"U{n}", draw(st.sampled_from(OFFSETS)), draw(st.sampled_from(["A", "B", ""])), recent)
        )
    # Meeting is mutual: if n met m, m met n.
    met = {p.member_id: set(p.recent) for p in found}
    for p in found:
        for other in p.recent:
            met.setdefault(other, set()).add(p.member_id)
    return [Candidate(p.member_id, p.user_id, p.utc_offset_minutes, p.team, frozenset(met[p.member_id])) for p in found]


@settings(max_examples=150, deadline=None)
@given(everyone=people(), size=st.integers(2, 4))
def test_every_group_keeps_the_rules_and_everyone_is_placed_once(everyone: list[Candidate], size: int) -> None:
    result = make_groups(everyone, size, cross_team=True, seed=5)
    placed = [p.member_id for group in result.groups for p in group]
    assert sorted(placed + [p.member_id for p, _ in result.unplaced]) == sorted(p.member_id for p in everyone)
    for group in result.groups:
        assert size <= len(group) <= size + 1
        assert _common([_window(p) for p in group]) >= MIN_OVERLAP
        for a, b in itertools.combinations(group, 2):
            assert b.member_id not in a.recent
    assert all(why for _, why in result.unplaced)


def test_the_same_inputs_give_the_same_groups_and_cross_teams_when_asked() -> None:
    everyone = population(300)
    first = make_groups(everyone, 2, cross_team=True, seed=9)
    again = make_groups(list(everyone), 2, cross_team=True, seed=9)
    assert [[p.member_id for p in g] for g in first.groups] == [[p.member_id for p in g] for g in again.groups]
    crossing = sum(1 for g in first.groups if len({p.team for p in g if p.team}) > 1)
    plain = make_groups(everyone, 2, cross_team=False, seed=9)
    crossing_plain = sum(1 for g in plain.groups if len({p.team for p in g if p.team}) > 1)
    assert crossing > crossing_plain


def test_someone_who_shares_no_hours_with_anyone_is_reported_with_the_reason() -> None:
    alone = Candidate(1, "UFAR", 600)  # UTC+10 alone among people in UTC-5
    others = [Candidate(n, f"U{n}", -300) for n in range(2, 6)]
    result = make_groups([alone, *others], 2)
    assert result.unplaced == [(alone, "nobody else shares two working hours with them")]
