"""The heap engine's compiled loop (numba, optional) gives the Python loop's times exactly: its
kernel run as plain Python on every kind of model, and compiled when numba is installed."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

from inspection_sim.plan.network import DurationSpec, Network
from inspection_sim.simulation import (
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
    heap_compiled,
    simulate,
)
from inspection_sim.simulation.des import lists_of
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.heap_compiled import _append, _ask, _chain
from inspection_sim.simulation.heap_plain import Plan, plan_of, run_plain
from inspection_sim.simulation.sampling import Draws, draw

WHOLE = DurationSpec("triangular", (1.0, 2.0, 6.0))
SPEC = DurationSpec("triangular", (0.5, 1.0, 3.0))
numba = pytest.mark.skipif(not heap_compiled.available(), reason="numba is not installed")


def plan(model: SimModel) -> Plan:
    found = plan_of(lists_of(model))
    assert found is not None
    return found


def assert_kernel_agrees(model: SimModel, draws: Draws, python: bool) -> None:
    """The kernel's rows equal run_plain's, late data included."""
    p = plan(model)
    delays = draws.delay.T
    start, finish = heap_compiled.run_batch(
        p, draws.duration.T, draws.shift, delays, np.any(delays, axis=1), python=python
    )
    for r in range(draws.runs):
        late = draws.delay[:, r].tolist() if draws.delay[:, r].any() else None
        s, f = run_plain(p, draws.duration[:, r].tolist(), int(draws.shift[r]), late)
        assert start[r].tolist() == s
        assert finish[r].tolist() == f


def every_kind(seed: int, capacity: int | None) -> SimModel:
    """SS/FF/SF links, negative lags, fixed dates, start-no-earlier-than and late data."""
    net = random_network(50, seed, links=LINKS, fixed=3, snet=4, deadlines=2, lags=(-2, 3))
    caps = None if capacity is None else {"team0": capacity, "team2": capacity + 1}
    events = Uncertainty(late_data=[LateData("t7", 0.3, SPEC), LateData("t20", 0.3, SPEC)])
    return SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, uncertainty=events)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("capacity", [None, 1, 2])
def test_the_kernel_as_python_equals_the_loop(seed: int, capacity: int | None) -> None:
    model = every_kind(seed, capacity)
    draws = draw(model, 12, seed)
    assert draws.delay.any()
    assert_kernel_agrees(model, draws, python=True)


@pytest.mark.parametrize("seed", range(3))
def test_the_kernel_as_python_ties_the_same_way(seed: int) -> None:
    """Whole-day durations put many holds, timers and requests at one instant."""
    net = random_network(60, seed, teams=2, lags=(0, 2))
    durations = {t.id: WHOLE for t in net.tasks if t.duration}
    model = SimModel.build(
        net, CALENDAR, capacities={"team0": 2, "team1": 1}, start=ANCHOR, durations=durations
    )
    assert_kernel_agrees(model, draw(model, 10, seed), python=True)


@numba
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("capacity", [None, 1, 2])
def test_the_compiled_kernel_equals_the_loop(seed: int, capacity: int | None) -> None:
    model = every_kind(seed, capacity)
    assert_kernel_agrees(model, draw(model, 40, seed), python=False)


def with_incidents(seed: int) -> SimModel:
    net = random_network(50, seed, links=LINKS, lags=(-1, 3))
    span = (float(ANCHOR - 10), float(ANCHOR + 60))
    events = Uncertainty(
        information_requests=[InformationRequests("team0", 0.02, SPEC, span)],
        absences=[StaffAbsence("team1", 0.01, SPEC, span)],
        late_data=[LateData("t7", 0.3, SPEC)],
    )
    caps = {"team0": 1, "team1": 2}
    return SimModel.build(net, CALENDAR, capacities=caps, start=ANCHOR, uncertainty=events)


@numba
@pytest.mark.parametrize("seed", range(4))
def test_the_engine_mixes_compiled_and_python_rows_exactly(seed: int) -> None:
    """Rows with incidents stay in Python, the others run compiled: every array as in Python."""
    model = with_incidents(seed)
    draws = draw(model, 80, seed)
    present = (draws.incident_team >= 0).any(axis=1)
    assert present.any()
    assert not present.all()
    for every_absence in (True, False):
        fast = HeapEngine(compiled=True).run(model, draws, every_absence=every_absence)
        slow = HeapEngine(compiled=False).run(model, draws, every_absence=every_absence)
        for name in ("start", "finish", "incident_start", "incident_finish"):
            got, expected = getattr(fast, name), getattr(slow, name)
            assert np.array_equal(got, expected, equal_nan=True), name


@numba
def test_simulate_gives_the_same_result_compiled_or_not() -> None:
    model = with_incidents(3)
    compiled = simulate(model, runs=300, seed=9, engine=HeapEngine(compiled=True))
    python = simulate(model, runs=300, seed=9, engine=HeapEngine(compiled=False))
    assert compiled.to_dict() == python.to_dict()


def test_a_large_run_compiles_first_and_a_small_one_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = every_kind(1, 1)
    monkeypatch.setattr(heap_compiled, "_COMPILED", [])  # as in a fresh process
    assert HeapEngine().expecting(model, 10).compiled is None
    big = heap_compiled.WORTH // len(model.network) + 1
    assert HeapEngine().expecting(model, big).compiled is heap_compiled.available()
    assert bool(heap_compiled._COMPILED) is heap_compiled.available()  # compiled at once
    assert HeapEngine(compiled=False).expecting(model, big).compiled is False


def test_a_model_with_team_calendars_stays_in_python() -> None:
    net = random_network(30, 1, team_calendars=True)
    model = SimModel.build(net, CALENDAR, capacities={"team0": 1}, start=ANCHOR)
    big = heap_compiled.WORTH // len(model.network) + 1
    assert HeapEngine().expecting(model, big).compiled is None


def test_the_switch_turns_the_compiled_loop_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(heap_compiled.SWITCH, "0")
    assert not heap_compiled.available()


def test_an_empty_plan_runs() -> None:
    model = SimModel.build(Network.build([], []), CALENDAR, start=ANCHOR)
    draws = draw(model, 3, 1)
    start, finish = heap_compiled.run_batch(
        plan(model), draws.duration.T, draws.shift, draws.delay.T, np.zeros(3, bool), python=True
    )
    assert start.shape == finish.shape == (3, 0)


def walk(head: int, after: np.ndarray) -> list[int]:
    found = []
    while head >= 0:
        found.append(head)
        head = int(after[head])
    return found


@given(st.permutations(range(12)), st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_the_linked_lists_keep_the_order_of_deques(items: list[int], owners: list[int]) -> None:
    """Each task enters a list once: one list, and one per owner (a team's queue, a hold's
    riders), walk in the order they were appended, as run_plain's deques."""
    after = np.full(12, 7, dtype=np.int64)  # stale links from an earlier replication
    head = tail = -1
    for i in items:
        head, tail = _chain(head, tail, after, i)
    assert walk(head, after) == items

    heads = np.full(3, -1, dtype=np.int64)
    tails = np.full(3, 7, dtype=np.int64)
    after = np.full(12, 7, dtype=np.int64)
    expected: list[deque[int]] = [deque() for _ in range(3)]
    for i, owner in zip(items, owners, strict=True):
        _append(heads, tails, after, owner, i)
        expected[owner].append(i)
    assert [walk(int(h), after) for h in heads] == [list(d) for d in expected]


def test_a_request_takes_a_free_unit_or_joins_the_queue_in_the_plan_s_order() -> None:
    free = np.array([1, 0], dtype=np.int64)
    heads = np.full(2, -1, dtype=np.int64)
    tails = np.full(2, -1, dtype=np.int64)
    after = np.full(4, -1, dtype=np.int64)
    rank = np.array([0, 3, 1, 2], dtype=np.int64)
    asks = ((0, 0), (0, 1), (1, 2), (0, 3))
    taken = [_ask(free, heads, tails, after, rank, q, i) for q, i in asks]
    assert taken == [True, False, False, False]
    assert free.tolist() == [0, 0]
    assert [walk(int(h), after) for h in heads] == [[3, 1], [2]]


@given(st.permutations(range(8)), st.permutations(range(8)))
def test_a_team_s_queue_is_kept_in_rank_order(arrivals: list[int], ranks: list[int]) -> None:
    free = np.zeros(1, dtype=np.int64)
    heads = np.full(1, -1, dtype=np.int64)
    tails = np.full(1, -1, dtype=np.int64)
    after = np.full(8, -1, dtype=np.int64)
    rank = np.array(ranks, dtype=np.int64)
    for i in arrivals:
        assert not _ask(free, heads, tails, after, rank, 0, i)
    order = walk(int(heads[0]), after)
    assert order == sorted(range(8), key=lambda i: ranks[i])
    assert int(tails[0]) == order[-1]
