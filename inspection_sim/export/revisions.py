"""SEQUENCE numbers across exports of the same plan.

Design: the previous export *is* the manifest. Pass the bytes of the file written last time (or let
:func:`~inspection_sim.export.files.write_calendars` read the file it is about to replace) and each
event keeps its UID and previous SEQUENCE when its content is unchanged, or gets SEQUENCE + 1 when
anything other than DTSTAMP differs. New events start at 0. No hidden state and no extra file: the
calendar a planner already has is the record.

Both sides are compared as icalendar reads and writes them, so the line layout of the previous file
(folding, the order of an RRULE's parts) does not count as a change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Component, Event

from inspection_sim.errors import OutputError

__all__ = ["PriorEvent", "cancelled_events", "event_body", "next_sequence", "read_previous"]

#: Properties that change on every export or carry the revision itself: not part of the comparison.
_VOLATILE = frozenset({"UID", "DTSTAMP", "SEQUENCE"})


@dataclass(frozen=True)
class PriorEvent:
    """What the previous export said about one UID."""

    sequence: int
    body: tuple[str, ...]


def read_previous(data: bytes, *, source: str | None = None) -> dict[str, PriorEvent]:
    """Index a previous export by UID: its SEQUENCE and its other content (see :func:`event_body`)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        calendar = None
    if calendar is None or calendar.name != "VCALENDAR":
        raise OutputError("the previous export is not an iCalendar file", source=source)
    return {
        str(vevent.get("UID", "")): PriorEvent(_sequence(vevent, source), event_body(vevent))
        for vevent in calendar.walk("VEVENT")
    }


def event_body(vevent: Component) -> tuple[str, ...]:
    """A VEVENT's content lines (unfolded, alarm included) without BEGIN/END, UID, DTSTAMP, SEQUENCE."""
    body = Event()
    for name, value in vevent.items():
        if name not in _VOLATILE:
            body[name] = value
    body.subcomponents = vevent.subcomponents
    return tuple(str(line) for line in body.content_lines(sorted=False)[1:-2])


def next_sequence(prior: PriorEvent | None, body: tuple[str, ...]) -> int:
    """0 for a new event; the same number when unchanged; one more when the content changed."""
    if prior is None:
        return 0
    return prior.sequence if prior.body == body else prior.sequence + 1


def cancelled_events(data: bytes, keep: Collection[str], stamp: datetime) -> list[Event]:
    """The events of a previous export whose UID is not in ``keep``, as cancellations.

    Each keeps its UID and content, gets ``STATUS:CANCELLED`` and loses its reminder; its SEQUENCE
    goes up by one the first time, and an event already cancelled keeps its number (and so its
    content), so that a calendar program that picks up the file removes the event once.
    """
    found = []
    for vevent in Calendar.from_ical(data).walk("VEVENT"):
        uid = str(vevent.get("UID", ""))
        if not uid or uid in keep:
            continue
        before = _sequence(vevent, None)
        already = str(vevent.get("STATUS", "")).upper() == "CANCELLED"
        event = Event()
        event.add("UID", uid)
        event.add("DTSTAMP", stamp)
        event.add("SEQUENCE", before if already else before + 1)
        event.add("STATUS", "CANCELLED")
        for name, value in vevent.items():
            if name not in ("UID", "DTSTAMP", "SEQUENCE", "STATUS"):
                event[name] = value
        found.append(event)
    return found


def _sequence(vevent: Component, source: str | None) -> int:
    value = vevent.get("SEQUENCE", 0)
    if not isinstance(value, int):  # icalendar keeps a malformed value as text (vBroken)
        raise OutputError(
            "the previous export has a malformed SEQUENCE", source=source, value=str(value)
        )
    return int(value)
