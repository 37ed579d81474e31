"""The scenario: a council described once, as frozen, typed values (schema version 1).

The file format is documented in the README ("Scenario files"); :mod:`inspection_sim.scenario.loader`
reads a file into these objects, :mod:`inspection_sim.scenario.inputs` turns them into the engines'
own inputs, and :mod:`inspection_sim.workbench` runs them (plan, simulate, sweep, rehearse,
forecast, report). A scenario only holds values: it imports nothing but the calendar and the
timetable's values for people, rooms and sampled cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.timetable.people import Person, Room, SampledCase

__all__ = [
    "Closure",
    "Council",
    "Inspection",
    "Leave",
    "Onsite",
    "OnsiteAbsence",
    "PastInspection",
    "RehearsalSettings",
    "Scenario",
    "Simulation",
    "TaskAdd",
    "TaskChange",
    "TaskChanges",
    "TaskDependency",
    "Team",
    "Window",
]


@dataclass(frozen=True)
class Closure:
    """Days the whole council is closed, ``start`` to ``end`` inclusive (a Christmas shutdown)."""

    name: str
    start: date
    end: date

    def days(self) -> tuple[date, ...]:
        """Every date of the closure, in order (inclusive of both ends)."""
        count = self.end.toordinal() - self.start.toordinal() + 1
        return tuple(date.fromordinal(self.start.toordinal() + i) for i in range(count))


@dataclass(frozen=True)
class Council:
    """The council: its name, bank-holiday region, working weekdays and closures."""

    name: str
    region: str = "england"
    weekmask: str = "Mon-Fri"
    closures: tuple[Closure, ...] = ()

    def closure_days(self) -> tuple[date, ...]:
        """Every closed date of every closure, sorted and without repeats."""
        return tuple(sorted({day for closure in self.closures for day in closure.days()}))


@dataclass(frozen=True)
class Leave:
    """A period (inclusive) when a team is down by ``people`` (all of it when ``people`` is None)."""

    start: date
    end: date
    people: int | None = None
    note: str = ""

    def days(self) -> tuple[date, ...]:
        count = self.end.toordinal() - self.start.toordinal() + 1
        return tuple(date.fromordinal(self.start.toordinal() + i) for i in range(count))


@dataclass(frozen=True)
class Team:
    """A council team that owns tasks: its capacity, working pattern, leave and contacts."""

    id: str
    name: str
    size: int = 1
    weekmask: str | None = None
    leave: tuple[Leave, ...] = ()
    contacts: tuple[str, ...] = ()

    def closed_days(self) -> tuple[date, ...]:
        """Days the whole team is away (leave without a ``people`` count)."""
        return tuple(
            sorted({d for leave in self.leave if leave.people is None for d in leave.days()})
        )


@dataclass(frozen=True)
class Window:
    """Candidate notification dates, ``start`` to ``end`` inclusive."""

    start: date
    end: date


@dataclass(frozen=True)
class PastInspection:
    """A past inspection: its on-site start, ``framework:type`` and judgement or outcome."""

    start: date
    type: str
    judgement: str

    def as_text(self) -> str:
        """The ``start:type:judgement`` form the forecast command takes (type without framework)."""
        return f"{self.start.isoformat()}:{self.type.split(':', 1)[-1]}:{self.judgement}"


@dataclass(frozen=True)
class Inspection:
    """The inspection to plan: ``framework:type``, which rules apply, and when the call comes."""

    type: str
    version: str | None = None
    on: date | None = None
    notified: date | None = None
    window: Window | None = None
    history: tuple[PastInspection, ...] = ()

    @property
    def framework(self) -> str:
        return self.type.split(":", 1)[0]

    @property
    def kind(self) -> str:
        return self.type.split(":", 1)[1]


@dataclass(frozen=True)
class RehearsalSettings:
    """The trial run: its first day, ``full`` or ``compressed``, and the compressed fieldwork days."""

    start: date | None = None
    mode: str = "full"
    fieldwork_days: int | None = None
    kit_time: time | None = None


@dataclass(frozen=True)
class TaskDependency:
    """A link from item ``on`` to the task that declares it (``type`` FS, SS, FF or SF), with a
    lag in working days: the same shape as a rule file's ``depends`` entries."""

    on: str
    type: str = "FS"
    lag: int = 0


@dataclass(frozen=True)
class TaskAdd:
    """A council task added to the template."""

    id: str
    name: str
    team: str
    duration: int
    depends: tuple[TaskDependency, ...] = ()
    needs: str = ""


@dataclass(frozen=True)
class TaskChange:
    """Changes to a template task: a new duration or owner, extra dependencies."""

    id: str
    duration: int | None = None
    team: str | None = None
    depends: tuple[TaskDependency, ...] = ()


@dataclass(frozen=True)
class TaskChanges:
    """Tasks added to, removed from and changed in the inspection type's council template."""

    add: tuple[TaskAdd, ...] = ()
    remove: tuple[str, ...] = ()
    change: tuple[TaskChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.remove or self.change)


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo settings: replications, seed, duration spread and random-event rates."""

    runs: int = 1000
    seed: int = 0
    duration: str = "fixed"
    spread: float = 0.0
    events: tuple[tuple[str, float], ...] = ()

    def event_rates(self) -> dict[str, float]:
        return dict(self.events)


@dataclass(frozen=True)
class OnsiteAbsence:
    """Someone on the staff list who turns out to be away after the on-site days were booked
    (``[[onsite.absent]]``): from ``first`` to ``last`` inclusive; None means from the first or
    to the last on-site day."""

    person: str
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class Onsite:
    """The people, rooms and case sample the days on site are booked with (``[onsite]``).

    ``rooms`` is None when the scenario gives none: the on-site rules' rooms are assumed. Each
    source says where a list came from (a CSV file, or the scenario's key), for messages.
    ``absent`` is the what-if: people away after the week was booked, whose sessions are rebooked.
    ``notes`` are plain sentences for the planner, e.g. the cases of an Annex A workbook left out
    of the sample because their worker is not on the staff list.
    """

    people: tuple[Person, ...] = ()
    rooms: tuple[Room, ...] | None = None
    cases: tuple[SampledCase, ...] = ()
    absent: tuple[OnsiteAbsence, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.people)

    def source(self, key: str) -> str:
        """Where the ``people``, ``rooms`` or ``cases`` list came from (empty when not given)."""
        return dict(self.sources).get(key, "")


@dataclass(frozen=True)
class Scenario:
    """A council's scenario: every section of a scenario file, validated.

    Build one with :func:`~inspection_sim.scenario.load_scenario` or
    :func:`~inspection_sim.scenario.default_scenario`; run it with the functions of
    :mod:`inspection_sim.workbench` (``plan_scenario``, ``simulate_scenario``...). The methods
    only read it: its calendars (built from the calendar module alone), its teams' ``plan(teams=)``
    entries and capacities.
    """

    council: Council
    inspection: Inspection
    teams: tuple[Team, ...] = ()
    rehearsal: RehearsalSettings = field(default_factory=RehearsalSettings)
    rule_overrides: tuple[tuple[str, Any], ...] = ()
    timescale_overrides: tuple[tuple[str, Any], ...] = ()
    tasks: TaskChanges = field(default_factory=TaskChanges)
    simulation: Simulation = field(default_factory=Simulation)
    #: ``[kpis]``: performance-measure id -> (minimum, upper) target, as the file gives them.
    kpis: tuple[tuple[str, tuple[float, float]], ...] = ()
    onsite: Onsite = field(default_factory=Onsite)
    schema: int = 1
    source: str = "<scenario>"

    def team(self, team_id: str) -> Team | None:
        """The team with id ``team_id``, or None."""
        return next((team for team in self.teams if team.id == team_id), None)

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with some fields replaced (scenarios are immutable), e.g.
        ``scenario.with_changes(teams=...)``."""
        return replace(self, **changes)

    def calendar(self) -> WorkingCalendar:
        """The planning calendar: the region's bank holidays and the weekmask, without closures.

        The inspectorates count working days as weekdays that are not bank holidays, so the
        framework's dates and deadlines (and the plan's working-day index) use this calendar; the
        council's own closures only make its teams unavailable (see :meth:`council_calendar`).
        """
        council = self.council
        return WorkingCalendar(region=council.region, weekmask=council.weekmask)

    def council_calendar(self) -> WorkingCalendar:
        """The council's own working days: :meth:`calendar` less every closure (inclusive)."""
        return self.calendar().derive(closures=self.council.closure_days())

    def team_calendars(self, council_teams: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
        """Team id -> ``plan(teams=)`` entry (``leave``, ``weekmask``, ``size``) for every team
        the council owns: the scenario's teams and ``council_teams`` (the template's; they have no
        capacity limit unless the scenario sizes them).

        The council's closures are leave for every one of them, so council tasks skip a shutdown
        while the framework's dates, on :meth:`calendar`, stay put.
        """
        closed = self.council.closure_days()
        found: dict[str, dict[str, Any]] = {
            team.id: {
                "leave": tuple(sorted({*team.closed_days(), *closed})),
                "weekmask": team.weekmask,
                "size": team.size,
            }
            for team in self.teams
        }
        for team_id in council_teams:
            # size None: a template team the scenario does not size has no capacity limit
            found.setdefault(team_id, {"leave": closed, "weekmask": None, "size": None})
        return found

    def capacities(self) -> dict[str, int]:
        """Staff per team, by team id."""
        return {team.id: team.size for team in self.teams}
