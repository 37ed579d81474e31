"""Timetabling the on-site days: case discussions, audits, observations and meetings, booked.

The on-site activities are rule data (``rules/data/onsite/``); the council's people, rooms and
case sample are frozen inputs (from Python objects or CSV files). :func:`build_timetable` books
every session to a day, a start time in Europe/London and a room, with the people it needs, and
lists what it cannot book with the reason. :func:`rebook_absences` rebooks a timetable around
people who are away (a what-if) and :func:`absence_risk` runs random staff absence over it.

>>> from datetime import date
>>> from inspection_sim.timetable import Person, SampledCase, build_timetable
>>> staff = [Person("ann", "Ann Shaw", "Assessment", "social worker"),
...          Person("tom", "Tom Reid", "Assessment", "team manager")]
>>> tt = build_timetable("ilacs:focused-visit", people=staff, start=date(2027, 6, 8),
...                      cases=[SampledCase("C-1", "ann")])
>>> b = tt.booking("case-discussion:C-1")
>>> (b.people, b.start.isoformat())
(('ann',), '2027-06-08T09:00:00+01:00')
"""

from inspection_sim.timetable.build import SOLVERS, build_timetable, default_inspectors, onsite_days
from inspection_sim.timetable.disruption import (
    Absence,
    CaseShares,
    Disruption,
    SessionChange,
    rebook_absences,
)
from inspection_sim.timetable.disruption_risk import AbsenceRisk, Spread, absence_risk
from inspection_sim.timetable.disruption_text import (
    disruption_dict,
    disruption_summary,
    risk_dict,
    risk_summary,
)
from inspection_sim.timetable.onsite_rules import (
    ONSITE_VERSIONS,
    Activity,
    InspectorGroup,
    OnsiteRules,
    load_onsite,
)
from inspection_sim.timetable.people import (
    Inspector,
    Person,
    Room,
    SampledCase,
    TimetableInputError,
)
from inspection_sim.timetable.result import (
    COLUMNS,
    Booking,
    SolverReport,
    Timetable,
    Unbooked,
    booking_event,
    inspector_events,
    person_events,
    room_events,
)
from inspection_sim.timetable.roles import ROLES
from inspection_sim.timetable.staff_csv import parse_rooms, read_cases, read_rooms, read_staff

__all__ = [
    "COLUMNS",
    "ONSITE_VERSIONS",
    "ROLES",
    "SOLVERS",
    "Absence",
    "AbsenceRisk",
    "Activity",
    "Booking",
    "CaseShares",
    "Disruption",
    "Inspector",
    "InspectorGroup",
    "OnsiteRules",
    "Person",
    "Room",
    "SampledCase",
    "SessionChange",
    "SolverReport",
    "Spread",
    "Timetable",
    "TimetableInputError",
    "Unbooked",
    "absence_risk",
    "booking_event",
    "build_timetable",
    "default_inspectors",
    "disruption_dict",
    "disruption_summary",
    "inspector_events",
    "load_onsite",
    "onsite_days",
    "parse_rooms",
    "person_events",
    "read_cases",
    "read_rooms",
    "read_staff",
    "rebook_absences",
    "risk_dict",
    "risk_summary",
    "room_events",
]
