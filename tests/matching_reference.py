"""The matching as it was before it was made fast (commit b57cc1e), frozen so a test can compare totals.

Only the assignment's total matters here: the new `match` must reach the same best total on the
benchmark instances and on the property tests' random ones. Pair scores and rules come from the
pairwise `score`/`forbidden`, which did not change; this file keeps the old string-array scoring
and the old padded assignment, so a slip in the new vectorised code can't hide behind shared code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from bot.services.matching import (
    DIVERSITY,
    HOURS,
    INTEREST,
    MAX_GAP,
    SENIORITY,
    SKILL,
    TIE_BREAK,
    TRACK,
    WORKDAY,
    Person,
    score,
)

FORBIDDEN = -1e9


def _indicator(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float32)
    for row, values in enumerate(sets):
        for value in values:
            matrix[row, vocabulary[value]] = 1.0
    return matrix


def score_matrix(mentors: Sequence[Person], mentees: Sequence[Person]) -> np.ndarray:
    vocabulary = {
        w: i for i, w in enumerate(sorted({w for p in (*mentors, *mentees) for w in p.offers | p.wants | p.interests}))
    }
    wants = _indicator([m.wants for m in mentees], vocabulary)
    offers = _indicator([m.offers for m in mentors], vocabulary)
    mine = _indicator([m.interests for m in mentees], vocabulary)
    theirs = _indicator([m.interests for m in mentors], vocabulary)
    total = SKILL * (wants @ offers.T) + INTEREST * (mine @ theirs.T)
    tracks_e = np.array([m.career_track for m in mentees])[:, None]
    tracks_m = np.array([m.career_track for m in mentors])[None, :]
    total += TRACK * ((tracks_e == tracks_m) & (tracks_m != "other"))
    a = np.array([m.tz_offset for m in mentees], dtype=np.float64)[:, None]
    b = np.array([m.tz_offset for m in mentors], dtype=np.float64)[None, :]
    best = np.zeros(total.shape)
    for shift in (-86400, 0, 86400):
        start = np.maximum(WORKDAY[0] - b, WORKDAY[0] - a + shift)
        end = np.minimum(WORKDAY[1] - b, WORKDAY[1] - a + shift)
        best = np.maximum(best, (end - start) / 3600)
    total += HOURS * best / 8
    dept_e = np.array([m.department for m in mentees])[:, None]
    dept_m = np.array([m.department for m in mentors])[None, :]
    total += DIVERSITY * ((dept_e != dept_m) & (dept_e != "") & (dept_m != ""))
    gap = np.array([m.seniority for m in mentors])[None, :] - np.array([m.seniority for m in mentees])[:, None]
    total += SENIORITY * np.minimum(np.abs(gap), MAX_GAP)
    return total


def feasibility(mentors: Sequence[Person], mentees: Sequence[Person], history: set[tuple[int, int]]) -> np.ndarray:
    allowed = np.ones((len(mentees), len(mentors)), dtype=bool)
    senior_e = np.array([m.seniority for m in mentees])[:, None]
    senior_m = np.array([m.seniority for m in mentors])[None, :]
    reverse_ok = np.array([m.reverse_ok for m in mentees])[:, None] & np.array([m.reverse_ok for m in mentors])[None, :]
    allowed &= (senior_m >= senior_e) | reverse_ok
    allowed &= np.array([m.member_id for m in mentees])[:, None] != np.array([m.member_id for m in mentors])[None, :]
    allowed &= ~np.array([m.opted_out for m in mentees])[:, None] & ~np.array([m.opted_out for m in mentors])[None, :]
    dept_e = np.array([m.department for m in mentees])[:, None]
    dept_m = np.array([m.department for m in mentors])[None, :]
    same = (dept_e == dept_m) & (dept_m != "")
    preference = np.array([m.department_preference for m in mentees])[:, None]
    allowed &= ~((preference == "same") & ~same) & ~((preference == "other") & same)
    row = {m.member_id: i for i, m in enumerate(mentees)}
    column = {m.member_id: j for j, m in enumerate(mentors)}
    by_user_e = {m.user_id: i for i, m in enumerate(mentees)}
    by_user_m = {m.user_id: j for j, m in enumerate(mentors)}
    for first, second in history:
        for mentor_id, mentee_id in ((first, second), (second, first)):
            if mentor_id in column and mentee_id in row:
                allowed[row[mentee_id], column[mentor_id]] = False
    for j, mentor in enumerate(mentors):
        for user in mentor.avoid | ({mentor.manager} if mentor.manager else set()):
            if user in by_user_e:
                allowed[by_user_e[user], j] = False
    for i, mentee in enumerate(mentees):
        for user in mentee.avoid | ({mentee.manager} if mentee.manager else set()):
            if user in by_user_m:
                allowed[i, by_user_m[user]] = False
    return allowed


def best_total(people: Sequence[Person], history: set[tuple[int, int]] | None = None) -> float:
    """The previous implementation's best total score (no locked pairs)."""
    everyone = sorted(people, key=lambda p: p.member_id)
    mentors = [p for p in everyone if p.mentors]
    mentees = [p for p in everyone if p.mentored]
    if not mentors or not mentees:
        return 0.0
    remaining = Counter({p.member_id: p.capacity for p in mentors})
    slots = [j for j, mentor in enumerate(mentors) for _ in range(remaining[mentor.member_id])]
    allowed = feasibility(mentors, mentees, set(history or ()))
    gains = np.where(allowed, score_matrix(mentors, mentees) + TIE_BREAK, FORBIDDEN)[:, slots]
    count, places = gains.shape
    if places <= count:
        rows, columns = linear_sum_assignment(np.hstack([gains.T, np.zeros((places, places))]), maximize=True)
        chosen = [(int(c), int(r)) for r, c in zip(rows, columns, strict=True) if c < count]
    else:
        rows, columns = linear_sum_assignment(np.hstack([gains, np.zeros((count, count))]), maximize=True)
        chosen = [(int(r), int(c)) for r, c in zip(rows, columns, strict=True) if c < places]
    return sum(
        score(mentors[slots[place]], mentees[mentee])[0]
        for mentee, place in chosen
        if gains[mentee, place] > FORBIDDEN / 2
    )
