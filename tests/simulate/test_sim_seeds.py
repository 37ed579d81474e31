"""Seed determinism: the same seed gives the same answers whatever the workers or executors."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date

import numpy as np
import pytest
from sim_models import ANCHOR, random_network

import inspection_sim.simulation.run as run_module
from inspection_sim import progress
from inspection_sim.plan.timeline import Timeline
from inspection_sim.simulation import simulate, sweep

NET = random_network(40, 3, deadlines=3)
CAPS = {"team0": 1, "team1": 2}
DATES = {"first": date(2027, 1, 4), "last": date(2027, 3, 31), "weekdays": [0, 2]}


def test_the_same_seed_gives_the_same_replications() -> None:
    a = simulate(NET, runs=300, seed=9, start=ANCHOR)
    b = simulate(NET, runs=300, seed=9, start=ANCHOR)
    c = simulate(NET, runs=300, seed=10, start=ANCHOR)
    assert np.array_equal(a.finish, b.finish)
    assert not np.array_equal(a.finish, c.finish)


def test_a_replication_does_not_depend_on_how_many_runs_were_asked_for() -> None:
    short = simulate(NET, runs=150, seed=9, start=ANCHOR, capacities=CAPS)
    long = simulate(NET, runs=420, seed=9, start=ANCHOR, capacities=CAPS)
    assert np.array_equal(short.finish, long.finish[:, :150])


def test_a_progress_bar_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "WORTH_SHOWING", 0.0)  # a bar even for quick work
    monkeypatch.setattr(run_module, "STEP_SECONDS", 0.0)  # in blocks of 100 runs
    quiet = simulate(NET, runs=2500, seed=4, start=ANCHOR)
    shown = simulate(NET, runs=2500, seed=4, start=ANCHOR, progress=True)
    assert np.array_equal(quiet.finish, shown.finish)
    assert "2500/2500" in capsys.readouterr().err


def test_a_fresh_seed_is_recorded_and_replays() -> None:
    first = simulate(NET, runs=50, start=ANCHOR)
    again = simulate(NET, runs=50, seed=first.seed, start=ANCHOR)
    assert np.array_equal(first.finish, again.finish)


@pytest.mark.parametrize("capacities", [None, CAPS])
def test_sweep_is_the_same_on_one_and_two_workers(capacities: dict[str, int] | None) -> None:
    one = sweep(NET, **DATES, runs=40, seed=5, workers=1, capacities=capacities)
    two = sweep(NET, **DATES, runs=40, seed=5, workers=2, capacities=capacities)
    assert one == two
    assert len(one.dates) == 26
    assert one.engine == ("numpy" if capacities is None else "heap")


def test_sweep_is_the_same_with_any_executor_and_any_subset_of_dates() -> None:
    reference = sweep(NET, **DATES, runs=40, seed=5, workers=1, capacities=CAPS)
    with ThreadPoolExecutor(3) as threads:
        threaded = sweep(NET, **DATES, runs=40, seed=5, executor=threads, capacities=CAPS)
    with ProcessPoolExecutor(2) as pool:
        pooled = sweep(NET, **DATES, runs=40, seed=5, executor=pool, capacities=CAPS)
    assert reference == threaded == pooled
    # a date's results depend only on the seed and the date, not on the other dates swept
    some = sweep(NET, dates=list(reference.dates[5:9]), runs=40, seed=5, workers=1, capacities=CAPS)
    assert some.metrics["p_all_met"] == reference.metrics["p_all_met"][5:9]


@pytest.mark.slow
def test_sweep_on_a_dask_cluster_matches_the_process_pool() -> None:
    distributed = pytest.importorskip("distributed")
    reference = sweep(NET, **DATES, runs=40, seed=5, workers=2, capacities=CAPS)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = sweep(
            NET, **DATES, runs=40, seed=5, executor=client.get_executor(), capacities=CAPS
        )
    assert on_dask == reference


def test_a_scenario_sweep_plans_each_date_with_its_own_events_and_spreads() -> None:
    """Each date's model is the scenario notified that day: fieldwork window, absences, spreads."""
    from dataclasses import replace

    from inspection_sim.scenario import default_scenario
    from inspection_sim.simulation.sweeps import _items
    from inspection_sim.workbench import _DatePlanner, scenario_model

    scenario = default_scenario()
    base = scenario_model(scenario)
    day = date(2027, 7, 5)
    planner = _DatePlanner(scenario, None, None, None, base.anchor)
    [(_, offset, model)] = _items(base, [day], planner, None, None, None)
    expected = scenario_model(
        scenario.with_changes(inspection=replace(scenario.inspection, notified=day))
    )
    assert offset == 0
    assert model is not None
    assert model.uncertainty == expected.uncertainty
    assert model.durations == expected.durations
    assert model.uncertainty.information_requests[0].window[0] > base.anchor + 80
    assert any(spec.kind == "triangular" for spec in model.durations)


def test_events_given_for_a_plan_move_with_each_planned_date() -> None:
    import inspection_sim
    from inspection_sim.plan.network import DurationSpec
    from inspection_sim.simulation import StaffAbsence, Uncertainty
    from inspection_sim.simulation.sources import as_model
    from inspection_sim.simulation.sweeps import _items

    def planner(day: date) -> Timeline:
        return inspection_sim.plan("ilacs:short", notified=day)

    timeline = planner(date(2027, 3, 1))
    call = timeline.calendar.index_of(date(2027, 3, 1))
    absence = StaffAbsence("performance", 0.1, DurationSpec("fixed", (1.0,)), (call, call + 10.0))
    events = Uncertainty(absences=[absence])
    base = as_model(timeline, uncertainty=events)
    [(_, _, own)] = _items(base, [date(2027, 3, 8)], planner, None, events, None)
    assert own is not None
    assert own.anchor == base.anchor + 5
    assert own.uncertainty.absences[0].window == (call + 5.0, call + 15.0)


def plan_short(day: date) -> object:
    """A planner a process pool can send to its workers (a module-level function)."""
    import inspection_sim

    return inspection_sim.plan("ilacs:short", notified=day)


def test_any_planner_gives_the_same_sweep_on_any_number_of_workers() -> None:
    """A planner the workers can receive plans there; a closure plans in this process."""
    from inspection_sim.simulation.sweeps import _picklable

    def closure(day: date) -> object:
        return plan_short(day)

    sent = plan_short
    assert _picklable(sent)
    assert not _picklable(closure)
    timeline = closure(date(2027, 3, 1))
    window = {"first": date(2027, 3, 1), "last": date(2027, 4, 30), "runs": 30, "seed": 6}
    caps = {"performance": 1}
    one = sweep(timeline, planner=closure, workers=1, capacities=caps, **window)  # type: ignore[arg-type]
    assert one == sweep(timeline, planner=closure, workers=2, capacities=caps, **window)  # type: ignore[arg-type]
    assert one == sweep(timeline, planner=sent, workers=2, capacities=caps, **window)  # type: ignore[arg-type]
    # Mondays (Easter Monday rolls to Tuesday 30 March), but not the three whose fieldwork
    # would fall in a week with a bank holiday (Good Friday, Easter Monday, May Day)
    assert len(one.dates) == 6
    assert [day for day, _ in one.left_out] == [
        date(2027, 3, 15),
        date(2027, 3, 22),
        date(2027, 4, 26),
    ]
