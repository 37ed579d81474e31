"""The speed-ups change no result: shared team tables, TeamTime.place, planned times from the
scalar rules, and the heap engine leaving out absences that nothing observed waits for."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.plan.network import DurationSpec
from inspection_sim.plan.worktime import TeamTime, team_availability
from inspection_sim.scenario import default_scenario
from inspection_sim.simulation import (
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
)
from inspection_sim.simulation.des import Realised, planned_times
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.engine_numpy import forward
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.simulation.sampling import Draws, draw
from inspection_sim.workbench import scenario_model

masks = st.lists(st.booleans(), min_size=0, max_size=30)
instants = st.one_of(
    st.integers(min_value=-5, max_value=40),
    st.floats(min_value=-5, max_value=40, allow_nan=False).map(lambda x: round(x, 3)),
)
lengths = st.one_of(
    st.integers(min_value=0, max_value=12),
    st.floats(min_value=0, max_value=12, allow_nan=False).map(lambda x: round(x, 3)),
)


@given(masks, instants, lengths)
def test_place_is_start_then_finish(mask: list[bool], t: float, d: float) -> None:
    team = TeamTime(mask)
    s = team.start(t)
    expected = (s, s if d == 0 else team.finish(s, d))
    got = team.place(t, d)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def test_team_times_of_equal_availability_share_their_tables_but_not_the_callers_array() -> None:
    flags = np.array([True, False, True, True])
    first = TeamTime(flags)
    flags[0] = False  # the caller's array changes after the fact
    second = TeamTime(np.array([True, False, True, True]))
    assert first.count is second.count  # built once for this content
    assert first.start(0) == 0
    assert TeamTime(flags).start(0) == 2


def test_team_availability_is_cached_by_content_and_returned_as_a_copy() -> None:
    leave = [date(2027, 3, 1), date(2027, 3, 2)]
    first = team_availability(CALENDAR, leave=leave, weekmask="Mon-Thu")
    first[:] = False  # must not reach the next caller
    again = team_availability(CALENDAR, leave=tuple(leave), weekmask=["Mon", "Tue", "Wed", "Thu"])
    team = CALENDAR.derive(closures=leave, weekmask="Mon-Thu")
    days = CALENDAR.dates_at(np.arange(CALENDAR.n_working_days))
    assert np.array_equal(again, team.is_working_day_batch(days))
    assert again.sum() < CALENDAR.n_working_days * 0.81


@pytest.mark.parametrize("seed", range(8))
def test_planned_times_equal_the_vectorised_forward_pass(seed: int) -> None:
    net = random_network(
        60,
        seed,
        links=LINKS,
        fixed=3,
        snet=4,
        deadlines=3,
        team_calendars=seed % 2 == 0,
        lags=(-2, 3),
    )
    model = SimModel.build(net, CALENDAR, start=ANCHOR, capacities={"team0": 1})
    planned = net.duration.astype(np.float64)[:, None]
    start, finish = forward(model, planned, np.zeros_like(planned), np.zeros(1, np.int64))
    assert np.array_equal(planned_times(model)[0], start[:, 0])
    assert np.array_equal(planned_times(model)[1], finish[:, 0])


def busy_model(seed: int, calendars: bool) -> SimModel:
    """Absences on every team all through the plan, requests and late data."""
    net = random_network(50, seed, links=LINKS, lags=(-1, 3), team_calendars=calendars)
    span = (float(ANCHOR - 5), float(ANCHOR + 120))
    spec = DurationSpec("triangular", (0.5, 2.0, 6.0))
    events = Uncertainty(
        information_requests=[
            InformationRequests("team0", 0.2, spec, (ANCHOR + 5.0, ANCHOR + 25.0))
        ],
        absences=[StaffAbsence(t, 0.15, spec, span) for t in ("team0", "team1", "team2")],
        late_data=[LateData("t7", 0.3, spec)],
    )
    caps = {"team0": 1 + seed % 2, "team1": 2}  # team2 has no limit
    return SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, uncertainty=events)


def result_of(model: SimModel, draws: Draws, realised: Realised) -> SimulationResult:
    return SimulationResult(
        model,
        realised,
        draws.shift,
        draws.deferred,
        draws.incident_due,
        draws.incident_team,
        3,
        "heap",
    )


@pytest.mark.parametrize("calendars", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_leaving_out_unobserved_absences_changes_no_task_or_request(
    seed: int, calendars: bool
) -> None:
    model = busy_model(seed, calendars)
    draws = draw(model, 60, 3)
    full = HeapEngine().run(model, draws)
    observed = HeapEngine().run(model, draws, every_absence=False)
    assert np.array_equal(observed.start, full.start)
    assert np.array_equal(observed.finish, full.finish)
    requests = np.isfinite(draws.incident_due) & (draws.incident_team >= 0)
    assert requests.any()
    assert np.array_equal(observed.incident_start[requests], full.incident_start[requests])
    absences = (draws.incident_team >= 0) & ~requests
    left_out = absences & np.isnan(observed.incident_start)
    assert left_out.sum() > absences.sum() // 3  # most absences come after the work
    kept = absences & ~left_out
    assert np.array_equal(observed.incident_start[kept], full.incident_start[kept])
    assert np.array_equal(observed.incident_finish[kept], full.incident_finish[kept])
    a, b = result_of(model, draws, full), result_of(model, draws, observed)
    assert a.to_dict() == b.to_dict()
    assert np.array_equal(a.late, b.late)
    assert np.array_equal(a.utilisation, b.utilisation)


def test_the_default_scenario_keeps_its_results_without_unobserved_absences() -> None:
    model = scenario_model(default_scenario())
    draws = draw(model, 200, 7)
    full = HeapEngine().run(model, draws)
    observed = HeapEngine().run(model, draws, every_absence=False)
    assert np.isnan(observed.incident_start).sum() > np.isnan(full.incident_start).sum()
    assert result_of(model, draws, full).to_dict() == result_of(model, draws, observed).to_dict()
