"""The leader rotation: examples, and hypothesis properties over random runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.rotation import Candidate, choose, credit_for_newcomer, queue

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def member(n: int, turns: int = 0, **kw: object) -> Candidate:
    return Candidate(member_id=n, user_id=f"U{n}", joined_at=T0 + timedelta(days=n), turns=turns, **kw)  # type: ignore[arg-type]


def test_fewest_turns_first_then_longest_wait_then_earliest_joiner() -> None:
    a = member(1, turns=1, last_led_at=T0 + timedelta(days=30))
    b = member(2, turns=1, last_led_at=T0 + timedelta(days=10))
    c = member(3, turns=0)
    d = member(4, turns=0)
    assert [e.candidate.member_id for e in queue([a, b, c, d])] == [3, 4, 2, 1]
    assert choose([a, b, c, d]) == c


def test_unavailable_members_are_passed_over_with_the_reason() -> None:
    away = member(1, unavailable="away until Dec 3")
    entries = queue([away, member(2)])
    assert entries[0].passed_over == "away until Dec 3"
    assert choose([away, member(2)]).member_id == 2  # type: ignore[union-attr]
    assert choose([away]) is None


def test_a_newcomer_joins_the_end_of_the_current_round() -> None:
    veterans = [member(1, turns=2), member(2, turns=1), member(3, turns=1)]
    newcomer = member(9, credit=credit_for_newcomer(veterans))
    order = [e.candidate.member_id for e in queue([*veterans, newcomer])]
    assert order == [2, 3, 9, 1]


# A run is a sequence of events; hypothesis explores runs of joins, leaves, away periods and skips.
EVENTS = st.lists(
    st.tuples(st.sampled_from(["meet", "meet", "meet", "join", "leave", "away", "back", "skip"]), st.integers(0, 7)),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(EVENTS)
def test_rotation_properties(events: list[tuple[str, int]]) -> None:
    """Counts of continuously active members differ by at most one; no away member is ever picked."""
    members: dict[int, Candidate] = {n: member(n) for n in range(3)}
    active = set(members)
    away: set[int] = set()
    disturbed: set[int] = set()  # joined late, left, went away or skipped at some point
    clock = T0
    for event, n in events:
        clock += timedelta(days=7)
        if event == "join" and n not in active:
            credit = credit_for_newcomer(members[m] for m in active)
            members[n] = replace(
                members.get(n, member(n)), joined_at=clock, credit=credit - members.get(n, member(n)).turns
            )
            active.add(n)
            disturbed.add(n)
        elif event == "leave" and n in active and len(active) > 1:
            active.discard(n)
            disturbed.add(n)
        elif event == "away" and n in active:
            away.add(n)
            disturbed.add(n)
        elif event == "back":
            away.discard(n)
        elif event in ("meet", "skip"):
            pool = [replace(members[m], unavailable="away" if m in away else None) for m in active]
            if event == "skip":
                first = choose(pool)
                if first is None:
                    continue
                disturbed.add(first.member_id)
                pool = [replace(c, unavailable="skipped") if c.member_id == first.member_id else c for c in pool]
            leader = choose(pool)
            if leader is None:
                continue
            assert leader.member_id not in away
            members[leader.member_id] = replace(
                members[leader.member_id], turns=members[leader.member_id].turns + 1, last_led_at=clock
            )
    steady = [members[m].turns for m in active if m not in disturbed]
    if steady:
        assert max(steady) - min(steady) <= 1
