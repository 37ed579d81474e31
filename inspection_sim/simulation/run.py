"""``simulate()``: Monte Carlo replications of a plan, draws first, then an engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec
from inspection_sim.progress import progress_bar, worth_showing
from inspection_sim.simulation.aggregate import Accumulator
from inspection_sim.simulation.budget import check_memory, estimate_seconds
from inspection_sim.simulation.des import Realised
from inspection_sim.simulation.engines import Engine, choose_engine, for_runs, run_observed
from inspection_sim.simulation.events import Uncertainty
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.simulation.sampling import BLOCK, Draws, concat, draw
from inspection_sim.simulation.sources import SimulationSource, as_model

__all__ = ["candidate_dates", "check_runs", "resolve_seed", "simulate"]

#: Seconds of work per engine call when a progress bar is shown (the bar moves that often).
STEP_SECONDS = 0.2


def simulate(
    source: SimulationSource,
    runs: int | None = None,
    seed: int | None = None,
    *,
    capacities: Mapping[str, int] | None = None,
    engine: str | Engine = "auto",
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    window: Sequence[date] | None = None,
    calendar: WorkingCalendar | None = None,
    start: int | None = None,
    progress: bool = False,
    keep_replications: bool | None = None,
) -> SimulationResult:
    """Replicate a plan ``runs`` times and summarise what happened.

    Args:
        source: a :class:`~inspection_sim.plan.timeline.Timeline`, a
            :class:`~inspection_sim.plan.network.Network` or a :class:`SimModel` (see
            :mod:`inspection_sim.simulation.sources`; a scenario runs through
            :func:`inspection_sim.workbench.simulate_scenario`).
        runs: replications (default 1000).
        seed: the seed (default: fresh entropy, recorded in the result).
        capacities: staff per team (default: unlimited).
        engine: ``"auto"``, ``"numpy"``, ``"heap"``, ``"simpy"`` or an engine instance.
        uncertainty: random events (default: none).
        durations: distributions by task id (default: each task's own, else fixed).
        window: candidate notification dates; each replication draws one uniformly and the
            plan moves with it in working days (see :func:`candidate_dates`).
        calendar: the council calendar of a bare Network (England by default).
        start: project start of a bare Network (default 0, as ``cpm``).
        progress: show a progress bar on stderr when the run is estimated to take a second or
            more (see :mod:`inspection_sim.progress`).
        keep_replications: keep every replication's times (``result.start``, ``.finish``,
            ``.critical``, per-replication records): True always; False never, so that memory
            stays flat however many runs (the replications are added up block by block into
            the same tables); None (default) when they take at most :data:`KEEP_CELLS` task
            times.

    Raises:
        SimulationError: invalid runs, engine, capacities, distributions or events; or more
            runs than the machine has memory for (the message gives the estimate, see
            :mod:`inspection_sim.simulation.budget`).

    >>> from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
    >>> net = Network.build([TaskSpec("a", duration=2), TaskSpec("b", duration=3,
    ...     uncertainty=DurationSpec("triangular", (2, 3, 9)))], [Dependency("a", "b")])
    >>> result = simulate(net, runs=200, seed=7)
    >>> float(result.finish[1].min()) >= 4.0
    True
    """
    model = as_model(
        source,
        calendar=calendar,
        capacities=capacities,
        uncertainty=uncertainty,
        durations=durations,
        start=start,
    )
    if window is not None:
        model = model.with_candidates(_shifts(model, window))
    count = check_runs(runs if runs is not None else 1000)
    used = resolve_seed(seed)
    chosen = for_runs(choose_engine(engine, model), model, count)
    keep = keep_replications
    if keep is None:
        keep = count * max(len(model.network), 1) <= KEEP_CELLS
    if not keep:
        return _aggregated(model, chosen, count, used, progress)
    check_memory(model, count)  # only a run that keeps every replication grows with the runs
    draws, realised = _run(model, chosen, count, used, progress)
    return SimulationResult.of(model, draws, realised, used, chosen.name)


#: Task times (tasks x runs) up to which ``simulate`` keeps every replication by default:
#: start, finish and the critical-path flags then take about 70 MB.
KEEP_CELLS = 1 << 22

#: Task times per part of an aggregated run: small enough that the part's arrays stay in a few
#: tens of megabytes, large enough for the numpy engine's passes.
PART_CELLS = 1 << 19


def part_runs(model: SimModel) -> int:
    """Replications per part of an aggregated run: whole blocks of draws."""
    blocks = PART_CELLS // (max(len(model.network), 1) * BLOCK)
    return BLOCK * max(1, min(blocks, 16))


def _aggregated(
    model: SimModel, engine: Engine, runs: int, seed: int, progress: bool
) -> SimulationResult:
    """Replications run part by part and added up (see :mod:`.aggregate`)."""
    accumulator: Accumulator | None = None
    shift = np.empty(runs, dtype=np.int64)
    deferred = np.empty(runs, dtype=np.bool_)
    size = part_runs(model)
    seconds = estimate_seconds(model, runs, engine.name)
    with progress_bar(runs, unit="run", seconds=seconds, enabled=progress) as bar:
        for first in range(0, runs, size):
            draws = draw(model, min(size, runs - first), seed, first=first)
            part = SimulationResult.of(
                model, draws, run_observed(engine, model, draws), seed, engine.name
            )
            if accumulator is None:
                accumulator = Accumulator(model, runs, len(part.deadline_names))
            accumulator.add(first, part)
            shift[first : first + draws.runs] = draws.shift
            deferred[first : first + draws.runs] = draws.deferred
            bar.update(draws.runs)
    assert accumulator is not None
    return SimulationResult(
        model,
        None,
        shift,
        deferred,
        None,
        None,
        seed,
        engine.name,
        aggregates=accumulator.result(),
    )


def _run(
    model: SimModel, engine: Engine, runs: int, seed: int, progress: bool
) -> tuple[Draws, Realised]:
    seconds = estimate_seconds(model, runs, engine.name)
    if not worth_showing(seconds, progress):
        draws = draw(model, runs, seed)
        return draws, engine.run(model, draws)
    # whole blocks per call, so the draws are the same as in one call
    per_block = max(estimate_seconds(model, BLOCK, engine.name), 1e-9)
    step = max(1, int(STEP_SECONDS / per_block)) * BLOCK
    parts: list[tuple[Draws, Realised]] = []
    with progress_bar(runs, unit="run", seconds=seconds, enabled=progress) as bar:
        for first in range(0, runs, step):
            draws = draw(model, min(step, runs - first), seed, first=first)
            parts.append((draws, engine.run(model, draws)))
            bar.update(draws.runs)
    return _join(parts)


def _join(parts: list[tuple[Draws, Realised]]) -> tuple[Draws, Realised]:
    done = [r for _, r in parts]
    width = max(r.incident_start.shape[1] for r in done)

    def rows(arrays: list[Any]) -> Any:
        return np.concatenate(
            [np.pad(a, ((0, 0), (0, width - a.shape[1])), constant_values=np.nan) for a in arrays]
        )

    realised = Realised(
        start=np.concatenate([r.start for r in done], axis=1),
        finish=np.concatenate([r.finish for r in done], axis=1),
        incident_start=rows([r.incident_start for r in done]),
        incident_finish=rows([r.incident_finish for r in done]),
    )
    return concat([d for d, _ in parts]), realised


def check_runs(runs: int) -> int:
    """``runs`` as a positive int.

    Raises:
        SimulationError: not a whole number of at least 1.
    """
    if isinstance(runs, bool) or not isinstance(runs, int | np.integer) or runs < 1:
        raise SimulationError("runs must be a whole number, at least 1", key="runs", value=runs)
    return int(runs)


def resolve_seed(seed: int | None) -> int:
    """``seed``, or fresh entropy when None (so the result can say which seed it used).

    Raises:
        SimulationError: a negative or non-integer seed.
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy) % (1 << 63)  # type: ignore[arg-type]
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise SimulationError("a seed must be a non-negative whole number", key="seed", value=seed)
    return int(seed)


def candidate_dates(
    calendar: WorkingCalendar, first: date, last: date, weekdays: Sequence[int] | None = None
) -> list[date]:
    """Candidate notification dates in ``[first, last]`` (inclusive).

    Every date whose weekday (Monday 0) is in ``weekdays`` (default: every weekday), rolled
    forward to a working day, as the rules roll a notification that falls on a bank holiday;
    a date that rolls past ``last`` is dropped, and so are duplicates.

    >>> from datetime import date
    >>> cal = WorkingCalendar()
    >>> candidate_dates(cal, date(2027, 5, 1), date(2027, 5, 31), [0])  # 3 and 31 May: holidays
    [datetime.date(2027, 5, 4), datetime.date(2027, 5, 10), datetime.date(2027, 5, 17), \
datetime.date(2027, 5, 24)]
    """
    from datetime import timedelta

    wanted = set(range(7) if weekdays is None else weekdays)
    days = (first + timedelta(days=k) for k in range((last - first).days + 1))
    rolled = {calendar.roll_forward(d) for d in days if d.weekday() in wanted}
    return sorted(d for d in rolled if d <= last)


def _shifts(model: SimModel, window: Sequence[date]) -> list[int]:
    if not window:
        raise SimulationError("the notification window holds no candidate dates", key="window")
    cal = model.calendar
    return [cal.index_of(day) - model.anchor for day in window]
