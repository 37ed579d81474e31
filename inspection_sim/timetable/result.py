"""The timetable as plain data: bookings, what could not be booked and why, and how it was solved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspection_sim.timetable.onsite_rules import OnsiteRules
from inspection_sim.timetable.people import Inspector, Person, Room, SampledCase

__all__ = ["Booking", "SolverReport", "Timetable", "Unbooked"]


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

    # outputs live in inspection_sim.timetable.outputs; these are shortcuts
    def to_rows(self) -> list[dict[str, str]]:
        from inspection_sim.timetable.outputs import timetable_rows

        return timetable_rows(self)

    def to_csv(self) -> str:
        from inspection_sim.timetable.outputs import timetable_csv

        return timetable_csv(self)

    def to_dict(self) -> dict[str, Any]:
        from inspection_sim.timetable.outputs import timetable_dict

        return timetable_dict(self)

    def to_json(self) -> str:
        from inspection_sim.timetable.outputs import timetable_json

        return timetable_json(self)

    def summary(self) -> str:
        from inspection_sim.timetable.outputs import timetable_summary

        return timetable_summary(self)

    def to_table(self) -> str:
        from inspection_sim.timetable.outputs import timetable_table

        return timetable_table(self)
