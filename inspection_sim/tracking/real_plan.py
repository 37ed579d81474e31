"""The real inspection's plan: the rehearsal's calendars and tracker on the dates of the real call.

A plan is made by the rehearsal's own builder (:func:`inspection_sim.rehearse` turns the timeline
into calendar events and tracker rows) and written by its writer
(:func:`inspection_sim.write_calendars`, the folder as one unit). What differs from a rehearsal:

* the call is the real one, and every date is the plan's own: framework dates on the
  inspectorate's working days, never moved by a council closure;
* titles carry no "Rehearsal" mark, there is no banner saying it is a trial run, and descriptions
  do not place the event in "the real inspection": it is the real inspection;
* the UIDs derive from the inspection itself (council, inspection type, call), so that every later
  update of the same inspection (``track``) keeps them, and the tracker says it is a plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import OutputError, TrackerError
from inspection_sim.export import CalendarEvent, WrittenCalendars
from inspection_sim.rehearsal.describe import PREFIX
from inspection_sim.tracker import TrackerData, tracker_bytes
from inspection_sim.tracking.names import PlanNames, plan_names

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.rehearsal import Rehearsal
    from inspection_sim.tracking.folder import TrackerUpdate

__all__ = ["InspectionPlan", "PlanWritten", "plan_events", "plan_inspection", "plan_timeline"]

#: The key of a rehearsal's banner event ("a trial run, not a real inspection").
_BANNER = "rehearsal"

#: Description lines of a rehearsal that a real plan does without: where the event sits in the
#: real inspection (it is the real inspection), and the trial call's day 0.
_REHEARSAL_LINES = ("In the real inspection:", "Day 0 of the rehearsal")


def plan_timeline(scenario: Any, notified: date) -> Timeline:
    """``scenario``'s inspection planned from a call on ``notified``."""
    from inspection_sim.workbench import plan_scenario

    return plan_scenario(scenario, notified=notified)


def plan_events(timeline: Timeline, scenario: Any, names: PlanNames) -> tuple[CalendarEvent, ...]:
    """The calendar events of ``timeline`` on its own dates, without a rehearsal's marks."""
    return _real_events(_rehearsed(timeline, scenario, names))


@dataclass(frozen=True)
class PlanWritten:
    """What writing a plan did: the calendar files, and the tracker (written, or kept as the
    planner's)."""

    calendars: WrittenCalendars
    tracker: TrackerUpdate


@dataclass(frozen=True)
class InspectionPlan:
    """A real inspection's plan: its timeline, calendar events and tracker.

    Attributes:
        scenario: the council's scenario.
        timeline: the plan from the real call.
        names: the plan's identity (UIDs) and calendar name.
        events: the calendar events.
        tracker: what the tracker workbook shows.
    """

    scenario: Any
    timeline: Timeline
    names: PlanNames
    events: tuple[CalendarEvent, ...]
    tracker: TrackerData

    @property
    def call(self) -> date:
        return self.timeline.notification.date()

    def write(
        self,
        out_dir: str | Path,
        *,
        stamp: datetime,
        force: bool = False,
        parents: bool = False,
    ) -> PlanWritten:
        """Write the plan's folder (see :mod:`inspection_sim.tracking.folder`).

        A tracker already in the folder for the same inspection is kept: it holds the planner's
        entries (``track`` brings its dates up to date). One for another inspection, or a file
        that is not a tracker, is replaced only with ``force``, after a copy is kept.

        Raises:
            OutputError: the folder cannot be written, or holds another tracker and ``force``
                is off.
        """
        from inspection_sim.tracking.folder import (
            TRACKER_NAME,
            TrackerUpdate,
            scenario_bytes,
            update_tracker,
            write_plan_files,
        )

        folder = Path(out_dir)
        ours = _tracker_plan_id(folder / TRACKER_NAME)
        if ours not in (None, self.names.plan_id) and not force:
            raise OutputError(
                f"{TRACKER_NAME} there is the tracker of another inspection or not a tracker "
                f"({ours or 'unreadable'}); it may hold a planner's entries: give another --out, "
                "or --force to keep a copy of it and start a new one",
                source=str(folder),
            )
        calendars = write_plan_files(
            folder,
            self.events,
            self.names,
            stamp=stamp,
            scenario=scenario_bytes(self.scenario),
            force=force,
            parents=parents,
        )
        path = calendars.folder / TRACKER_NAME
        if ours == self.names.plan_id:
            return PlanWritten(calendars, TrackerUpdate(path, None, False))
        data = tracker_bytes(self.tracker, stamp)
        return PlanWritten(calendars, update_tracker(calendars.folder, data, stamp))

    def summary(self) -> str:
        """A few lines for people: the inspection, the call, the fieldwork and the events."""
        fieldwork = self.timeline.fieldwork
        teams = sorted({team for event in self.events for team in event.teams})
        council = sum(not item.framework for item in self.tracker.items)
        return "\n".join(
            [
                f"{self.names.calendar_name}",
                f"  call {self.call:%a %d %b %Y}; fieldwork {fieldwork.start:%a %d %b} to "
                f"{fieldwork.end:%a %d %b %Y}",
                f"  {len(self.events)} events for {len(teams)} teams; {council} council tasks "
                "to track",
                *(f"  warning: {warning}" for warning in self.timeline.warnings),
            ]
        )


def plan_inspection(scenario: Any, notified: date | None = None) -> InspectionPlan:
    """The plan of ``scenario``'s real inspection, called on ``notified`` (default: the
    scenario's ``notified``).

    Raises:
        ScenarioError: no call date given and the scenario has none.
    """
    from inspection_sim.errors import ScenarioError

    day = notified if notified is not None else scenario.inspection.notified
    if day is None:
        raise ScenarioError(
            "no call date: give --notified or set it in the scenario",
            source=scenario.source,
            key="inspection.notified",
        )
    timeline = plan_timeline(scenario, day)
    names = plan_names(scenario, timeline.notification.date())
    rehearsal = _rehearsed(timeline, scenario, names)
    tracker = replace(rehearsal.tracker(kind="plan"), title=names.calendar_name)
    return InspectionPlan(scenario, timeline, names, _real_events(rehearsal), tracker)


def _rehearsed(timeline: Timeline, scenario: Any, names: PlanNames) -> Rehearsal:
    from inspection_sim.rehearsal import rehearse
    from inspection_sim.scenario.hooks import local_rules

    return rehearse(
        timeline,
        timeline.notification.date(),
        team_names={team.id: team.name for team in scenario.teams},
        contacts={team.id: team.contacts for team in scenario.teams},
        plan_id=names.plan_id,
        calendar_name=names.calendar_name,
        calendar=timeline.calendar,
        rules=local_rules(scenario),
    )


def _real_events(rehearsal: Rehearsal) -> tuple[CalendarEvent, ...]:
    return tuple(
        replace(
            event,
            summary=event.summary.removeprefix(PREFIX),
            description="\n".join(
                line
                for line in event.description.split("\n")
                if not line.startswith(_REHEARSAL_LINES)
            ),
        )
        for event in rehearsal.events
        if event.key != _BANNER
    )


def _tracker_plan_id(path: Path) -> str | None:
    """The plan identity of the tracker at ``path``; None when there is none; ``""`` when it is
    not a tracker that can be read."""
    if not path.exists() and not path.is_symlink():
        return None
    from inspection_sim.tracking.sheet import read_tracker

    try:
        about = read_tracker(path).about
    except TrackerError:
        return ""
    plan_id = about.get("plan_id")
    return plan_id if isinstance(plan_id, str) else ""
