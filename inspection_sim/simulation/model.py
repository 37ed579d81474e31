"""A simulation model: a task network on a calendar, with team capacities and random events.

The rules every engine follows (and that the tests hold them to, replication by replication):

* **Release.** A task is *released* at ``r = max(origin, start_no_earlier_than, FS/SS bounds,
  the FF/SF finish bounds turned into a start) + late-data delay``, where the bounds come from its
  predecessors' realised times exactly as in :mod:`inspection_sim.plan.network`. ``origin`` is the
  project start, as in :func:`inspection_sim.plan.cpm.cpm` (0 unless given). A team calendar
  turns the finish bound into a start with :meth:`TeamTime.start_for_finish`.
* **Start and finish.** A task with a working duration starts at ``team.start(r)`` (the team's
  next working instant) and finishes at ``team.finish(start, d)``; without a team calendar at
  ``r`` and ``r + d``. A zero-duration task starts and finishes at ``r``.
* **Fixed dates never move.** A task with ``fixed_start`` starts there whatever its
  predecessors do (its incoming links are not waited for), finishes at ``team.finish(fixed, d)``
  and never queues for capacity.
* **Capacity.** A task *uses capacity* when its team has a capacity limit, it has no fixed
  start and its planned duration or distribution is not zero. It asks for one unit at
  ``max(r, now)``, where ``now`` is when its last predecessor was determined, and waits in its
  team's queue, which a team works through in the plan's order (planned start, then network
  order; absences and the inspectors' requests first, in their order: ``simpy.PriorityResource``
  semantics with ``des.queue_key`` as the priority), not first come, first served: otherwise
  work released early by a larger team can jump ahead of a deadline's chain in a smaller one, and
  one more person would lower a deadline's chance (Graham's anomaly). Its start and finish are
  then measured from the grant.
* **Tie-breaks.** Events at the same time run in the order they were scheduled (simpy's event
  ids). A task becomes determined when its last predecessor is (started or granted); the tasks
  a determination releases are visited in topological order (ties in declaration order), each
  grant's releases before the caller's next. A request whose release is set by an FS, lag-0 link
  from a task that uses capacity (the first link, in link order, that sets it) is made in that
  predecessor's finish callback, right after it frees its unit (which goes at once to the head
  of its team's queue); any other waits on a timer. Grants start their task at once. So results never depend on networkx iteration order, and
  the heapq engine reproduces the simpy engine exactly, ties included.
* **Shift.** A deferral or a drawn notification date moves every dated constraint (origin,
  fixed starts, start-no-earlier-than, finish-no-later-than) by a whole number of working days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import NO_TIME, DurationSpec, Network
from inspection_sim.plan.teams import team_display
from inspection_sim.plan.worktime import TeamTime
from inspection_sim.simulation.events import Uncertainty, check_duration

__all__ = ["SimModel"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SimModel:
    """Everything an engine needs apart from the random draws.

    Build with :meth:`SimModel.build`. ``durations[i]`` is task ``i``'s distribution in network
    order; ``capacities`` maps a team to its number of staff (teams not listed are unlimited).
    ``candidates`` are working-day shifts from the plan's notification that a drawn notification
    date may take (empty: the notification stays where the plan put it). ``from_assumptions``
    says that the spreads and event effects come from the planning assumptions
    (``rules/data/assumptions.toml``, UNVERIFIED), as for a scenario. ``team_names`` are the
    names a planner reads for team ids (a scenario's); :meth:`team_name` names every team.
    """

    network: Network
    calendar: WorkingCalendar
    durations: tuple[DurationSpec, ...]
    capacities: Mapping[str, int] = field(default_factory=dict)
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    anchor: int = 0
    candidates: tuple[int, ...] = ()
    origin: int = 0
    from_assumptions: bool = False
    team_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        network: Network,
        calendar: WorkingCalendar,
        *,
        capacities: Mapping[str, int] | None = None,
        uncertainty: Uncertainty | None = None,
        durations: Mapping[str, DurationSpec] | None = None,
        anchor: int | None = None,
        candidates: Sequence[int] = (),
        start: int = 0,
        from_assumptions: bool = False,
        team_names: Mapping[str, str] | None = None,
    ) -> SimModel:
        """Validate and assemble a model.

        Args:
            network: the task network (working-day coordinates on ``calendar``).
            calendar: the council's calendar.
            capacities: staff per team; a team not listed has no limit.
            uncertainty: random events (none by default).
            durations: distributions by task id, overriding each task's own ``uncertainty``;
                a task with neither keeps its planned duration.
            anchor: the plan's notification time (default: ``start``).
            candidates: working-day shifts a drawn notification date may take.
            start: the project start, a lower bound on every release (as in ``cpm``).
            from_assumptions: the spreads and effects come from the planning assumptions.
            team_names: the name a planner reads for a team id (a team not listed is named
                from its id, see :meth:`team_name`).

        Raises:
            SimulationError: an unknown team or task (closest suggested), a capacity below 1,
                a team name that is not text, or an invalid distribution.
        """
        caps = _check_capacities(network, capacities or {})
        specs = _durations(network, durations or {})
        events = uncertainty or Uncertainty()
        _check_events(network, events)
        return cls(
            network,
            calendar,
            specs,
            caps,
            events,
            anchor=int(start if anchor is None else anchor),
            candidates=tuple(int(c) for c in candidates),
            origin=int(start),
            from_assumptions=from_assumptions,
            team_names=_check_team_names(network, team_names or {}),
        )

    @cached_property
    def team_capacity(self) -> IntArray:
        """Capacity per team index of ``network.teams``; 0 means unlimited."""
        return np.array([self.capacities.get(t, 0) for t in self.network.teams], dtype=np.int64)

    @cached_property
    def team_times(self) -> tuple[TeamTime | None, ...]:
        """The team calendar of each team index (None: the team works every council day)."""
        calendars = self.network.team_calendars
        return tuple(TeamTime(calendars[t]) if t in calendars else None for t in self.network.teams)

    @cached_property
    def uses_capacity(self) -> npt.NDArray[np.bool_]:
        """Which tasks queue for their team (see the module docstring)."""
        net = self.network
        team = net.team_index
        limited = np.append(self.team_capacity, 0)[team] > 0  # team -1 reads the 0 appended
        nonzero = np.array(
            [spec.kind != "fixed" or spec.params[0] > 0 for spec in self.durations], dtype=bool
        )
        result: npt.NDArray[np.bool_] = limited & (net.fixed_start == NO_TIME) & nonzero
        return result

    @property
    def has_capacity(self) -> bool:
        """True when some task or incident queues for a limited team."""
        incident = any(self.capacities.get(t, 0) > 0 for t in self.uncertainty.incident_teams)
        return bool(self.uses_capacity.any()) or incident

    def team_name(self, team: str | None) -> str:
        """The name a planner reads for ``team`` ("" for none): its given name, else the words
        of its id (see :func:`~inspection_sim.plan.teams.team_display`)."""
        return team_display(self.team_names, team)

    def team_position(self, team: str) -> int:
        """Index of ``team`` in ``network.teams``."""
        return self.network.teams.index(team)

    def with_candidates(self, candidates: Sequence[int]) -> SimModel:
        """A copy whose notification date is drawn among ``candidates`` (working-day shifts)."""
        return replace(self, candidates=tuple(int(c) for c in candidates))


def _check_capacities(network: Network, capacities: Mapping[str, int]) -> dict[str, int]:
    result: dict[str, int] = {}
    for team, value in sorted(capacities.items()):
        if team not in network.teams:
            raise SimulationError(
                "capacity given for a team with no tasks",
                key=f"capacities.{team}",
                value=team,
                choices=network.teams,
            )
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise SimulationError(
                "a capacity must be a whole number of staff, at least 1",
                key=f"capacities.{team}",
                value=value,
            )
        result[team] = int(value)
    return result


def _check_team_names(network: Network, names: Mapping[str, str]) -> dict[str, str]:
    for team, name in sorted(names.items()):
        if team not in network.teams:
            raise SimulationError(
                "a name given for a team with no tasks",
                key=f"team_names.{team}",
                value=team,
                choices=network.teams,
            )
        if not isinstance(name, str) or not name.strip():
            raise SimulationError(
                "a team's name must be words", key=f"team_names.{team}", value=name
            )
    return dict(sorted(names.items()))


def _durations(network: Network, overrides: Mapping[str, DurationSpec]) -> tuple[DurationSpec, ...]:
    for task_id in overrides:
        if task_id not in network.position:
            raise SimulationError(
                "duration given for an unknown task",
                key=f"durations.{task_id}",
                value=task_id,
                choices=network.order,
            )
    specs = []
    for task in network.tasks:
        spec = overrides.get(task.id, task.uncertainty)
        if spec is None:
            spec = DurationSpec("fixed", (float(task.duration),))
        specs.append(check_duration(spec, f"tasks.{task.id}.uncertainty"))
    return tuple(specs)


def _check_events(network: Network, events: Uncertainty) -> None:
    for team in events.incident_teams:
        if team not in network.teams:
            raise SimulationError(
                "an event names a team with no tasks",
                key="events.team",
                value=team,
                choices=network.teams,
            )
    for late in events.late_data:
        if late.task not in network.position:
            raise SimulationError(
                "late data names an unknown task",
                key="events.late_data.task",
                value=late.task,
                choices=network.order,
            )
