"""An Outlook-safe iCalendar writer (RFC 5545, the profile in OUTLOOK.md §2.13).

One VCALENDAR per file: VERSION, PRODID, CALSCALE, ``METHOD:PUBLISH`` and, in files of more than
one event, ``X-WR-CALNAME`` — all before the first component. One RRULE-based Europe/London
VTIMEZONE when any event is timed. Each VEVENT has a UID derived from the plan and the event key
(uuid5), DTSTAMP from the caller's clock, a SEQUENCE that grows when the event changed since the
previous export, DTSTART and DTEND (never DURATION), TRANSP with ``X-MICROSOFT-CDO-BUSYSTATUS``, one
CATEGORIES line and at most one DISPLAY alarm placed last. No ORGANIZER, ATTENDEE or VTODO. Events
are sorted, so identical input gives identical bytes.

The writer formats lines itself: ``icalendar`` reorders properties and generates an RDATE time zone
that Outlook misreads, and building its objects is tens of times slower.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from inspection_sim.errors import ArgumentTypeError, ScheduleError
from inspection_sim.export.events import LONDON, CalendarEvent
from inspection_sim.export.lines import escape_text, join_lines
from inspection_sim.export.revisions import PriorEvent, next_sequence, read_previous
from inspection_sim.export.vtimezone import TZID, VTIMEZONE_LINES

__all__ = ["DEFAULT_PLAN_ID", "PRODID", "UID_NAMESPACE", "event_uid", "to_ical"]

PRODID = "-//inspection_sim//Rehearsal calendars//EN"

#: Namespace of every UID this library writes; never change it, or re-exports lose their identity.
UID_NAMESPACE = uuid.UUID("d73cbac7-923d-474b-8f42-2e1e72987988")

DEFAULT_PLAN_ID = "inspection_sim"


_NAMESPACE_BYTES = UID_NAMESPACE.bytes


def event_uid(plan_id: str, key: str) -> str:
    """The stable UID of event ``key`` in plan ``plan_id``: ``uuid5(UID_NAMESPACE, plan/key)``.

    Computed as :func:`uuid.uuid5` does (SHA-1, version and variant bits), without building
    ``UUID`` objects, which cost more than the rest of an event's serialisation.
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{plan_id}\x1f{key}".encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def to_ical(
    events: Iterable[CalendarEvent],
    *,
    calendar_name: str,
    stamp: datetime,
    plan_id: str = DEFAULT_PLAN_ID,
    previous: bytes | None = None,
) -> bytes:
    """Serialise events as one Outlook-ready VCALENDAR.

    Args:
        events: the events, in any order (they are written sorted by start, then key).
        calendar_name: written as ``X-WR-CALNAME`` when there is more than one event; Outlook
            names the new calendar after it.
        stamp: the export time (aware), written as every DTSTAMP in UTC.
        plan_id: the plan's identity; with each event's key it fixes the event's UID.
        previous: the bytes of the last export of the same plan, if any, to continue its
            SEQUENCE numbers (see :mod:`inspection_sim.export.revisions`).

    Returns:
        UTF-8 bytes with CRLF line endings, folded at 75 octets.

    Raises:
        ScheduleError: two events share a key.
        ArgumentTypeError: ``stamp`` is not an aware datetime.
    """
    ordered = sorted(events, key=CalendarEvent.sort_key)
    _check_unique(ordered)
    prior = read_previous(previous) if previous is not None else {}
    stamp_text = format_utc(_require_stamp(stamp))
    lines = _header(calendar_name, len(ordered) > 1)
    if any(not event.all_day for event in ordered):
        lines.extend(VTIMEZONE_LINES)
    for event in ordered:
        lines.extend(_vevent(event, event_uid(plan_id, event.key), stamp_text, prior))
    lines.append("END:VCALENDAR")
    return join_lines(lines)


def _header(calendar_name: str, many: bool) -> list[str]:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if many:  # a single appointment must not carry X-WR-CALNAME (MS-OXCICAL)
        lines.append(f"X-WR-CALNAME:{escape_text(calendar_name)}")
        lines.append(f"X-WR-TIMEZONE:{TZID}")
    return lines


def _vevent(
    event: CalendarEvent, uid: str, stamp_text: str, prior: dict[str, PriorEvent]
) -> list[str]:
    body = event_body(event)
    sequence = next_sequence(prior.get(uid), body)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp_text}",
        f"SEQUENCE:{sequence}",
        *body,
        "END:VEVENT",
    ]


def event_body(event: CalendarEvent) -> tuple[str, ...]:
    """Every VEVENT line except BEGIN/END, UID, DTSTAMP and SEQUENCE, alarm last."""
    lines = _times(event)
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    details = event.details()
    if details:
        lines.append(f"DESCRIPTION:{escape_text(details)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    lines.append(f"CATEGORIES:{escape_text(event.category.value)}")
    busy = event.busy_status
    lines.append(f"TRANSP:{busy.transparency}")
    lines.append(f"X-MICROSOFT-CDO-BUSYSTATUS:{busy.value}")
    if event.all_day:
        lines.append("X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")
    if event.alarm_minutes is not None:
        lines.extend(
            (
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(event.summary)}",
                f"TRIGGER:-PT{event.alarm_minutes}M",
                "END:VALARM",
            )
        )
    return tuple(lines)


def _times(event: CalendarEvent) -> list[str]:
    recurrence = event.recurrence
    if event.all_day:
        lines = [
            f"DTSTART;VALUE=DATE:{format_date(event.start)}",
            f"DTEND;VALUE=DATE:{format_date(event.end)}",
        ]
        if recurrence is not None:
            lines.append(f"RRULE:{recurrence.rule_text(format_date(recurrence.until))}")
            if recurrence.exdates:
                days = ",".join(format_date(day) for day in recurrence.exdates)
                lines.append(f"EXDATE;VALUE=DATE:{days}")
        return lines
    start, end = event.local_start(), event.local_end()
    lines = [
        f"DTSTART;TZID={TZID}:{format_local(start)}",
        f"DTEND;TZID={TZID}:{format_local(end)}",
    ]
    if recurrence is not None:
        # With a TZID start, UNTIL must be UTC (RFC 5545 §3.3.10): the last day's start instant.
        until = datetime.combine(recurrence.until, start.time(), tzinfo=LONDON)
        lines.append(f"RRULE:{recurrence.rule_text(format_utc(until))}")
        if recurrence.exdates:
            moments = (datetime.combine(day, start.time()) for day in recurrence.exdates)
            lines.append(f"EXDATE;TZID={TZID}:" + ",".join(map(format_local, moments)))
    return lines


def format_date(day: date) -> str:
    """``YYYYMMDD``."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def format_local(moment: datetime) -> str:
    """Wall-clock ``YYYYMMDDTHHMMSS`` (the caller has converted to Europe/London)."""
    return f"{format_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def format_utc(moment: datetime) -> str:
    """``YYYYMMDDTHHMMSSZ`` of an aware datetime."""
    return format_local(moment.astimezone(UTC)) + "Z"


def _require_stamp(stamp: object) -> datetime:
    if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
        raise ArgumentTypeError("stamp must be a timezone-aware datetime", value=stamp)
    return stamp


def _check_unique(events: Sequence[CalendarEvent]) -> None:
    seen: set[str] = set()
    for event in events:
        if event.key in seen:
            raise ScheduleError("two events share one key (UIDs must be unique)", value=event.key)
        seen.add(event.key)
