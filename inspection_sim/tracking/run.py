"""``track()``: a filled-in tracker, checked, re-planned from today, its risk simulated again, and
the plan's calendars, tracker and change log brought up to date.

One run, in order: read the tracker (the workbook, or its Tasks sheet as CSV, whose About sheet
and framework dates then come from the folder's workbook); plan the scenario again from the
tracker's call (the plan as first made); check every entry against it and refuse with every
problem at once; fix what happened and plan the rest from today (:mod:`.replan`); simulate the
risk that is left, and the plan as first made for comparison (:mod:`.risk`); then write the
folder (:mod:`.folder`): calendars with the same UIDs, SEQUENCE + 1 where an event changed,
cancellations for events that no longer happen; the change log, one row per change; the
tracker with the plan from today, after keeping the planner's copy. Nothing is written when a
problem is found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar

from inspection_sim.errors import ArgumentTypeError, CalendarRangeError, TrackerError
from inspection_sim.export import CalendarEvent, WrittenCalendars
from inspection_sim.export.files import COMBINED_NAME
from inspection_sim.export.folder import Previous
from inspection_sim.export.ical import event_uid
from inspection_sim.scenario.hooks import local_rules
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.tracking.changes import (
    CHANGES_NAME,
    LoggedChange,
    appended,
    changes_between,
    last_known,
)
from inspection_sim.tracking.checks import About, check_entries, read_about
from inspection_sim.tracking.entries import Entry
from inspection_sim.tracking.folder import (
    SCENARIO_NAME,
    TRACKER_NAME,
    TrackerUpdate,
    scenario_bytes,
    update_tracker,
    write_plan_files,
)
from inspection_sim.tracking.names import PlanNames, plan_names
from inspection_sim.tracking.real_plan import plan_events, plan_timeline
from inspection_sim.tracking.replan import Replan, replan
from inspection_sim.tracking.risk import DeadlineRisk, deadline_risks, remaining_risk
from inspection_sim.tracking.runsheet import runsheet
from inspection_sim.tracking.sheet import TrackerFile, read_tracker
from inspection_sim.tracking.workbook import updated_workbook

__all__ = ["AT_RISK_BELOW", "TrackResult", "track"]

#: A deadline less likely than this to be met from today is reported as at risk.
AT_RISK_BELOW = 0.9


@dataclass(frozen=True)
class TrackResult:
    """What one ``track`` run found and did.

    Attributes:
        title: the inspection, in words.
        about: what the tracker tracks.
        plan: the plan from today (and the plan as first made, ``plan.baseline``).
        events: the calendar events of the plan from today.
        risks: every deadline still to meet, least likely first.
        at_plan: the chance of meeting each deadline in the plan as first made.
        simulation: the simulation from today.
        at_risk_below: the chance under which a deadline is reported as at risk.
        teams, names: each task's team and name, in words.
        changes: what changed since the last run (the rows added to the change log).
        written: the calendar files written (None when nothing was written).
        tracker: what happened to the folder's tracker (None when nothing was written).
    """

    title: str
    about: About
    plan: Replan
    events: tuple[CalendarEvent, ...]
    risks: tuple[DeadlineRisk, ...]
    at_plan: Mapping[str, float]
    simulation: SimulationResult
    at_risk_below: float
    teams: Mapping[str, str]
    names: Mapping[str, str]
    changes: tuple[LoggedChange, ...] = ()
    written: WrittenCalendars | None = None
    tracker: TrackerUpdate | None = field(default=None)

    @property
    def today(self) -> date:
        return self.plan.today

    @property
    def timeline(self) -> Any:
        """The plan from today, as a :class:`~inspection_sim.plan.timeline.Timeline`."""
        return self.plan.timeline

    def at_risk(self) -> list[DeadlineRisk]:
        """The deadlines now at risk: still open, and less likely than :attr:`at_risk_below`."""
        return [
            risk
            for risk in self.risks
            if risk.p_met < self.at_risk_below and not risk.missed(self.today)
        ]

    def missed(self) -> list[DeadlineRisk]:
        """The deadlines whose day has passed with the work not done."""
        return [risk for risk in self.risks if risk.missed(self.today)]

    def runsheet(self) -> str:
        """The run-sheet: today and the next working day by team, slips, deadlines at risk."""
        return runsheet(
            title=self.title,
            plan=self.plan,
            teams=self.teams,
            risks=self.risks,
            at_plan=self.at_plan,
            at_risk_below=self.at_risk_below,
            names=self.names,
        )


def track(
    tracker: str | Path,
    today: date,
    *,
    scenario: Any = None,
    folder: str | Path | None = None,
    runs: int | None = None,
    seed: int | None = None,
    stamp: datetime | None = None,
    at_risk_below: float = AT_RISK_BELOW,
    write: bool = True,
    force: bool = False,
) -> TrackResult:
    """Read a filled-in tracker, re-plan from ``today`` and bring the plan's folder up to date.

    Args:
        tracker: the tracker workbook, or its Tasks sheet saved as CSV.
        today: the day to plan from (what the tracker records happened before or on it).
        scenario: the scenario the plan was made from: a :class:`~inspection_sim.scenario.Scenario`
            or a scenario file (default: the folder's ``scenario.toml``, else the embedded
            default scenario).
        folder: the plan's folder (default: the tracker's).
        runs, seed: the simulation's replications and seed (default: the scenario's).
        stamp: the run's time: DTSTAMP, the change log's "when" and the tracker's document
            times (default: ``SOURCE_DATE_EPOCH``, else now).
        at_risk_below: a deadline less likely than this to be met is reported as at risk.
        write: write the folder (False: only report).
        force: replace files of the folder inspection-sim did not write, or that were changed
            since (see :func:`inspection_sim.write_calendars`).

    Raises:
        TrackerError: the tracker cannot be read, or records what cannot have happened; every
            problem is listed.
        OutputError: the folder cannot be written.
    """
    from inspection_sim.export import resolve_stamp

    source = read_tracker(tracker)
    place = Path(folder) if folder is not None else Path(tracker).parent
    chosen, text = _scenario(scenario, place)
    about_source = source if source.form == "xlsx" else _folder_tracker(place, source)
    about = read_about(about_source, chosen.inspection.type)
    calendar = chosen.calendar()
    _check_today(today, about.call, calendar)
    baseline = plan_timeline(chosen, about.call)
    if baseline.notification.date() != about.call:
        raise TrackerError(
            "the scenario plans this call on another day "
            f"({baseline.notification.date().isoformat()}); give the scenario the plan was made "
            "from with --scenario",
            source=about_source.source,
            key="About call",
            value=about.call.isoformat(),
        )
    checked = source if source.form == "xlsx" else _with_framework(source, about_source)
    entries = check_entries(checked, baseline, today)
    try:
        plan = replan(baseline, entries, today)
    except CalendarRangeError:
        raise TrackerError(
            "planned from this day, the rest of the inspection runs past the end of the "
            f"working-day calendar ({baseline.calendar.end.isoformat()})",
            key="today",
            value=today.isoformat(),
        ) from None
    names = PlanNames(about.plan_id, plan_names(chosen, about.call).calendar_name)
    events = plan_events(plan.timeline, chosen, names)
    settings = chosen.simulation
    runs = runs if runs is not None else int(settings.runs) or 1000
    seed = seed if seed is not None else int(settings.seed)
    simulation = remaining_risk(chosen, plan, runs=runs, seed=seed)
    first = remaining_risk(chosen, replan(baseline, {}, about.call), runs=runs, seed=seed)
    teams = {event.key: event.team for event in events}
    labels = {task.id: task.name or task.id for task in plan.timeline.tasks}
    result = TrackResult(
        title=f"{chosen.council.name} – {local_rules(chosen).name} – call {_day(about.call)}",
        about=about,
        plan=plan,
        events=events,
        risks=tuple(deadline_risks(simulation, plan)),
        at_plan=first.p_met(),
        simulation=simulation,
        at_risk_below=at_risk_below,
        teams=teams,
        names=labels,
    )
    if not write:
        return result
    moment = stamp if stamp is not None else resolve_stamp()
    found: list[LoggedChange] = []

    def log(previous: Previous) -> tuple[bytes, int]:
        old = previous(CHANGES_NAME)
        found.extend(_changes(plan, entries, old))
        found.extend(_cancelled(previous(COMBINED_NAME), events, names.plan_id))
        return appended(old, found, when=moment, today=today), len(found)

    written = write_plan_files(
        place, events, names, stamp=moment, scenario=text, log=log, force=force
    )
    base = source.data if source.form == "xlsx" else about_source.data
    dates = {task: (t.start, t.end) for task in plan.progress for t in [plan.timeline.task(task)]}
    workbook = updated_workbook(base, dates, entries, moment)
    updated = update_tracker(place, workbook, moment)
    return _replace(result, changes=tuple(found), written=written, tracker=updated)


def _scenario(given: Any, folder: Path) -> tuple[Any, bytes | None]:
    from inspection_sim.scenario import Scenario, default_scenario, load_scenario

    if isinstance(given, Scenario):
        return given, scenario_bytes(given)
    if given is not None:
        chosen = load_scenario(given)
        return chosen, scenario_bytes(chosen)
    recorded = folder / SCENARIO_NAME
    if recorded.exists():
        return load_scenario(recorded), None
    return default_scenario(), scenario_bytes(default_scenario())


def _folder_tracker(folder: Path, source: TrackerFile) -> TrackerFile:
    path = folder / TRACKER_NAME
    if not path.exists():
        raise TrackerError(
            f"a tracker saved as CSV holds its Tasks sheet only: the call, the plan and the "
            f"framework dates are read from the plan's {TRACKER_NAME}, and the folder has none "
            "(give the folder with --plan)",
            source=source.source,
        )
    return read_tracker(path)


def _with_framework(source: TrackerFile, workbook: TrackerFile) -> TrackerFile:
    return TrackerFile(
        source.source, source.form, workbook.about, source.tasks, workbook.framework, source.data
    )


def _check_today(today: date, call: date, calendar: Any) -> None:
    if not isinstance(today, date) or isinstance(today, datetime):
        raise ArgumentTypeError("today must be a date", key="today", value=today)
    calendar.index_of(today)  # a day outside the calendar is refused, naming its range
    if today < call:
        raise TrackerError(
            f"before the call ({call.isoformat()}): there is nothing to track yet",
            key="today",
            value=today.isoformat(),
        )


def _changes(plan: Replan, entries: Mapping[str, Entry], log: bytes | None) -> list[LoggedChange]:
    """What changed in the entries and the dates since the last run (or the plan as first
    made)."""
    before: dict[tuple[str, str], str] = {}
    after: list[tuple[tuple[str, str], str]] = []
    for task in plan.progress:
        planned = plan.baseline.task(task)
        now = plan.timeline.task(task)
        initial = Entry(task).fields()
        before.update({(task, name): value for name, value in initial.items()})
        before[(task, "planned_start")] = planned.start.isoformat()
        before[(task, "planned_finish")] = planned.end.isoformat()
        entry = entries.get(task, Entry(task))
        after.extend(((task, name), value) for name, value in entry.fields().items())
        after.append(((task, "planned_start"), now.start.isoformat()))
        after.append(((task, "planned_finish"), now.end.isoformat()))
    before.update(last_known(log))
    return changes_between(before, after)


def _cancelled(
    calendar: bytes | None, events: tuple[CalendarEvent, ...], plan_id: str
) -> list[LoggedChange]:
    """The events of the last combined calendar that no longer happen (and were not cancelled
    before)."""
    if calendar is None:
        return []
    kept = {event_uid(plan_id, event.key) for event in events}
    gone = []
    for vevent in Calendar.from_ical(calendar).walk("VEVENT"):
        uid = str(vevent.get("UID", ""))
        cancelled = str(vevent.get("STATUS", "")).upper() == "CANCELLED"
        if uid and uid not in kept and not cancelled:
            gone.append(
                LoggedChange(str(vevent.get("SUMMARY", uid)), "event", "scheduled", "cancelled")
            )
    return gone


def _replace(result: TrackResult, **changes: Any) -> TrackResult:
    from dataclasses import replace

    return replace(result, **changes)


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
