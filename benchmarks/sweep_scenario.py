"""The year sweep a planner runs: time and peak memory, serial (the baseline) and on 2 workers.

``scenarios/good-council-ilacs-short.toml`` notified on every weekday of its window in 2027
(245 dates), 100 replications each, its teams' sizes as capacities (the heap engine), as
``sweep(scenario, weekdays=[0, 1, 2, 3, 4], runs=100)`` gives it. Each run is a fresh process,
as a planner's command is: the time is the sweep call alone (imports excluded; planning every
date, the process pool's start and every replication included), the memory the peak resident
size of that process and of its largest worker. Prints the best and every time of each setup,
the CPU time of the process and its workers (less sensitive to other work on a shared
machine than the wall time), the ratio of the serial time to the 2-worker time, and the load
average before and after (compare ratios, and the best times on a quiet machine). Checks that
both setups give identical results.

Run: ``.venv/bin/python -P benchmarks/sweep_scenario.py [--repeats N] [--runs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SCENARIO = Path(__file__).parents[1] / "scenarios" / "good-council-ilacs-short.toml"
TARGET = 1.0  # seconds on 2 workers, quiet machine


def one(workers: int, runs: int) -> None:
    """One sweep in this process; prints a JSON line."""
    from inspection_sim.scenario import load_scenario
    from inspection_sim.simulation import sweep

    scenario = load_scenario(SCENARIO)
    cpu = _cpu_seconds()
    begin = time.perf_counter()
    result = sweep(scenario, weekdays=[0, 1, 2, 3, 4], runs=runs, seed=1, workers=workers)
    seconds = time.perf_counter() - begin
    cpu = _cpu_seconds() - cpu
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "dates": len(result.dates),
                "engine": result.engine,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "metrics": result.to_json(indent=None),
            }
        )
    )


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def measure(workers: int, runs: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-P", __file__, "--one", str(workers), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per setup (3)")
    parser.add_argument("--runs", type=int, default=100, help="replications per date (100)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        one(args.one, args.runs)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")
    found: dict[int, list[dict[str, object]]] = {1: [], 2: []}
    for _ in range(args.repeats):  # alternate, so that load changes hit both setups
        for workers in found:
            found[workers].append(measure(workers, args.runs))
    first = found[1][0]
    print(
        f"Year sweep of {SCENARIO.name}: {first['dates']} notification dates x {args.runs} "
        f"replications, engine {first['engine']}"
    )
    best: dict[int, float] = {}
    for workers, rows in found.items():
        times = [float(r["seconds"]) for r in rows]  # type: ignore[arg-type]
        cpu = min(float(r["cpu"]) for r in rows)  # type: ignore[arg-type]
        best[workers] = min(times)
        label = "serial (baseline)" if workers == 1 else f"{workers} workers"
        peak = max(float(r["peak_mb"]) for r in rows)  # type: ignore[arg-type]
        worker_peak = max(float(r["worker_peak_mb"]) for r in rows)  # type: ignore[arg-type]
        print(
            f"  {label:<18} best {best[workers]:6.2f} s   all "
            + " ".join(f"{t:.2f}" for t in times)
            + f"   CPU {cpu:.2f} s   peak {peak:.0f} MB"
            + (f", largest worker {worker_peak:.0f} MB" if workers > 1 else "")
        )
    print(f"  serial / 2 workers: x{best[1] / best[2]:.2f}")
    print(f"  2 workers best {best[2]:.2f} s (target < {TARGET:.0f} s on a quiet machine)")
    same = {r["metrics"] for rows in found.values() for r in rows}
    print(f"  identical results in every run: {len(same) == 1}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
