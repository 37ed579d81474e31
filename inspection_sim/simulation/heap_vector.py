"""The heap engine's vectorised shortcut: a replication in which nobody waits for a unit is the
critical-path forward pass.

When every request (a task that uses capacity, an information request, an absence) finds a
free unit of its team, the event loop grants it at once, and each replication's times are
those of the forward pass without capacities (:func:`~.engine_numpy.forward`), provided that
the loop's arithmetic gives the same numbers. This module runs the forward pass for every
replication at once and marks the replications for which that is proven; the heap engine runs
the others through its event loop. The proof, per replication:

1. **Same numbers.** The loop adds and subtracts times (``now + (f - now)``); with every time
   in ``[t0, 2 t0]`` (``t0`` the replication's start, positive) each such difference is exact
   (Sterbenz), so the loop's times are the drawn and computed ones exactly.
2. **Requested when released.** A task asks for its unit at ``max(release, determined)``, where
   ``determined`` is when its last predecessor was decided (granted, or started for a task
   without a queue); the forward pass assumes the release. So every queued task must have
   ``release >= determined``. Incidents of a team with a limit must arrive after ``t0`` (the
   loop asks for those drawn earlier at ``t0``).
3. **Nobody waits.** Each request at time ``t`` must find fewer than the team's capacity of
   other holds ``[grant, end]`` with ``grant <= t <= end`` (closed, so ties count against it).
   By induction over requests in time order, every grant is then immediate. With
   ``every_absence=False`` only requests up to the team's last task or information request
   need checking: later absences decide nothing that is reported (see
   :func:`~.heap_plain.run_plain`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.simulation.des import Realised
from inspection_sim.simulation.engine_numpy import _place, _release, incidents
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["proven", "select"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Up to this many holds per team, every pair is compared (faster than sorting when few).
PAIRS = 64


def proven(model: SimModel, draws: Draws, every_absence: bool) -> tuple[Realised, BoolArray]:
    """The forward pass of every replication, and which of them equal the event loop's."""
    net = model.network
    n, runs = len(net), draws.runs
    moved = draws.shift.astype(np.float64)
    t0 = model.origin + moved
    uses = model.uses_capacity
    start = np.empty((n, runs))
    finish = np.empty((n, runs))
    release = np.empty((n, runs))
    decided = np.empty((n, runs))  # when the loop decides a task's times
    ok = t0 > 0
    for i in range(n):
        d = draws.duration[i]
        team = model.team_times[net.team_index[i]] if net.team_index[i] >= 0 else None
        if net.fixed_start[i] != NO_TIME:
            start[i] = net.fixed_start[i] + moved
            finish[i] = _place(team, start[i], d)[1]
            release[i] = start[i]
            decided[i] = t0
            continue
        release[i] = _release(model, i, start, finish, d, t0, moved, team) + draws.delay[i]
        start[i], finish[i] = _place(team, release[i], d)
        last = t0
        for k in net.predecessors(i):
            p = int(net.pred[k])
            last = np.maximum(last, release[p] if uses[p] else decided[p])
        decided[i] = last
        if uses[i]:
            ok &= release[i] >= last
    inc_start, inc_finish = incidents(model, draws)
    if n:
        ok &= finish.max(axis=0) <= 2 * t0
    team = draws.incident_team
    limited = (team >= 0) & (np.append(model.team_capacity, 0)[team] > 0)  # team -1 reads 0
    arrival = np.where(limited, draws.incident_release, np.nan)
    ok &= ~np.any(limited & ~(arrival > t0[:, None]), axis=1)
    ok &= ~np.any(limited & ~(np.where(limited, inc_finish, 0.0) <= 2 * t0[:, None]), axis=1)
    for q, capacity in enumerate(model.team_capacity.tolist()):
        if capacity and ok.any():
            tasks = np.flatnonzero(uses & (net.team_index == q))
            ok &= _nobody_waits(
                release[tasks].T,
                finish[tasks].T,
                arrival,
                inc_finish,
                (team == q) & limited,
                np.isfinite(draws.incident_due),
                capacity,
                every_absence,
            )
    return Realised(start, finish, inc_start, inc_finish), ok


def _nobody_waits(
    task_grant: FloatArray,
    task_end: FloatArray,
    arrival: FloatArray,
    inc_end: FloatArray,
    mine: BoolArray,
    request: BoolArray,
    capacity: int,
    every_absence: bool,
) -> BoolArray:
    """``(runs,)``: every request of one team finds a free unit (see the module docstring)."""
    columns = np.flatnonzero(mine.any(axis=0))
    own = mine[:, columns]
    grant = np.concatenate([task_grant, np.where(own, arrival[:, columns], np.nan)], axis=1)
    end = np.concatenate([task_end, np.where(own, inc_end[:, columns], np.nan)], axis=1)
    asks = ~np.isnan(grant)
    if not every_absence:  # only up to the team's last task or information request
        counted = np.concatenate(
            [np.ones(task_grant.shape, dtype=bool), own & request[:, columns]], axis=1
        )
        # a team with no task and no request here asks for nothing: -inf closes every ask
        close = np.max(np.where(counted, grant, -np.inf), axis=1, keepdims=True, initial=-np.inf)
        asks &= grant <= close
    # holds that may be in use at each request: granted at or before it, not ended before it
    # (ties count against it), less the request's own
    if grant.shape[1] <= PAIRS:
        holding = (grant[:, None, :] <= grant[:, :, None]) & (grant[:, :, None] <= end[:, None, :])
        busy = holding.sum(axis=2) - 1
    else:
        busy = _at_or_before(grant, grant, "right") - _at_or_before(end, grant, "left") - 1
    result: BoolArray = ~np.any(asks & (busy >= capacity), axis=1)
    return result


def _at_or_before(values: FloatArray, times: FloatArray, side: str) -> npt.NDArray[np.intp]:
    """``(runs, k)``: per row, how many ``values`` are ``<= times`` (``side="right"``) or
    ``< times`` (``"left"``); NaN values count as never. Rows are searched at once as complex
    keys ``row + 1j * value``, which numpy orders by row and then value, exactly."""
    runs = values.shape[0]
    rows = np.arange(runs, dtype=np.float64)
    keys = np.sort(_complex(rows[:, None], np.where(np.isnan(values), np.inf, values)).ravel())
    starts = np.searchsorted(keys, _complex(rows, np.full(runs, -np.inf)), side="left")
    found = np.searchsorted(keys, _complex(rows[:, None], times).ravel(), side=side)  # type: ignore[call-overload]
    result: npt.NDArray[np.intp] = found.reshape(times.shape) - starts[:, None]
    return result


def _complex(real: FloatArray, imag: FloatArray) -> npt.NDArray[np.complex128]:
    """``real + 1j * imag`` without multiplying (``1j * inf`` would make the real part NaN)."""
    real, imag = np.broadcast_arrays(real, imag)
    out = np.empty(real.shape, dtype=np.complex128)
    out.real, out.imag = real, imag
    return out


def select(draws: Draws, rows: npt.NDArray[np.intp]) -> Draws:
    """The draws of some replications only."""
    return Draws(
        draws.duration[:, rows],
        draws.delay[:, rows],
        draws.shift[rows],
        draws.deferred[rows],
        draws.incident_team[rows],
        draws.incident_release[rows],
        draws.incident_length[rows],
        draws.incident_due[rows],
    )
