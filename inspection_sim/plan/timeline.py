"""The scheduled timeline of one inspection: dated tasks, milestones, slack and the critical path.

A :class:`Timeline` is what :func:`inspection_sim.plan` returns and what rehearsals, reports and
simulations start from. Dates are the council's working days; ``end`` is the task's **last** working
day (inclusive), and equals ``start`` for a milestone. ``start_index``/``finish_index`` are the same
in working-day time coordinates (see :mod:`inspection_sim.plan.network`): ``finish_index`` is
exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.network import Network, TaskKind

__all__ = ["Fieldwork", "Risk", "ScheduledTask", "Timeline"]


@dataclass(frozen=True)
class ScheduledTask:
    """One task or milestone with its computed dates."""

    id: str
    name: str
    team: str | None
    kind: TaskKind
    start: date
    end: date
    start_index: int
    finish_index: int
    duration: int
    depends_on: tuple[str, ...]
    slack_working_days: int
    critical: bool
    framework: bool = False
    deadline: date | None = None
    time_of_day: time | None = None
    minutes: int | None = None
    needs: str = ""
    source: str = ""
    description: str = ""

    @property
    def is_milestone(self) -> bool:
        return self.duration == 0


@dataclass(frozen=True)
class Fieldwork:
    """The on-site period: first and last day (inclusive) and every on-site day."""

    start: date
    end: date
    days: tuple[date, ...]


@dataclass(frozen=True)
class Risk:
    """A framework deadline a task misses: the task, the deadline and by how many working days."""

    task: str
    deadline: date
    working_days_late: int
    reason: str = ""


@dataclass(frozen=True)
class Timeline:
    """A planned inspection. Tasks are in topological order (ties in declaration order)."""

    inspection: str
    framework: str
    version: str
    calendar: WorkingCalendar
    network: Network
    notification: datetime
    fieldwork: Fieldwork
    tasks: tuple[ScheduledTask, ...]
    warnings: tuple[str, ...] = ()
    risks: tuple[Risk, ...] = ()
    sources: tuple[str, ...] = field(default=())
