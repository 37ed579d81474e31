"""Scenario loading and reports: what validation and pictures cost over the bare steps.

Prints, measured in this run:

* loading and fully validating a scenario (schema, rule registry, overrides applied to validated
  copies, task-change cycle check) against ``tomllib.loads`` of the same text (the baseline);
* rendering the HTML report without pictures, and with the embedded Gantt chart, against planning
  the timeline it shows.

Run: python benchmarks/scenario.py [--repeats N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from inspection_sim.report import ReportInputs, render_report
from inspection_sim.scenario import load_scenario, parse_scenario
from inspection_sim.workbench import plan_scenario

SCENARIO = Path(__file__).parents[1] / "scenarios" / "ri-council-ilacs-standard.toml"


def median_time(repeats: int, work: Callable[[], object]) -> float:
    """Median wall time of ``repeats`` runs, with a collection before each."""
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    text = SCENARIO.read_text("utf-8")
    scenario = load_scenario(SCENARIO)  # warm the rule registry's cache, as a session would
    timeline = plan_scenario(scenario)

    toml = median_time(args.repeats, lambda: tomllib.loads(text))
    full = median_time(args.repeats, lambda: parse_scenario(text, source=str(SCENARIO)))
    planned = median_time(args.repeats, scenario.plan)
    bare = median_time(args.repeats, lambda: render_report(timeline, ReportInputs(plots=False)))
    drawn = median_time(max(3, args.repeats // 5), lambda: render_report(timeline, ReportInputs()))

    print(f"scenario: {SCENARIO.name}, {len(timeline.tasks)} tasks, median of {args.repeats}")
    print(f"  tomllib.loads (baseline)        {toml * 1e3:8.2f} ms")
    print(f"  load + validate                 {full * 1e3:8.2f} ms  ({full / toml:5.1f}x tomllib)")
    print(f"  plan (baseline)                 {planned * 1e3:8.2f} ms")
    print(f"  HTML report, no pictures        {bare * 1e3:8.2f} ms  ({bare / planned:5.2f}x plan)")
    print(
        f"  HTML report with Gantt chart    {drawn * 1e3:8.2f} ms  ({drawn / planned:5.2f}x plan)"
    )


if __name__ == "__main__":
    main()
