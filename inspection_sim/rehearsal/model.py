"""A rehearsal: the dated, timed events of a trial run, with a summary for people."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from inspection_sim.export import CalendarEvent, WrittenCalendars, to_ical, write_calendars

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
        """Write the combined, per-team and CSV files (see :func:`write_calendars`)."""
        return write_calendars(
            self.events,
            out_dir,
            stamp=stamp,
            calendar_name=self.calendar_name,
            plan_id=self.plan_id,
            force=force,
            parents=parents,
        )

    def teams(self) -> dict[str, int]:
        """Events per owner team, by team name."""
        return dict(sorted(Counter(e.team for e in self.events if e.team).items()))

    def summary(self) -> str:
        """A few lines for people: what is rehearsed, when, and how many events each team has."""
        first_day, last_day = self.fieldwork[0], self.fieldwork[-1]
        lines = [
            f"{self.calendar_name}: {self.mode} rehearsal of {self.inspection}",
            f"  call {self.start:%a %d %b %Y}; fieldwork {first_day:%a %d %b} to "
            f"{last_day:%a %d %b %Y} ({len(self.fieldwork)} days); last event {self.end:%a %d %b %Y}",
            f"  {len(self.events)} events; by team: "
            + ", ".join(f"{team} {count}" for team, count in self.teams().items()),
        ]
        if self.dropped:
            lines.append(f"  left out after the fieldwork: {len(self.dropped)} tasks")
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        return "\n".join(lines)
