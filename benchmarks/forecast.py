"""Forecast and flow: speed against baselines measured in the same run.

1. ``forecast()`` (weekly weights from 2,000 quantile points, numpy) against a naive day-by-day loop
   that integrates the same offset distribution one calendar day at a time; both must agree on the
   median start.
2. The backtests (78 pairs leave-one-out plus 149 censored councils, each held-out council's queue
   model refitted; out of time at six cut dates from 2023-01-01 to 2024-04-01, the model and the
   rule of thumb (36 months +/- 6) side by side, with their 80% coverage and width and the
   pooled figures; 214 publication dates). They need the
   published dataset (``../shared/data/ilacs_inspections.csv``, see ``tools/dataset.py``); without
   it this part prints one line saying so and the rest runs.
3. ``simulate_flow`` replications per second, serial and with 2 worker processes (same result).

Run: python benchmarks/forecast.py [--runs N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root goes first: the backtests are maintainer tools in its tools/ folder (not
# installed).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from statistics import NormalDist

from inspection_sim import WorkingCalendar
from inspection_sim.forecasting.calibration import DAYS_PER_MONTH, calibration
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import cycle_rules
from inspection_sim.forecasting.flow import simulate_flow
from inspection_sim.forecasting.flow_params import FlowParams
from inspection_sim.forecasting.refit import read_inspections
from tools.backtest import (
    CUT_DATES,
    backtest_cycle,
    backtest_cycle_as_of,
    backtest_publication,
    pooled,
)
from tools.dataset import dataset_path, missing_dataset

HISTORY = ["2024-03-11:short:good"]
ON = date(2024, 4, 1)


def median_time(repeats: int, work: Callable[[], object]) -> float:
    """Median wall time of ``repeats`` runs, with a collection before each."""
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def naive_median(cal: WorkingCalendar) -> date:
    """The same distribution, built one calendar day at a time (the baseline)."""
    rules, calib = cycle_rules(), calibration()
    queue = calib.queue
    anniversary = rules.anniversary(date(2024, 3, 11))
    anchor = anniversary + timedelta(days=round(queue.offset(anniversary, "good") * DAYS_PER_MONTH))
    spread = NormalDist(0.0, queue.sigma * DAYS_PER_MONTH)
    earliest = ON + timedelta(days=rules.timing["short"].notification_days_before)
    blackouts = rules.timing["short"].blackouts
    weights: dict[date, float] = {}
    reach = round(4 * queue.sigma * DAYS_PER_MONTH)
    for shift in range(-reach, reach + 1):
        day = anchor + timedelta(days=shift)
        mass = spread.cdf(shift + 0.5) - spread.cdf(shift - 0.5)
        monday = day - timedelta(days=day.weekday())
        onsite = [monday + timedelta(days=i) for i in range(5)]
        allowed = monday >= earliest and all(
            cal.is_working_day(d) and not any(b.contains(d) for b in blackouts) for d in onsite
        )
        if allowed:
            weights[monday] = weights.get(monday, 0.0) + mass
    total, running = sum(weights.values()), 0.0
    for monday in sorted(weights):
        running += weights[monday]
        if running >= total / 2:
            return monday
    raise RuntimeError("empty distribution")


def backtests() -> None:
    """Part 2, or one line saying that the dataset it needs is missing."""
    missing = missing_dataset()
    if missing is not None:
        print(f"2. backtests: skipped: {missing}")
        return
    inspections = read_inspections(dataset_path())
    cycle = median_time(1, lambda: backtest_cycle(inspections, "calibrated"))
    as_of = median_time(1, lambda: backtest_cycle_as_of(inspections, date(2024, 1, 1)))
    publication = median_time(1, lambda: backtest_publication(inspections))
    print("2. backtests")
    print(f"   cycle (78 pairs leave-one-out + 149 censored): {cycle:6.2f} s")
    print(f"   cycle fitted as of 2024-01-01 (43 councils):   {as_of:6.2f} s")
    print(f"   publication (214 inspections):                 {publication:6.2f} s")
    print("   out of time, 80% interval: coverage and median width (months)")
    print(f"   {'cut date':<12}{'n':>4}  {'model':>18}  {'rule of thumb':>18}")
    scores = {}
    for model in ("calibrated", "framework"):
        scores[model] = [backtest_cycle_as_of(inspections, cut, model=model) for cut in CUT_DATES]
    for cut, ours, rule in zip(CUT_DATES, scores["calibrated"], scores["framework"], strict=True):
        print(
            f"   {cut.isoformat():<12}{ours.n:>4}  {ours.cover80:>8.0%} {ours.width80:>5.1f} mo"
            f"     {rule.cover80:>8.0%} {rule.width80:>5.1f} mo"
        )
    (c1, w1), (c2, w2) = pooled(scores["calibrated"]), pooled(scores["framework"])
    print(f"   {'pooled':<12}{'':>4}  {c1:>8.0%} {w1:>5.1f} mo     {c2:>8.0%} {w2:>5.1f} mo")
    print("   target: the model's 80% interval covers 75-90% and is narrower than 12 months")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="flow replications (default 200)")
    args = parser.parse_args()
    cal = WorkingCalendar()
    forecast(HISTORY, on=ON, calendar=cal)  # warm the caches (rule files, calendar)

    fast = median_time(20, lambda: forecast(HISTORY, on=ON, calendar=cal))
    slow = median_time(5, lambda: naive_median(cal))
    ours = forecast(HISTORY, on=ON, calendar=cal).inspection().onsite.quantile(50)
    theirs = naive_median(cal)
    print("1. forecast of one history (2 activities + publication)")
    print(f"   forecast():        {fast * 1e3:8.2f} ms/call  ({1 / fast:8.0f} calls/s)")
    print(f"   naive day loop:    {slow * 1e3:8.2f} ms/call  (inspection only)")
    print(f"   ratio: {slow / fast:.1f}x; medians {ours} vs {theirs}")

    backtests()

    params = FlowParams(arrivals_per_week=10, capacity_per_week=12, no_show=0.1)
    serial = median_time(1, lambda: simulate_flow(params, runs=args.runs, seed=1))
    pooled = median_time(1, lambda: simulate_flow(params, runs=args.runs, seed=1, workers=2))
    same = repr(simulate_flow(params, runs=8, seed=1).rows) == repr(
        simulate_flow(params, runs=8, seed=1, workers=2).rows
    )
    print(f"3. flow, initial health assessments, 12 months, {args.runs} replications (simpy)")
    print(f"   serial:     {serial:6.2f} s  ({args.runs / serial:7.1f} replications/s)")
    print(f"   2 workers:  {pooled:6.2f} s  ({args.runs / pooled:7.1f} replications/s)")
    print(f"   ratio: {serial / pooled:.2f}x; identical results: {same}")


if __name__ == "__main__":
    main()
