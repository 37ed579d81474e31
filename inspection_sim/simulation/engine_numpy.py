"""The vectorised engine: the critical-path forward pass across all replications at once.

With no shared capacity a replication is exactly the forward pass of the critical path method
on its drawn durations (the rules are in :mod:`inspection_sim.simulation.model`). This engine
holds one ``(tasks, runs)`` array per quantity and runs one numpy operation per task and link,
so its cost per replication is a few nanoseconds per task.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.plan.worktime import TeamTime
from inspection_sim.simulation.des import Realised
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["NumpyEngine"]

FloatArray = npt.NDArray[np.float64]


class NumpyEngine:
    """Runs models without capacity limits (see :meth:`supports`)."""

    name = "numpy"

    @staticmethod
    def supports(model: SimModel) -> bool:
        """True when no task or incident queues for a limited team."""
        return not model.has_capacity

    def run(self, model: SimModel, draws: Draws) -> Realised:
        """Realised task and incident times."""
        start, finish = forward(model, draws.duration, draws.delay, draws.shift)
        inc_start, inc_finish = incidents(model, draws)
        return Realised(start, finish, inc_start, inc_finish)


def incidents(model: SimModel, draws: Draws) -> tuple[FloatArray, FloatArray]:
    """Incident times when no team queues: each starts at its release."""
    team = draws.incident_team
    start = np.full(team.shape, np.nan)
    finish = np.full(team.shape, np.nan)
    for q in np.unique(team[team >= 0]).tolist():
        where = team == q
        s, f = _place(
            model.team_times[q], draws.incident_release[where], draws.incident_length[where]
        )
        start[where], finish[where] = s, f
    return start, finish


#: Replications per pass: small enough that temporaries stay in cache and off ``mmap``.
COLUMNS = 2048


def forward(
    model: SimModel, duration: FloatArray, delay: FloatArray, shift: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    """The forward pass on ``(tasks, runs)`` durations and delays and a ``(runs,)`` shift.

    ``delay`` may also be ``(tasks, 1)`` (the same delays in every replication).
    """
    runs = duration.shape[1]
    if runs <= COLUMNS:
        return _forward(model, duration, delay, shift)
    start = np.empty(duration.shape)
    finish = np.empty(duration.shape)
    for lo in range(0, runs, COLUMNS):
        hi = min(lo + COLUMNS, runs)
        columns = delay if delay.shape[1] == 1 else delay[:, lo:hi]
        start[:, lo:hi], finish[:, lo:hi] = _forward(
            model, duration[:, lo:hi], columns, shift[lo:hi]
        )
    return start, finish


def _forward(
    model: SimModel, duration: FloatArray, delay: FloatArray, shift: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    net = model.network
    runs = duration.shape[1]
    moved = shift.astype(np.float64)
    origin = model.origin + moved
    start = np.empty((len(net), runs))
    finish = np.empty((len(net), runs))
    for i in range(len(net)):
        d = duration[i]
        team = model.team_times[net.team_index[i]] if net.team_index[i] >= 0 else None
        if net.fixed_start[i] != NO_TIME:
            start[i] = net.fixed_start[i] + moved
            finish[i] = _place(team, start[i], d)[1]
            continue
        release = _release(model, i, start, finish, d, origin, moved, team) + delay[i]
        start[i], finish[i] = _place(team, release, d)
    return start, finish


def _release(
    model: SimModel,
    i: int,
    start: FloatArray,
    finish: FloatArray,
    d: FloatArray,
    origin: FloatArray,
    moved: FloatArray,
    team: TeamTime | None,
) -> FloatArray:
    net = model.network
    bound = origin
    if net.start_no_earlier_than[i] != NO_TIME:
        bound = np.maximum(bound, net.start_no_earlier_than[i] + moved)
    late: FloatArray | None = None
    for k in net.predecessors(i):
        p, link, lag = int(net.pred[k]), int(net.pred_link[k]), int(net.pred_lag[k])
        value = (finish[p] if link in (0, 2) else start[p]) + lag
        if link < 2:
            bound = np.maximum(bound, value)
        else:
            late = value if late is None else np.maximum(late, value)
    if late is not None:
        bound = np.maximum(bound, _start_for_finish(team, late, d))
    return bound


def _start_for_finish(team: TeamTime | None, x: FloatArray, d: FloatArray) -> FloatArray:
    """The earliest start from which a ``d``-day task finishes at or after ``x``."""
    if team is None:
        return x - d
    tau = team.working_time_batch(x)
    i = np.ceil(x).astype(np.int64) - 1
    inside = (i >= 0) & (i < team.size)
    works = ~inside | team.mask[np.clip(i, 0, max(team.size - 1, 0))]
    tau = np.where(works, tau, np.floor(tau) + 1)
    result: FloatArray = np.where(d == 0, x, team.council_time_batch(tau - d))
    return result


def _place(
    team: TeamTime | None, release: FloatArray, d: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Start and finish of a task released at ``release`` needing ``d`` working days."""
    if team is None:
        return release, release + d
    start = np.where(d == 0, release, team.start_batch(release))
    return start, team.finish_batch(start, d)
