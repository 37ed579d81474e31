"""Every engine gives the simpy engine's results, replication by replication."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.plan.network import DurationSpec
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.simulation import (
    Deferral,
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
)
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.engine_numpy import NumpyEngine
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.sampling import draw
from inspection_sim.workbench import simulate_scenario

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.toml"))
WHOLE = DurationSpec("triangular", (1.0, 2.0, 6.0))


def assert_same(model: SimModel, runs: int, seed: int) -> None:
    draws = draw(model, runs, seed)
    reference = SimpyEngine().run(model, draws)
    engines = [HeapEngine()] + ([NumpyEngine()] if NumpyEngine.supports(model) else [])
    for engine in engines:
        got = engine.run(model, draws)
        assert np.array_equal(got.start, reference.start), engine.name
        assert np.array_equal(got.finish, reference.finish), engine.name
        assert np.array_equal(got.incident_start, reference.incident_start, equal_nan=True)
        assert np.array_equal(got.incident_finish, reference.incident_finish, equal_nan=True)


def events(teams: list[str], task: str, span: tuple[float, float]) -> Uncertainty:
    spec = DurationSpec("triangular", (0.5, 1.0, 3.0))
    return Uncertainty(
        information_requests=[InformationRequests(teams[0], 0.4, spec, span)],
        absences=[StaffAbsence(t, 0.05, spec, span) for t in teams],
        late_data=[LateData(task, 0.3, spec)],
        deferral=Deferral(0.2, 5),
    )


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("capacity", [None, 1, 2])
def test_random_models(seed: int, capacity: int | None) -> None:
    """All link types, negative lags, fixed dates, team calendars, capacities and events."""
    net = random_network(
        60,
        seed,
        links=LINKS,
        fixed=3,
        snet=4,
        deadlines=3,
        team_calendars=seed % 3 == 0,
        lags=(-2, 3),
    )
    caps = None if capacity is None else {"team0": capacity, "team2": capacity + 1}
    span = (float(ANCHOR), float(ANCHOR + 80))
    model = SimModel.build(
        net,
        CALENDAR,
        capacities=caps,
        start=ANCHOR,
        uncertainty=events(["team0", "team1"], "t5", span) if seed % 2 else None,
    )
    assert_same(model, 30, seed)


@pytest.mark.parametrize("seed", range(6))
def test_whole_day_durations_make_ties_and_still_agree(seed: int) -> None:
    """Integer durations put many events at the same instant: the tie-breaks must match."""
    net = random_network(80, seed, teams=2, spec=None)
    model = SimModel.build(net, CALENDAR, capacities={"team0": 2, "team1": 1}, start=ANCHOR)
    assert_same(model, 3, seed)
    model = SimModel.build(
        net,
        CALENDAR,
        capacities={"team0": 1},
        start=ANCHOR,
        durations={t.id: WHOLE for t in net.tasks if t.duration},
    )
    assert_same(model, 10, seed)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario(path: Path) -> None:
    from inspection_sim.workbench import scenario_model

    scenario = load_scenario(path)
    assert_same(scenario_model(scenario), 40, scenario.simulation.seed)


def test_the_embedded_default_scenario_with_every_engine() -> None:
    scenario = default_scenario()
    results = {e: simulate_scenario(scenario, runs=60, engine=e) for e in ("heap", "simpy")}
    assert np.array_equal(results["heap"].finish, results["simpy"].finish)
    assert results["heap"].p_met() == results["simpy"].p_met()


@pytest.mark.parametrize("seed", range(4))
def test_fs_lag_zero_plans_with_fixed_dates(seed: int) -> None:
    """The engines' fast path for FS, lag-0 links must leave fixed dates alone."""
    net = random_network(60, seed, fixed=6, lags=(0, 1), deadlines=2)
    model = SimModel.build(net, CALENDAR, capacities={"team1": 1}, start=ANCHOR)
    assert_same(model, 20, seed)
    assert_same(SimModel.build(net, CALENDAR, start=ANCHOR), 20, seed)


def test_the_heap_engine_leaves_no_cyclic_garbage() -> None:
    """It runs with the garbage collector off, so a replication must not make reference cycles."""
    import gc

    net = random_network(80, 2, links=LINKS, team_calendars=True)
    span = (float(ANCHOR), float(ANCHOR + 60))
    model = SimModel.build(
        net,
        CALENDAR,
        capacities={"team0": 1},
        start=ANCHOR,
        uncertainty=events(["team0", "team1"], "t5", span),
    )
    draws = draw(model, 50, 1)
    gc.collect()
    gc.disable()  # so that no automatic collection hides a cycle before we look
    try:
        HeapEngine().run(model, draws)
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0
