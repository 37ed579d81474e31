"""A rehearsal: the dated, timed events of a trial run, with a summary for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from inspection_sim.export import CalendarEvent, WrittenCalendars, to_ical, write_calendars
from inspection_sim.export.files import ExtraFile, calendar_bytes
from inspection_sim.export.folder import Previous
from inspection_sim.rehearsal.exercise_files import (
    CONTROL_NAME,
    INJECT_COLUMNS,
    INJECTS_NAME,
    control_events,
    inject_rows,
    injects_csv,
)
from inspection_sim.rehearsal.injects import Exercise
from inspection_sim.rehearsal.onsite_files import (
    onsite_files,
    onsite_summary,
    timetable_columns,
    timetable_sheet_rows,
    what_if_summary,
)
from inspection_sim.timetable.disruption import Disruption
from inspection_sim.timetable.result import Timetable
from inspection_sim.tracker import (
    TRACKER_NAME,
    TrackedItem,
    TrackerData,
    same_workbook,
    tracker_bytes,
)

__all__ = ["Rehearsal"]


@dataclass(frozen=True)
class Rehearsal:
    """The events of one trial run.

    Attributes:
        events: the calendar events, in calendar order.
        inspection: ``framework:type`` rehearsed, e.g. ``ilacs:short``.
        mode: ``full`` or ``compressed``.
        start: the rehearsal's day 0 (the notification call).
        end: the last day any event touches (inclusive).
        fieldwork: the rehearsal's on-site days.
        calendar_name: the name Outlook gives the imported calendar.
        plan_id: the identity the event UIDs derive from.
        dropped: tasks left out (a compressed run stops at the end of the fieldwork).
        warnings: things the planner should know (e.g. a start on another weekday than the call).
        exercise: the exercise controller's injects, when they were asked for.
        alarm_minutes: the reminder before each timed event (None: none).
        tracked: the tasks and framework dates as tracker records, in timeline order.
        rules_version: the version of the rules the timeline was planned with.
        timetable: the on-site days booked with the council's people, rooms and case sample,
            when there are people to book (a scenario's ``[onsite]``); after a what-if, the week
            rebooked around its absences.
        what_if: the booked week, the absences and each change, when people turn out to be
            away after the week was booked (a scenario's ``[[onsite.absent]]``).
    """

    events: tuple[CalendarEvent, ...]
    inspection: str
    mode: str
    start: date
    end: date
    fieldwork: tuple[date, ...]
    calendar_name: str
    plan_id: str
    dropped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    exercise: Exercise | None = None
    alarm_minutes: int | None = 15
    tracked: tuple[TrackedItem, ...] = ()
    rules_version: str = ""
    timetable: Timetable | None = None
    what_if: Disruption | None = None

    def to_ical(self, *, stamp: datetime, previous: bytes | None = None) -> bytes:
        """All events as one iCalendar file (see :func:`inspection_sim.export.to_ical`)."""
        return to_ical(
            self.events,
            calendar_name=self.calendar_name,
            stamp=stamp,
            plan_id=self.plan_id,
            previous=previous,
        )

    def write(
        self, out_dir: str | Path, *, stamp: datetime, force: bool = False, parents: bool = False
    ) -> WrittenCalendars:
        """Write the combined, per-team and CSV files (see :func:`write_calendars`), the tracker
        workbook, with injects the exercise controller's calendar and inject list and, with a
        timetable, each person's and room's calendar (``people/``, ``rooms/``) and
        ``timetable.csv``, as one folder."""

        def extra(previous: Previous) -> Mapping[str, ExtraFile]:
            return self._extra_files(previous, stamp)

        return write_calendars(
            self.events,
            out_dir,
            stamp=stamp,
            calendar_name=self.calendar_name,
            plan_id=self.plan_id,
            force=force,
            parents=parents,
            extra=extra,
        )

    def tracker(self, *, kind: str = "rehearsal") -> TrackerData:
        """What the tracker workbook shows (see :func:`inspection_sim.tracker.tracker_bytes`)."""
        injects = () if self.exercise is None else tuple(inject_rows(self.exercise))
        sessions = (
            () if self.timetable is None else timetable_sheet_rows(self.timetable, self.what_if)
        )
        return TrackerData(
            title=self.calendar_name,
            kind=kind,
            inspection=self.inspection,
            version=self.rules_version,
            call=self.start,
            plan_id=self.plan_id,
            items=self.tracked,
            inject_columns=INJECT_COLUMNS,
            injects=injects,
            timetable_columns=timetable_columns(self.what_if) if sessions else (),
            timetable=sessions,
        )

    def _extra_files(self, previous: Previous, stamp: datetime) -> dict[str, ExtraFile]:
        files: dict[str, ExtraFile] = {}
        workbook = tracker_bytes(self.tracker(), stamp)
        old = previous(TRACKER_NAME)
        if old is not None and same_workbook(old, workbook):
            workbook = old  # nothing but the stamp changed: the file keeps its bytes
        tasks = sum(not item.framework for item in self.tracked)
        files[TRACKER_NAME] = ExtraFile(workbook, tasks, "task")
        if self.exercise is not None:
            events = control_events(self.exercise, alarm_minutes=self.alarm_minutes)
            data = calendar_bytes(
                events,
                previous(CONTROL_NAME),
                calendar_name=self.control_calendar_name,
                stamp=stamp,
                plan_id=f"{self.plan_id}:exercise-control",
            )
            files[CONTROL_NAME] = ExtraFile(data, len(events))
            count = len(self.exercise.injects)
            files[INJECTS_NAME] = ExtraFile(injects_csv(self.exercise), count, "inject")
        if self.timetable is not None:
            files.update(
                onsite_files(
                    self.timetable,
                    previous,
                    calendar_name=self.calendar_name,
                    plan_id=self.plan_id,
                    stamp=stamp,
                    what_if=self.what_if,
                )
            )
        return files

    @property
    def control_calendar_name(self) -> str:
        """The exercise controller's calendar name in Outlook."""
        return "Exercise control – " + self.calendar_name.removeprefix("Inspection rehearsal – ")

    def teams(self) -> dict[str, int]:
        """Events in each team's calendar (its own and the framework dates it lives by), by
        team name."""
        return dict(sorted(Counter(team for e in self.events for team in e.teams).items()))

    def summary(self) -> str:
        """A few lines for people: what is rehearsed, when, and how many events each team has."""
        first_day, last_day = self.fieldwork[0], self.fieldwork[-1]
        lines = [
            f"{self.calendar_name}: {self.mode} rehearsal",
            f"  call {self.start:%a %d %b %Y}; fieldwork {first_day:%a %d %b} to "
            f"{last_day:%a %d %b %Y} ({len(self.fieldwork)} days); last event {self.end:%a %d %b %Y}",
            f"  {len(self.events)} events; team calendars: "
            + ", ".join(f"{team} {count}" for team, count in self.teams().items()),
        ]
        if self.dropped:
            lines.append(f"  left out after the fieldwork: {len(self.dropped)} tasks")
        if self.exercise is not None:
            lines.append(f"  {self.exercise.summary()}")
        if self.timetable is not None:
            lines.append(f"  {onsite_summary(self.timetable)}")
        if self.what_if is not None:
            lines += [f"  {line}" for line in what_if_summary(self.what_if)]
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        return "\n".join(lines)
