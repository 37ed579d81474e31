"""Sample events and checks shared by the export tests."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import icalendar

from inspection_sim.export import BusyStatus, CalendarEvent, Category, Frequency, Recurrence
from inspection_sim.export.events import LONDON

STAMP = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Europe/London wall-clock time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def sample_events() -> list[CalendarEvent]:
    """A small rehearsal covering every feature the writer has, in scrambled order."""
    monday = date(2027, 6, 7)
    fieldwork = date(2027, 6, 14)
    return [
        CalendarEvent(
            "keep-in-touch",
            "Keep-in-touch meeting with the DCS",
            at(fieldwork, 16, 30),
            at(fieldwork, 17),
            category=Category.MEETING,
            team="Senior leaders",
            location="Room 2.14, County Hall",
            recurrence=Recurrence(
                Frequency.DAILY,
                date(2027, 6, 18),
                weekdays=(0, 1, 2, 3, 4),
                exdates=(date(2027, 6, 16),),
            ),
        ),
        CalendarEvent(
            "fieldwork",
            "Rehearsal fieldwork (on site)",
            fieldwork,
            date(2027, 6, 19),
            category=Category.FIELDWORK,
            team="Coordination",
            busy=BusyStatus.OOF,
            needs="base room, IT access for 4 inspectors",
        ),
        CalendarEvent(
            "annex-a",
            "Annex A data due",
            date(2027, 6, 8),
            date(2027, 6, 9),
            category=Category.DEADLINE,
            team="Performance",
            description="Child-level data; 8 lists, one per cohort.",
        ),
        CalendarEvent(
            "call",
            "Notification call: Ofsted, ILACS; short inspection",
            at(monday, 10, 30),
            at(monday, 11),
            category=Category.NOTIFICATION,
            team="Coordination",
            description=(
                "The lead inspector telephones the DCS – café-style welcome at Région "
                "office – then the coordination team is stood up.\nSecond line, with a "
                "backslash \\ and a semicolon; and a comma, all escaped."
            ),
            needs="DCS, coordinator",
            alarm_minutes=15,
        ),
        CalendarEvent(
            "winter-review",
            "Action plan review (GMT)",
            at(date(2027, 11, 2), 9),
            at(date(2027, 11, 2), 10),
            category=Category.POST_INSPECTION,
            team="Senior leaders",
            busy=BusyStatus.TENTATIVE,
        ),
    ]


def parse(data: bytes) -> icalendar.Calendar:
    """Parse with icalendar and fail on any component error (icalendar never raises)."""
    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    return calendar


def relaid(data: bytes, width: int) -> bytes:
    """The same calendar as another writer might lay it out: folded every ``width`` characters,
    RRULE parts in another order, LF line endings."""
    text = data.decode("utf-8").replace("\r\n ", "")
    text = re.sub(r"RRULE:(FREQ=[^;\r]+);([^\r]*)", r"RRULE:\2;\1", text)
    lines = []
    for line in text.split("\r\n"):
        chunks = [line[n : n + width] for n in range(0, len(line), width)] or [""]
        lines.append("\n\t".join(chunks))
    return "\n".join(lines).encode("utf-8")
