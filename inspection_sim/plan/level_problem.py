"""The levelling problem in integer lists, shared by the serial schedule generation scheme and
the CP-SAT model (see :mod:`inspection_sim.plan.level`), and the levelled answer."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspection_sim.plan.cpm import Infeasibility, Schedule, cpm, team_times
from inspection_sim.plan.network import NO_TIME, Network
from inspection_sim.plan.worktime import TeamTime

__all__ = ["LevelProblem", "Levelled"]

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


@dataclass
class LevelProblem:
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
    def build(cls, network: Network, capacities: Mapping[str, int], start: int) -> LevelProblem:
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
