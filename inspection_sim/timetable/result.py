"""The timetable as plain data (bookings, what could not be booked and why, and how it was solved)
and its outputs: rows, JSON, text, and calendar events per person, inspector and room.

``timetable.csv`` has one row per session, booked or not, with the stable columns of
:data:`COLUMNS`; start and end are ISO date-times with their Europe/London offset. It is written by
the package's one CSV writer (:mod:`inspection_sim.csvfile`), so a name a spreadsheet would read as
a formula stays text. Events are
:class:`~inspection_sim.export.events.CalendarEvent` records that a calendar writer turns into
files; attendees appear by name in the description only (no iCalendar attendees).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspection_sim.csvfile import csv_records
from inspection_sim.export.events import CalendarEvent, Category
from inspection_sim.timetable.onsite_rules import OnsiteRules
from inspection_sim.timetable.people import Inspector, Person, Room, SampledCase

__all__ = [
    "COLUMNS",
    "Booking",
    "SolverReport",
    "Timetable",
    "Unbooked",
    "booking_event",
    "inspector_events",
    "person_events",
    "room_events",
    "timetable_csv",
    "timetable_dict",
    "timetable_json",
    "timetable_rows",
    "timetable_summary",
    "timetable_table",
]


@dataclass(frozen=True)
class Booking:
    """One booked session. ``start``/``end`` are aware datetimes in Europe/London.

    ``substitute`` is True when someone attends in place of the person the session is meant for
    (the team manager for an allocated worker who is away); ``note`` says who and why.
    """

    session: str
    activity: str
    kind: str
    title: str
    case_id: str | None
    day: date
    start: datetime
    end: datetime
    room: str | None
    inspectors: tuple[str, ...]
    people: tuple[str, ...]
    substitute: bool = False
    note: str = ""


@dataclass(frozen=True)
class Unbooked:
    """A session that could not be booked, with the people it needed and the reason."""

    session: str
    activity: str
    kind: str
    title: str
    case_id: str | None
    people: tuple[str, ...]
    reason: str
    causes: tuple[str, ...]


@dataclass(frozen=True)
class SolverReport:
    """Which solver made the timetable, its status, optimality gap and time taken.

    ``moves`` counts sessions CP-SAT booked at another day, time, inspector or room than the
    timetable it started from (None for the greedy solver).
    """

    solver: str
    status: str
    gap: float | None = None
    seconds: float = 0.0
    moves: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Timetable:
    """Every session of the on-site days, booked or listed as unbooked with its reason."""

    rules: OnsiteRules
    days: tuple[date, ...]
    bookings: tuple[Booking, ...]
    unbooked: tuple[Unbooked, ...]
    people: Mapping[str, Person]
    inspectors: tuple[Inspector, ...]
    rooms: tuple[Room, ...]
    cases: tuple[SampledCase, ...]
    solver: SolverReport
    notes: tuple[str, ...] = field(default=())

    @property
    def inspection(self) -> str:
        return self.rules.key

    @property
    def substitutes(self) -> tuple[Booking, ...]:
        """Bookings where someone attends in place of the person the session is for."""
        return tuple(b for b in self.bookings if b.substitute)

    def booking(self, session: str) -> Booking:
        for item in self.bookings:
            if item.session == session:
                return item
        raise KeyError(session)

    def cases_discussed(self) -> float:
        """Share of sampled cases whose case discussion is booked with the allocated worker."""
        ids = {c.case_id for c in self.cases}
        if not ids:
            return 1.0
        done = {
            b.case_id
            for b in self.bookings
            if b.kind == "case-discussion" and not b.substitute and b.case_id in ids
        }
        return len(done) / len(ids)

    def person_name(self, pid: str) -> str:
        person = self.people.get(pid)
        if person is not None:
            return person.name
        for ins in self.inspectors:
            if ins.id == pid:
                return ins.name
        return pid

    # the outputs below, as methods
    def to_rows(self) -> list[dict[str, str]]:

        return timetable_rows(self)

    def to_csv(self) -> str:

        return timetable_csv(self)

    def to_dict(self) -> dict[str, Any]:

        return timetable_dict(self)

    def to_json(self) -> str:

        return timetable_json(self)

    def summary(self) -> str:

        return timetable_summary(self)

    def to_table(self) -> str:

        return timetable_table(self)


# -- outputs ----------------------------------------------------------------------------------------

#: The columns of ``timetable.csv``, in order (a stable contract).
COLUMNS = (
    "status",
    "session",
    "activity",
    "kind",
    "case_id",
    "date",
    "start",
    "end",
    "room",
    "inspectors",
    "people",
    "names",
    "substitute",
    "note",
)
_MEETINGS = frozenset({"kit", "feedback", "manager-meeting", "leader-meeting", "partner-meeting"})


def timetable_rows(tt: Timetable) -> list[dict[str, str]]:
    """One row per booked session (in time order), then one per unbooked session with its reason."""
    rows = []
    for b in tt.bookings:
        rows.append(
            {
                "status": "substitute" if b.substitute else "booked",
                "session": b.session,
                "activity": b.activity,
                "kind": b.kind,
                "case_id": b.case_id or "",
                "date": b.day.isoformat(),
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "room": b.room or "",
                "inspectors": ";".join(b.inspectors),
                "people": ";".join(b.people),
                "names": "; ".join(tt.person_name(p) for p in b.people),
                "substitute": "yes" if b.substitute else "no",
                "note": b.note,
            }
        )
    for u in tt.unbooked:
        rows.append(
            {
                **dict.fromkeys(COLUMNS, ""),
                "status": "unbooked",
                "session": u.session,
                "activity": u.activity,
                "kind": u.kind,
                "case_id": u.case_id or "",
                "people": ";".join(u.people),
                "names": "; ".join(tt.person_name(p) for p in u.people),
                "substitute": "no",
                "note": u.reason,
            }
        )
    return rows


def timetable_csv(tt: Timetable) -> str:
    """``timetable.csv``: a header row of :data:`COLUMNS`, then :func:`timetable_rows` (CRLF line
    ends, every text cell guarded against formulas)."""
    return csv_records(COLUMNS, timetable_rows(tt))


def timetable_dict(tt: Timetable) -> dict[str, Any]:
    """The timetable as JSON-ready data (the same fields as the CSV, plus the solver's report)."""
    report = tt.solver
    return {
        "inspection": tt.inspection,
        "rules_version": tt.rules.version,
        "days": [d.isoformat() for d in tt.days],
        "solver": {
            "name": report.solver,
            "status": report.status,
            "gap": report.gap,
            "moves": report.moves,
            "note": report.note,
        },
        "sessions": timetable_rows(tt),
        "cases_discussed_as_planned": round(tt.cases_discussed(), 4),
        "notes": list(tt.notes),
    }


def timetable_json(tt: Timetable) -> str:
    """Sorted-key JSON: the same inputs give the same text (no timings)."""
    return json.dumps(timetable_dict(tt), indent=2, sort_keys=True) + "\n"


def timetable_summary(tt: Timetable) -> str:
    """A few lines: how much is booked, who stands in, what could not be booked and why."""
    first, last = tt.days[0], tt.days[-1]
    lines = [
        f"{tt.rules.name} on site {first:%a %d %b %Y} to {last:%a %d %b %Y} "
        f"({len(tt.days)} days, on-site rules {tt.rules.version})",
        f"{len(tt.bookings)} sessions booked, {len(tt.substitutes)} with a substitute, "
        f"{len(tt.unbooked)} not booked; solver {tt.solver.solver} ({tt.solver.status}"
        + (f", gap {tt.solver.gap:.1%}" if tt.solver.gap is not None else "")
        + (f", {tt.solver.moves} moved" if tt.solver.moves is not None else "")
        + ")",
        f"cases discussed with their allocated worker: {tt.cases_discussed():.0%} of {len(tt.cases)}",
    ]
    for b in tt.substitutes:
        lines.append(f"  substitute: {b.title}: {b.note}")
    for u in tt.unbooked:
        lines.append(f"  not booked: {u.title}: {u.reason}")
    if tt.solver.note:
        lines.append(f"  solver: {tt.solver.note}")
    lines += [f"  note: {note}" for note in tt.notes]
    return "\n".join(lines)


def timetable_table(tt: Timetable) -> str:
    """The master timetable as text, day by day, then the summary."""
    lines: list[str] = []
    for day in tt.days:
        lines.append(f"{day:%A %d %B %Y}")
        for b in (b for b in tt.bookings if b.day == day):
            who = ", ".join(tt.person_name(p) for p in (*b.inspectors, *b.people))
            flag = " [substitute]" if b.substitute else ""
            lines.append(
                f"  {b.start:%H:%M}-{b.end:%H:%M}  {(b.room or '-'):<14} {b.title}{flag}  ({who})"
            )
    lines.append("")
    lines.append(tt.summary())
    return "\n".join(lines)


def booking_event(tt: Timetable, b: Booking) -> CalendarEvent:
    """A timed calendar event for a booking; attendees by name in the description."""
    people = [tt.people[p] for p in b.people if p in tt.people]
    lines = []
    if b.case_id:
        lines.append(f"Case {b.case_id}")
    lines.append("Inspectors: " + ", ".join(tt.person_name(i) for i in b.inspectors))
    if people:
        lines.append("With: " + ", ".join(p.label for p in people))
    if b.substitute:
        lines.append(f"Standing in: {b.note}")
    team = people[0].team if people else ""
    if b.room:
        location = b.room
    elif people:
        location = f"Where {team} works"
    else:
        location = ""
    return CalendarEvent(
        key=f"timetable-{b.session}",
        summary=b.title,
        start=b.start,
        end=b.end,
        category=Category.MEETING if b.kind in _MEETINGS else Category.FIELDWORK,
        team=team,
        description="\n".join(lines),
        location=location,
        alarm_minutes=15,
    )


def _grouped(
    tt: Timetable, keys: Callable[[Booking], tuple[str, ...]]
) -> dict[str, list[CalendarEvent]]:
    found: dict[str, list[CalendarEvent]] = {}
    for b in tt.bookings:
        for key in keys(b):
            found.setdefault(key, []).append(booking_event(tt, b))
    return {
        key: sorted(events, key=CalendarEvent.sort_key) for key, events in sorted(found.items())
    }


def person_events(tt: Timetable) -> dict[str, list[CalendarEvent]]:
    """Each booked person's sessions (by person id): exactly their own, in time order."""
    return _grouped(tt, lambda b: b.people)


def inspector_events(tt: Timetable) -> dict[str, list[CalendarEvent]]:
    """Each inspector's sessions (by inspector id)."""
    return _grouped(tt, lambda b: b.inspectors)


def room_events(tt: Timetable) -> dict[str, list[CalendarEvent]]:
    """Each room's bookings (by room name)."""
    return _grouped(tt, lambda b: (b.room,) if b.room else ())
