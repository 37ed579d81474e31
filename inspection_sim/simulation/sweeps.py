"""``sweep()``: the same plan notified on every candidate date of a window, N replications each.

Each candidate date's replications draw from streams keyed by the date itself
(``SeedSequence(seed, spawn_key=(date.toordinal(), block))``), so a date's results depend only on
the seed and the date: not on the other dates swept, the number of workers, how the dates are
split into chunks or the order the chunks finish in.

Dates. A sweep of a scenario or a timeline takes, by default, only the notification calls its
framework's rules give (a timeline's in the registry, or the ``rules`` given: a scenario's local
rules) (:func:`~inspection_sim.plan.anchors.notification_calls`): the rule's
weekday, moved as the rules move a call that falls on a bank holiday, and never one whose
fieldwork falls in a period the framework leaves without fieldwork (weeks with a bank holiday,
the Christmas gap, August, national pauses). ``all_dates=True`` sweeps every working day of the
window instead and marks each date the rules would not give (``SweepResult.outside_rules``). A
bare network has no rules: its candidates are every date asked for.

Without a ``planner`` the plan moves rigidly with the notification date in working days: every
dated constraint moves by the working days between the plan's notification and the candidate,
while team calendars (leave) stay on their dates. With a ``planner`` (a function from a
notification date to a Timeline, or to a whole SimModel), each date is planned afresh, so rules
tied to weekdays and bank holidays apply exactly; a scenario is replanned this way
(:func:`inspection_sim.workbench.sweep_scenario`). Each date is planned by the worker that
simulates it; a planner that cannot be pickled (a closure) plans every date in the calling process
instead, with the same results.
"""

from __future__ import annotations

import json
import math
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from inspection_sim.csvfile import csv_records
from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec
from inspection_sim.plan.timeline import Timeline
from inspection_sim.progress import Progress, progress_bar, worth_showing
from inspection_sim.simulation.budget import check_memory, estimate_seconds
from inspection_sim.simulation.engine_numpy import COLUMNS
from inspection_sim.simulation.engines import Engine, choose_engine, for_runs, run_observed
from inspection_sim.simulation.events import Uncertainty
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.simulation.run import candidate_dates, check_runs, resolve_seed
from inspection_sim.simulation.sampling import Draws, concat, draw
from inspection_sim.simulation.sources import SimulationSource, as_model

if TYPE_CHECKING:
    from inspection_sim.rules.model import Framework, InspectionType

__all__ = ["Planner", "SweepResult", "moved_events", "sweep"]

FloatArray = npt.NDArray[np.float64]
#: One date's work: its ordinal, its working-day offset from the plan, and its own model if any.
Item = tuple[int, int, SimModel | None]
#: Plans the source afresh for one notification date.
Planner = Callable[[date], Timeline | SimModel]
#: Planning one date afresh (in this process) and starting a process pool, in seconds on a
#: quiet machine (for the progress estimate).
PLAN_SECONDS = 0.01
POOL_SECONDS = 0.3
#: Pieces a serial sweep is cut into when it shows progress.
SERIAL_STEPS = 50


@dataclass(frozen=True)
class SweepResult:
    """Metrics per candidate notification date.

    ``metrics`` maps a metric name to one value per date: ``p_all_met`` (every deadline met in
    the same replication), ``p_met:<deadline>`` per deadline, and ``missed_mean`` (the mean
    number of deadlines missed). ``outside_rules`` gives, per date, why the rules would not give
    that call ("" when they would; see the module docstring); ``left_out`` the calls of the
    window the rules would not give, with the reasons, that were not swept.
    """

    dates: tuple[date, ...]
    metrics: Mapping[str, tuple[float, ...]]
    runs: int
    seed: int
    engine: str
    outside_rules: tuple[str, ...] = ()
    left_out: tuple[tuple[date, tuple[str, ...]], ...] = ()

    def why(self, k: int) -> str:
        """Why the rules would not give the ``k``-th date ("" when they would)."""
        return self.outside_rules[k] if self.outside_rules else ""

    def to_records(self) -> list[dict[str, Any]]:
        """The tidy table: one ``{"date", "metric", "value", "outside_rules"}`` record per date
        and metric."""
        return [
            {
                "date": day.isoformat(),
                "metric": name,
                "value": values[k],
                "outside_rules": self.why(k),
            }
            for k, day in enumerate(self.dates)
            for name, values in self.metrics.items()
        ]

    def wide_records(self) -> list[dict[str, Any]]:
        """One record per date with a column per metric, and ``outside_rules``."""
        return [
            {
                "date": day.isoformat(),
                **{m: v[k] for m, v in self.metrics.items()},
                "outside_rules": self.why(k),
            }
            for k, day in enumerate(self.dates)
        ]

    def weakest(self, k: int) -> tuple[str, float] | None:
        """The deadline least likely to be met on the ``k``-th date, with that probability
        (None when every deadline is always met that day)."""
        found = [
            (values[k], name.removeprefix("p_met:"))
            for name, values in self.metrics.items()
            if name.startswith("p_met:") and not math.isnan(values[k])
        ]
        if not found or min(found)[0] >= 1.0:
            return None
        p, name = min(found)
        return name, p

    def to_dataframe(self, wide: bool = False) -> Any:
        """A pandas DataFrame, tidy (default) or wide."""
        import pandas as pd

        return pd.DataFrame(self.wide_records() if wide else self.to_records())

    def to_csv(self) -> str:
        """The tidy table as CSV text (see :mod:`inspection_sim.csvfile`)."""
        return csv_records(("date", "metric", "value", "outside_rules"), self.to_records())

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(
            {
                "runs": self.runs,
                "seed": self.seed,
                "engine": self.engine,
                "left_out": [{"date": d.isoformat(), "why": list(why)} for d, why in self.left_out],
                "records": self.to_records(),
            },
            indent=indent,
        )

    def riskiest(self, n: int = 5) -> list[tuple[date, float]]:
        """The ``n`` dates least likely to meet every deadline, with that probability; none
        when every date meets every deadline in every replication (nothing varies)."""
        values = self.metrics["p_all_met"]
        if min(values, default=1.0) >= 1.0:
            return []
        order = sorted(range(len(self.dates)), key=lambda k: (values[k], self.dates[k]))
        return [(self.dates[k], values[k]) for k in order[:n]]


def sweep(
    source: SimulationSource,
    dates: Sequence[date] | None = None,
    *,
    first: date | None = None,
    last: date | None = None,
    weekdays: Sequence[int] | None = None,
    runs: int = 200,
    seed: int | None = None,
    capacities: Mapping[str, int] | None = None,
    engine: str | Engine = "auto",
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    planner: Planner | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: bool = False,
    all_dates: bool = False,
    rules: InspectionType | None = None,
) -> SweepResult:
    """Simulate ``source`` notified on each candidate date, ``runs`` replications each.

    Args:
        source: as for :func:`~inspection_sim.simulation.run.simulate`.
        dates: the candidate notification dates; or give ``first`` and ``last`` (inclusive). A
            timeline, or a source with ``rules``, keeps only the calls its rules give (see the module docstring); a bare network takes every
            date of ``weekdays`` (Monday 0; default the plan's notification weekday), see
            ``candidate_dates``.
        runs: replications per date.
        seed: the seed (fresh entropy when None; recorded in the result).
        capacities, engine, uncertainty, durations: as for ``simulate``.
        planner: plans the source for a notification date (see the module docstring).
        executor: any ``concurrent.futures.Executor`` (a Dask ``Client.get_executor()``
            works); default a local process pool of ``workers`` processes.
        workers: processes of the default pool (default: the CPU count); 1 runs in this process.
            With neither ``executor`` nor ``workers``, a sweep the numpy engine runs (durations
            only) stays in this process: vectorised, it is faster than a pool's start-up.
        progress: show a progress bar of the dates on stderr when the sweep is estimated to
            take a second or more (see :mod:`inspection_sim.progress`).
        all_dates: sweep every working day of the window, marking the calls the rules would
            not give, instead of those calls only.
        rules: the inspection type whose rules give the calls (default: a timeline's, from the
            registry; none for a bare network or model).

    Raises:
        SimulationError: no candidate dates, invalid settings, or more runs than the machine
            has memory for (see :mod:`inspection_sim.simulation.budget`).
    """
    model = as_model(source, capacities=capacities, uncertainty=uncertainty, durations=durations)
    permits = _rules(source, rules)
    left_out: list[tuple[date, tuple[str, ...]]] = []
    if permits is None or weekdays is not None:
        days = _dates(model, dates, first, last, weekdays)
        outside = [""] * len(days)
    else:
        days, outside, left_out = _permitted(model, permits, dates, first, last, all_dates)
    count = check_runs(runs)
    used = resolve_seed(seed)
    chosen = for_runs(choose_engine(engine, model), model, count * len(days))
    if chosen.name == "numpy" and executor is None and workers is None:
        workers = 1  # vectorised: faster in this process than a pool's start-up and transfers
    serial = executor is None and workers == 1
    processes = 1 if serial else workers or os.cpu_count() or 1
    check_memory(model, count, processes=min(processes, len(days)))
    seconds = (
        len(days) * estimate_seconds(model, count, chosen.name) / processes
        + len(days) * (PLAN_SECONDS if planner else 0.0)
        + (0.0 if serial else POOL_SECONDS)
    )
    show = worth_showing(seconds, progress)
    job = _Job(model, chosen, used, count, planner, capacities, uncertainty, durations)
    with progress_bar(len(days), unit="date", seconds=seconds, enabled=show) as bar:
        if planner is not None and not serial and not _picklable(planner):
            job = replace(job, planner=None)  # plan here, serially, and send each date's model
            items = _items(model, days, planner, capacities, uncertainty, durations)
        else:
            items = [(d.toordinal(), _offset(model, d, planner), None) for d in days]
        chunks = _chunks(
            items,
            executor,
            workers,
            per_worker=1 if chosen.name == "numpy" else 4,
            serial_parts=SERIAL_STEPS if show else 1,
        )
        rows = [row for part in _execute(job, chunks, executor, workers, bar) for row in part]
    names = list(dict.fromkeys(name for row in rows for name in row))
    return SweepResult(
        dates=tuple(days),
        # a date planned afresh may lack a deadline another date has: NaN there
        metrics={name: tuple(row.get(name, math.nan) for row in rows) for name in names},
        runs=count,
        seed=used,
        engine=chosen.name,
        outside_rules=tuple(outside),
        left_out=tuple(left_out),
    )


def _rules(
    source: SimulationSource, rules: InspectionType | None
) -> tuple[InspectionType, Framework] | None:
    """The inspection type and framework version that say which calls are permitted: the rules
    given (a scenario's, with its local overrides), else a timeline's; None for a bare network
    or model."""
    from inspection_sim.rules import load_framework

    if rules is None and isinstance(source, Timeline):
        kind = source.inspection.split(":", 1)[1]
        rules = load_framework(source.framework, version=source.version).inspection(kind)
    if rules is None:
        return None
    return rules, load_framework(rules.framework, version=rules.version)


def _permitted(
    model: SimModel,
    rules: tuple[InspectionType, Framework],
    dates: Sequence[date] | None,
    first: date | None,
    last: date | None,
    all_dates: bool,
) -> tuple[list[date], list[str], list[tuple[date, tuple[str, ...]]]]:
    """The dates to sweep, why the rules would not give each ("" when they would), and the
    dates left out with why."""
    from inspection_sim.plan.anchors import notification_calls

    item, framework = rules
    if dates is not None:
        asked = sorted(set(dates))
        if not asked:
            raise SimulationError("the window holds no candidate notification dates", key="dates")
        first, last = asked[0], asked[-1]
    elif first is None or last is None:
        raise SimulationError("give the candidate dates, or first and last", key="dates")
    calls = notification_calls(item, framework, model.calendar, first, last, every_day=True)
    why = dict(calls)
    if dates is not None:
        candidates = sorted(set(dates))
        for day in candidates:
            why.setdefault(day, ("not a working day",))
    else:
        ruled = {day for day, reasons in calls if not any(r.startswith("not the") for r in reasons)}
        candidates = [d for d, _ in calls] if all_dates else sorted(ruled)
    days = [d for d in candidates if all_dates or not why[d]]
    left_out = [(d, why[d]) for d in candidates if not all_dates and why[d]]
    if not days:
        raise SimulationError(
            "the rules give no notification call in the window: every candidate's fieldwork "
            "falls in a period without fieldwork (to sweep them anyway: --all-dates, or "
            "all_dates=True in Python)",
            key="dates",
            value=f"{first} to {last}",
        )
    return days, ["; ".join(why[d]) for d in days], left_out


def _picklable(planner: Planner) -> bool:
    try:
        pickle.dumps(planner)
    except Exception:  # pickling raises many types (PicklingError, AttributeError, TypeError)
        return False
    return True


@dataclass(frozen=True)
class _Job:
    """What every chunk of a sweep needs besides its dates."""

    model: SimModel
    engine: Engine
    seed: int
    runs: int
    planner: Planner | None
    capacities: Mapping[str, int] | None
    uncertainty: Uncertainty | None
    durations: Mapping[str, DurationSpec] | None


def _dates(
    model: SimModel,
    dates: Sequence[date] | None,
    first: date | None,
    last: date | None,
    weekdays: Sequence[int] | None,
) -> list[date]:
    if dates is None:
        if first is None or last is None:
            raise SimulationError("give the candidate dates, or first and last", key="dates")
        if weekdays is None:
            weekdays = [model.calendar.date_at(model.anchor).weekday()]
        dates = candidate_dates(model.calendar, first, last, weekdays)
    days = sorted(set(dates))
    if not days:
        raise SimulationError("the window holds no candidate notification dates", key="dates")
    return days


def _offset(model: SimModel, day: date, planner: Planner | None) -> int:
    """Working days from the plan's notification to ``day`` (0 when each date is planned)."""
    return 0 if planner is not None else model.calendar.index_of(day) - model.anchor


def _items(
    model: SimModel,
    days: list[date],
    planner: Planner,
    capacities: Mapping[str, int] | None,
    uncertainty: Uncertainty | None,
    durations: Mapping[str, DurationSpec] | None,
) -> list[Item]:
    """Every date planned here, for a planner that cannot be sent to other processes."""
    return [
        (day.toordinal(), 0, _planned(model, planner(day), capacities, uncertainty, durations))
        for day in days
    ]


def _planned(
    model: SimModel,
    planned: Timeline | SimModel,
    capacities: Mapping[str, int] | None,
    uncertainty: Uncertainty | None,
    durations: Mapping[str, DurationSpec] | None,
) -> SimModel:
    """The model of one date's plan: a whole SimModel as it is; a timeline with the capacities
    given (or the base model's), and the events given (or the base model's) moved with the
    notification, as the plan was."""
    if isinstance(planned, SimModel):
        return planned
    caps = capacities if capacities is not None else dict(model.capacities)
    own = as_model(planned, capacities=caps, durations=durations)
    events = uncertainty if uncertainty is not None else model.uncertainty
    return moved_events(own, events, model.anchor)


def moved_events(own: SimModel, events: Uncertainty | None, anchor: int) -> SimModel:
    """``own`` with ``events`` (planned around the notification at working-day index ``anchor``)
    moved with its notification; ``own`` itself when there are none."""
    if events is None:
        return own
    return SimModel.build(
        own.network,
        own.calendar,
        capacities=own.capacities,
        uncertainty=events.moved(own.anchor - anchor),
        durations=dict(zip(own.network.order, own.durations, strict=True)),
        start=own.origin,
        anchor=own.anchor,
        from_assumptions=own.from_assumptions,
        team_names=own.team_names,
    )


def _chunks(
    items: list[Item],
    executor: Executor | None,
    workers: int | None,
    per_worker: int,
    serial_parts: int = 1,
) -> list[list[Item]]:
    """Contiguous groups of dates; several per worker so that a slow one does not hold all (in
    this process, ``serial_parts`` of them, so a progress bar can move)."""
    parts = (
        serial_parts
        if executor is None and workers == 1
        else per_worker * (workers or os.cpu_count() or 1)
    )
    size = max(1, -(-len(items) // parts))
    return [items[k : k + size] for k in range(0, len(items), size)]


def _execute(
    job: _Job,
    chunks: list[list[Item]],
    executor: Executor | None,
    workers: int | None,
    bar: Progress,
) -> list[list[dict[str, float]]]:
    if executor is None and workers == 1:
        done = []
        for chunk in chunks:
            done.append(_chunk(job, chunk))
            bar.update(len(chunk))
        return done
    own = executor is None
    # never more processes than chunks: each forked process costs memory and start-up time
    pool = executor or ProcessPoolExecutor(
        max_workers=min(workers or os.cpu_count() or 1, len(chunks))
    )
    try:
        futures = [pool.submit(_chunk, job, c) for c in chunks]
        _wait(futures, [len(c) for c in chunks], bar)
        return [f.result() for f in futures]
    finally:
        if own:
            pool.shutdown()


def _wait(futures: list[Future[Any]], sizes: list[int], bar: Progress) -> None:
    from concurrent.futures import as_completed

    size = dict(zip(futures, sizes, strict=True))
    for future in as_completed(futures):
        future.result()
        bar.update(size[future])


def _chunk(job: _Job, items: list[Item]) -> list[dict[str, float]]:
    """Metrics of each date of a chunk: dates sharing the model run in one engine call; with a
    planner, each date is planned here, in the worker."""
    rows: list[dict[str, float]] = []
    most = max(1, COLUMNS // job.runs)  # dates per engine call: arrays stay small and in cache
    k = 0
    while k < len(items):
        own = items[k][2]
        if own is None and job.planner is not None:
            day = date.fromordinal(items[k][0])
            own = _planned(
                job.model, job.planner(day), job.capacities, job.uncertainty, job.durations
            )
        group = [items[k]]
        while (
            own is None
            and len(group) < most
            and k + len(group) < len(items)
            and items[k + len(group)][2] is None
        ):
            group.append(items[k + len(group)])
        metrics = _group(own or job.model, job.engine, job.seed, job.runs, group)
        rows.extend(
            {name: values[d] for name, values in metrics.items()} for d in range(len(group))
        )
        k += len(group)
    return rows


def _group(
    model: SimModel, engine: Engine, seed: int, runs: int, group: list[Item]
) -> dict[str, list[float]]:
    parts = [
        _moved(draw(model, runs, seed, key=(ordinal,)), offset) for ordinal, offset, _ in group
    ]
    draws = parts[0] if len(parts) == 1 else concat(parts)
    realised = run_observed(engine, model, draws)
    result = SimulationResult.of(model, draws, realised, seed, engine.name, inputs=False)
    return _metrics(model, result, [offset for _, offset, _ in group], runs)


def _moved(draws: Draws, offset: int) -> Draws:
    if not offset:
        return draws
    return Draws(
        draws.duration,
        draws.delay,
        draws.shift + offset,
        draws.deferred,
        draws.incident_team,
        draws.incident_release + offset,
        draws.incident_length,
        draws.incident_due + offset,
    )


def _metrics(
    model: SimModel, result: SimulationResult, offsets: list[int], runs: int
) -> dict[str, list[float]]:
    dates = len(offsets)
    met = result.met.reshape(len(result.deadline_names), dates, runs)
    metrics = {"p_all_met": met.all(axis=0).mean(axis=1).tolist()}
    for name, row in zip(result.deadline_names, met, strict=True):
        metrics[f"p_met:{name}"] = row.mean(axis=1).tolist()
    metrics["missed_mean"] = (~met).sum(axis=0).mean(axis=1).tolist()
    return metrics
