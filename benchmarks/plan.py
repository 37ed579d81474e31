"""Benchmark: critical path method and levelling, against baselines measured in the same run.

1. CPM with slack on random project-like DAGs (each task depends on about two of the 20 tasks
   before it; durations 1-10 working days) of 500, 5,000 and 50,000 tasks, against the idiomatic
   networkx version: build a DiGraph, ``topological_sort``, forward and backward passes. Both
   give identical earliest starts and slack (checked before timing). Ratios are printed with and
   without our own network compilation (``Network.build``, which also validates the network).
2. A 200-task plan: CPM alone, and CPM plus the dated Timeline.
3. Levelling 100-task plans of one-person tasks (a team of one, a pool of two and a pool of
   four): the serial schedule generation scheme and CP-SAT (2 workers, 1 s limit).

Run: ``.venv/bin/python benchmarks/plan.py`` (``--quick`` for a short run).
Targets (PERFORMANCE.md): CPM at least 3x the networkx pass; about 150 us for 200 tasks; CP-SAT
proves 100-task one-person plans optimal within 1 s.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import networkx as nx

from inspection_sim import WorkingCalendar
from inspection_sim.plan.cpm import cpm
from inspection_sim.plan.level import level
from inspection_sim.plan.network import Dependency, Network, TaskSpec
from inspection_sim.plan.timeline import Timeline


def interleaved(fns: list[Callable[[], Any]], repeat: int, number: int = 1) -> list[float]:
    """Median wall time per call of several functions run in turn (``number`` calls per sample,
    gc collected before each sample), so that load on a shared machine falls on all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times, strict=True):
            gc.collect()
            began = time.perf_counter()
            for _ in range(number):
                fn()
            spent.append((time.perf_counter() - began) / number)
    return [statistics.median(spent) for spent in times]


def project_dag(n: int, seed: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Durations and edges: each task depends on up to two of the 20 tasks before it."""
    rng = random.Random(seed)
    durations = [rng.randint(1, 10) for _ in range(n)]
    edges = []
    for j in range(1, n):
        for i in sorted({rng.randint(max(0, j - 20), j - 1) for _ in range(2)}):
            edges.append((i, j))
    return durations, edges


def networkx_cpm(durations: list[int], edges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The idiomatic version: graph build, topological sort, forward and backward passes."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(durations)))
    graph.add_edges_from(edges)
    order = list(nx.topological_sort(graph))
    es: dict[int, int] = {}
    for v in order:
        es[v] = max((es[u] + durations[u] for u in graph.predecessors(v)), default=0)
    finish = max(es[v] + durations[v] for v in order)
    lf: dict[int, int] = {}
    for v in reversed(order):
        lf[v] = min((lf[w] - durations[w] for w in graph.successors(v)), default=finish)
    n = len(durations)
    return [es[v] for v in range(n)], [lf[v] - durations[v] - es[v] for v in range(n)]


def specs(
    durations: list[int], edges: list[tuple[int, int]]
) -> tuple[list[TaskSpec], list[Dependency]]:
    tasks = [TaskSpec(f"t{i}", duration=d) for i, d in enumerate(durations)]
    return tasks, [Dependency(f"t{i}", f"t{j}") for i, j in edges]


def bench_cpm(sizes: list[int], repeat: int) -> None:
    print("CPM with slack (median of runs; networkx includes its graph build)")
    print(
        f"{'tasks':>7} {'ours':>10} {'build+ours':>11} {'networkx':>10} {'ratio':>6} {'ratio*':>6}"
    )
    for n in sizes:
        durations, edges = project_dag(n, seed=n)
        tasks, deps = specs(durations, edges)
        net = Network.build(tasks, deps)
        schedule = cpm(net)
        es, slack = networkx_cpm(durations, edges)
        pos = [net.position[f"t{i}"] for i in range(n)]
        assert [schedule.start[p] for p in pos] == es, "earliest starts differ"
        assert [schedule.slack[p] for p in pos] == slack, "slack differs"
        reps = max(5, repeat * 2)
        ours, built, base = interleaved(
            [
                lambda net=net: cpm(net),
                lambda t=tasks, d=deps: cpm(Network.build(t, d)),
                lambda d=durations, e=edges: networkx_cpm(d, e),
            ],
            reps,
            number=max(1, 5_000 // n),
        )
        print(
            f"{n:>7} {ours * 1e3:>8.2f}ms {built * 1e3:>9.2f}ms {base * 1e3:>8.2f}ms "
            f"{base / ours:>5.1f}x {base / built:>5.1f}x"
        )
    print("ratio = networkx / ours; ratio* = networkx / (Network.build + ours)")


def bench_timeline(repeat: int) -> None:
    calendar = WorkingCalendar(start=date(2026, 1, 1), end=date(2027, 12, 31))
    durations, edges = project_dag(200, seed=200)
    net = Network.build(*specs(durations, edges))
    start = calendar.index_of(date(2026, 3, 2))

    def whole() -> Timeline:
        return Timeline.from_schedule(
            cpm(net, start=start),
            calendar,
            inspection="bench:200",
            framework="bench",
            version="1",
            notification=datetime(2026, 3, 2, 9, 30),
        )

    alone, base, dated = interleaved(
        [lambda: cpm(net, start=start), lambda: networkx_cpm(durations, edges), whole],
        repeat * 4,
        number=50,
    )
    print(
        f"\n200-task plan: CPM {alone * 1e6:.0f} us (networkx {base * 1e6:.0f} us, "
        f"{base / alone:.1f}x); CPM + dated Timeline {dated * 1e3:.2f} ms"
    )


def one_person_plan(n: int, seed: int) -> Network:
    """School-like: each task needs one person of its team (a lead, a pool of 2, a pool of 4)."""
    rng = random.Random(seed)
    teams = ["lead", "pair", "pool"]
    tasks = [
        TaskSpec(f"t{i}", duration=rng.randint(1, 10), team=rng.choice(teams)) for i in range(n)
    ]
    deps = []
    for j in range(1, n):
        for i in sorted({rng.randint(max(0, j - 20), j - 1) for _ in range(2)}):
            if rng.random() < 0.5:
                deps.append(Dependency(f"t{i}", f"t{j}"))
    return Network.build(tasks, deps)


def bench_levelling(seeds: list[int], repeat: int) -> None:
    capacities = {"lead": 1, "pair": 2, "pool": 4}
    print("\nLevelling 100-task one-person plans (capacities lead 1, pair 2, pool 4)")
    first = time.perf_counter()
    level(one_person_plan(30, 0), capacities, method="cp-sat")
    print(
        f"first CP-SAT solve in the process (import + warm-up): {time.perf_counter() - first:.2f} s"
    )
    print(
        f"{'seed':>5} {'SGS':>9} {'SGS end':>8} {'CP-SAT':>9} {'CP end':>7} {'status':>9} {'gap':>5}"
    )
    for seed in seeds:
        net = one_person_plan(100, seed)
        sgs_time = interleaved([lambda net=net: level(net, capacities)], repeat * 2, number=10)[0]
        heuristic = level(net, capacities)
        began = time.perf_counter()
        exact = level(net, capacities, method="cp-sat", time_limit=1.0, workers=2)
        exact_time = time.perf_counter() - began
        assert exact.objective <= heuristic.objective
        print(
            f"{seed:>5} {sgs_time * 1e3:>7.2f}ms {heuristic.objective[1]:>8} "
            f"{exact_time * 1e3:>7.0f}ms {exact.objective[1]:>7} {exact.status:>9} "
            f"{exact.gap or 0.0:>5.1%}"
        )
    print("end = finish of the council's work (working-day index); CP-SAT times include the model")


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    repeat = 1 if quick else 5
    bench_cpm([500, 5_000] if quick else [500, 5_000, 50_000], repeat)
    bench_timeline(repeat)
    bench_levelling([1, 2] if quick else [1, 2, 3, 4, 5], repeat)


if __name__ == "__main__":
    main(sys.argv[1:])
