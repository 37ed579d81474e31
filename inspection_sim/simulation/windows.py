"""Tasks bound to a framework window: missed only when staff absences leave the window uncovered.

A council task bound to a window (``window = "fieldwork"`` in a task template: supporting the
inspectors on site, keeping the evidence log) takes the window's dates as a fixed start, so it
never draws a duration and never moves. What can go wrong is that too few of its team are
there: it needs ``staff_needed`` of them present at every moment of the window (a planning
assumption, ``[windows]`` in ``rules/data/assumptions.toml``). Its outcome in a replication is
the time, in working days, during which the team's staff absences *as drawn* (each from its
release for its length, on the team's calendar) leave fewer than that: 0 when covered.

Absences are read as drawn, not as the engines queue them for a unit, because a person is away
whatever the team was doing; so the cover is the same whatever the engine, and whether or not an
engine leaves out the absences nothing else reads.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.simulation.des import Realised
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["staff_needed", "uncovered", "window_deadlines"]

FloatArray = npt.NDArray[np.float64]


@cache
def staff_needed() -> int:
    """How many of its team a window task needs present (the shipped planning assumption)."""
    from inspection_sim.rules import load_assumptions

    return load_assumptions().windows.staff_needed


def window_deadlines(model: SimModel) -> tuple[int, ...]:
    """Positions of the deadline tasks bound to a framework window, in network order."""
    net = model.network
    return tuple(
        i
        for i, task in enumerate(net.tasks)
        if task.window is not None
        and net.finish_no_later_than[i] != NO_TIME
        and net.fixed_start[i] != NO_TIME
    )


def uncovered(model: SimModel, draws: Draws, realised: Realised) -> FloatArray:
    """``(window deadlines, runs)``: working days of each window task's realised span during
    which its team has fewer than :func:`staff_needed` present (see the module docstring).

    A team without a capacity has no known size and draws no absences: always covered. A team
    smaller than the need is never covered.
    """
    rows = window_deadlines(model)
    out = np.zeros((len(rows), draws.runs))
    for r, i in enumerate(rows):
        team = model.network.tasks[i].team
        size = model.capacities.get(team or "", 0)
        if not size:
            continue
        start, finish = realised.start[i], realised.finish[i]
        threshold = size - staff_needed() + 1  # absent at once that leave too few present
        if threshold <= 0:
            out[r] = finish - start
            continue
        away_start, away_finish = _absences(model, draws, model.team_position(team or ""))
        out[r] = _time_with_at_least(threshold, away_start, away_finish, start, finish)
    return out


def _absences(model: SimModel, draws: Draws, q: int) -> tuple[FloatArray, FloatArray]:
    """``(runs, k)`` start and finish of team ``q``'s absences as drawn (NaN: none)."""
    from inspection_sim.simulation.engine_numpy import _place

    mine = (draws.incident_team == q) & np.isinf(draws.incident_due)
    start = np.full(mine.shape, np.nan)
    finish = np.full(mine.shape, np.nan)
    if mine.any():
        s, f = _place(
            model.team_times[q], draws.incident_release[mine], draws.incident_length[mine]
        )
        start[mine], finish[mine] = s, f
    return start, finish


def _time_with_at_least(
    threshold: int, start: FloatArray, finish: FloatArray, low: FloatArray, high: FloatArray
) -> FloatArray:
    """Per row, the time in ``[low, high)`` covered by at least ``threshold`` of the intervals
    ``[start, finish)`` (NaN: no interval). An interval ending when another starts does not
    overlap it. Only rows with ``threshold`` intervals meeting the window are swept, over the
    columns that meet it."""
    result = np.zeros(start.shape[0])
    lo, hi = low[:, None], high[:, None]
    with np.errstate(invalid="ignore"):  # NaN compares False: no interval
        meets = (finish > lo) & (start < hi) & (finish > start)
    rows = np.flatnonzero(meets.sum(axis=1) >= threshold)
    if not rows.size:
        return result
    columns = np.flatnonzero(meets[rows].any(axis=0))
    valid = meets[np.ix_(rows, columns)]
    lo, hi = lo[rows], hi[rows]
    s = np.where(valid, np.clip(start[np.ix_(rows, columns)], lo, hi), hi)
    f = np.where(valid, np.clip(finish[np.ix_(rows, columns)], lo, hi), hi)
    # ends before starts, so that a stable sort puts an end before a start at the same time
    times = np.concatenate([f, s], axis=1)
    step = valid.astype(np.int64)
    steps = np.concatenate([-step, step], axis=1)
    order = np.argsort(times, axis=1, kind="stable")
    times = np.take_along_axis(times, order, axis=1)
    count = np.cumsum(np.take_along_axis(steps, order, axis=1), axis=1)
    lengths = np.diff(times, axis=1)
    result[rows] = np.where(count[:, :-1] >= threshold, lengths, 0.0).sum(axis=1)
    return result
