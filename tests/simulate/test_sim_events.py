"""Random events do what their data says: deferral, late data, absence, requests, windows."""

from __future__ import annotations

from datetime import date

import numpy as np
from sim_models import CALENDAR

from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskKind, TaskSpec
from inspection_sim.simulation import (
    Deferral,
    InformationRequests,
    LateData,
    SimpyEngine,
    StaffAbsence,
    Uncertainty,
    candidate_dates,
    simulate,
)
from inspection_sim.simulation.result import REQUESTS

CALL = CALENDAR.index_of(date(2027, 3, 1))
ONE = DurationSpec("fixed", (1.0,))
TWO = DurationSpec("fixed", (2.0,))


def plan() -> Network:
    """The call (fixed), a 3-day return due 5 days later, fieldwork fixed a week after the call."""
    return Network.build(
        [
            TaskSpec("call", duration=0, fixed_start=CALL, kind=TaskKind.NOTIFICATION),
            TaskSpec(
                "return",
                duration=3,
                team="data",
                finish_no_later_than=CALL + 5,
                kind=TaskKind.RETURN,
            ),
            TaskSpec("fieldwork", duration=5, fixed_start=CALL + 5, kind=TaskKind.FIELDWORK),
        ],
        [Dependency("call", "return"), Dependency("call", "fieldwork")],
    )


def test_a_certain_deferral_moves_every_dated_task_by_its_working_days() -> None:
    base = simulate(plan(), runs=5, seed=1, start=CALL)
    deferred = simulate(
        plan(), runs=5, seed=1, start=CALL, uncertainty=Uncertainty(deferral=Deferral(1.0, 10))
    )
    assert deferred.deferred.all()
    assert np.array_equal(deferred.start, base.start + 10)
    assert deferred.p_met() == base.p_met() == {"return": 1.0}


def test_certain_late_data_delays_the_release_by_the_drawn_delay() -> None:
    late = Uncertainty(late_data=[LateData("return", 1.0, TWO)])
    result = simulate(plan(), runs=5, seed=1, start=CALL, uncertainty=late)
    assert result.start[1].tolist() == [CALL + 2] * 5
    assert result.late[0].tolist() == [0.0] * 5  # 2 + 3 = 5 days: met on the day
    never = Uncertainty(late_data=[LateData("return", 0.0, TWO)])
    assert (
        simulate(plan(), runs=5, seed=1, start=CALL, uncertainty=never).start[1].tolist()
        == [CALL] * 5
    )


def test_an_absence_takes_a_unit_of_capacity_and_delays_work() -> None:
    """Absences of 2 days just before the call, in a one-person team, push the return back."""
    absence = StaffAbsence("data", 1000.0, TWO, (CALL - 1.02, CALL - 1.01))
    result = simulate(
        plan(),
        runs=20,
        seed=2,
        start=CALL - 2,
        capacities={"data": 1},
        uncertainty=Uncertainty(absences=[absence]),
    )
    has_absence = ~np.isnan(result.realised.incident_start).all(axis=1)
    assert has_absence.all()
    counts = (~np.isnan(result.realised.incident_start)).sum(axis=1)
    first = np.nanmin(result.realised.incident_start, axis=1)
    assert np.allclose(result.start[1], first + 2.0 * counts)  # one absence after another
    assert (result.late[0] > 0).all()
    unlimited = simulate(
        plan(), runs=20, seed=2, start=CALL - 2, uncertainty=Uncertainty(absences=[absence])
    )
    assert unlimited.start[1].tolist() == [CALL] * 20  # no capacity limit: no effect


def test_information_requests_are_due_by_the_end_of_their_window() -> None:
    window = (float(CALL + 5), float(CALL + 10))
    requests = Uncertainty(information_requests=[InformationRequests("data", 1.0, ONE, window)])
    result = simulate(
        plan(), runs=200, seed=3, start=CALL, uncertainty=requests, capacities={"data": 1}
    )
    assert result.deadline_names == ("return", REQUESTS)
    counts = (~np.isnan(result.realised.incident_start)).sum(axis=1)
    assert 4.0 < counts.mean() < 6.0  # Poisson with mean 1 a day over 5 days
    answered = result.realised.incident_finish
    due = result.incident_due
    met_by_hand = np.where(np.isnan(answered), True, answered <= due).all(axis=1)
    assert np.array_equal(result.met[1], met_by_hand)
    assert 0.0 < result.p_met()[REQUESTS] < 1.0


def test_a_drawn_notification_date_is_uniform_over_the_candidates() -> None:
    window = candidate_dates(CALENDAR, date(2027, 3, 1), date(2027, 3, 31), [0])
    # Easter Monday 2027-03-29 is a bank holiday: that week's call rolls to the Tuesday
    assert window == [
        date(2027, 3, 1),
        date(2027, 3, 8),
        date(2027, 3, 15),
        date(2027, 3, 22),
        date(2027, 3, 30),
    ]
    result = simulate(plan(), runs=2000, seed=4, start=CALL, window=window)
    shifts = sorted(set(result.shift.tolist()))
    assert shifts == [CALENDAR.index_of(d) - CALL for d in window]
    counts = np.bincount(np.searchsorted(shifts, result.shift))
    assert counts.min() > 330
    assert counts.max() < 470
    assert np.array_equal(result.start[0], CALL + result.shift)


def test_a_simpy_subclass_extends_every_replication() -> None:
    """The extension point: a process that takes the team's only person for two days."""

    class Drill(SimpyEngine):
        started_tasks = 0

        def setup(self, env: object, resources: dict[str, object]) -> None:
            resource = resources["data"]

            def drill() -> object:
                with resource.request() as req:  # type: ignore[attr-defined]
                    yield req
                    yield env.timeout(2)  # type: ignore[attr-defined]

            env.process(drill())  # type: ignore[attr-defined]

        def started(self, env: object, task: int, start: float, finish: float) -> None:
            Drill.started_tasks += 1

    def run(engine: object) -> object:
        return simulate(
            plan(), runs=3, seed=1, start=CALL - 1, capacities={"data": 1}, engine=engine
        )  # type: ignore[arg-type]

    plain, drilled = run("simpy"), run(Drill())
    assert drilled.engine == "simpy"  # type: ignore[attr-defined]
    # the drill holds the only person from the plan's start (CALL - 1) for 2 days
    assert (drilled.start[1] == plain.start[1] + 1).all()  # type: ignore[attr-defined]
    assert Drill.started_tasks == 3 * 3


def test_the_requests_deadline_exists_even_when_no_request_arrives() -> None:
    """Metrics keep one shape whatever was drawn: no request is a met deadline."""
    window = (float(CALL + 5), float(CALL + 10))
    rare = Uncertainty(information_requests=[InformationRequests("data", 1e-9, ONE, window)])
    result = simulate(plan(), runs=50, seed=3, start=CALL, uncertainty=rare)
    assert result.deadline_names == ("return", REQUESTS)
    assert result.p_met()[REQUESTS] == 1.0
