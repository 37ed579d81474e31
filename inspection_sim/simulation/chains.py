"""The chains of binding links that decide a finish, replication by replication.

A link is *binding* when it alone would have released its successor when it was released; a
chain runs back over binding links from a task and stops at a task delayed by late data or by
waiting for its team, and at a fixed start (a fixed date is decided by the rules, not by its
predecessors). The realised critical path is the chain back from the tasks that finish last;
the chain of a deadline is the chain back from its task.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.simulation.engine_numpy import _start_for_finish
from inspection_sim.simulation.model import SimModel

__all__ = ["chains"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def chains(
    model: SimModel,
    start: FloatArray,
    finish: FloatArray,
    shift: npt.NDArray[np.int64],
    seeds: Sequence[int] = (),
) -> BoolArray:
    """``(1 + len(seeds), tasks, runs)``: row 0 the realised critical path (the chains back from
    the last finish), row ``1 + s`` the chain back from task ``seeds[s]``."""
    net = model.network
    on = np.zeros((1 + len(seeds), len(net), start.shape[1]), dtype=bool)
    on[0] = finish == finish.max(axis=0)
    for s, task in enumerate(seeds):
        on[1 + s, task] = True
    moved = shift.astype(np.float64)
    for j in range(len(net) - 1, -1, -1):
        if net.fixed_start[j] != NO_TIME or not on[:, j].any():
            continue
        team = model.team_times[net.team_index[j]] if net.team_index[j] >= 0 else None
        d = finish[j] - start[j] if team is None else None
        bounds = []
        low = model.origin + moved
        if net.start_no_earlier_than[j] != NO_TIME:
            low = np.maximum(low, net.start_no_earlier_than[j] + moved)
        for k in net.predecessors(j):
            p, link, lag = int(net.pred[k]), int(net.pred_link[k]), int(net.pred_lag[k])
            value = (finish[p] if link in (0, 2) else start[p]) + lag
            if link >= 2:
                value = (
                    value - d
                    if d is not None
                    else _start_for_finish(team, value, _work(model, j, start[j], finish[j]))
                )
            bounds.append((p, value))
        if not bounds:
            continue
        release = np.max([v for _, v in bounds], axis=0)
        release = np.maximum(release, low)
        expected = release if team is None else team.start_batch(release)
        undelayed = start[j] == expected
        for p, value in bounds:
            on[:, p] |= on[:, j] & (undelayed & (value == release))
    return on


def _work(model: SimModel, j: int, start: FloatArray, finish: FloatArray) -> FloatArray:
    """Working days a task with a team calendar worked between start and finish."""
    team = model.team_times[model.network.team_index[j]]
    assert team is not None
    result: FloatArray = team.working_time_batch(finish) - team.working_time_batch(start)
    return result
