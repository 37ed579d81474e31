"""Events as a calendar server keeps them: one event per resource, marked with where it came from.

CalDAV stores one UID per resource (RFC 4791 §4.1), so each event of an exported calendar is sent
as a calendar of its own: VERSION, PRODID, CALSCALE, the time zone it refers to and the event,
read from the file and written again by icalendar (:mod:`inspection_sim.export.recompose`). One
property is added: ``X-INSPECTION-SIM-SOURCE``, naming the file it came from (``all-teams.ics``).
That mark is how a later run tells its own events from the planner's: only a marked event is ever
removed for being absent from the folder.

Two versions of an event are compared by :func:`fingerprint`: its properties and alarms as
icalendar reads them, in any order, without what changes on every export or what servers add
(UID, DTSTAMP, SEQUENCE, CREATED, LAST-MODIFIED) and without the mark. A server that writes the
same event in its own layout (Radicale reorders properties and uses LF) compares equal.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from icalendar import Calendar, Component

from inspection_sim.export.recompose import recompose

__all__ = [
    "MARK",
    "PUBLISHED_PRODID",
    "LocalEvent",
    "RemoteContent",
    "fingerprint",
    "local_events",
    "read_remote",
]

#: The property that marks an event inspection-sim published; its value is the source file.
MARK = "X-INSPECTION-SIM-SOURCE"

PUBLISHED_PRODID = "-//inspection_sim//Published calendar//EN"

#: Left out of comparisons: identity, revision and export time, what servers add, and the mark.
_IGNORED = frozenset({"UID", "DTSTAMP", "SEQUENCE", "CREATED", "LAST-MODIFIED", MARK})

_SOURCE_TEXT = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class LocalEvent:
    """One event of the folder, ready to send.

    Attributes:
        uid: its UID.
        sequence: its SEQUENCE.
        cancelled: whether its STATUS is CANCELLED (it is then removed, not sent).
        fingerprint: its content (see :func:`fingerprint`).
        resource: the calendar a server stores for it: this event, marked, and its time zone.
        source: the file it came from.
    """

    uid: str
    sequence: int
    cancelled: bool
    fingerprint: str
    resource: bytes
    source: str


@dataclass(frozen=True)
class RemoteContent:
    """What a resource on the server says: UID, SEQUENCE, fingerprint and mark."""

    uid: str
    sequence: int
    fingerprint: str
    source: str | None


def local_events(data: bytes, source: str) -> list[LocalEvent]:
    """Each event of a calendar file as a resource marked with ``source``, in the file's order.

    Raises:
        ValueError: the bytes are not a calendar, or an event has no UID.
    """
    if not _SOURCE_TEXT.fullmatch(source):
        raise ValueError(f"a source name is letters, digits, '.', '_' and '-' (got {source!r})")
    calendar = Calendar.from_ical(data)
    if calendar.name != "VCALENDAR":
        raise ValueError("not an iCalendar file")
    zones = {str(zone.get("TZID", "")): zone for zone in calendar.walk("VTIMEZONE")}
    found = []
    for vevent in (item for item in calendar.subcomponents if item.name == "VEVENT"):
        resource = Calendar()
        resource.add("VERSION", "2.0")
        resource.add("PRODID", PUBLISHED_PRODID)
        resource.add("CALSCALE", "GREGORIAN")
        for zone in sorted(_zones_used(vevent)):
            if zone in zones:
                resource.add_component(zones[zone])
        vevent.add(MARK, source)
        resource.add_component(vevent)
        data_out: bytes = recompose(resource).to_ical(sorted=False)
        content = read_remote(data_out)
        if content is None:
            raise ValueError("an event has no UID")
        cancelled = str(vevent.get("STATUS", "")).upper() == "CANCELLED"
        found.append(
            LocalEvent(
                content.uid, content.sequence, cancelled, content.fingerprint, data_out, source
            )
        )
    return found


def read_remote(data: bytes | str) -> RemoteContent | None:
    """Read a resource from a server; None when it holds no event with a UID (not one of ours)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return None
    vevent = _master(calendar)
    if vevent is None or not str(vevent.get("UID", "")):
        return None
    sequence = vevent.get("SEQUENCE", 0)
    mark = vevent.get(MARK)
    return RemoteContent(
        uid=str(vevent["UID"]),
        sequence=int(sequence) if isinstance(sequence, int) else 0,
        fingerprint=fingerprint(calendar),
        source=str(mark) if mark is not None else None,
    )


def fingerprint(calendar: Component) -> str:
    """A digest of a calendar's events as icalendar reads them, independent of layout and order."""
    events = sorted(_canonical(vevent) for vevent in calendar.walk("VEVENT"))
    return hashlib.sha256(repr(events).encode("utf-8")).hexdigest()


_Canonical = tuple[str, tuple[str, ...], tuple["_Canonical", ...]]


def _canonical(component: Component) -> _Canonical:
    """A component's name, its property lines sorted, and its subcomponents, likewise."""
    own = Component()
    for name, value in component.items():
        if name.upper() not in _IGNORED:
            own[name] = value
    lines = sorted(str(line) for line in recompose(own).content_lines(sorted=True)[1:-2])
    subcomponents = sorted(_canonical(sub) for sub in component.subcomponents)
    return (str(component.name), tuple(lines), tuple(subcomponents))


def _zones_used(vevent: Component) -> set[str]:
    """The TZIDs the event's date-times refer to."""
    used = set()
    for value in vevent.values():
        for item in value if isinstance(value, list) else [value]:
            zone = getattr(item, "params", {}).get("TZID")
            if zone:
                used.add(str(zone))
    return used


def _master(calendar: Component) -> Component | None:
    """The event that is not an override of one occurrence (the first event if all are)."""
    events = list(calendar.walk("VEVENT"))
    plain = [event for event in events if "RECURRENCE-ID" not in event]
    found = plain or events
    return found[0] if found else None
