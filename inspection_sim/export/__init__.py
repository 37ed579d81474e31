"""Calendar export: the event model, the Outlook-safe iCalendar writer, CSV and owned folders."""

from __future__ import annotations

from inspection_sim.export.events import BusyStatus, CalendarEvent, Category, Frequency, Recurrence
from inspection_sim.export.files import WrittenCalendars, WrittenFile, write_calendars
from inspection_sim.export.ical import event_uid, to_ical
from inspection_sim.export.stamp import resolve_stamp
from inspection_sim.export.tables import to_csv

__all__ = [
    "BusyStatus",
    "CalendarEvent",
    "Category",
    "Frequency",
    "Recurrence",
    "WrittenCalendars",
    "WrittenFile",
    "event_uid",
    "resolve_stamp",
    "to_csv",
    "to_ical",
    "write_calendars",
]
