"""Working-day arithmetic: WorkingCalendar vs a naive day loop and numpy's busday functions.

Prints calls per second for each, measured in this run, and the ratios the targets are set on:
scalar calls >= 25x the naive loop, batch calls faster than numpy.busday_offset / busday_count,
and the 20-year calendar build time once `holidays` is imported.

Run: python benchmarks/working_days.py [--cases N]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import holidays
import numpy as np

from inspection_sim import WorkingCalendar
from inspection_sim.calendar import _tables as calendar_tables

START, END = date(2020, 1, 1), date(2039, 12, 31)


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """Median wall time of ``repeats`` runs, with a collection before each."""
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def naive_add(table: holidays.HolidayBase, day: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if day.weekday() < 5 and day not in table:
            remaining -= 1
    return day


def naive_between(table: holidays.HolidayBase, a: date, b: date) -> int:
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        count += day.weekday() < 5 and day not in table
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    cal = WorkingCalendar(start=START, end=END)
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2040))
    hols = np.array(sorted(table), dtype="datetime64[D]")
    days = [date(2021, 1, 1) + timedelta(days=rng.randrange(5000)) for _ in range(args.cases)]
    steps = [rng.randrange(1, 61) for _ in days]
    ends = [d + timedelta(days=rng.randrange(0, 121)) for d in days]
    few = args.cases // 20  # the naive loops are slow: time a sample and scale per call
    days64, steps64, ends64 = (
        np.array(days, dtype="datetime64[D]"),
        np.array(steps),
        np.array(ends, dtype="datetime64[D]"),
    )
    busday_days = np.busday_offset(days64, 0, roll="forward", holidays=hols)

    rows: list[tuple[str, float]] = []

    def per_second(label: str, count: int, work: Callable[[], object]) -> float:
        rate = count / best_of(5, work)
        rows.append((label, rate))
        return rate

    add = cal.add_working_days
    between = cal.working_days_between
    ours_add = per_second(
        "add_working_days, scalar",
        len(days),
        lambda: [add(d, n) for d, n in zip(days, steps, strict=True)],
    )
    ours_between = per_second(
        "working_days_between, scalar",
        len(days),
        lambda: [between(a, b) for a, b in zip(days, ends, strict=True)],
    )
    naive_a = per_second(
        "naive loop add",
        few,
        lambda: [naive_add(table, d, n) for d, n in zip(days[:few], steps[:few], strict=True)],
    )
    naive_b = per_second(
        "naive loop between",
        few,
        lambda: [naive_between(table, a, b) for a, b in zip(days[:few], ends[:few], strict=True)],
    )
    np_scalar = per_second(
        "numpy.busday_offset per scalar",
        few,
        lambda: [
            np.busday_offset(d, n, roll="forward", holidays=hols)
            for d, n in zip(days64[:few], steps[:few], strict=True)
        ],
    )
    batch_add = per_second(
        "add_working_days_batch", len(days), lambda: cal.add_working_days_batch(days64, steps64)
    )
    batch_between = per_second(
        "working_days_between_batch",
        len(days),
        lambda: cal.working_days_between_batch(days64, ends64),
    )
    np_add = per_second(
        "numpy.busday_offset batch",
        len(days),
        lambda: np.busday_offset(busday_days, steps64, roll="forward", holidays=hols),
    )
    np_count = per_second(
        "numpy.busday_count batch",
        len(days),
        lambda: np.busday_count(days64, ends64, holidays=hols),
    )

    def fresh_build() -> WorkingCalendar:
        calendar_tables.cache_clear()  # time the table build, not the cache
        return WorkingCalendar(start=START, end=END, closures=[date(2030, 1, 2)])

    build = best_of(9, fresh_build)
    cached = best_of(9, lambda: WorkingCalendar(start=START, end=END, closures=[date(2030, 1, 2)]))

    width = max(len(label) for label, _ in rows)
    for label, rate in rows:
        print(f"{label:<{width}}  {rate:>14,.0f} calls/s")
    print(
        f"{'build, 20 years (warm holidays)':<{width}}  {build * 1000:>14.2f} ms   (target < 5 ms)"
    )
    print(f"{'build again (cached tables)':<{width}}  {cached * 1000:>14.2f} ms")
    print()
    print(f"scalar add vs naive loop:          {ours_add / naive_a:7.1f}x   (target >= 25x)")
    print(f"scalar between vs naive loop:      {ours_between / naive_b:7.1f}x   (target >= 25x)")
    print(f"scalar add vs numpy per scalar:    {ours_add / np_scalar:7.1f}x")
    print(f"batch add vs numpy.busday_offset:  {batch_add / np_add:7.1f}x   (target > 1x)")
    print(f"batch count vs numpy.busday_count: {batch_between / np_count:7.1f}x   (target > 1x)")


if __name__ == "__main__":
    main()
