"""What a scenario gives the engines, as their own typed inputs: the day its plan is called on, the
plan's team calendars, the rehearsal's settings, and the on-site timetable's people, rooms and cases.

Nothing here runs an engine. :mod:`inspection_sim.workbench` runs a scenario with these inputs, and
the loader's checks (:mod:`.reach`) run the same engines to prove that a valid file is runnable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import CalendarRangeError, ScenarioError
from inspection_sim.rehearsal.injects import InjectSettings
from inspection_sim.rehearsal.shift import check_mode, check_start
from inspection_sim.scenario.hooks import local_rules
from inspection_sim.scenario.model import Scenario

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.rules import InspectionType
    from inspection_sim.timetable import Absence

__all__ = [
    "RehearsalInputs",
    "called_on",
    "check_people",
    "council_teams",
    "inject_settings",
    "notification_date",
    "rehearsal_inputs",
    "timetable_absences",
    "timetable_options",
]


def notification_date(scenario: Scenario) -> date | None:
    """The day the scenario's plan is called on: ``notified``, else the first date of its window
    on the rules' notification weekday (rolled forward past a bank holiday, as a sweep's dates
    are); None when the window holds no such date."""
    inspection = scenario.inspection
    if inspection.notified is not None or inspection.window is None:
        return inspection.notified
    window, calendar = inspection.window, scenario.calendar()
    weekday = local_rules(scenario).notification.weekday
    day = window.start + timedelta(days=(weekday - window.start.weekday()) % 7)
    while day <= window.end:
        try:
            rolled = calendar.roll_forward(day)
        except CalendarRangeError:
            return None
        if rolled <= window.end:
            return rolled
        day += timedelta(weeks=1)
    return None


def called_on(scenario: Scenario, day: date) -> Scenario:
    """The scenario with its notification call on ``day``."""
    return scenario.with_changes(inspection=replace(scenario.inspection, notified=day))


def council_teams(scenario: Scenario, rules: InspectionType) -> dict[str, dict[str, Any]]:
    """The ``plan(teams=)`` entries of the council's teams: the scenario's and the teams that
    own tasks of ``rules`` (see :meth:`Scenario.team_calendars`)."""
    return scenario.team_calendars(sorted({task.team for task in rules.tasks if task.team}))


@dataclass(frozen=True)
class RehearsalInputs:
    """A scenario's rehearsal, resolved: explicit arguments over its ``[rehearsal]`` section.

    :meth:`options` are the keyword arguments of :func:`inspection_sim.rehearsal.rehearse` besides
    the timeline, ``start`` and ``planning_meetings``.
    """

    start: date
    mode: str
    fieldwork_days: int | None
    kit_time: time | None
    calendar: WorkingCalendar
    team_names: dict[str, str]
    contacts: dict[str, tuple[str, ...]]
    plan_id: str
    calendar_name: str
    rules: InspectionType
    injects: InjectSettings | None = None

    def options(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "fieldwork_days": self.fieldwork_days,
            "kit_time": self.kit_time,
            "team_names": self.team_names,
            "contacts": self.contacts,
            "calendar": self.calendar,
            "plan_id": self.plan_id,
            "calendar_name": self.calendar_name,
            "rules": self.rules,
            "injects": self.injects,
        }

    def plan_day(self, scenario: Scenario) -> date:
        """The day the rehearsed plan is called on: the scenario's ``notified``, else day 0."""
        return scenario.inspection.notified or self.start


def rehearsal_inputs(
    scenario: Scenario,
    start: date | None = None,
    *,
    mode: str | None = None,
    fieldwork_days: int | None = None,
    kit_time: time | None = None,
    calendar: WorkingCalendar | None = None,
    injects: str | None = None,
    seed: int | None = None,
) -> RehearsalInputs:
    """The rehearsal settings of ``scenario``, checked before anything is planned.

    The rehearsal's days are the council's own working days (:meth:`Scenario.council_calendar`,
    without its closures) unless ``calendar`` is given. ``injects`` (``"typical"`` or ``"hard"``)
    draws an exercise controller's injects from the scenario's simulation settings
    (:func:`inject_settings`).

    Raises:
        ScenarioError: no start date, given or in the scenario.
        ScheduleError: ``start`` is not a working day (the nearest ones are named).
        UnknownNameError: an unknown mode.
    """
    settings = scenario.rehearsal
    start = start or settings.start
    if start is None:
        raise ScenarioError(
            "no rehearsal date: give --start or set it in the scenario",
            source=scenario.source,
            key="rehearsal.start",
        )
    days = calendar or scenario.council_calendar()
    check_start(days, start)  # before planning: a clean error comes first
    mode = check_mode(mode or settings.mode)
    if fieldwork_days is None and mode == "compressed":
        fieldwork_days = settings.fieldwork_days
    council, inspection = scenario.council.name, scenario.inspection.type
    rules = local_rules(scenario)
    return RehearsalInputs(
        start=start,
        mode=mode,
        fieldwork_days=fieldwork_days,
        kit_time=kit_time or settings.kit_time,
        calendar=days,
        team_names={team.id: team.name for team in scenario.teams},
        contacts={team.id: team.contacts for team in scenario.teams},
        plan_id=f"{council}:{inspection}:{mode}",
        # the title planners see names the inspection in words; the id stays in plan_id (UIDs)
        calendar_name=f"Inspection rehearsal – {council} – {rules.name} – {start.isoformat()}",
        rules=rules,
        injects=None if injects is None else inject_settings(scenario, injects, seed),
    )


def inject_settings(scenario: Scenario, level: str, seed: int | None) -> InjectSettings:
    """What the scenario's injects are drawn from: its team sizes, event rates and duration
    spread, with ``seed`` (default: the scenario's)."""
    simulation = scenario.simulation
    return InjectSettings(
        level=level,
        seed=simulation.seed if seed is None else seed,
        capacities=scenario.capacities(),
        rates=simulation.event_rates(),
        duration=simulation.duration,
        spread=float(simulation.spread),
    )


def check_people(scenario: Scenario) -> None:
    """Refuse a scenario without people to book (``[onsite]``) with a ScenarioError."""
    if not scenario.onsite:
        raise ScenarioError(
            "the scenario has no people to book: add [onsite] people",
            source=scenario.source,
            key="onsite.people",
        )


def timetable_options(
    scenario: Scenario, days: Sequence[date], version: str, calendar: WorkingCalendar
) -> dict[str, Any]:
    """The keyword arguments of :func:`inspection_sim.timetable.build_timetable` that book the
    scenario's people, rooms and case sample on the on-site ``days`` (a rehearsal's), with the
    on-site rules of the framework ``version`` the plan was made with.

    Raises:
        ScenarioError: the scenario has no people (``[onsite]``).
    """
    check_people(scenario)
    onsite = scenario.onsite
    return {
        "inspection": scenario.inspection.type,
        "people": onsite.people,
        "cases": onsite.cases,
        "rooms": onsite.rooms,
        "start": days[0],
        "days": tuple(days),
        "version": version,
        "calendar": calendar,
    }


def timetable_absences(scenario: Scenario) -> tuple[Absence, ...]:
    """The scenario's what-if absences (``[[onsite.absent]]``) as the timetable's own values."""
    from inspection_sim.timetable import Absence

    return tuple(Absence(a.person, a.first, a.last) for a in scenario.onsite.absent)
