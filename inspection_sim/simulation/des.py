"""What the event-driven engines share: the model as Python lists and the scalar release rules.

The heapq and simpy engines run one replication at a time with these helpers, so they perform
the same floating-point operations in the same order as each other and as the vectorised engine
(see the rules in :mod:`inspection_sim.simulation.model`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.plan.worktime import TeamTime
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = [
    "URGENT",
    "Incident",
    "Lists",
    "Realised",
    "incidents_of",
    "lists_of",
    "place",
    "planned_span",
    "planned_times",
    "queue_key",
    "release",
    "simple_release",
]

FloatArray = npt.NDArray[np.float64]

#: Event kinds of the event loops, in no particular order.
TIMER, HOLD = 0, 2

#: Subtracted from an incident's column to give its place in a team's queue: absences and the
#: inspectors' requests come before any planned task waiting for the same team, in their order.
URGENT = 1 << 40


@dataclass(frozen=True)
class Realised:
    """What an engine returns: task times ``(tasks, runs)`` and incident times ``(runs, k)``
    (NaN where a row has fewer incidents)."""

    start: FloatArray
    finish: FloatArray
    incident_start: FloatArray
    incident_finish: FloatArray


@dataclass(frozen=True)
class Lists:
    """A model as Python lists, for per-replication loops (list lookups beat numpy scalars)."""

    n: int
    preds: list[list[tuple[int, int, int]]]
    succs: list[list[int]]
    npreds: list[int]
    fixed: list[int | None]
    snet: list[int | None]
    team: list[int]
    team_time: list[TeamTime | None]
    team_times: list[TeamTime | None]
    uses_capacity: list[bool]
    capacity: list[int]
    origin: int
    simple: list[bool]
    plain: list[list[int] | None]
    #: Each task's place in its team's queue: a team takes waiting work in the plan's order
    #: (planned start, then network order), not first come, first served, so work released
    #: early by a larger team never jumps ahead of a deadline's chain (Graham's anomaly).
    rank: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, model: SimModel) -> Lists:
        net = model.network
        n = len(net)
        fixed = [None if v == NO_TIME else v for v in net.fixed_start.tolist()]
        snet = [None if v == NO_TIME else v for v in net.start_no_earlier_than.tolist()]
        bounds, pred, link, lag = net.incoming
        preds = [
            list(
                zip(
                    pred[bounds[i] : bounds[i + 1]],
                    link[bounds[i] : bounds[i + 1]],
                    lag[bounds[i] : bounds[i + 1]],
                    strict=True,
                )
            )
            for i in range(n)
        ]
        succ_sets: list[set[int]] = [set() for _ in range(n)]
        for i in range(n):
            if fixed[i] is None:
                for p in pred[bounds[i] : bounds[i + 1]]:
                    succ_sets[p].add(i)
        team: list[int] = net.team_index.tolist()
        return cls(
            n=n,
            preds=preds,
            succs=[sorted(s) for s in succ_sets],
            npreds=[
                0 if fixed[i] is not None else len({p for p, _, _ in preds[i]}) for i in range(n)
            ],
            fixed=fixed,
            snet=snet,
            team=team,
            team_time=[model.team_times[t] if t >= 0 else None for t in team],
            team_times=list(model.team_times),
            uses_capacity=model.uses_capacity.tolist(),
            capacity=model.team_capacity.tolist(),
            origin=model.origin,
            simple=[snet[i] is None and all(k < 2 for _, k, _ in preds[i]) for i in range(n)],
            plain=[
                [p for p, _, _ in preds[i]]
                if fixed[i] is None
                and snet[i] is None
                and all(k == 0 and g == 0 for _, k, g in preds[i])
                else None
                for i in range(n)
            ],
        )


_LISTS: dict[int, tuple[SimModel, Lists]] = {}


def lists_of(model: SimModel) -> Lists:
    """``Lists.of(model)`` with its queue ranks, built once per model (a sweep runs one model
    many times)."""
    hit = _LISTS.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    lists = Lists.of(model)
    start, finish = _planned_pass(model, lists)
    _remember_planned(model, start, finish)  # planned_times reads the same pass
    order = sorted(range(lists.n), key=lambda i: (start[i], i))
    rank = [0] * lists.n
    for place_in_queue, i in enumerate(order):
        rank[i] = place_in_queue
    lists = replace(lists, rank=rank)
    if len(_LISTS) > 32:
        _LISTS.clear()
    _LISTS[id(model)] = (model, lists)
    return lists


def queue_key(lists: Lists, i: int) -> int:
    """Where task or incident ``i`` waits in its team's queue (smaller goes first)."""
    return lists.rank[i] if i < lists.n else i - lists.n - URGENT


_PLANNED: dict[int, tuple[SimModel, tuple[FloatArray, FloatArray]]] = {}


def planned_times(model: SimModel) -> tuple[FloatArray, FloatArray]:
    """Start and finish of every task with planned durations and no events: ``(tasks,)``
    arrays, read-only (the release rules of :mod:`.model`, in network order), built once per
    model (a sweep's scenario needs them for every date it plans)."""
    hit = _PLANNED.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    lists = lists_of(model)  # its planned pass is remembered for this model
    hit = _PLANNED.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    return _remember_planned(model, *_planned_pass(model, lists))


def _remember_planned(
    model: SimModel, start: list[float], finish: list[float]
) -> tuple[FloatArray, FloatArray]:
    times = np.array(start), np.array(finish)
    for array in times:
        array.flags.writeable = False
    if len(_PLANNED) > 32:
        _PLANNED.clear()
    _PLANNED[id(model)] = (model, times)
    return times


def _planned_pass(model: SimModel, lists: Lists) -> tuple[list[float], list[float]]:
    n = lists.n
    durations: list[float] = model.network.duration.astype(np.float64).tolist()
    start = [0.0] * n
    finish = [0.0] * n
    for i, d in enumerate(durations):  # network order is topological
        fixed = lists.fixed[i]
        if fixed is not None:
            start[i] = s = float(fixed)
            finish[i] = place(lists.team_time[i], s, d)[1]
        else:
            r = release(lists, i, start, finish, d, 0)
            start[i], finish[i] = place(lists.team_time[i], r, d)
    return start, finish


def planned_span(model: SimModel) -> tuple[float, float]:
    """Start of the plan and the latest planned finish (durations as planned, no events)."""
    start, finish = planned_times(model)
    return float(start.min(initial=model.origin)), float(finish.max(initial=model.origin))


#: An incident of one replication: ``(column, team, release, length)``.
Incident = tuple[int, int, float, float]


def incidents_of(draws: Draws) -> list[list[Incident]]:
    """Every replication's absences and requests, in column order (padding dropped).

    Gathered with numpy for all replications at once and cut into rows (numpy scalar access,
    or a Python loop over every padded column, costs about as much per incident as running it).
    """
    team = draws.incident_team
    if not team.shape[1]:
        return [[] for _ in range(draws.runs)]
    rows, columns = np.nonzero(team >= 0)  # row-major: by replication, then column
    flat = list(
        zip(
            columns.tolist(),
            team[rows, columns].tolist(),
            draws.incident_release[rows, columns].tolist(),
            draws.incident_length[rows, columns].tolist(),
            strict=True,
        )
    )
    ends = np.cumsum(np.bincount(rows, minlength=draws.runs)).tolist()
    return [flat[lo:hi] for lo, hi in zip([0, *ends[:-1]], ends, strict=True)]


def release(
    lists: Lists, i: int, start: list[float], finish: list[float], d: float, shift: int
) -> float:
    """Task ``i``'s release from its predecessors' realised times (no late-data delay)."""
    bound = float(lists.origin + shift)
    snet = lists.snet[i]
    if snet is not None:
        bound = max(bound, snet + float(shift))
    late: float | None = None
    for p, link, lag in lists.preds[i]:
        value = (finish[p] if link == 0 or link == 2 else start[p]) + lag
        if link < 2:
            bound = max(bound, value)
        else:
            late = value if late is None else max(late, value)
    if late is not None:
        team = lists.team_time[i]
        bound = max(bound, late - d if team is None else team.start_for_finish(late, d))
    return bound


def simple_release(
    lists: Lists, i: int, start: list[float], finish: list[float], delay: float, shift: int
) -> tuple[float, int]:
    """The release of a task with FS/SS links only, and its *host*.

    The host is the predecessor whose hold the task's request rides on: the first link (in link
    order) that sets the release, when it is FS with lag 0 from a task that uses capacity and the
    task has no late-data delay; otherwise -1 (the request waits on a timer instead).
    """
    r = float(lists.origin + shift)
    host = -1
    for p, link, lag in lists.preds[i]:
        value = (finish[p] if link == 0 else start[p]) + lag
        if value > r:
            r = value
            host = p if link == 0 and lag == 0 and lists.uses_capacity[p] else -1
    if delay:
        return r + delay, -1
    return r, host


def place(team: TeamTime | None, r: float, d: float) -> tuple[float, float]:
    """Start and finish of work of ``d`` working days released at ``r``."""
    if team is None:
        return r, r + d
    if d == 0:
        return r, r
    return team.place(r, d)
