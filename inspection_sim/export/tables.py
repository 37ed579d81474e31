"""The same events as a CSV table, for spreadsheets and for checking a calendar by eye.

One row per event, in the calendar's order. Timed starts and ends are ISO date-times with their
Europe/London offset; all-day ends are exclusive, like the calendar's DTEND, and ``last_day`` gives
the inclusive last day. A recurring event lists its occurrence dates.

Free text that a spreadsheet would read as a formula (a cell starting with ``=``, ``+``, ``-``,
``@``, TAB or CR, from a scenario's task or team names) is prefixed with ``'`` so that it shows as
text and runs nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import timedelta

from inspection_sim.export.events import CalendarEvent
from inspection_sim.export.ical import DEFAULT_PLAN_ID, event_uid

__all__ = ["COLUMNS", "to_csv"]

COLUMNS = (
    "uid",
    "key",
    "team",
    "category",
    "summary",
    "all_day",
    "start",
    "end",
    "last_day",
    "busy",
    "occurrences",
    "location",
    "needs",
    "description",
)


def to_csv(events: Iterable[CalendarEvent], *, plan_id: str = DEFAULT_PLAN_ID) -> bytes:
    """UTF-8 CSV bytes (header row first, LF line endings), sorted like the calendar."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in sorted(events, key=CalendarEvent.sort_key):
        writer.writerow(_row(event, plan_id))
    return buffer.getvalue().encode("utf-8")


def _row(event: CalendarEvent, plan_id: str) -> list[str]:
    if event.all_day:
        start, end = event.start.isoformat(), event.end.isoformat()
        first, last = event.start, event.end - timedelta(days=1)
    else:
        local_start, local_end = event.local_start(), event.local_end()
        start, end = local_start.isoformat(), local_end.isoformat()
        first, last = local_start.date(), local_end.date()
    occurrences = ""
    if event.recurrence is not None:
        occurrences = " ".join(day.isoformat() for day in event.recurrence.dates(first))
    return [
        event_uid(plan_id, event.key),
        _text(event.key),
        _text(event.team),
        event.category.value,
        _text(event.summary),
        "yes" if event.all_day else "no",
        start,
        end,
        last.isoformat(),
        event.busy_status.value,
        occurrences,
        _text(event.location),
        _text(event.needs),
        _text(event.description),
    ]


def _text(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
