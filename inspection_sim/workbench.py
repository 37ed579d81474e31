"""The workbench: where a council's scenario is run through the engines.

A :class:`~inspection_sim.scenario.Scenario` is a frozen value; the engines (:func:`plan
<inspection_sim.plan.build.plan>`, :func:`simulate <inspection_sim.simulation.simulate>`,
:func:`sweep <inspection_sim.simulation.sweep>`, :func:`rehearse
<inspection_sim.rehearsal.rehearse>`, :func:`forecast <inspection_sim.forecasting.cycle.forecast>`)
take their own typed inputs and know nothing of scenarios. The functions here stand between the
two: each reads what the scenario says (its rules with the council's overrides, its calendars,
teams, ``[simulation]`` and ``[rehearsal]`` settings, history) and calls the engine with it.
Explicit arguments win over the scenario's settings.

:func:`plan`, :func:`simulate`, :func:`sweep` and :func:`rehearse` are the package's top-level
functions: they take a scenario or the engine's own input, and hand each to the right function.
The command line calls this module for everything a scenario drives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import ScenarioError, ScheduleError, SimulationError
from inspection_sim.plan import build
from inspection_sim.scenario.hooks import local_rules
from inspection_sim.scenario.inputs import (
    called_on,
    check_people,
    council_teams,
    notification_date,
    rehearsal_inputs,
    timetable_absences,
    timetable_options,
)
from inspection_sim.scenario.model import Scenario

if TYPE_CHECKING:
    from inspection_sim.annex_a.scenario_link import KpiSettings
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.forecasting.cycle import Forecast
    from inspection_sim.forecasting.history import HistoryEntry
    from inspection_sim.plan.network import DurationSpec
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.rehearsal.model import Rehearsal
    from inspection_sim.report.html import ReportInputs
    from inspection_sim.report.onsite import OnsiteReport
    from inspection_sim.rules.model import InspectionType
    from inspection_sim.simulation.events import Uncertainty
    from inspection_sim.simulation.model import SimModel
    from inspection_sim.simulation.result import SimulationResult
    from inspection_sim.simulation.sources import SimulationSource
    from inspection_sim.simulation.sweeps import SweepResult
    from inspection_sim.timetable import Disruption, Timetable
    from inspection_sim.timetable.onsite_week import OnsiteWeek

__all__ = [
    "forecast_scenario",
    "kpi_settings",
    "onsite_risk_scenario",
    "onsite_week_scenario",
    "onsite_what_if_scenario",
    "plan",
    "plan_scenario",
    "rehearse",
    "rehearse_scenario",
    "report_scenario",
    "scenario_history",
    "scenario_model",
    "scenario_team_names",
    "simulate",
    "simulate_scenario",
    "sweep",
    "sweep_scenario",
]


# -- planning ---------------------------------------------------------------------------------------


def plan_scenario(
    scenario: Scenario,
    *,
    notified: date | None = None,
    onsite: date | None = None,
    calendar: WorkingCalendar | None = None,
    teams: Mapping[str, Any] | None = None,
    level: bool | str = False,
    strict: bool = False,
    elections: Sequence[date] = (),
) -> Timeline:
    """Plan ``scenario``: its rules with the council's overrides and task changes, on its
    planning calendar (:meth:`Scenario.calendar`), with its teams' leave, weekmasks and sizes and
    its closures as every council team's leave (:meth:`Scenario.team_calendars`).

    Without ``notified`` or ``onsite`` the plan is called on the scenario's ``notified``, else on
    the first date of its window on the rules' notification weekday. The other arguments are
    :func:`inspection_sim.plan.build.plan`'s.

    Raises:
        ScheduleError: the scenario has no notification date and none is given.
    """
    if notified is None and onsite is None:
        notified = notification_date(scenario)
        if notified is None:
            raise ScheduleError(
                "the scenario has no notification date; give notified= or onsite=",
                source=scenario.source,
                key="inspection.notified",
            )
    rules = local_rules(scenario)
    return build.plan(
        rules,
        notified=notified,
        onsite=onsite,
        calendar=calendar or scenario.calendar(),
        teams=council_teams(scenario, rules) if teams is None else teams,
        level=level,
        strict=strict,
        elections=elections,
    )


def plan(inspection: str | InspectionType | Scenario, **options: Any) -> Timeline:
    """Plan an inspection type (see :func:`inspection_sim.plan.build.plan`) or a scenario (see
    :func:`plan_scenario`).

    >>> plan("ilacs:short", notified=date(2026, 3, 2)).fieldwork.start
    datetime.date(2026, 3, 9)
    """
    if isinstance(inspection, Scenario):
        return plan_scenario(inspection, **options)
    return build.plan(inspection, **options)


# -- simulation -------------------------------------------------------------------------------------


def scenario_team_names(scenario: Scenario, teams: Sequence[str]) -> dict[str, str]:
    """The name a planner reads for each of ``teams`` (ids, e.g. a plan's ``network.teams``):
    the scenario's ``[teams.<id>] name``, else the words of the id, as the rehearsal's calendars
    name them (:func:`~inspection_sim.plan.teams.team_display`: "it" reads "IT")."""
    from inspection_sim.plan.teams import team_display

    names = {team.id: team.name for team in scenario.teams}
    return {team: team_display(names, team) for team in teams}


def scenario_model(
    scenario: Scenario,
    timeline: Timeline | None = None,
    *,
    capacities: Mapping[str, int] | None = None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
) -> SimModel:
    """The simulation model of ``scenario`` (planned, unless its ``timeline`` is given): its
    teams' sizes as capacities, and its ``[simulation]`` duration spread and event rates with the
    effects in the planning assumptions, unless ``capacities``, ``durations`` or ``uncertainty``
    are given; its teams by their names (:func:`scenario_team_names`)."""
    from inspection_sim.simulation.sources import assumed_model

    timeline = timeline or plan_scenario(scenario)
    owners = timeline.network.teams
    if capacities is None:
        capacities = {team.id: int(team.size) for team in scenario.teams if team.id in owners}
    settings = scenario.simulation
    return assumed_model(
        timeline,
        capacities,
        duration=settings.duration,
        spread=float(settings.spread),
        rates=settings.event_rates(),
        durations=durations,
        uncertainty=uncertainty,
        team_names=scenario_team_names(scenario, owners),
    )


def simulate_scenario(
    scenario: Scenario,
    runs: int | None = None,
    seed: int | None = None,
    *,
    capacities: Mapping[str, int] | None = None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    **options: Any,
) -> SimulationResult:
    """Simulate the plan of ``scenario`` (:func:`scenario_model`) with its ``[simulation]`` runs
    and seed unless given; the other options are :func:`inspection_sim.simulation.simulate`'s."""
    from inspection_sim.simulation.run import simulate as run

    model = scenario_model(
        scenario, capacities=capacities, uncertainty=uncertainty, durations=durations
    )
    settings = scenario.simulation
    return run(
        model,
        runs if runs is not None else int(settings.runs) or 1000,
        seed if seed is not None else int(settings.seed),
        **options,
    )


def simulate(
    source: Scenario | SimulationSource,
    runs: int | None = None,
    seed: int | None = None,
    **options: Any,
) -> SimulationResult:
    """Simulate a scenario (see :func:`simulate_scenario`) or a Timeline, Network or SimModel
    (see :func:`inspection_sim.simulation.simulate`)."""
    if isinstance(source, Scenario):
        return simulate_scenario(source, runs, seed, **options)
    from inspection_sim.simulation.run import simulate as run

    return run(source, runs, seed, **options)


@dataclass(frozen=True)
class _DatePlanner:
    """Plans the scenario called on one date, with its own durations and events (a sweep sends
    it to its worker processes, so it is a picklable value rather than a closure)."""

    scenario: Scenario
    capacities: Mapping[str, int] | None
    uncertainty: Uncertainty | None
    durations: Mapping[str, DurationSpec] | None
    #: The base plan's notification (a working-day index): events given explicitly move from it.
    anchor: int

    def __call__(self, day: date) -> SimModel:
        from inspection_sim.simulation.sweeps import moved_events

        called = called_on(self.scenario, day)
        own = scenario_model(called, capacities=self.capacities, durations=self.durations)
        return moved_events(own, self.uncertainty, self.anchor)


def sweep_scenario(
    scenario: Scenario,
    dates: Sequence[date] | None = None,
    *,
    first: date | None = None,
    last: date | None = None,
    seed: int | None = None,
    capacities: Mapping[str, int] | None = None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    **options: Any,
) -> SweepResult:
    """Sweep ``scenario`` over candidate notification dates (:func:`inspection_sim.simulation.sweep`),
    each date planned afresh with the scenario's settings: the calls its local rules give (or,
    with ``all_dates=True``, every working day, marked); without ``dates`` or ``first`` and
    ``last``, over its ``[inspection.window]`` (both ends included); its seed unless given."""
    from inspection_sim.simulation.sweeps import sweep as run

    window = scenario.inspection.window
    if dates is None and first is None and last is None and window is not None:
        first, last = window.start, window.end
    model = scenario_model(
        scenario, capacities=capacities, uncertainty=uncertainty, durations=durations
    )
    if options.get("planner") is None:
        options["planner"] = _DatePlanner(
            scenario, capacities, uncertainty, durations, model.anchor
        )
    if options.get("rules") is None:  # the calls its local rules give
        options["rules"] = local_rules(scenario)
    return run(
        model,
        dates,
        first=first,
        last=last,
        seed=seed if seed is not None else int(scenario.simulation.seed),
        **options,
    )


def sweep(
    source: Scenario | SimulationSource, dates: Sequence[date] | None = None, **options: Any
) -> SweepResult:
    """Sweep a scenario (see :func:`sweep_scenario`) or a Timeline, Network or SimModel (see
    :func:`inspection_sim.simulation.sweep`)."""
    if isinstance(source, Scenario):
        return sweep_scenario(source, dates, **options)
    from inspection_sim.simulation.sweeps import sweep as run

    return run(source, dates, **options)


# -- rehearsal --------------------------------------------------------------------------------------


def rehearse_scenario(
    scenario: Scenario,
    start: date | None = None,
    *,
    mode: str | None = None,
    fieldwork_days: int | None = None,
    kit_time: time | None = None,
    planning_meetings: int = 0,
    calendar: WorkingCalendar | None = None,
    injects: str | None = None,
    seed: int | None = None,
) -> Rehearsal:
    """Rehearse ``scenario`` (see :func:`inspection_sim.rehearsal.rehearse`) with its team names,
    contacts, rules and ``[rehearsal]`` settings; arguments override its file. ``injects``
    (``"typical"`` or ``"hard"``) draws an exercise controller's injects from the scenario's
    simulation: its team sizes, event rates and duration spread, with ``seed`` (default: the
    scenario's).

    The timeline is planned with the scenario's notification date (or the rehearsal's day 0 when
    it has none); the rehearsal then keeps every working-day offset from that call. Its days are
    the council's own working days (:meth:`Scenario.council_calendar`, without its closures)
    unless ``calendar`` is given.

    When the scenario has people (``[onsite]``), the rehearsal's on-site days are booked with
    them, its rooms and its case sample (:func:`inspection_sim.timetable.build_timetable`):
    ``Rehearsal.timetable``, written as each person's and room's calendar and ``timetable.csv``.
    When it lists people away after the week was booked (``[[onsite.absent]]``), the booked week
    is then rebooked around them (:func:`inspection_sim.timetable.rebook_absences`):
    ``Rehearsal.what_if``, and ``Rehearsal.timetable`` is the week after the changes.
    """
    from inspection_sim.rehearsal import rehearse as run

    inputs = rehearsal_inputs(
        scenario,
        start,
        mode=mode,
        fieldwork_days=fieldwork_days,
        kit_time=kit_time,
        calendar=calendar,
        injects=injects,
        seed=seed,
    )
    timeline = plan_scenario(scenario, notified=inputs.plan_day(scenario))
    rehearsal = run(timeline, inputs.start, planning_meetings=planning_meetings, **inputs.options())
    if not scenario.onsite:
        return rehearsal
    from inspection_sim.timetable import build_timetable

    options = timetable_options(
        scenario, rehearsal.fieldwork, rehearsal.rules_version, inputs.calendar
    )
    booked = build_timetable(**options)
    if not scenario.onsite.absent:
        return replace(rehearsal, timetable=booked)
    what_if = _rebooked(scenario, booked)
    return replace(rehearsal, timetable=what_if.after, what_if=what_if)


def rehearse(timeline: Timeline | Scenario, start: date | None = None, **options: Any) -> Rehearsal:
    """Rehearse a scenario (see :func:`rehearse_scenario`) or a timeline (see
    :func:`inspection_sim.rehearsal.rehearse`)."""
    if isinstance(timeline, Scenario):
        return rehearse_scenario(timeline, start, **options)
    from inspection_sim.rehearsal import rehearse as run

    return run(timeline, start, **options)


# -- the on-site week ------------------------------------------------------------------------------

#: The most runs of random staff absence in the on-site week: its shares settle long before the
#: runs a deadline's probability may need, and each run holds every person's days in memory.
MAX_ONSITE_RUNS = 10_000


def onsite_week_scenario(scenario: Scenario) -> tuple[Timetable, str]:
    """The on-site week ``scenario`` books with its people, as planned, and which week it is, in
    words: the rehearsal's on-site days when the scenario has ``[rehearsal] start`` (the week its
    people's leave and its what-if absences are dated in), else the on-site days of the inspection
    planned from its notification date (:func:`plan_scenario`).

    Raises:
        ScenarioError: the scenario has no people (``[onsite]``).
    """
    from inspection_sim.timetable import build_timetable

    check_people(scenario)
    if scenario.rehearsal.start is not None:
        trial = rehearse_scenario(scenario)
        assert trial.timetable is not None  # a scenario with people has its week booked
        booked = trial.timetable if trial.what_if is None else trial.what_if.plan
        return booked, f"the rehearsal's on-site days (from {trial.start.isoformat()})"
    timeline = plan_scenario(scenario)
    days, version = timeline.fieldwork.days, timeline.version
    booked = build_timetable(
        **timetable_options(scenario, days, version, scenario.council_calendar())
    )
    called = timeline.notification.date().isoformat()
    return booked, f"the inspection's on-site days (called on {called})"


def onsite_what_if_scenario(scenario: Scenario, plan: Timetable | None = None) -> Disruption:
    """The scenario's on-site week (``plan``, else :func:`onsite_week_scenario`) rebooked around
    its what-if absences (``[[onsite.absent]]``; none: the week as booked)."""
    if plan is None:
        plan, _ = onsite_week_scenario(scenario)
    return _rebooked(scenario, plan)


def _rebooked(scenario: Scenario, plan: Timetable) -> Disruption:
    """``plan`` rebooked around the scenario's absences; an absence that misses its days (a
    rehearsal moved to another start) is the scenario's problem, named at its key."""
    from inspection_sim.timetable import TimetableInputError, rebook_absences

    try:
        return rebook_absences(plan, timetable_absences(scenario))
    except TimetableInputError as error:
        problems = [replace(p, source=scenario.source, key="onsite.absent") for p in error.problems]
        raise ScenarioError(problems=problems) from None


def onsite_risk_scenario(
    scenario: Scenario, runs: int | None = None, seed: int | None = None
) -> OnsiteWeek:
    """Random staff absence over the scenario's on-site week (:func:`onsite_week_scenario`;
    :func:`inspection_sim.timetable.absence_risk`) at its ``[simulation.events]`` staff-absence
    rate, with its runs (at most :data:`MAX_ONSITE_RUNS`) and seed unless given; and its what-if
    when it lists absences.

    Raises:
        ScenarioError: the scenario has no people (``[onsite]``).
    """
    from inspection_sim.timetable import absence_risk
    from inspection_sim.timetable.onsite_week import OnsiteWeek

    plan, week = onsite_week_scenario(scenario)
    settings = scenario.simulation
    asked = runs if runs is not None else int(settings.runs) or 1000
    risk = absence_risk(
        plan,
        rate=float(settings.event_rates().get("staff-absence", 0.0)),
        runs=min(asked, MAX_ONSITE_RUNS),
        seed=seed if seed is not None else int(settings.seed),
    )
    what_if = onsite_what_if_scenario(scenario, plan) if scenario.onsite.absent else None
    return OnsiteWeek(week, plan, risk, asked, what_if)


# -- forecasting and measures -----------------------------------------------------------------------


def scenario_history(scenario: Scenario) -> list[HistoryEntry]:
    """The scenario's history entries the forecast can use: ILACS inspections and visits, full
    area SEND inspections and HMIP youth justice inspections (JTAIs and area SEND monitoring
    inspections do not set a cycle, so they are left out).

    Raises:
        ForecastInputError: when the scenario holds no graded inspection to forecast from.
    """
    from inspection_sim.errors import ForecastInputError
    from inspection_sim.forecasting.history import INSPECTION_TYPES, VISIT_TYPES, HistoryEntry

    found = []
    for entry in scenario.inspection.history:
        framework, _, kind = entry.type.partition(":")
        if framework == "ilacs" and kind in INSPECTION_TYPES:
            found.append(HistoryEntry(entry.start, kind, entry.judgement))
        elif framework == "ilacs" and kind in VISIT_TYPES:
            found.append(HistoryEntry(entry.start, kind, None))
        elif entry.type == "area-send:full" or framework == "hmip-yj":
            found.append(HistoryEntry(entry.start, framework, entry.judgement))
    if not any(entry.is_inspection for entry in found):
        raise ForecastInputError(
            "the scenario's history has no graded inspection (ILACS, area SEND, HMIP) to forecast "
            "from",
            source=scenario.source,
            key="inspection.history",
        )
    return found


def forecast_scenario(scenario: Scenario, on: date | None = None, **options: Any) -> Forecast:
    """Forecast the next activities (:func:`inspection_sim.forecast`) from the scenario's
    ``[[inspection.history]]``, on its planning calendar."""
    from inspection_sim.forecasting.cycle import forecast

    return forecast(scenario_history(scenario), on, calendar=scenario.calendar(), **options)


def kpi_settings(scenario: Scenario) -> KpiSettings:
    """What the performance measures take from a scenario: its ``[kpis]`` targets, its planning
    calendar (statutory working days are weekdays that are not bank holidays, so a council's own
    closure does not stop a statutory clock) and the council's name."""
    from inspection_sim.annex_a.scenario_link import KpiSettings

    return KpiSettings(dict(scenario.kpis), scenario.calendar(), scenario.council.name)


# -- report -----------------------------------------------------------------------------------------


def report_scenario(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    stamp: datetime | None = None,
    plots: bool = True,
    sweep_runs: int = 0,
    workers: int | None = None,
    progress: bool = False,
) -> tuple[Timeline, ReportInputs]:
    """The timeline and report inputs for ``scenario``; write them with
    :func:`inspection_sim.report.write_report`.

    Args:
        scenario: the council's scenario.
        runs: simulation replications for the deadline probabilities (default: the scenario's
            ``[simulation] runs``); 0 leaves the simulation out.
        seed: the simulation seed (default: the scenario's).
        stamp: the time printed in the footer (default: none, so the page is repeatable).
        plots: embed the Gantt chart.
        sweep_runs: replications per notification date of a sweep over the scenario's
            ``[inspection.window]``, drawn as a risk heat map; 0 (the default) leaves it out.
        workers: processes for the sweep (default: one per CPU).
        progress: progress bars on stderr for a long simulation or sweep.

    A scenario with people (``[onsite]``) also gets the week on site: its booked week, random
    staff absence over it with the same runs and seed (:func:`onsite_risk_scenario`, as
    ``simulate`` prints it; none when ``runs`` is 0) and its what-if (``[[onsite.absent]]``).

    Raises:
        ScenarioError: ``sweep_runs`` is asked for but the scenario has no window.
    """
    from inspection_sim.report.html import ReportInputs

    timeline = plan_scenario(scenario)
    runs = scenario.simulation.runs if runs is None else runs
    deadlines: list[tuple[str, float]] = []
    notes: list[str] = []
    result = None
    if runs > 0:
        seed = scenario.simulation.seed if seed is None else seed
        result = simulate_scenario(scenario, runs=runs, seed=seed, progress=progress)
        names = {task.id: task.name or task.id for task in timeline.tasks}
        deadlines = [(names.get(key, key), p) for key, p in result.p_met().items()]
        notes.append(f"Simulation: {runs} replications, seed {seed}.")
    heat: SweepResult | None = None
    if sweep_runs > 0:
        heat = _report_sweep(scenario, sweep_runs, seed, workers, progress)
        notes.append(
            f"Sweep: {len(heat.dates)} notification dates the rules give from {heat.dates[0]} "
            f"to {heat.dates[-1]}, {sweep_runs} replications each."
        )
        if heat.left_out:
            periods = dict.fromkeys(
                reason.split(" (")[0] for _, reasons in heat.left_out for reason in reasons
            )
            notes.append(
                f"Left out: {len(heat.left_out)} calls the rules would not give "
                f"({', '.join(periods)}); the heat map shows their weeks grey."
            )
    inputs = ReportInputs(
        scenario=scenario,
        deadlines=deadlines,
        sweep=heat if heat is not None else (),
        plots=plots,
        stamp=stamp,
        notes=tuple(notes),
        simulation=result,
        onsite=_report_onsite(scenario, runs, seed),
    )
    return timeline, inputs


def _report_onsite(scenario: Scenario, runs: int, seed: int | None) -> OnsiteReport | None:
    """The report's week on site: None without people; without runs, no random absence."""
    from inspection_sim.report.onsite import OnsiteReport

    if not scenario.onsite:
        return None
    if runs > 0:
        return OnsiteReport.from_week(onsite_risk_scenario(scenario, runs=runs, seed=seed))
    plan, week = onsite_week_scenario(scenario)
    what_if = onsite_what_if_scenario(scenario, plan) if scenario.onsite.absent else None
    return OnsiteReport(week, plan, what_if=what_if)


def _report_sweep(
    scenario: Scenario, runs: int, seed: int | None, workers: int | None, progress: bool
) -> SweepResult:
    if scenario.inspection.window is None:
        raise ScenarioError(
            "a sweep needs the scenario's notification window",
            source=scenario.source,
            key="inspection.window",
        )
    seed = scenario.simulation.seed if seed is None else seed
    try:
        return sweep_scenario(scenario, runs=runs, seed=seed, workers=workers, progress=progress)
    except SimulationError as error:  # the sweep's runs are the report's sweep_runs
        problems = [replace(p, key="sweep_runs") if p.key == "runs" else p for p in error.problems]
        raise SimulationError(problems=problems) from None
