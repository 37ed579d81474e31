"""Results added up block by block equal results with every replication kept, whatever the
size of the blocks, the engine or the workers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.simulation import (
    Deferral,
    InformationRequests,
    SimModel,
    StaffAbsence,
    Uncertainty,
    simulate,
    sweep,
)
from inspection_sim.simulation import run as run_module
from inspection_sim.simulation.aggregate import _Histogram
from inspection_sim.workbench import simulate_scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def tables(result: object) -> dict[str, object]:
    return result.to_dict()  # type: ignore[attr-defined,no-any-return]


def model(capacity: int | None) -> SimModel:
    net = random_network(40, 4, links=LINKS, deadlines=4, fixed=2, team_calendars=True)
    spec = DurationSpec("triangular", (0.5, 1.0, 3.0))
    span = (float(ANCHOR), float(ANCHOR + 60))
    events = Uncertainty(
        information_requests=[InformationRequests("team1", 0.3, spec, span)],
        absences=[StaffAbsence("team0", 0.1, spec, span)],
        deferral=Deferral(0.1, 5),
    )
    caps = None if capacity is None else {"team0": capacity, "team1": 1}
    return SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, uncertainty=events)


@pytest.mark.parametrize("capacity", [None, 1])
def test_block_sizes_give_identical_results(
    capacity: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = model(capacity)
    kept = simulate(source, runs=730, seed=11, keep_replications=True)
    assert kept.has_replications
    results = [kept]
    for cells in (1, 40 * 300, 1 << 30):  # one block of 100 per part, three, everything
        monkeypatch.setattr(run_module, "PART_CELLS", cells)
        added = simulate(source, runs=730, seed=11, keep_replications=False)
        assert not added.has_replications
        results.append(added)
    reference = tables(kept)
    assert reference["drivers"]  # the drivers and riskiest tasks are part of the tables
    assert all(tables(r) == reference for r in results[1:])
    assert all(r.summary() == kept.summary() for r in results[1:])
    for r in results[1:]:
        assert np.array_equal(r.late, kept.late)
        assert np.array_equal(r.met, kept.met)
        assert np.array_equal(r.utilisation, kept.utilisation)
        assert np.array_equal(r.shift, kept.shift)
        assert r.criticality() == kept.criticality()
        assert r.finish_quantiles() == kept.finish_quantiles()
        for name in ("critical", "delay_sum", "end_day", "deadline_critical", "inputs"):  # bitwise
            assert np.array_equal(getattr(r.totals, name), getattr(kept.totals, name)), name


def test_engines_give_identical_aggregates() -> None:
    source = model(None)
    heap = simulate(source, runs=300, seed=2, engine="heap", keep_replications=False)
    numpy = simulate(source, runs=300, seed=2, engine="numpy", keep_replications=False)
    simpy = simulate(source, runs=300, seed=2, engine="simpy", keep_replications=True)
    assert tables(heap) | {"engine": "x"} == tables(numpy) | {"engine": "x"}
    assert tables(heap) | {"engine": "x"} == tables(simpy) | {"engine": "x"}


def test_end_dates_from_histograms_equal_percentiles_of_the_times() -> None:
    """The P10/P50/P90 end dates, computed the way they were from every replication."""
    from inspection_sim.simulation import simtime

    result = simulate(model(1), runs=537, seed=5, keep_replications=True)
    q = np.percentile(result.finish, (10, 50, 90), axis=1, method="lower")
    s = np.percentile(result.start, (10, 50, 90), axis=1, method="lower")
    days = simtime.end_dates(CALENDAR, s, q)
    expected = {
        task: tuple(str(days[k, i]) for k in range(3))
        for i, task in enumerate(result.model.network.order)
    }
    assert result.finish_quantiles() == expected
    delay = (result.finish - result.planned[1][:, None]).mean(axis=1)
    got = [row["mean_delay_working_days"] for row in result.task_table()]
    assert got == [round(float(v), 3) for v in delay]


def test_histogram_order_statistics_grow_both_ways() -> None:
    hist = _Histogram(2)
    hist.add(np.array([[5.0, 7.0], [3.0, 3.0]]))
    hist.add(np.array([[1.0, 9.0], [4.0, 12.0]]))  # below and above the first range
    assert hist.order_statistics(np.array([0, 1, 2, 3])).tolist() == [
        [1, 3],
        [5, 3],
        [7, 4],
        [9, 12],
    ]


def test_large_runs_keep_aggregates_only_and_say_how_to_keep_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_module, "KEEP_CELLS", 1000)
    net = random_network(20, 1)
    small = simulate(net, runs=50, seed=1, start=ANCHOR)
    large = simulate(net, runs=51, seed=1, start=ANCHOR)
    assert small.has_replications
    assert not large.has_replications
    assert simulate(net, runs=51, seed=1, start=ANCHOR, keep_replications=True).has_replications
    assert min(large.p_met().values(), default=1.0) >= 0.0
    assert len(large.to_records()) == 20
    for read in (lambda: large.finish, lambda: large.critical, large.replication_records):
        with pytest.raises(SimulationError, match="keep_replications=True"):
            read()


def test_a_sweep_is_the_same_whatever_the_engine_call_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspection_sim.simulation import sweeps

    net = random_network(30, 2, deadlines=3)
    dates = {"first": date(2027, 1, 4), "last": date(2027, 2, 26), "weekdays": [0, 3]}
    reference = sweep(net, **dates, runs=60, seed=4, workers=1, capacities={"team0": 1})
    monkeypatch.setattr(sweeps, "COLUMNS", 60)  # one date per engine call
    assert sweep(net, **dates, runs=60, seed=4, workers=1, capacities={"team0": 1}) == reference


def test_the_default_scenario_has_the_same_tables_added_up() -> None:
    scenario = default_scenario()
    kept = simulate_scenario(scenario, runs=400, seed=7, keep_replications=True)
    added = simulate_scenario(scenario, runs=400, seed=7, keep_replications=False)
    assert tables(kept) == tables(added)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_has_the_same_tables_added_up(path: Path) -> None:
    """Including a team with a capacity but nothing that queues for it (area SEND)."""
    scenario = load_scenario(path)
    kept = simulate_scenario(scenario, runs=150, seed=7, keep_replications=True)
    added = simulate_scenario(scenario, runs=150, seed=7, keep_replications=False)
    assert tables(kept) == tables(added)
