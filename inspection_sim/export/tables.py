"""The same events as a CSV table, for spreadsheets and for checking a calendar by eye.

One row per event, in the calendar's order. Timed starts and ends are ISO date-times with their
Europe/London offset; all-day ends are exclusive, like the calendar's DTEND, and ``last_day`` gives
the inclusive last day (of the last occurrence, for a recurring event). A recurring event lists its
occurrence dates. ``framework`` says whether
the rules set the date, ``calendars`` names every team calendar that holds the event, and
``reference`` gives the ids and rule sources that the calendar keeps out of sight.

Written by the package's one CSV writer (:mod:`inspection_sim.csvfile`): a UTF-8 byte-order mark
(so that Excel reads "Ynys Môn" as written), CRLF line ends, line breaks inside a cell quoted, and
text a spreadsheet would read as a formula (a scenario's task or team name starting with ``=``,
``+``, ``-``, ``@``, TAB or CR) prefixed with ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from inspection_sim.csvfile import csv_rows
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
    "framework",
    "calendars",
    "reference",
)


def to_csv(events: Iterable[CalendarEvent], *, plan_id: str = DEFAULT_PLAN_ID) -> bytes:
    """UTF-8 CSV bytes with a byte-order mark (header row first, CRLF line endings), sorted like
    the calendar."""
    rows = (_row(event, plan_id) for event in sorted(events, key=CalendarEvent.sort_key))
    return csv_rows(COLUMNS, rows, byte_order_mark=True).encode("utf-8")


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
        held = event.recurrence.dates(first)
        occurrences = " ".join(day.isoformat() for day in held)
        last = held[-1] if held else last
    return [
        event_uid(plan_id, event.key),
        event.key,
        event.team,
        event.category.value,
        event.summary,
        "yes" if event.all_day else "no",
        start,
        end,
        last.isoformat(),
        event.busy_status.value,
        occurrences,
        event.location,
        event.needs,
        event.description,
        "yes" if event.framework else "no",
        "; ".join(event.teams),
        event.reference,
    ]
