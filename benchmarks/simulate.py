"""Simulation benchmark: replications per second of each engine, and the full-year sweep.

Prints, in one run: replications per second of the numpy, heap and simpy engines (and of the
heap engine without its vectorised shortcut, ``heap loop``, and with its fast path off, ``heap
general``) on a 100-task and a 1,000-task plan
(durations only, and with one shared team of capacity 3), the ratio of each to the simpy engine and to a bare idiomatic simpy model of the same plan (one process per task,
``AllOf`` on its predecessors, ``Resource`` for the team), the full-year sweep (260 notification
dates x a 200-task plan x 100 replications) with durations only and with team capacity, and the
speed-up of 2 workers over 1, and the default scenario with a Christmas closure (every council
team then has a calendar): the heap engine's general loop against its fast path, with the same
scenario without the closure as a yardstick, and the peak memory of 100,000 replications of a
200-task plan (each in a fresh process: the numpy engine with every replication kept, the
baseline, and added up block by block, and the heap engine with team capacity added up). Every
engine's makespans are checked against the simpy engine's before timing.

The heap engine's rows: ``heap`` is its Python loop (with the vectorised shortcut), ``heap
compiled`` the same loop compiled with numba (the optional ``fast`` extra; left out without it),
timed once compiled (the one-off cost is printed on its own).

Run: ``.venv/bin/python benchmarks/simulate.py``.
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial

import numpy as np
import simpy

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
from inspection_sim.scenario import default_scenario
from inspection_sim.scenario.model import Closure
from inspection_sim.simulation import SimModel, sweep
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.engine_numpy import NumpyEngine
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.engines import Engine
from inspection_sim.simulation.heap_compiled import available, compiled
from inspection_sim.simulation.sampling import Draws, draw
from inspection_sim.workbench import scenario_model

CALENDAR = WorkingCalendar()
START = CALENDAR.index_of(date(2027, 1, 4))
TRIANGULAR = DurationSpec("triangular", (1.0, 3.0, 10.0))


def network(n: int, seed: int = 1) -> Network:
    """Project-like: each task depends on ~2 of the 20 tasks before it; one team."""
    rng = np.random.default_rng(seed)
    tasks = [
        TaskSpec(f"t{i}", duration=int(rng.integers(1, 11)), team="staff", uncertainty=TRIANGULAR)
        for i in range(n)
    ]
    deps = [
        Dependency(f"t{p}", f"t{i}")
        for i in range(1, n)
        for p in sorted(set(rng.integers(max(0, i - 20), i, size=2).tolist()))
    ]
    return Network.build(tasks, deps)


def bare_simpy(model: SimModel, draws: Draws, capacity: int | None) -> list[float]:
    """The idiomatic model: a process per task waiting on AllOf(predecessors); makespans."""
    net = model.network
    preds = [[int(net.pred[k]) for k in net.predecessors(i)] for i in range(len(net))]
    return [
        _bare_replication(float(model.origin), preds, draws.duration[:, r].tolist(), capacity)
        for r in range(draws.runs)
    ]


def _bare_replication(
    origin: float, preds: list[list[int]], durations: list[float], capacity: int | None
) -> float:
    env = simpy.Environment(initial_time=origin)
    staff = simpy.Resource(env, capacity) if capacity else None
    done: list[simpy.Process] = []

    def task(i: int) -> object:
        yield simpy.AllOf(env, [done[p] for p in preds[i]])
        if staff is None:
            yield env.timeout(durations[i])
        else:
            with staff.request() as req:
                yield req
                yield env.timeout(durations[i])

    for i in range(len(preds)):
        done.append(env.process(task(i)))  # type: ignore[arg-type]
    env.run()
    return float(env.now)


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def engines_table(n: int, runs: dict[str, int]) -> None:
    net = network(n)
    for capacity in (None, 3):
        model = SimModel.build(
            net, CALENDAR, start=START, capacities=None if capacity is None else {"staff": 3}
        )
        label = "durations only" if capacity is None else "shared team, capacity 3"
        print(f"\n{n}-task plan, {label}")
        engine_rows(model, capacity, runs)


def engine_rows(model: SimModel, capacity: int | None, runs: dict[str, int]) -> None:
    check = draw(model, 20, 1)
    reference = SimpyEngine().run(model, check).finish.max(axis=0)
    bare = np.array(bare_simpy(model, check, capacity))
    print(
        f"  bare simpy makespans equal to the simpy engine's: "
        f"{np.array_equal(bare, reference)} (20 replications)"
    )
    rates: dict[str, float] = {}
    engines: list[tuple[str, Engine]] = [
        ("numpy", NumpyEngine()),
        ("heap", HeapEngine(compiled=False)),  # pure Python, the default without numba
        ("heap compiled", HeapEngine(compiled=True)),  # with the optional numba extra
        ("heap loop", HeapEngine(vectorised=False, compiled=False)),  # the event loop for all
        ("heap general", HeapEngine(fast_path=False, compiled=False)),  # before the fast path
        ("simpy", SimpyEngine()),
    ]
    for label, engine in engines:
        if not engine.supports(model) or (label == "heap compiled" and not available()):
            continue
        assert np.array_equal(engine.run(model, check).finish.max(axis=0), reference)
        draws = draw(model, runs[engine.name], 2)
        rates[label] = draws.runs / best(partial(engine.run, model, draws))
    draws = draw(model, runs["simpy"], 2)
    rates["bare simpy"] = draws.runs / best(partial(bare_simpy, model, draws, capacity))
    for name, rate in rates.items():
        print(
            f"  {name:<12} {rate:>12,.0f} reps/s   x{rate / rates['simpy']:>8.1f} simpy engine"
            f"   x{rate / rates['bare simpy']:>8.1f} bare simpy"
        )
    print(
        f"  simpy engine time / bare simpy time: {rates['bare simpy'] / rates['simpy']:.2f} "
        "(target <= 1.5)"
    )
    print(f"  heap fast path / general loop: x{rates['heap loop'] / rates['heap general']:.2f}")
    if capacity is not None:
        target = 20_000 if len(model.network) <= 100 else 2_000
        compiled = f", compiled {rates['heap compiled']:,.0f}" if "heap compiled" in rates else ""
        print(
            f"  heap with capacity: Python {rates['heap']:,.0f}{compiled} reps/s "
            f"(target >= {target:,})"
        )


def full_year() -> None:
    dates = CALENDAR.working_days(date(2027, 1, 1), date(2028, 6, 30))[:260]
    net = network(200)
    print("\nFull-year sweep: 260 notification dates x 200-task plan x 100 replications")
    sweep(net, dates=dates[:4], runs=100, seed=1, workers=1)  # warm caches
    for workers in (1, 2):
        t = best(lambda w=workers: sweep(net, dates=dates, runs=100, seed=1, workers=w))
        print(f"  durations only, {workers} worker(s): {t:.3f} s (target < 0.5 s)")
    loops: list[tuple[str, Engine]] = [("Python loop", HeapEngine(compiled=False))]
    if available():
        loops.append(("compiled loop", HeapEngine()))  # compiles: the sweep is worth it
    for label, engine in loops:
        timings = {}
        for workers in (1, 2):
            timings[workers] = best(
                lambda w=workers, e=engine: sweep(  # type: ignore[misc]
                    net, dates=dates, runs=100, seed=1, workers=w, capacities={"staff": 3},
                    engine=e,
                ),
                repeat=1,
            )  # fmt: skip
            print(
                f"  team capacity 3, {label}, {workers} worker(s): {timings[workers]:.2f} s"
                + (" (target < 3 s on 2 cores)" if workers == 2 else "")
            )
        print(f"  speed-up of 2 workers over 1: {timings[1] / timings[2]:.2f}x (target >= 1.6x)")


def closure_model(closed: bool) -> SimModel:
    """The default scenario called on Mon 15 Nov 2027, the council shut 24-31 Dec if ``closed``."""
    base = default_scenario()
    shutdown = Closure("Christmas shutdown", date(2027, 12, 24), date(2027, 12, 31))
    scenario = base.with_changes(
        inspection=replace(base.inspection, notified=date(2027, 11, 15)),
        council=replace(base.council, closures=(shutdown,) if closed else ()),
    )
    return scenario_model(scenario)


def closure_rows(runs: int = 2_000) -> None:
    print("\nDefault scenario with a closure, general vs fast (heap engine)")
    rates: dict[str, float] = {}
    for label, closed, engine in (
        ("closure, general", True, HeapEngine(fast_path=False)),
        ("closure, fast", True, HeapEngine()),
        ("no closure, fast", False, HeapEngine()),
    ):
        model = closure_model(closed)
        assert closed == any(t is not None for t in model.team_times)
        check = draw(model, 20, 1)
        reference = SimpyEngine().run(model, check)
        got = engine.run(model, check)
        assert np.array_equal(got.start, reference.start)
        assert np.array_equal(got.finish, reference.finish)
        draws = draw(model, runs, 2)
        rates[label] = runs / best(partial(engine.run, model, draws))
    for name, rate in rates.items():
        print(
            f"  {name:<18} {rate:>10,.0f} reps/s   x{rate / rates['closure, general']:.2f} general"
        )


def memory_one(engine: str, keep: bool) -> None:
    """100,000 replications of the 200-task plan in this process; prints a JSON line."""
    from inspection_sim.simulation import simulate

    net = network(200)
    capacities = {"staff": 3} if engine == "heap" else None
    begin = time.perf_counter()
    result = simulate(
        net,
        runs=MEMORY_RUNS,
        seed=1,
        start=START,
        engine=engine,
        capacities=capacities,
        keep_replications=keep,
    )
    result.to_dict()  # every table: quantiles, P(met), criticality, utilisation
    seconds = time.perf_counter() - begin
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


MEMORY_RUNS = 100_000


def memory_rows() -> None:
    print(f"\nPeak memory: {MEMORY_RUNS:,} replications of a 200-task plan (fresh process each)")
    for engine, keep, label in (
        ("numpy", True, "numpy, every replication kept (baseline)"),
        ("numpy", False, "numpy, added up block by block"),
        ("heap", False, "heap, capacity 3, added up block by block"),
    ):
        done = subprocess.run(
            [sys.executable, "-P", __file__, "--memory", engine, str(keep)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.splitlines()[-1])
        print(
            f"  {label:<44} {row['peak_mb']:>7.0f} MB   {row['seconds']:6.1f} s"
            f"   {MEMORY_RUNS / row['seconds']:>9,.0f} reps/s   (target < 400 MB)"
        )


def compile_row() -> None:
    """The one-off cost of the compiled loop in this process (numba's import and its cache)."""
    if not available():
        print("\nnumba is not installed: the heap engine runs in Python only ('.[fast]' adds it)")
        return
    begin = time.perf_counter()
    compiled()
    seconds = time.perf_counter() - begin
    print(f"\nCompiled heap loop: ready in {seconds:.2f} s (numba's import, then its cache)")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--memory":
        memory_one(sys.argv[2], sys.argv[3] == "True")
        return
    memory_rows()
    compile_row()
    engines_table(100, {"numpy": 20_000, "heap": 1_000, "simpy": 200})
    engines_table(1000, {"numpy": 2_000, "heap": 100, "simpy": 20})
    closure_rows()
    full_year()


if __name__ == "__main__":
    main()
