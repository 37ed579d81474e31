"""CP-SAT: status and gap reported, no worse than greedy, and few moves when rebooking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from inspection_sim.timetable import Booking, Person, build_timetable
from inspection_sim.timetable.synthetic import synthetic_council
from tests.timetable.checks import violations

pytest.importorskip("ortools")

MON = date(2027, 6, 7)
WEEK = frozenset(MON + timedelta(n) for n in range(5))


def test_cp_sat_reports_status_and_gap_and_keeps_every_promise() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=11)
    greedy = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    exact = build_timetable(
        "ilacs:short",
        people=people,
        cases=cases,
        rooms=rooms,
        start=MON,
        solver="cp-sat",
        time_limit=20,
    )
    assert exact.solver.status == "OPTIMAL"
    assert exact.solver.gap == 0.0
    assert exact.solver.moves == 0  # the greedy timetable was already optimal: nothing moves
    assert violations(exact) == []
    assert len(exact.bookings) == len(greedy.bookings)


def where(b: Booking) -> tuple[object, ...]:
    return (b.start, b.room, frozenset(b.inspectors), frozenset(b.people))


def test_rebooking_after_two_workers_go_on_leave_moves_few_sessions() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=12)
    planned = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    away = {cases[0].allocated_worker, cases[1].allocated_worker}
    changed = [
        Person(p.id, p.name, p.team, p.role, p.weekdays, WEEK) if p.id in away else p
        for p in people
    ]
    again = build_timetable(
        "ilacs:short",
        people=changed,
        cases=cases,
        rooms=rooms,
        start=MON,
        solver="cp-sat",
        time_limit=20,
        previous=planned,
    )
    assert violations(again) == []
    assert {b.case_id for b in again.substitutes} == {cases[0].case_id, cases[1].case_id}
    before = {b.session: where(b) for b in planned.bookings}
    after = {b.session: where(b) for b in again.bookings}
    moved = sum(1 for s, where in before.items() if after.get(s) != where)
    assert again.solver.moves == moved
    assert moved <= 4  # the two case discussions, and at most what their new times displace
    assert again.cases_discussed() == pytest.approx(10 / 12)
