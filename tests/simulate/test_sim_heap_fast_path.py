"""The heapq engine's fast path equals its general loop (and, with team calendars, the simpy
engine), row by row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.plan.network import DurationSpec, Network
from inspection_sim.scenario import default_scenario
from inspection_sim.scenario.model import Closure
from inspection_sim.simulation import (
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
    engine_heap,
)
from inspection_sim.simulation.des import lists_of
from inspection_sim.simulation.engine_heap import HeapEngine, run_one
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.heap_plain import plan_of, run_plain
from inspection_sim.simulation.sampling import draw
from inspection_sim.workbench import scenario_model

WHOLE = DurationSpec("triangular", (1.0, 2.0, 6.0))


def assert_paths_agree(model: SimModel, runs: int, seed: int) -> None:
    plan = plan_of(lists_of(model))
    assert plan is not None
    draws = draw(model, runs, seed)
    for dur, shift in zip(draws.duration.T.tolist(), draws.shift.tolist(), strict=True):
        general = run_one(plan.lists, dur, [0.0] * len(dur), shift, [])
        assert run_plain(plan, dur, shift) == general


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("capacity", [None, 1, 2])
def test_random_models_with_every_link_type(seed: int, capacity: int | None) -> None:
    """SS/FF/SF links, negative lags, fixed dates and start-no-earlier-than: the slow kinds."""
    net = random_network(60, seed, links=LINKS, fixed=3, snet=4, deadlines=2, lags=(-2, 3))
    caps = None if capacity is None else {"team0": capacity, "team2": capacity + 1}
    assert_paths_agree(SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR), 30, seed)


@pytest.mark.parametrize("seed", range(8))
def test_fs_lag_zero_plans_take_the_quick_release(seed: int) -> None:
    """Every task released inside its last predecessor's grant, fixed dates mixed in."""
    net = random_network(80, seed, fixed=4, lags=(0, 1))
    model = SimModel.build(net, CALENDAR, capacities={"team0": 1, "team1": 2}, start=ANCHOR)
    assert any(plan_of(lists_of(model)).quick)  # type: ignore[union-attr]
    assert_paths_agree(model, 30, seed)


@pytest.mark.parametrize("seed", range(6))
def test_whole_day_durations_tie_the_same_way(seed: int) -> None:
    """Planned whole-day durations put many holds, timers and requests at one instant."""
    net = random_network(80, seed, teams=2, spec=None, lags=(0, 2))
    planned = SimModel.build(net, CALENDAR, capacities={"team0": 1, "team1": 2}, start=ANCHOR)
    assert_paths_agree(planned, 2, seed)
    durations = {t.id: WHOLE for t in net.tasks if t.duration}
    model = SimModel.build(
        net, CALENDAR, capacities={"team0": 2}, start=ANCHOR, durations=durations
    )
    assert_paths_agree(model, 20, seed)


@pytest.mark.parametrize("seed", range(6))
def test_incidents_and_late_data_take_the_fast_path_too(seed: int) -> None:
    """Absences and requests (some drawn before the start, some on an unlimited team) and
    late data: the engine's fast path against its general loop, row by row."""
    net = random_network(50, seed, links=LINKS, lags=(-1, 3))
    span = (float(ANCHOR - 10), float(ANCHOR + 60))
    spec = DurationSpec("triangular", (0.5, 1.0, 3.0))
    events = Uncertainty(
        information_requests=[InformationRequests("team0", 0.1, spec, span)],
        absences=[StaffAbsence(t, 0.02, spec, span) for t in ("team0", "team1")],
        late_data=[LateData("t7", 0.3, spec), LateData("t20", 0.3, spec)],
    )
    model = SimModel.build(
        net, CALENDAR, capacities={"team0": 1, "team2": 2}, start=ANCHOR, uncertainty=events
    )
    draws = draw(model, 60, seed)
    assert (draws.incident_team >= 0).any()
    assert draws.delay.any()
    fast, general = HeapEngine().run(model, draws), HeapEngine(fast_path=False).run(model, draws)
    for name in ("start", "finish", "incident_start", "incident_finish"):
        assert np.array_equal(getattr(fast, name), getattr(general, name), equal_nan=True), name


def test_a_team_calendar_turns_the_fast_path_off() -> None:
    net = random_network(30, 1, team_calendars=True)
    model = SimModel.build(net, CALENDAR, capacities={"team0": 1}, start=ANCHOR)
    assert plan_of(lists_of(model)) is None


def test_the_fast_path_leaves_no_cyclic_garbage() -> None:
    """The engine runs with the garbage collector off, so a replication must make no cycles."""
    import gc

    net = random_network(80, 3, links=LINKS)
    span = (float(ANCHOR), float(ANCHOR + 60))
    spec = DurationSpec("triangular", (0.5, 1.0, 3.0))
    events = Uncertainty(
        absences=[StaffAbsence("team0", 0.05, spec, span)], late_data=[LateData("t5", 0.5, spec)]
    )
    model = SimModel.build(net, CALENDAR, capacities={"team0": 1}, start=ANCHOR, uncertainty=events)
    assert plan_of(lists_of(model)) is not None
    draws = draw(model, 50, 1)
    gc.collect()
    gc.disable()  # so that no automatic collection hides a cycle before we look
    try:
        HeapEngine().run(model, draws)
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0


def calendared_network(n: int, seed: int, **options: Any) -> Network:
    """``random_network`` with team calendars: a two-week closure of every team (a council
    shutdown) at working days 15-24 after the anchor, team0 away on days 0-1 (work granted at
    the start waits for day 2) and random leave on team1."""
    net = random_network(n, seed, **options)
    rng = np.random.default_rng(seed)
    calendars = {}
    for team in net.teams:
        mask = np.ones(CALENDAR.n_working_days, dtype=bool)
        mask[ANCHOR + 15 : ANCHOR + 25] = False  # inclusive of day 15, exclusive of day 25
        if team == "team0":
            mask[ANCHOR : ANCHOR + 2] = False
        if team == "team1":
            mask &= rng.random(mask.size) > 0.2
        calendars[team] = mask
    return Network.build(net.tasks, net.dependencies, team_calendars=calendars)


def assert_engines_agree(model: SimModel, runs: int, seed: int) -> None:
    """The fast path, the general loop and the simpy engine give identical arrays."""
    assert plan_of(lists_of(model), calendars=True).timed is not None  # type: ignore[union-attr]
    draws = draw(model, runs, seed)
    fast, general = HeapEngine().run(model, draws), HeapEngine(fast_path=False).run(model, draws)
    reference = SimpyEngine().run(model, draws)
    for name in ("start", "finish", "incident_start", "incident_finish"):
        expected = getattr(reference, name)
        assert np.array_equal(getattr(fast, name), expected, equal_nan=True), name
        assert np.array_equal(getattr(general, name), expected, equal_nan=True), name


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("capacity", [None, 1, 2])
def test_team_calendars_with_closures_absences_and_late_data(
    seed: int, capacity: int | None
) -> None:
    """Every link type, fixed dates, start-no-earlier-than, negative lags, incidents (some
    before the start, some on a team without a capacity) and late data, on team calendars."""
    net = calendared_network(60, seed, links=LINKS, fixed=3, snet=4, lags=(-2, 3))
    span = (float(ANCHOR - 10), float(ANCHOR + 60))
    spec = DurationSpec("triangular", (0.5, 1.0, 3.0))
    events = Uncertainty(
        information_requests=[InformationRequests("team0", 0.1, spec, span)],
        absences=[StaffAbsence(t, 0.02, spec, span) for t in ("team0", "team1")],
        late_data=[LateData("t7", 0.3, spec), LateData("t20", 0.3, spec)],
    )
    caps = None if capacity is None else {"team0": capacity, "team2": capacity + 1}
    model = SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, uncertainty=events)
    draws = draw(model, 40, seed)
    assert (draws.incident_team >= 0).any()
    assert draws.delay.any()
    assert_engines_agree(model, 40, seed)


@pytest.mark.parametrize("seed", range(4))
def test_team_calendars_with_whole_day_durations_tie_the_same_way(seed: int) -> None:
    """Whole days on calendars with closures: many events at one instant, zero durations."""
    net = calendared_network(80, seed, teams=2, lags=(0, 2))
    durations = {t.id: WHOLE for t in net.tasks if t.duration}
    for caps in ({"team0": 1, "team1": 2}, {"team0": 2}):
        assert_engines_agree(SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR), 2, seed)
        model = SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, durations=durations)
        assert_engines_agree(model, 20, seed)


def test_the_default_scenario_with_a_christmas_closure() -> None:
    """Called on Mon 15 Nov 2027 with the council shut 24-31 Dec 2027 (inclusive)."""
    base = default_scenario()
    scenario = base.with_changes(
        inspection=replace(base.inspection, notified=date(2027, 11, 15)),
        council=replace(
            base.council,
            closures=(Closure("Christmas shutdown", date(2027, 12, 24), date(2027, 12, 31)),),
        ),
    )
    model = scenario_model(scenario)
    assert any(t is not None for t in model.team_times)
    assert_engines_agree(model, 30, 5)


def test_the_engine_takes_the_fast_path_with_team_calendars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def general_loop(*_: object) -> None:
        raise AssertionError("the general loop ran")

    model = SimModel.build(
        calendared_network(30, 2), CALENDAR, capacities={"team0": 1}, start=ANCHOR
    )
    draws = draw(model, 5, 1)
    monkeypatch.setattr(engine_heap, "run_one", general_loop)
    HeapEngine().run(model, draws)
    with pytest.raises(AssertionError, match="general loop"):
        HeapEngine(fast_path=False).run(model, draws)
