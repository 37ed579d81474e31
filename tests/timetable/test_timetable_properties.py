"""Properties over random staff lists, part-time days, leave, case samples and rooms."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from inspection_sim.timetable import build_timetable
from tests.timetable.checks import violations
from tests.timetable.strategies import councils

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(councils())
def test_greedy_keeps_every_promise(council: dict[str, Any]) -> None:
    tt = build_timetable(**council)
    assert violations(tt) == []


@SETTINGS
@given(councils())
def test_every_case_is_discussed_with_its_worker_or_a_flagged_manager_or_listed(
    council: dict[str, Any],
) -> None:
    tt = build_timetable(**council)
    for case in tt.cases:
        for activity in (a for a in tt.rules.activities if a.kind == "case-discussion"):
            sid = f"{activity.id}:{case.case_id}"
            booked = [b for b in tt.bookings if b.session == sid]
            if booked:
                (b,) = booked
                if b.substitute:
                    assert b.people == (case.team_manager,)
                    assert "in place of the allocated worker" in b.note
                else:
                    assert b.people == (case.allocated_worker,)
            else:
                (u,) = [u for u in tt.unbooked if u.session == sid]
                assert u.reason


@SETTINGS
@given(councils())
def test_a_worker_at_work_on_some_day_is_away_reason_only_when_away(
    council: dict[str, Any],
) -> None:
    tt = build_timetable(**council)
    for b in tt.substitutes:
        worker = tt.people[next(c for c in tt.cases if c.case_id == b.case_id).allocated_worker]
        at_work = any(worker.works_on(day) for day in tt.days)
        assert ("is away on every day it could be held" in b.note) == (not at_work)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(councils(types=("ilacs:short", "ilacs:focused-visit", "jtai:front-door")))
def test_cp_sat_keeps_every_promise_and_books_no_fewer(council: dict[str, Any]) -> None:
    pytest.importorskip("ortools")
    greedy = build_timetable(**council)
    exact = build_timetable(**council, solver="cp-sat", time_limit=3)
    assert violations(exact) == []
    assert len(exact.unbooked) <= len(greedy.unbooked)
    if len(exact.unbooked) == len(greedy.unbooked):
        assert len(exact.substitutes) <= len(greedy.substitutes)
    assert exact.solver.solver == "cp-sat"
    assert exact.solver.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
