"""Resource levelling: schedule the council's tasks within each team's capacity.

Each task with a duration and an owner team whose capacity is given uses one of that team's people
on each of its working days (a performance team of three works on at most three tasks a day).
Framework tasks (``TaskSpec.framework`` or a ``fixed_start``) never move: they stay on their
critical-path dates and their people are booked first. Other tasks start no earlier than the
critical path method allows and are delayed when their team is full.

Two methods:

* ``"sgs"``: the serial schedule generation scheme. Tasks are taken one at a time, among those
  whose predecessors are placed, in order of latest start, then total slack, then topological
  position (a fixed tie-break), and each is placed at its earliest start with a free person. It
  answers at once (about a millisecond for 100 tasks).
* ``"cp-sat"``: OR-Tools CP-SAT (the optional ``ortools`` extra) under a time limit, seeded with
  the SGS answer. It minimises first the working days by which tasks overrun framework dates and
  deadlines, then the finish of the council's work, and reports its status and optimality gap.
  The solution is decoded through the SGS (in the order of its starts) so that every task starts
  as early as the solution allows; the better of the two answers is kept, so CP-SAT is never worse.
  The search is interleaved, which makes it deterministic whatever the number of workers, as long
  as it finishes (proves optimality) within the time limit.

A task pushed past a deadline or a fixed framework date is not hidden: the levelled schedule's
infeasibilities name the task and the working days (see :class:`Levelled.risks`).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from inspection_sim.errors import MissingExtraError, ScheduleError, UnknownNameError
from inspection_sim.plan.cpm import Infeasibility, Schedule, cpm, team_times
from inspection_sim.plan.network import NO_TIME, Network
from inspection_sim.plan.worktime import TeamTime

__all__ = ["METHODS", "Levelled", "level"]

#: The levelling methods.
METHODS = ("sgs", "cp-sat")

_NONE = int(NO_TIME)


@dataclass(frozen=True)
class Levelled:
    """A levelled schedule and how it was found.

    ``schedule`` holds the levelled dates (as earliest dates), with slack measured against the
    levelled finish with the levelled starts as release times (slack that resource conflicts use
    up is not subtracted). ``objective`` is ``(working days of overrun, finish of the council's
    work)``, compared lexicographically. ``gap`` is CP-SAT's relative optimality gap (0.0 when
    proven optimal); ``status`` is ``"heuristic"`` for the SGS, else the CP-SAT status name.
    """

    schedule: Schedule
    baseline: Schedule
    method: str
    status: str
    objective: tuple[int, int]
    capacities: Mapping[str, int]
    gap: float | None = None
    bound: int | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def optimal(self) -> bool:
        """True when CP-SAT proved the schedule optimal."""
        return self.status == "OPTIMAL"

    @property
    def risks(self) -> tuple[Infeasibility, ...]:
        """Overruns that levelling causes or worsens (those of the unlevelled plan excluded)."""
        before = {(p.task, p.constraint): p.working_days for p in self.baseline.infeasible}
        return tuple(
            p
            for p in self.schedule.infeasible
            if p.working_days > before.get((p.task, p.constraint), 0)
        )


def level(
    network: Network,
    capacities: Mapping[str, int],
    *,
    start: int = 0,
    method: str = "sgs",
    time_limit: float = 1.0,
    workers: int = 2,
) -> Levelled:
    """Level ``network`` within team capacities.

    Args:
        network: the compiled network.
        capacities: people per team (a positive int). Tasks of teams not listed, and tasks
            without a team, are not limited; teams that own no task are ignored.
        start: the project start (as for :func:`~inspection_sim.plan.cpm.cpm`).
        method: ``"sgs"`` or ``"cp-sat"`` (needs the ``ortools`` extra).
        time_limit: CP-SAT's limit in seconds.
        workers: CP-SAT's search workers.

    Returns:
        The :class:`Levelled` schedule, its objective, the method's status and, for CP-SAT, the
        optimality gap.

    Raises:
        UnknownNameError: for an unknown method.
        ScheduleError: for a capacity that is not a positive integer, a time limit that is not
            positive, or fewer than one worker.
        MissingExtraError: for ``"cp-sat"`` without ortools installed.

    >>> from inspection_sim.plan.network import Network, TaskSpec
    >>> returns = [TaskSpec(f"r{k}", duration=2, team="performance") for k in range(4)]
    >>> level(Network.build(returns, []), {"performance": 3}).schedule.start
    (0, 0, 0, 2)
    """
    _check_options(method, capacities, time_limit, workers)
    problem = _Problem.build(network, capacities, start)
    began = time.perf_counter()
    starts = problem.sgs(problem.priority_by_latest_start())
    best = problem.result(starts, "sgs", "heuristic")
    if method == "cp-sat":
        best = _cp_sat(problem, starts, best, time_limit, workers)
    notes = best.notes + problem.overbooked()
    return replace(best, seconds=time.perf_counter() - began, notes=notes)


def _check_options(
    method: str, capacities: Mapping[str, int], time_limit: float, workers: int
) -> None:
    if method not in METHODS:
        raise UnknownNameError(
            "unknown levelling method", key="method", value=method, choices=METHODS
        )
    _check_capacities(capacities)
    if not time_limit > 0:
        raise ScheduleError(
            "the time limit must be a positive number of seconds",
            key="time_limit",
            value=time_limit,
        )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ScheduleError("workers must be a positive whole number", key="workers", value=workers)


def _check_capacities(capacities: Mapping[str, int]) -> None:
    for team, size in capacities.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ScheduleError(
                "a team's capacity must be a positive whole number of people",
                key=f"capacities.{team}",
                value=size,
            )


@dataclass
class _Problem:
    """The levelling problem in integer lists, shared by the SGS and the CP-SAT model."""

    network: Network
    start: int
    baseline: Schedule
    capacities: dict[str, int]
    capacity: list[int]  # per task: its team's capacity, 0 when unlimited
    teams: list[TeamTime | None]
    pinned: list[bool]
    successors: list[list[int]]
    duration: list[int]
    snet: list[int]
    links: list[list[tuple[int, int, int]]]  # per task: (predecessor, link code, lag)

    @classmethod
    def build(cls, network: Network, capacities: Mapping[str, int], start: int) -> _Problem:
        baseline = cpm(network, start=start)
        team_names = network.teams
        capacity = [
            capacities.get(team_names[t], 0) if t >= 0 and d > 0 else 0
            for t, d in zip(network.team_index.tolist(), network.duration.tolist(), strict=True)
        ]
        successors: list[list[int]] = [[] for _ in range(len(network))]
        bounds, preds, link_types, lags = network.incoming
        flat = list(zip(preds, link_types, lags, strict=True))
        links = [flat[bounds[i] : bounds[i + 1]] for i in range(len(network))]
        for i, incoming in enumerate(links):
            for p, _, _ in incoming:
                successors[p].append(i)
        return cls(
            network=network,
            start=start,
            baseline=baseline,
            capacities={t: capacities[t] for t in team_names if t in capacities},
            capacity=capacity,
            teams=team_times(network),
            pinned=[t.framework or t.fixed_start is not None for t in network.tasks],
            successors=successors,
            duration=network.duration.tolist(),
            snet=network.start_no_earlier_than.tolist(),
            links=links,
        )

    def priority_by_latest_start(self) -> Callable[[int], tuple[int, ...]]:
        base = self.baseline
        return lambda i: (base.latest_start[i], base.slack[i], i)

    def busy_days(self, i: int, s: int) -> list[int]:
        """The council days on which task ``i`` starting at ``s`` works."""
        d = self.duration[i]
        team = self.teams[i]
        if team is None:
            return list(range(s, s + d))
        tau = team.working_time(team.start(s))
        return [team.council_time(tau + j) for j in range(d)]

    def earliest(self, i: int, starts: Sequence[int], finishes: Sequence[int]) -> int:
        """The earliest start of task ``i`` allowed by its (placed) predecessors."""
        d = self.duration[i]
        team = self.teams[i]
        low = self.start if self.snet[i] == _NONE else max(self.start, self.snet[i])
        finish_low: int | None = None
        for p, link, lag in self.links[i]:
            value = (finishes[p] if link in (0, 2) else starts[p]) + lag
            if link < 2:
                low = max(low, value)
            else:
                finish_low = value if finish_low is None else max(finish_low, value)
        if team is None or d == 0:
            return low if finish_low is None else max(low, finish_low - d)
        s = team.start(low)
        return s if finish_low is None else max(s, team.start_for_finish(finish_low, d))

    def finish(self, i: int, s: int) -> int:
        d = self.duration[i]
        team = self.teams[i]
        return s + d if team is None or d == 0 else team.finish(s, d)

    def sgs(self, priority: Callable[[int], tuple[int, ...]]) -> list[int]:
        """Serial schedule generation: the levelled start of every task."""
        n = len(self.network)
        base = self.baseline
        starts = list(base.start)
        finishes = list(base.finish)
        usage: dict[int, dict[int, int]] = {}  # team index -> day -> people busy
        team_index = self.network.team_index.tolist()
        waiting = [0] * n
        for i in range(n):
            for j in self.successors[i]:
                if not self.pinned[i]:
                    waiting[j] += 1
        for i in range(n):
            if self.pinned[i]:
                self._book(usage, team_index[i], self.busy_days(i, starts[i]), self.capacity[i])
        ready = [(priority(i), i) for i in range(n) if not self.pinned[i] and waiting[i] == 0]
        heapq.heapify(ready)
        while ready:
            _, i = heapq.heappop(ready)
            s = self.earliest(i, starts, finishes)
            if self.capacity[i]:
                s = self._first_free(usage.setdefault(team_index[i], {}), i, s)
                self._book(usage, team_index[i], self.busy_days(i, s), self.capacity[i])
            starts[i], finishes[i] = s, self.finish(i, s)
            for j in self.successors[i]:
                waiting[j] -= 1
                if waiting[j] == 0 and not self.pinned[j]:
                    heapq.heappush(ready, (priority(j), j))
        return starts

    def _first_free(self, used: dict[int, int], i: int, s: int) -> int:
        cap = self.capacity[i]
        team = self.teams[i]
        if team is None:  # the common case, without building day lists
            d = self.duration[i]
            while True:
                for day in range(s, s + d):
                    if used.get(day, 0) >= cap:
                        s = day + 1
                        break
                else:
                    return s
        while True:
            clash = next((day for day in self.busy_days(i, s) if used.get(day, 0) >= cap), None)
            if clash is None:
                return s
            s = clash + 1 if team is None else team.start(clash + 1)

    @staticmethod
    def _book(usage: dict[int, dict[int, int]], team: int, days: list[int], cap: int) -> None:
        if cap:
            used = usage.setdefault(team, {})
            for day in days:
                used[day] = used.get(day, 0) + 1

    def overbooked(self) -> tuple[str, ...]:
        """Notes for teams whose fixed tasks alone need more people than the team has."""
        usage: dict[int, dict[int, int]] = {}
        team_index = self.network.team_index.tolist()
        for i, pinned in enumerate(self.pinned):
            if pinned:
                days = self.busy_days(i, self.baseline.start[i])
                self._book(usage, team_index[i], days, self.capacity[i])
        notes = []
        for team, used in sorted(usage.items()):
            name = self.network.teams[team]
            over = sum(1 for people in used.values() if people > self.capacities[name])
            if over:
                notes.append(
                    f"framework tasks alone need more than {self.capacities[name]} of team "
                    f"{name!r} on {over} working day(s); levelling cannot change them"
                )
        return tuple(notes)

    def result(self, starts: Sequence[int], method: str, status: str, **extra: Any) -> Levelled:
        schedule = self.schedule(starts)
        return Levelled(
            schedule=schedule,
            baseline=self.baseline,
            method=method,
            status=status,
            objective=self.objective(schedule),
            capacities=self.capacities,
            **extra,
        )

    def schedule(self, starts: Sequence[int]) -> Schedule:
        pins = [starts[i] if self.pinned[i] else None for i in range(len(starts))]
        return cpm(self.network, start=self.start, release=starts, fixed=pins)

    def objective(self, schedule: Schedule) -> tuple[int, int]:
        late = sum(p.working_days for p in schedule.infeasible)
        ends = [f for f, pin in zip(schedule.finish, self.pinned, strict=True) if not pin]
        return late, max(ends, default=self.start)


def _cp_sat(
    problem: _Problem, hint: list[int], fallback: Levelled, time_limit: float, workers: int
) -> Levelled:
    try:
        from inspection_sim.plan import level_cpsat
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "levelling with CP-SAT needs ortools: pip install 'inspection_sim[ortools]'"
        ) from None
    solved = level_cpsat.solve(problem, hint, time_limit=time_limit, workers=workers)
    if solved.starts is None:
        notes = (f"CP-SAT found no schedule ({solved.status}); keeping the SGS answer",)
        return replace(fallback, method="cp-sat", status=solved.status, notes=notes)
    raw = problem.result(solved.starts, "cp-sat", solved.status)
    decoded_starts = problem.sgs(lambda i: (solved.starts[i], i))  # type: ignore[index]
    decoded = problem.result(decoded_starts, "cp-sat", solved.status)
    best = min((decoded, raw), key=lambda r: r.objective)
    if fallback.objective < best.objective:
        notes = ("CP-SAT did not beat the SGS answer within the time limit; keeping it",)
        return replace(
            fallback,
            method="cp-sat",
            status=solved.status,
            notes=notes,
            gap=solved.gap,
            bound=solved.bound,
        )
    return replace(best, gap=solved.gap, bound=solved.bound)
