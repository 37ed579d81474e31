"""The year sweep a planner runs: time and peak memory, serial (the baseline) and on 2 workers.

``scenarios/good-council-ilacs-short.toml`` notified on every call its rules permit in 2027 (38
dates; ``sweep(scenario, first=2027-01-01, last=2027-12-31, runs=100)``, what ``inspection-sim
sweep`` does), and on every weekday of its window (245 dates; ``weekdays=[0, 1, 2, 3, 4]``), 100
replications each, each date planned afresh with its teams' sizes as capacities (the heap
engine). Each run is a fresh process,
as a planner's command is: the time is the sweep call alone (imports excluded; planning every
date, the process pool's start and every replication included), the memory the peak resident
size of that process and of its largest worker. Prints the best and every time of each setup,
the CPU time of the process and its workers (less sensitive to other work on a shared
machine than the wall time), the ratio of the serial time to the 2-worker time, and the load
average before and after (compare ratios, and the best times on a quiet machine). Checks that
both setups give identical results.

Run: ``.venv/bin/python benchmarks/sweep_scenario.py [--repeats N] [--runs N] [--weekdays]``
(``--weekdays``: the 245 weekdays only; default both sets of dates).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

SCENARIO = Path(__file__).parents[1] / "scenarios" / "good-council-ilacs-short.toml"
TARGET = 1.0  # seconds on 2 workers, quiet machine


#: The two sets of dates: the calls the rules permit in 2027, and every weekday of the window.
DATES = {
    "permitted": {"first": date(2027, 1, 1), "last": date(2027, 12, 31)},
    "weekdays": {"weekdays": [0, 1, 2, 3, 4]},
}


def one(workers: int, runs: int, dates: str) -> None:
    """One sweep in this process; prints a JSON line."""
    from inspection_sim.scenario import load_scenario
    from inspection_sim.workbench import sweep_scenario

    scenario = load_scenario(SCENARIO)
    cpu = _cpu_seconds()
    begin = time.perf_counter()
    result = sweep_scenario(scenario, runs=runs, seed=1, workers=workers, **DATES[dates])  # type: ignore[arg-type]
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


def measure(workers: int, runs: int, dates: str) -> dict[str, object]:
    command = [sys.executable, "-P", __file__, "--one", str(workers), "--runs", str(runs)]
    done = subprocess.run(
        [*command, "--dates", dates],
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
    parser.add_argument("--weekdays", action="store_true", help="every weekday only")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dates", choices=DATES, default="permitted", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        one(args.one, args.runs, args.dates)
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")
    for dates in ["weekdays"] if args.weekdays else list(DATES):
        report(dates, args.repeats, args.runs)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def report(dates: str, repeats: int, runs: int) -> None:
    """Times and peak memory of one set of dates, serial and on 2 workers."""
    found: dict[int, list[dict[str, object]]] = {1: [], 2: []}
    for _ in range(repeats):  # alternate, so that load changes hit both setups
        for workers in found:
            found[workers].append(measure(workers, runs, dates))
    first = found[1][0]
    print(
        f"Year sweep of {SCENARIO.name}, {dates}: {first['dates']} notification dates x "
        f"{runs} replications, engine {first['engine']}"
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


if __name__ == "__main__":
    main()
