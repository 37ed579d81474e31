"""Properties of rebooking around absences, over random staff lists, leave, case samples, rooms
and absences."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_sim.timetable import Absence, Timetable, absence_risk, build_timetable
from inspection_sim.timetable import rebook_absences as rebook
from tests.timetable.checks import violations
from tests.timetable.strategies import councils

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def disrupted(draw: st.DrawFn) -> tuple[Timetable, list[Absence]]:
    plan = build_timetable(**draw(councils()))
    ids = sorted(plan.people)
    absences = []
    for person in draw(st.lists(st.sampled_from(ids), max_size=4)):
        first = draw(st.sampled_from([None, *plan.days]))
        later = [d for d in plan.days if first is None or d >= first]
        last = draw(st.sampled_from([None, *later]))
        absences.append(Absence(person, first, last))
    return plan, absences


def _case_sessions(tt: Timetable) -> list[str]:
    return [
        f"{a.id}:{c.case_id}"
        for a in tt.rules.activities
        if a.kind == "case-discussion"
        for c in tt.cases
    ]


@SETTINGS
@given(disrupted())
def test_rebooking_keeps_every_promise_and_books_nobody_while_away(
    found: tuple[Timetable, list[Absence]],
) -> None:
    plan, absences = found
    result = rebook(plan, absences)
    # no double-booking, nobody on leave or absent (absence is leave in ``after``), caps kept,
    # every case session booked or listed with a reason
    assert violations(result.after) == []
    for absence in absences:
        person = result.after.people[absence.person]
        for day in plan.days:
            inside = (absence.first is None or day >= absence.first) and (
                absence.last is None or day <= absence.last
            )
            if inside:
                assert not person.works_on(day)
    booked = {b.session: b for b in result.after.bookings}
    unbooked = {u.session: u for u in result.after.unbooked}
    for sid in _case_sessions(plan):
        if sid in booked:
            b = booked[sid]
            assert not b.substitute or b.note
        else:
            assert unbooked[sid].reason
    for change in result.missed:
        assert change.session in unbooked
    shares = result.shares
    assert shares.with_worker + shares.with_substitute + shares.not_discussed == pytest.approx(1)
    assert sum(result.load) + result.before == len(result.changes)


@SETTINGS
@given(councils())
def test_no_absence_is_the_plan_with_every_share_as_planned(council: dict[str, Any]) -> None:
    plan = build_timetable(**council)
    result = rebook(plan, [])
    assert result.after == plan
    assert result.shares == result.planned
    assert result.planned.with_worker == pytest.approx(plan.cases_discussed())
    booked = {b.case_id for b in plan.bookings if b.kind == "case-discussion"}
    assert result.planned.as_planned == pytest.approx(
        len(booked) / len(plan.cases) if plan.cases else 1.0
    )
    if not plan.unbooked and not plan.substitutes:
        assert result.shares.as_planned == result.shares.with_worker == 1.0


@SETTINGS
@given(disrupted(), st.data())
def test_one_more_absence_never_raises_the_share_discussed_as_planned(
    found: tuple[Timetable, list[Absence]], data: st.DataObject
) -> None:
    plan, absences = found
    extra = Absence(data.draw(st.sampled_from(sorted(plan.people))))
    before = rebook(plan, absences).shares
    after = rebook(plan, [*absences, extra]).shares
    assert after.as_planned <= before.as_planned


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(councils(), st.integers(0, 2**32), st.sampled_from([0.0, 0.05, 0.3]))
def test_the_monte_carlo_repeats_and_stays_within_its_bounds(
    council: dict[str, Any], seed: int, rate: float
) -> None:
    plan = build_timetable(**council)
    risk = absence_risk(plan, rate=rate, runs=40, seed=seed)
    assert risk == absence_risk(plan, rate=rate, runs=40, seed=seed)
    assert 0.0 <= risk.all_discussed <= 1.0
    assert risk.as_planned.p90 <= risk.planned.as_planned
    if rate == 0.0:
        assert risk.disrupted == 0.0
        assert risk.as_planned.mean == risk.planned.as_planned
