"""The task network: tasks, dependencies and constraints compiled into integer arrays.

Time coordinates. The planner and the simulation engines work in one unit: the **working-day index**
on the planning :class:`~inspection_sim.calendar.WorkingCalendar` (``calendar.index_of`` /
``calendar.date_at``): the inspectorate's working days, weekdays that are not bank holidays. A
council's own closures are not in it; they make the council's teams unavailable instead (see
:mod:`inspection_sim.plan.worktime`), so they never move a framework date. A task with start ``s`` and duration ``d`` occupies working days
``s, s+1, ..., s+d-1`` and finishes at time ``f = s + d`` (an exclusive end: the start of the next
working day). A milestone has ``d == 0`` and ``f == s``: it marks the start of day ``s``.

Dependencies, each with a lag in working days (negative allowed):

============  =========================================
link          constraint on the successor
============  =========================================
``FS``        ``start >= pred.finish + lag``
``SS``        ``start >= pred.start + lag``
``FF``        ``finish >= pred.finish + lag``
``SF``        ``finish >= pred.start + lag``
============  =========================================

Constraints: ``start_no_earlier_than`` (a time), ``finish_no_later_than`` (a finish time, i.e. the
task's last working day is at most ``finish_no_later_than - 1``), and ``fixed_start`` (framework
dates such as the fieldwork, which never move).

Tasks are ordered topologically with a fixed tie-break (declaration order), so results never depend
on networkx iteration order. networkx is used for validation and cycle reports only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from functools import cached_property
from typing import ClassVar, NamedTuple

import numpy as np
import numpy.typing as npt

from inspection_sim.errors import DependencyCycleError, ScheduleError

# The words of a task network are rule primitives: rule files use them too.
from inspection_sim.rules.base import DurationSpec, Link, TaskKind

__all__ = [
    "NO_TIME",
    "Dependency",
    "DurationSpec",
    "Incoming",
    "Link",
    "Network",
    "TaskKind",
    "TaskSpec",
]

#: Sentinel for "no constraint" in the integer constraint arrays.
NO_TIME = np.iinfo(np.int64).min


@dataclass(frozen=True)
class Dependency:
    """``successor`` depends on ``predecessor`` through ``link`` with ``lag`` working days."""

    predecessor: str
    successor: str
    link: Link = Link.FS
    lag: int = 0


@dataclass(frozen=True)
class TaskSpec:
    """One task or milestone of a plan, before scheduling.

    ``duration`` is in working days of the owner team's calendar (0 for a milestone). ``framework``
    marks dates set by the inspectorate: levelling never moves them. The remaining fields describe
    the task for calendars, simulations and reports and do not affect scheduling: ``window`` names
    the framework window a council task is bound to (``"fieldwork"``; its ``fixed_start`` and
    ``duration`` are the window's), ``commitment`` whom its deadline is owed to
    (``"inspectors"``, ``"framework"`` or ``"council"``; empty without a deadline or when unknown).
    """

    id: str
    name: str = ""
    duration: int = 0
    team: str | None = None
    kind: TaskKind = TaskKind.PREPARATION
    start_no_earlier_than: int | None = None
    finish_no_later_than: int | None = None
    fixed_start: int | None = None
    framework: bool = False
    uncertainty: DurationSpec | None = None
    time_of_day: time | None = None
    minutes: int | None = None
    needs: str = ""
    source: str = ""
    description: str = ""
    window: str | None = None
    commitment: str = ""


class Incoming(NamedTuple):
    """Predecessor links as lists: task ``i``'s are ``bounds[i]:bounds[i + 1]`` of the others."""

    bounds: list[int]
    preds: list[int]
    links: list[int]
    lags: list[int]


@dataclass(frozen=True)
class Network:
    """Tasks and dependencies validated and compiled to arrays in topological order.

    Build with :meth:`Network.build`. Arrays are indexed by position in :attr:`order`.
    Predecessors of task ``i`` are ``pred[pred_start[i]:pred_start[i + 1]]`` with matching
    ``pred_link`` (0=FS, 1=SS, 2=FF, 3=SF) and ``pred_lag``.
    """

    tasks: tuple[TaskSpec, ...]
    dependencies: tuple[Dependency, ...]
    order: tuple[str, ...]
    position: Mapping[str, int]
    duration: npt.NDArray[np.int64]
    pred_start: npt.NDArray[np.int64]
    pred: npt.NDArray[np.int64]
    pred_link: npt.NDArray[np.int8]
    pred_lag: npt.NDArray[np.int64]
    start_no_earlier_than: npt.NDArray[np.int64]
    finish_no_later_than: npt.NDArray[np.int64]
    fixed_start: npt.NDArray[np.int64]
    teams: tuple[str, ...]
    team_index: npt.NDArray[np.int64]
    team_calendars: Mapping[str, npt.NDArray[np.bool_]] = field(default_factory=dict)

    LINK_CODES: ClassVar[dict[Link, int]] = {Link.FS: 0, Link.SS: 1, Link.FF: 2, Link.SF: 3}

    @classmethod
    def build(
        cls,
        tasks: Sequence[TaskSpec],
        dependencies: Sequence[Dependency],
        *,
        team_calendars: Mapping[str, npt.NDArray[np.bool_]] | None = None,
    ) -> Network:
        """Validate and compile. ``team_calendars`` maps a team to its availability over the
        planning calendar's working-day indices (True where the team works); teams without an
        entry work every working day of that calendar.

        Raises:
            ScheduleError: duplicate task ids, unknown task ids in a dependency (closest
                suggested), a negative duration, or a self-dependency.
            DependencyCycleError: the dependencies form a cycle (the cycle is named).
        """
        by_id = _unique_tasks(tasks)
        declared = {task.id: i for i, task in enumerate(tasks)}
        pred_decl, succ_decl = _dependency_indices(declared, dependencies)
        rank = _topological_rank(tasks, dependencies, pred_decl, succ_decl)
        order = tuple(tasks[i].id for i in rank)
        position = {task_id: i for i, task_id in enumerate(order)}
        ordered = [by_id[task_id] for task_id in order]
        # Predecessor lists in topological position, each in declaration order of the links.
        position_of = np.empty(len(tasks), dtype=np.int64)
        position_of[np.asarray(rank, dtype=np.int64)] = np.arange(len(tasks), dtype=np.int64)
        succ_pos = position_of[succ_decl]
        links = np.argsort(succ_pos, kind="stable")
        starts = np.zeros(len(order) + 1, dtype=np.int64)
        starts[1:] = np.cumsum(np.bincount(succ_pos, minlength=len(order)))
        codes = cls.LINK_CODES
        teams = tuple(sorted({t.team for t in ordered if t.team is not None}))
        team_pos = {team: i for i, team in enumerate(teams)}
        return cls(
            tasks=tuple(ordered),
            dependencies=tuple(dependencies),
            order=order,
            position=position,
            duration=np.array([t.duration for t in ordered], dtype=np.int64),
            pred_start=starts,
            pred=position_of[pred_decl][links],
            pred_link=_link_codes(codes, dependencies)[links],
            pred_lag=np.array([d.lag for d in dependencies], dtype=np.int64)[links],
            start_no_earlier_than=_times([t.start_no_earlier_than for t in ordered]),
            finish_no_later_than=_times([t.finish_no_later_than for t in ordered]),
            fixed_start=_times([t.fixed_start for t in ordered]),
            teams=teams,
            team_index=np.array(
                [-1 if t.team is None else team_pos[t.team] for t in ordered], dtype=np.int64
            ),
            team_calendars=dict(team_calendars or {}),
        )

    def __len__(self) -> int:
        return len(self.order)

    def predecessors(self, i: int) -> range:
        """Slice positions (into ``pred``, ``pred_link``, ``pred_lag``) of task ``i``'s links."""
        return range(int(self.pred_start[i]), int(self.pred_start[i + 1]))

    @cached_property
    def incoming(self) -> Incoming:
        """The predecessor arrays as Python lists, converted once: the scheduling loops index
        them element by element, which is several times faster on lists than on numpy arrays."""
        return Incoming(
            self.pred_start.tolist(),
            self.pred.tolist(),
            self.pred_link.tolist(),
            self.pred_lag.tolist(),
        )


def _times(values: list[int | None]) -> npt.NDArray[np.int64]:
    return np.array([NO_TIME if v is None else v for v in values], dtype=np.int64)


def _unique_tasks(tasks: Sequence[TaskSpec]) -> dict[str, TaskSpec]:
    by_id: dict[str, TaskSpec] = {}
    for task in tasks:
        if task.id in by_id:
            raise ScheduleError("duplicate task id", key="tasks", value=task.id)
        if task.duration < 0:
            raise ScheduleError(
                "duration must be a non-negative number of working days",
                key=f"tasks.{task.id}.duration",
                value=task.duration,
            )
        by_id[task.id] = task
    return by_id


def _dependency_indices(
    declared: Mapping[str, int], dependencies: Sequence[Dependency]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Declaration indices of each link's two ends; unknown ids and self-links are errors."""
    try:
        pred = np.array([declared[d.predecessor] for d in dependencies], dtype=np.int64)
        succ = np.array([declared[d.successor] for d in dependencies], dtype=np.int64)
    except KeyError:
        _report_unknown(declared, dependencies)
        raise
    if (pred == succ).any():
        dep = dependencies[int(np.flatnonzero(pred == succ)[0])]
        raise DependencyCycleError(
            f"task {dep.predecessor!r} depends on itself", key="dependencies"
        )
    return pred, succ


def _link_codes(
    codes: Mapping[Link, int], dependencies: Sequence[Dependency]
) -> npt.NDArray[np.int8]:
    try:
        return np.array([codes[d.link] for d in dependencies], dtype=np.int8)
    except KeyError:
        bad = next(d for d in dependencies if d.link not in codes)
        raise ScheduleError(
            "unknown dependency type",
            key=f"dependency {bad.predecessor} -> {bad.successor}",
            value=bad.link,
            choices=[str(link) for link in Link],
        ) from None


def _report_unknown(declared: Mapping[str, int], dependencies: Sequence[Dependency]) -> None:
    for dep in dependencies:
        for end in (dep.predecessor, dep.successor):
            if end not in declared:
                raise ScheduleError(
                    "dependency names an unknown task",
                    key=f"dependency {dep.predecessor} -> {dep.successor}",
                    value=end,
                    choices=sorted(declared),
                )


def _topological_rank(
    tasks: Sequence[TaskSpec],
    dependencies: Sequence[Dependency],
    pred: npt.NDArray[np.int64],
    succ: npt.NDArray[np.int64],
) -> list[int]:
    """Kahn's algorithm on declaration indices; among ready tasks the one declared first goes
    first, so the order never depends on dict or graph iteration order."""
    import heapq

    size = len(tasks)
    by_pred = np.argsort(pred, kind="stable")
    firsts = np.zeros(size + 1, dtype=np.int64)
    firsts[1:] = np.cumsum(np.bincount(pred, minlength=size))
    first = firsts.tolist()
    successors = succ[by_pred].tolist()
    indegree = np.bincount(succ, minlength=size).tolist()
    ready = [i for i in range(size) if indegree[i] == 0]
    heapq.heapify(ready)
    rank: list[int] = []
    push, pop = heapq.heappush, heapq.heappop
    while ready:
        task = pop(ready)
        rank.append(task)
        for nxt in successors[first[task] : first[task + 1]]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                push(ready, nxt)
    if len(rank) < size:
        raise _cycle_error(tasks, dependencies)
    return rank


def _cycle_error(
    tasks: Sequence[TaskSpec], dependencies: Sequence[Dependency]
) -> DependencyCycleError:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(task.id for task in tasks)
    graph.add_edges_from((d.predecessor, d.successor) for d in dependencies)
    cycle = [edge[0] for edge in nx.find_cycle(graph)]
    names = " -> ".join([*cycle, cycle[0]])
    return DependencyCycleError(f"task dependencies form a cycle: {names}", key="dependencies")
