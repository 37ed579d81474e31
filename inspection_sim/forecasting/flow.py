"""A simpy model of a cohort flowing through a practice timescale (e.g. initial health assessments).

Time runs on the council's working-day index (working day ``k`` of the run is ``[k, k+1)``).
Arrivals are drawn first with numpy (one stream per replication from
``SeedSequence(seed).spawn(runs)``); simpy then plays the queue: children wait in order of due
date, ``servers`` workers take them one appointment at a time, a slot may be unstaffed
(availability, capacity what-ifs) or missed (no-show), and both rebook the child with priority.
A child is within timescale when the appointment ends on or before the due day, where the due
date is ``calendar.add_working_days(day 0, n)`` exactly as the rule data's ``due()`` computes it.

The calendar is the statutory one (weekdays that are not bank holidays): a council's own
closures (a Christmas shutdown) do not stop the clock. They reduce capacity instead, at the same
point as the weekly availability: a slot that starts on a closure day is unstaffed, so no
appointment takes place and the child is rebooked. Children still arrive on closure days.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Generator, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import simpy
from dateutil.relativedelta import relativedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ForecastInputError
from inspection_sim.forecasting.flow_params import FlowParams
from inspection_sim.progress import progress_bar

__all__ = ["FlowResult", "FlowRun", "MonthRow", "Record", "simulate_flow"]


@dataclass(frozen=True)
class Record:
    """One child's pass through one stage: day 0, the due date, the wait and the completion."""

    day0: date
    due: date
    stage: int
    arrived: float
    started: float | None
    completed: float | None


@dataclass
class FlowRun:
    """One replication: per-month counts and backlogs, and optionally every record."""

    due: npt.NDArray[np.int64]
    on_time: npt.NDArray[np.int64]
    backlog: npt.NDArray[np.int64]
    overdue: npt.NDArray[np.int64]
    records: list[Record] = field(default_factory=list)


@dataclass(frozen=True)
class MonthRow:
    """Across replications: % within timescale for items due in the month, and month-end backlog."""

    month: date
    due: float
    within_pct: float
    within_p10: float
    within_p90: float
    backlog: float
    overdue: float


@dataclass(frozen=True)
class FlowResult:
    """Monthly rows, averaged over replications."""

    params: FlowParams
    runs: int
    rows: tuple[MonthRow, ...]
    replications: tuple[FlowRun, ...] = field(repr=False)

    def at(self, day: date) -> MonthRow:
        """The row of the month containing ``day`` (the projection at an inspection date).

        Raises:
            ForecastInputError: when ``day`` is outside the simulated months.
        """
        for row in self.rows:
            if (row.month.year, row.month.month) == (day.year, day.month):
                return row
        raise ForecastInputError(
            f"{day.isoformat()} is outside the simulated months",
            key="at",
            value=day.isoformat(),
            choices=tuple(row.month.isoformat()[:7] for row in self.rows),
        )

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        return {
            "timescale": self.params.timescale,
            "deadline_working_days": self.params.deadline.working_days,
            "runs": self.runs,
            "months": [
                {
                    "month": r.month.isoformat()[:7],
                    "due": round(r.due, 2),
                    "within_timescale_pct": _round(r.within_pct),
                    "within_p10": _round(r.within_p10),
                    "within_p90": _round(r.within_p90),
                    "backlog": round(r.backlog, 2),
                    "overdue": round(r.overdue, 2),
                }
                for r in self.rows
            ],
        }


def _round(value: float) -> float | None:
    """One decimal, or None for a month with nothing due (NaN is not JSON)."""
    return None if math.isnan(value) else round(value, 1)


def _day_of(moment: float) -> int:
    """The working day an event at ``moment`` falls in; an end exactly at k closes day k - 1."""
    return max(math.ceil(moment) - 1, 0)


class _Model:
    """One replication's simpy processes over a fixed calendar window."""

    def __init__(
        self,
        params: FlowParams,
        cal: WorkingCalendar,
        months: int,
        rng: np.random.Generator,
        keep: bool,
        closures: frozenset[date] = frozenset(),
    ) -> None:
        self.p, self.cal, self.rng, self.keep = params, cal, rng, keep
        self.closures = closures
        self.first = cal.index_of(params.start)
        self.month_starts = [
            params.start.replace(day=1) + relativedelta(months=m) for m in range(months + 1)
        ]
        self.month_ends = [cal.index_of(m) - self.first for m in self.month_starts[1:]]
        self.horizon = self.month_ends[-1]
        self.deadline = params.deadline
        self.env = simpy.Environment()
        self.queue = simpy.PriorityStore(self.env)
        self.order = itertools.count()
        self.waiting: dict[int, tuple[int, date]] = {}  # ticket -> due index and date
        self.records: list[Record] = []
        self.due_month = np.zeros(months, dtype=np.int64)
        self.on_time = np.zeros(months, dtype=np.int64)
        self.backlog = np.zeros(months, dtype=np.int64)
        self.overdue = np.zeros(months, dtype=np.int64)
        # "per week" means per working week of the calendar's weekmask (5 days for Mon-Fri)
        self.week_days = sum(cal.weekmask_flags)
        self.service_days = params.servers * self.week_days / params.capacity_per_week

    # -- arrivals, drawn first ------------------------------------------------------------------

    def arrivals(self) -> list[tuple[float, date]]:
        """(time, day 0) of every arrival in the window, in time order."""
        p, cal = self.p, self.cal
        last = self.month_starts[-1].toordinal()
        days = np.arange(p.start.toordinal(), last)
        dates = [date.fromordinal(int(o)) for o in days]
        rate = np.asarray(
            [
                p.arrivals_per_week / 7 * p.seasonality[d.month - 1] * p.factor("arrivals", d)
                for d in dates
            ]
        )
        working = cal.is_working_day_batch(dates)
        if p.arrivals == "poisson-working-days":
            rate = np.where(working, rate * 7 / self.week_days, 0.0)
        if p.arrivals == "constant":
            return self._constant(dates, rate, working)
        counts = self.rng.poisson(rate)
        found: list[tuple[float, date]] = []
        for d, n, work in zip(dates, counts, working, strict=True):
            base = cal.index_of(d) - self.first
            for u in np.sort(self.rng.random(int(n))):
                found.append((base + (float(u) if work else 0.0), d))
        return found

    def _constant(
        self, dates: list[date], rate: npt.NDArray[np.float64], working: npt.NDArray[np.bool_]
    ) -> list[tuple[float, date]]:
        found: list[tuple[float, date]] = []
        owed = 0.0
        for d, r, work in zip(dates, rate, working, strict=True):
            owed += float(r)
            base = self.cal.index_of(d) - self.first
            while owed >= 1.0:
                owed -= 1.0
                found.append((base + (0.5 if work else 0.0), d))
        return found

    # -- processes ------------------------------------------------------------------------------

    def due_index(self, day0: date, stage: int) -> tuple[date, int]:
        if stage == 0:
            due = self.cal.add_working_days(day0, self.deadline.working_days)
        else:
            months = self.deadline.followup_months
            due = day0 + relativedelta(months=months[min(stage, len(months)) - 1])
        return due, self.cal.index_of(due) - self.first

    def child(self, at: float, day0: date, stage: int = 0) -> Generator[simpy.Event, Any, None]:
        due, due_idx = self.due_index(day0, stage)
        enter = at if stage == 0 else max(at, due_idx - self.p.lead_working_days)
        if enter > self.env.now:
            yield self.env.timeout(enter - self.env.now)
        if self.env.now >= self.horizon:
            return
        entered = self.env.now
        done = self.env.event()
        ticket = next(self.order)
        self.waiting[ticket] = (due_idx, due)
        yield self.queue.put(simpy.PriorityItem((due_idx, ticket), (done, ticket)))
        started, finished = yield done
        self._count(due, due_idx, finished)
        if self.keep:
            self.records.append(Record(day0, due, stage, entered, started, finished))
        if self.deadline.followup_months:
            finish_day = self.cal.date_at(self.first + _day_of(finished))
            self.env.process(self.child(self.env.now, finish_day, stage + 1))

    def _count(self, due: date, due_idx: int, finished: float | None) -> None:
        month = (due.year - self.month_starts[0].year) * 12 + due.month - self.month_starts[0].month
        if 0 <= month < len(self.due_month) and due_idx < self.horizon:
            self.due_month[month] += 1
            self.on_time[month] += finished is not None and _day_of(finished) <= due_idx

    def server(self) -> Generator[simpy.Event, Any, None]:
        p = self.p
        while True:
            item = yield self.queue.get()
            done, ticket = item.item
            start = self.env.now
            length = (
                self.service_days
                if p.service == "fixed"
                else self.rng.exponential(self.service_days)
            )
            yield self.env.timeout(length)
            day = self.cal.date_at(self.first + min(int(start), self.horizon - 1))
            week = int(start) // self.week_days
            staffed = p.availability[week % len(p.availability)] * p.factor("capacity", day)
            closed = day in self.closures  # checked first: without closures, the same draws
            if closed or self.rng.random() >= staffed or self.rng.random() < p.no_show:
                yield self.queue.put(simpy.PriorityItem(item.priority, item.item))
                continue
            del self.waiting[ticket]
            done.succeed((start, self.env.now))

    def monitor(self) -> Generator[simpy.Event, Any, None]:
        for month, end in enumerate(self.month_ends):
            yield self.env.timeout(end - self.env.now)
            self.backlog[month] = len(self.waiting)
            self.overdue[month] = sum(due < end for due, _ in self.waiting.values())

    def run(self) -> FlowRun:
        for at, day0 in self.arrivals():
            self.env.process(self.child(at, day0))
        for _ in range(self.p.servers):
            self.env.process(self.server())
        self.env.process(self.monitor())
        self.env.run(until=self.horizon + 1e-9)
        for due_idx, due in self.waiting.values():  # still waiting at the end: late if due
            self._count(due, due_idx, None)
        return FlowRun(self.due_month, self.on_time, self.backlog, self.overdue, self.records)


_Job = tuple[FlowParams, WorkingCalendar, int, np.random.SeedSequence, bool, frozenset[date]]


def _replicate(job: _Job) -> FlowRun:
    """One replication from its own seed stream (a top-level function, so workers can run it)."""
    params, cal, months, stream, keep, closures = job
    return _Model(params, cal, months, np.random.default_rng(stream), keep, closures).run()


#: simpy's cost of one child's arrival or one appointment slot, in seconds (for progress).
SECONDS_PER_EVENT = 15e-6


def _seconds_per_run(params: FlowParams, months: int) -> float:
    weeks = months * 52 / 12
    return weeks * (params.arrivals_per_week + params.capacity_per_week) * SECONDS_PER_EVENT


def simulate_flow(
    params: FlowParams,
    *,
    months: int = 12,
    runs: int = 200,
    seed: int = 0,
    calendar: WorkingCalendar | None = None,
    keep_records: bool = False,
    workers: int = 1,
    closures: Iterable[date] = (),
    progress: bool = False,
) -> FlowResult:
    """Simulate ``runs`` replications of ``months`` months and summarise them by month.

    Args:
        params: the flow.
        months: calendar months from the first of ``params.start``'s month.
        runs: replications, each with its own stream from ``SeedSequence(seed).spawn(runs)``.
        calendar: the working days the timescale counts: weekdays that are not bank holidays
            (default England and Wales; a scenario's ``calendar()``, without its closures).
        keep_records: keep every child's record in each replication (for checks).
        workers: processes to spread replications over; the result does not depend on it.
        closures: the council's closed days (a Christmas shutdown): no appointment starts on
            one, but due dates do not move.
        progress: show a progress bar of the replications on stderr when the run is estimated
            to take a second or more (see :mod:`inspection_sim.progress`).

    Raises:
        ForecastInputError: for fewer than 1 month, run or worker.

    >>> result = simulate_flow(FlowParams(arrivals_per_week=5, capacity_per_week=10), months=2, runs=2)
    >>> len(result.rows)
    2
    """
    for name, value in (("months", months), ("runs", runs), ("workers", workers)):
        if not isinstance(value, int) or value < 1:
            raise ForecastInputError(
                f"{name} must be a whole number, 1 or more", key=name, value=value
            )
    cal = calendar or WorkingCalendar()
    closed = frozenset(closures)
    jobs = [
        (params, cal, months, s, keep_records, closed)
        for s in np.random.SeedSequence(seed).spawn(runs)
    ]
    seconds = runs * _seconds_per_run(params, months) / workers
    done: list[FlowRun] = []
    with (
        progress_bar(runs, unit="run", seconds=seconds, enabled=progress) as bar,
        ExitStack() as stack,
    ):
        if workers == 1:
            replicas: Iterable[FlowRun] = map(_replicate, jobs)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            pool = stack.enter_context(ProcessPoolExecutor(min(workers, runs), mp_context=context))
            replicas = pool.map(_replicate, jobs, chunksize=max(1, runs // (4 * workers)))
        for replica in replicas:
            done.append(replica)
            bar.update()
    due = np.stack([r.due for r in done]).astype(float)
    on_time = np.stack([r.on_time for r in done]).astype(float)
    pct = np.where(due > 0, 100 * on_time / np.maximum(due, 1), np.nan)
    rows = []
    model_months = [params.start.replace(day=1) + relativedelta(months=m) for m in range(months)]
    for m, month in enumerate(model_months):
        column = pct[:, m]
        seen = column[~np.isnan(column)]
        total = due[:, m].sum()
        rows.append(
            MonthRow(
                month=month,
                due=float(due[:, m].mean()),
                within_pct=float(100 * on_time[:, m].sum() / total) if total else float("nan"),
                within_p10=float(np.percentile(seen, 10)) if seen.size else float("nan"),
                within_p90=float(np.percentile(seen, 90)) if seen.size else float("nan"),
                backlog=float(np.mean([r.backlog[m] for r in done])),
                overdue=float(np.mean([r.overdue[m] for r in done])),
            )
        )
    return FlowResult(params, runs, tuple(rows), tuple(done))
