"""The critical path method on a compiled :class:`~inspection_sim.plan.network.Network`.

Times are working-day indices on the council's calendar (see :mod:`inspection_sim.plan.network`):
a task starting at ``s`` with duration ``d`` finishes at ``s + d`` (exclusive), or, for a team with
its own calendar, at :meth:`TeamTime.finish` (the end of its ``d``-th team working day).

* **Forward pass** (earliest dates): every task starts no earlier than ``start`` (the project
  start), its ``start_no_earlier_than``, any ``release`` time and every dependency with its lag.
  Tasks of a team with a calendar start on the team's next working day. A ``fixed_start`` task
  starts on its fixed day whatever its dependencies say.
* **Backward pass** (latest dates): every task finishes no later than ``finish`` (the project
  finish; by default the latest earliest finish), its ``finish_no_later_than`` and every
  dependency. A fixed task's latest start is its fixed day.
* **Total slack** is ``latest_start - earliest_start`` in council working days. A task is
  **critical** when its slack equals the minimum slack of the plan: 0 when the plan is feasible
  and the finish is not imposed. A fixed task has no slack: 0, or minus the working days by which
  its dependencies (or the project start) would push it later.
* **Infeasible constraints** are reported, never clamped: a fixed start that its dependencies
  would push later, a finish-no-later-than or project finish that the earliest finish misses. Each
  names the task and by how many working days; the slack along the chains into it turns negative.

The passes are plain Python loops over integer lists (a few hundred nanoseconds per dependency);
networkx is used only to validate the network and report cycles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from inspection_sim.errors import ScheduleError
from inspection_sim.plan.network import NO_TIME, Network
from inspection_sim.plan.schedule import ConstraintKind, Infeasibility, Schedule
from inspection_sim.plan.worktime import TeamTime

__all__ = ["ConstraintKind", "Infeasibility", "Schedule", "cpm", "team_times"]

_NONE = int(NO_TIME)
_FAR = 1 << 62  # "no bound" for the passes, far from any real time and from overflow


_TEAM_CACHE: dict[int, tuple[npt.NDArray[np.bool_], TeamTime]] = {}
_TEAM_CACHE_SIZE = 64


def team_times(network: Network) -> list[TeamTime | None]:
    """The :class:`TeamTime` of each task's team (None when the team has no calendar).

    TeamTime objects are cached per availability array (the cache holds the array, so its id
    cannot be reused), so repeated passes over one network build each team's tables once.
    """
    by_team: dict[int, TeamTime] = {}
    for team, mask in network.team_calendars.items():
        if team in network.teams:
            by_team[network.teams.index(team)] = _team_time(mask)
    if not by_team:
        return [None] * len(network)
    return [by_team.get(t) for t in network.team_index.tolist()]


def _team_time(mask: npt.NDArray[np.bool_]) -> TeamTime:
    hit = _TEAM_CACHE.get(id(mask))
    if hit is not None and hit[0] is mask:
        return hit[1]
    team = TeamTime(mask)
    if len(_TEAM_CACHE) >= _TEAM_CACHE_SIZE:
        del _TEAM_CACHE[next(iter(_TEAM_CACHE))]  # the oldest entry
    _TEAM_CACHE[id(mask)] = (mask, team)
    return team


def cpm(
    network: Network,
    *,
    start: int = 0,
    finish: int | None = None,
    release: Sequence[int] | None = None,
    fixed: Sequence[int | None] | None = None,
) -> Schedule:
    """Schedule a network by the critical path method.

    Args:
        network: the compiled network.
        start: the project start, a lower bound on every task's start (working-day index).
        finish: the project finish, an upper bound on every task's finish for the backward pass;
            by default the latest earliest finish. A later finish gives every task positive
            slack; an earlier one is reported as infeasible.
        release: optional per-task lower bounds on the start, by position in ``network.order``
            (levelling uses them to fix the levelled starts).
        fixed: optional per-task fixed starts (None for none) that replace the network's
            ``fixed_start`` (levelling pins framework tasks with them).

    Returns:
        The :class:`Schedule`; ``Schedule.infeasible`` lists the constraints it cannot meet.

    Raises:
        ScheduleError: ``release`` or ``fixed`` without one entry per task.

    >>> from inspection_sim.plan.network import Dependency, Network, TaskSpec
    >>> net = Network.build(
    ...     [TaskSpec("a", duration=3), TaskSpec("b", duration=2), TaskSpec("c", duration=1)],
    ...     [Dependency("a", "c"), Dependency("b", "c")],
    ... )
    >>> s = cpm(net)
    >>> s.start, s.slack, s.critical_path()
    ((0, 0, 3), (0, 1, 0), ['a', 'c'])
    """
    teams = team_times(network)
    pins = _fixed_starts(network, fixed)
    if release is not None:
        _check_length(network, release, "release")
    if any(teams):
        es, ef, problems = _forward(network, teams, pins, start, release)
        project_finish = max(ef, default=start) if finish is None else finish
        ls, lf = _backward(network, teams, pins, project_finish)
    else:
        edges = _start_weights(network)
        es, ef, problems = _forward_plain(network, edges, pins, start, release)
        project_finish = max(ef, default=start) if finish is None else finish
        ls, lf = _backward_plain(network, edges, pins, project_finish)
    slack = [b - a for a, b in zip(es, ls, strict=True)]
    for problem in problems:  # a fixed task pushed by its dependencies: slack is the overrun
        i = network.position[problem.task]
        if problem.constraint is ConstraintKind.FIXED_START:
            slack[i] = min(slack[i], -problem.working_days)
    least = min(slack, default=0)
    if finish is not None:
        problems.extend(
            Infeasibility(network.order[i], ConstraintKind.PROJECT_FINISH, finish, f, f - finish)
            for i, f in enumerate(ef)
            if f > finish
        )
    return Schedule(
        network=network,
        start=tuple(es),
        finish=tuple(ef),
        latest_start=tuple(ls),
        latest_finish=tuple(lf),
        slack=tuple(slack),
        critical=tuple([s == least for s in slack]),
        project_start=start,
        project_finish=project_finish,
        infeasible=tuple(problems),
    )


def _fixed_starts(network: Network, fixed: Sequence[int | None] | None) -> list[int]:
    """Fixed starts as a list with ``NO_TIME`` for none."""
    if fixed is None:
        pins: list[int] = network.fixed_start.tolist()
        return pins
    _check_length(network, fixed, "fixed")
    return [_NONE if v is None else v for v in fixed]


def _check_length(network: Network, values: Sequence[object], name: str) -> None:
    if len(values) != len(network):
        raise ScheduleError(
            f"{name} needs one entry per task ({len(network)})", key=name, value=len(values)
        )


def _start_weights(network: Network) -> tuple[list[int], list[tuple[int, int]]]:
    """Without team calendars every link is a bound between starts: ``start[successor] >=
    start[predecessor] + weight``, with the durations folded into the weight (FS and FF measure
    from the predecessor's finish, FF and SF bound the successor's finish)."""
    d = network.duration
    links = network.pred_link
    successor = np.repeat(np.arange(len(network)), np.diff(network.pred_start))
    weight = (
        network.pred_lag
        + np.where((links == 0) | (links == 2), d[network.pred], 0)
        - np.where(links >= 2, d[successor], 0)
    )
    return network.pred_start.tolist(), list(
        zip(network.pred.tolist(), weight.tolist(), strict=True)
    )


def _forward_plain(
    network: Network,
    edges: tuple[list[int], list[tuple[int, int]]],
    fixed: list[int],
    start: int,
    release: Sequence[int] | None,
) -> tuple[list[int], list[int], list[Infeasibility]]:
    """The forward pass when no task has a team calendar: one max per dependency."""
    bounds, pairs = edges
    low = np.maximum(network.start_no_earlier_than, start)
    if release is not None:
        low = np.maximum(low, np.asarray(release, dtype=np.int64))
    es: list[int] = low.tolist()
    problems: list[Infeasibility] = []
    b0 = 0
    for i, b1 in enumerate(bounds[1:]):
        s = es[i]
        for p, w in pairs[b0:b1]:
            v = es[p] + w
            if v > s:
                s = v
        fx = fixed[i]
        if fx != _NONE:
            if s > fx:
                problems.append(_fixed_conflict(network, i, fx, s, es[i], pairs[b0:b1], es))
            s = fx
        b0 = b1
        es[i] = s
    ef = [s + d for s, d in zip(es, network.duration.tolist(), strict=True)]
    fnlt = network.finish_no_later_than
    for i in np.flatnonzero(fnlt != NO_TIME).tolist():
        limit = int(fnlt[i])
        if ef[i] > limit:
            problems.append(
                Infeasibility(
                    network.order[i],
                    ConstraintKind.FINISH_NO_LATER_THAN,
                    limit,
                    ef[i],
                    ef[i] - limit,
                )
            )
    if problems:
        problems.sort(key=lambda p: network.position[p.task])
    return es, ef, problems


def _fixed_conflict(
    network: Network,
    i: int,
    fixed: int,
    required: int,
    own_bound: int,
    pairs: Sequence[tuple[int, int]],
    es: Sequence[int],
) -> Infeasibility:
    """A fixed start that the dependencies push later, naming the predecessor that pushes most."""
    cause = None
    if required > own_bound:
        p = max(pairs, key=lambda pw: es[pw[0]] + pw[1])[0]
        cause = network.order[p]
    return Infeasibility(
        network.order[i], ConstraintKind.FIXED_START, fixed, required, required - fixed, cause
    )


def _backward_plain(
    network: Network,
    edges: tuple[list[int], list[tuple[int, int]]],
    fixed: list[int],
    project_finish: int,
) -> tuple[list[int], list[int]]:
    """The backward pass when no task has a team calendar: one min per dependency."""
    bounds, pairs = edges
    fnlt = network.finish_no_later_than
    high = np.where(fnlt == NO_TIME, project_finish, np.minimum(fnlt, project_finish))
    ls: list[int] = (high - network.duration).tolist()
    for i in range(len(ls) - 1, -1, -1):
        s = ls[i]
        if fixed[i] != _NONE:
            s = ls[i] = fixed[i]
        for p, w in pairs[bounds[i] : bounds[i + 1]]:
            v = s - w
            if v < ls[p]:
                ls[p] = v
    lf = [s + d for s, d in zip(ls, network.duration.tolist(), strict=True)]
    return ls, lf


def _forward(
    network: Network,
    teams: Sequence[TeamTime | None],
    fixed: list[int],
    start: int,
    release: Sequence[int] | None,
) -> tuple[list[int], list[int], list[Infeasibility]]:
    """Earliest starts and finishes in topological order, with the constraints they miss."""
    n = len(network)
    duration = network.duration.tolist()
    bounds, preds, links, lags = network.incoming
    snet = network.start_no_earlier_than.tolist()
    fnlt = network.finish_no_later_than.tolist()
    lows = [start] * n if release is None else [max(start, r) for r in release]
    es = [0] * n
    ef = [0] * n
    problems: list[Infeasibility] = []
    for i in range(n):
        own = lows[i] if snet[i] == _NONE else max(lows[i], snet[i])
        d = duration[i]
        team = teams[i]
        s, driver = _earliest(team, d, own, -_FAR), -1
        for k in range(bounds[i], bounds[i + 1]):
            link = links[k]
            value = (ef if link == 0 or link == 2 else es)[preds[k]] + lags[k]
            candidate = (
                _earliest(team, d, value, -_FAR) if link < 2 else _earliest(team, d, own, value)
            )
            if candidate > s:
                s, driver = candidate, preds[k]
        if fixed[i] != _NONE:
            if s > fixed[i]:
                cause = None if driver < 0 else network.order[driver]
                problems.append(
                    Infeasibility(
                        network.order[i],
                        ConstraintKind.FIXED_START,
                        fixed[i],
                        s,
                        s - fixed[i],
                        cause,
                    )
                )
            s = fixed[i]
        f = s + d if team is None or d == 0 else team.finish(s, d)
        if fnlt[i] != _NONE and f > fnlt[i]:
            problems.append(
                Infeasibility(
                    network.order[i], ConstraintKind.FINISH_NO_LATER_THAN, fnlt[i], f, f - fnlt[i]
                )
            )
        es[i] = s
        ef[i] = f
    return es, ef, problems


def _earliest(team: TeamTime | None, d: int, low: int, finish_low: int) -> int:
    """The earliest start at or after ``low`` whose finish is at or after ``finish_low``."""
    if team is None or d == 0:
        return max(low, finish_low - d)
    s = team.start(low)
    if finish_low > -_FAR:
        s = max(s, team.start_for_finish(finish_low, d))
    return s


def _backward(
    network: Network,
    teams: Sequence[TeamTime | None],
    fixed: list[int],
    project_finish: int,
) -> tuple[list[int], list[int]]:
    """Latest starts and finishes, in reverse topological order."""
    n = len(network)
    duration = network.duration.tolist()
    bounds, preds, links, lags = network.incoming
    fnlt = network.finish_no_later_than.tolist()
    finish_high = [project_finish] * n
    start_high = [_FAR] * n
    ls = [0] * n
    lf = [0] * n
    for i in range(n - 1, -1, -1):
        high = finish_high[i] if fnlt[i] == _NONE else min(finish_high[i], fnlt[i])
        d = duration[i]
        team = teams[i]
        if fixed[i] != _NONE:
            s = fixed[i]
        elif team is None or d == 0:
            s = min(start_high[i], high - d)
        else:
            s = team.latest_start_for_finish(high, d)
            if start_high[i] < _FAR:
                s = min(s, team.latest_start(start_high[i]))
        f = s + d if team is None or d == 0 else team.finish(s, d)
        ls[i] = s
        lf[i] = f
        for k in range(bounds[i], bounds[i + 1]):
            link = links[k]
            value = (s if link < 2 else f) - lags[k]
            p = preds[k]
            if link == 0 or link == 2:
                if value < finish_high[p]:
                    finish_high[p] = value
            elif value < start_high[p]:
                start_high[p] = value
    return ls, lf
