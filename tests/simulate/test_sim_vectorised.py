"""The heap engine's vectorised shortcut equals its event loop, replication by replication, and
proves only the replications it can (see inspection_sim.simulation.heap_vector)."""

from __future__ import annotations

import numpy as np
import pytest
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.plan.network import Dependency, DurationSpec, Link, Network, TaskSpec
from inspection_sim.scenario import default_scenario
from inspection_sim.simulation import (
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
    heap_vector,
)
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.heap_vector import proven
from inspection_sim.simulation.sampling import draw
from inspection_sim.workbench import scenario_model

SPEC = DurationSpec("triangular", (0.5, 1.0, 3.0))


def compare(model: SimModel, runs: int, seed: int, every_absence: bool = True) -> float:
    """Asserts the shortcut equals the loop; returns the share of replications it proved."""
    draws = draw(model, runs, seed)
    fast = HeapEngine().run(model, draws, every_absence=every_absence)
    loop = HeapEngine(vectorised=False).run(model, draws, every_absence=every_absence)
    assert np.array_equal(fast.start, loop.start)
    assert np.array_equal(fast.finish, loop.finish)
    kept = ~np.isnan(loop.incident_start)  # without every absence, the loop leaves some out
    if every_absence:
        assert np.array_equal(np.isnan(fast.incident_start), ~kept)
    assert np.array_equal(fast.incident_start[kept], loop.incident_start[kept])
    assert np.array_equal(fast.incident_finish[kept], loop.incident_finish[kept])
    return float(proven(model, draws, every_absence)[1].mean())


def busy(seed: int, capacities: dict[str, int], **options: object) -> SimModel:
    net = random_network(50, seed, fixed=2, snet=3, deadlines=2, **options)  # type: ignore[arg-type]
    span = (float(ANCHOR - 3), float(ANCHOR + 80))  # some incidents come before the start
    events = Uncertainty(
        information_requests=[
            InformationRequests("team0", 0.2, SPEC, (ANCHOR + 5.0, ANCHOR + 30.0))
        ],
        absences=[StaffAbsence(t, 0.05, SPEC, span) for t in ("team0", "team1", "team2")],
        late_data=[LateData("t9", 0.3, SPEC)],
    )
    return SimModel.build(net, CALENDAR, capacities=capacities, start=ANCHOR, uncertainty=events)


@pytest.mark.parametrize("every_absence", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_random_models_from_tight_to_loose_capacities(seed: int, every_absence: bool) -> None:
    """FS and SS links with lags (the shortcut's ground), then every link type and negative
    lags (mostly refused: a task released before its predecessors are decided)."""
    shares = []
    for capacities in (
        {"team0": 1},
        {"team0": 2, "team1": 2},
        {"team0": 9, "team1": 9, "team2": 9},
    ):
        for calendars in (False, True):
            for links, lags in ((("FS", "SS"), (0, 3)), (LINKS, (-2, 3))):
                model = busy(seed, capacities, team_calendars=calendars, links=links, lags=lags)
                shares.append(compare(model, 40, seed, every_absence))
    assert max(shares) > 0.3  # the shortcut is taken...
    assert min(shares) < 0.1  # ...and refused


@pytest.mark.parametrize("seed", range(4))
def test_whole_days_put_requests_on_the_ends_of_holds(seed: int) -> None:
    """Ties: a unit freed at the instant another task asks must count against the shortcut."""
    net = random_network(60, seed, teams=2, spec=None, lags=(0, 2))
    whole = DurationSpec("triangular", (1.0, 2.0, 6.0))
    durations = {t.id: DurationSpec("fixed", (float(round(t.duration)),)) for t in net.tasks}
    for caps in ({"team0": 2, "team1": 2}, {"team0": 4, "team1": 4}):
        model = SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, durations=durations)
        compare(model, 3, seed)
        model = SimModel.build(
            net,
            CALENDAR,
            capacities=caps,
            start=ANCHOR,
            durations={t.id: whole for t in net.tasks if t.duration},
        )
        compare(model, 20, seed)


def pair(link: Link, lag: int, origin: int) -> SimModel:
    """c (4 days, no queue), then a and b, both queueing for one roomy team."""
    net = Network.build(
        [
            TaskSpec("c", duration=4),
            TaskSpec("a", duration=3, team="x", uncertainty=SPEC),
            TaskSpec("b", duration=2, team="x"),
        ],
        [Dependency("c", "a"), Dependency("a", "b", link, lag)],
    )
    return SimModel.build(net, CALENDAR, capacities={"x": 5}, start=origin)


def test_a_task_released_before_it_is_decided_is_left_to_the_loop() -> None:
    """b may start 2 days before a starts (SS, lag -2), but the loop only asks for b's unit
    once a has its own: the forward pass would be wrong, so it is not proven."""
    model = pair(Link.SS, -2, ANCHOR + 5)
    assert compare(model, 10, 1) == 0.0
    result = HeapEngine().run(model, draw(model, 10, 1))
    assert (result.start[2] == result.start[1]).all()  # b waited for a's grant
    assert compare(pair(Link.SS, 1, ANCHOR + 5), 10, 1) == 1.0


def test_times_far_from_the_start_are_left_to_the_loop() -> None:
    """From a start at day 1, ``now + (f - now)`` need not be ``f``: not proven."""
    assert compare(pair(Link.FS, 0, 1), 10, 1) == 0.0


def test_an_absence_drawn_before_the_start_is_left_to_the_loop() -> None:
    """The loop asks for an absence drawn before the start at the start."""
    net = Network.build([TaskSpec("a", duration=3, team="x", uncertainty=SPEC)], [])
    before = StaffAbsence("x", 1.0, SPEC, (float(ANCHOR - 2), float(ANCHOR)))
    model = SimModel.build(
        net,
        CALENDAR,
        capacities={"x": 50},
        start=ANCHOR,
        uncertainty=Uncertainty(absences=[before]),
    )
    draws = draw(model, 40, 3)
    compare(model, 40, 3)
    early = (draws.incident_team >= 0).any(axis=1)
    assert early.any()
    assert np.array_equal(proven(model, draws, True)[1], ~early)


def test_the_default_scenario_is_mostly_proven_and_equal() -> None:
    model = scenario_model(default_scenario())
    assert compare(model, 200, 7) > 0.6
    assert compare(model, 200, 7, every_absence=False) > 0.8


@pytest.mark.parametrize("seed", range(3))
def test_counting_by_sorting_equals_comparing_every_pair(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Teams with many holds count them by sorting: the same replications are proven."""
    model = busy(seed, {"team0": 6, "team1": 9, "team2": 9}, links=("FS", "SS"), lags=(0, 3))
    draws = draw(model, 60, seed)
    pairs = proven(model, draws, False)[1]
    monkeypatch.setattr(heap_vector, "PAIRS", 0)
    assert np.array_equal(proven(model, draws, False)[1], pairs)
    assert 0 < pairs.sum() < pairs.size
    compare(model, 60, seed, every_absence=False)


def test_counts_at_or_before_against_a_loop() -> None:
    rng = np.random.default_rng(1)
    for _ in range(100):
        rows, k = int(rng.integers(1, 6)), int(rng.integers(1, 8))
        values = rng.integers(0, 5, (rows, k)).astype(float)
        values[rng.random((rows, k)) < 0.2] = np.nan
        times = rng.integers(0, 5, (rows, k)).astype(float)
        expected = [[np.sum(values[r] <= t) for t in times[r]] for r in range(rows)]
        assert heap_vector._at_or_before(values, times, "right").tolist() == expected
        expected = [[np.sum(values[r] < t) for t in times[r]] for r in range(rows)]
        assert heap_vector._at_or_before(values, times, "left").tolist() == expected
