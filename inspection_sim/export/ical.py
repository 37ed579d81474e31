"""An Outlook-safe iCalendar writer on icalendar (RFC 5545, the profile in OUTLOOK.md §2.13).

One VCALENDAR per file: VERSION, PRODID, CALSCALE, ``METHOD:PUBLISH`` and, in files of more than
one event, ``X-WR-CALNAME`` — all before the first component. One RRULE-based Europe/London
VTIMEZONE when any event is timed. Each VEVENT has a UID derived from the plan and the event key
(uuid5), DTSTAMP from the caller's clock, a SEQUENCE that grows when the event changed since the
previous export, DTSTART and DTEND (never DURATION), TRANSP with ``X-MICROSOFT-CDO-BUSYSTATUS``, one
CATEGORIES line (the category, and "Framework date" for dates the rules set), the event's reference
(ids and rule sources, never shown as text) as ``X-INSPECTION-SIM-REFERENCE``, and at most one
DISPLAY alarm placed last. No ORGANIZER, ATTENDEE or VTODO. Events
are sorted, so identical input gives identical bytes.

icalendar builds, escapes, folds and serialises everything. Two of its defaults would break the
profile and are not used: sorted output (``to_ical(sorted=False)`` keeps the order above) and its
RDATE time zone (:mod:`inspection_sim.export.vtimezone` builds an RRULE one).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vInt, vRecur, vText

from inspection_sim.errors import ArgumentTypeError, ScheduleError
from inspection_sim.export.events import LONDON, CalendarEvent, Recurrence
from inspection_sim.export.revisions import (
    cancelled_events,
    event_body,
    next_sequence,
    read_previous,
)
from inspection_sim.export.vtimezone import TZID, london_vtimezone

__all__ = ["DEFAULT_PLAN_ID", "PRODID", "REFERENCE", "UID_NAMESPACE", "event_uid", "to_ical"]

PRODID = "-//inspection_sim//Rehearsal calendars//EN"

#: Namespace of every UID this library writes; never change it, or re-exports lose their identity.
UID_NAMESPACE = uuid.UUID("d73cbac7-923d-474b-8f42-2e1e72987988")

DEFAULT_PLAN_ID = "inspection_sim"

#: The property holding an event's reference: ids and rule sources for checking, not for reading.
REFERENCE = "X-INSPECTION-SIM-REFERENCE"

#: RRULE weekday codes, Monday (0) first as in ``datetime.weekday()``.
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# TEXT may hold no control characters but TAB and newline (RFC 5545 §3.3.11) and icalendar writes
# them unchanged, so they are dropped, after CRLF and a lone CR have become one newline.
_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f]")


def event_uid(plan_id: str, key: str) -> str:
    """The stable UID of event ``key`` in plan ``plan_id``: ``uuid5(UID_NAMESPACE, plan/key)``."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{plan_id}\x1f{key}"))


def to_ical(
    events: Iterable[CalendarEvent],
    *,
    calendar_name: str,
    stamp: datetime,
    plan_id: str = DEFAULT_PLAN_ID,
    previous: bytes | None = None,
    cancel_missing: bool = False,
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
        cancel_missing: also write each event of ``previous`` that ``events`` no longer has, as
            cancelled (``STATUS:CANCELLED``, SEQUENCE + 1), after the others: a calendar that
            picks up the file removes it, where a file without it would leave it in place.

    Returns:
        UTF-8 bytes with CRLF line endings, folded at 75 octets.

    Raises:
        ScheduleError: two events share a key.
        ArgumentTypeError: ``stamp`` is not an aware datetime.
    """
    ordered = sorted(events, key=CalendarEvent.sort_key)
    _check_unique(ordered)
    prior = read_previous(previous) if previous is not None else {}
    moment = _require_stamp(stamp).astimezone(UTC)
    gone: list[Event] = []
    if cancel_missing and previous is not None:
        kept = {event_uid(plan_id, event.key) for event in ordered}
        gone = cancelled_events(previous, kept, moment)
    calendar = _calendar(calendar_name, many=len(ordered) + len(gone) > 1)
    timed = any(isinstance(vevent.decoded("DTSTART"), datetime) for vevent in gone)
    if timed or any(not event.all_day for event in ordered):
        calendar.add_component(london_vtimezone())
    for event in ordered:
        uid = event_uid(plan_id, event.key)
        vevent = _vevent(event, uid, moment)
        if uid in prior:
            # Compared as icalendar reads it back, like the previous file, so layout never counts.
            body = event_body(Event.from_ical(vevent.to_ical(sorted=False)))
            vevent["SEQUENCE"] = vInt(next_sequence(prior[uid], body))
        calendar.add_component(vevent)
    for vevent in gone:
        calendar.add_component(vevent)
    result: bytes = calendar.to_ical(sorted=False)
    return result


def _calendar(calendar_name: str, many: bool) -> Calendar:
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if many:  # a single appointment must not carry X-WR-CALNAME (MS-OXCICAL)
        calendar.add("X-WR-CALNAME", _text(calendar_name))
        calendar.add("X-WR-TIMEZONE", TZID)
    return calendar


def _vevent(event: CalendarEvent, uid: str, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("UID", uid)
    vevent.add("DTSTAMP", stamp)
    vevent.add("SEQUENCE", 0)
    _add_times(vevent, event)
    vevent.add("SUMMARY", _text(event.summary))
    details = event.details()
    if details:
        vevent.add("DESCRIPTION", _text(details))
    if event.location:
        vevent.add("LOCATION", _text(event.location))
    vevent.add("CATEGORIES", list(event.categories()))
    busy = event.busy_status
    vevent.add("TRANSP", busy.transparency)
    vevent.add("X-MICROSOFT-CDO-BUSYSTATUS", busy.value)
    if event.all_day:
        vevent.add("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE")
    if event.reference:
        vevent.add(REFERENCE, _text(event.reference))
    if event.alarm_minutes is not None:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", _text(event.summary))
        alarm.add("TRIGGER", timedelta(minutes=-event.alarm_minutes))
        vevent.add_component(alarm)
    return vevent


def _add_times(vevent: Event, event: CalendarEvent) -> None:
    """DTSTART, DTEND and any RRULE and EXDATE: dates for all-day events, Europe/London times else."""
    recurrence = event.recurrence
    if event.all_day:
        vevent.add("DTSTART", event.start)
        vevent.add("DTEND", event.end)
        if recurrence is not None:
            vevent.add("RRULE", _rule(recurrence, recurrence.until))
            if recurrence.exdates:
                vevent.add("EXDATE", list(recurrence.exdates))
        return
    start = event.local_start()
    vevent.add("DTSTART", start)
    vevent.add("DTEND", event.local_end())
    if recurrence is not None:
        # With a TZID start, UNTIL must be UTC (RFC 5545 §3.3.10): the last day's start instant.
        until = datetime.combine(recurrence.until, start.time(), tzinfo=LONDON)
        vevent.add("RRULE", _rule(recurrence, until.astimezone(UTC)))
        if recurrence.exdates:
            moments = [datetime.combine(day, start.time(), LONDON) for day in recurrence.exdates]
            vevent.add("EXDATE", moments)


def _rule(recurrence: Recurrence, until: date) -> vRecur:
    rule = vRecur(FREQ=recurrence.frequency.value, UNTIL=until)
    if recurrence.interval != 1:
        rule["INTERVAL"] = [recurrence.interval]
    if recurrence.weekdays:
        rule["BYDAY"] = [_BYDAY[day] for day in recurrence.weekdays]
    return rule


class _Text(vText):
    """icalendar's TEXT, except that a backslash before a capital N stays as written.

    icalendar reads that pair in a Python string as a line break, so a shared-drive path such as
    ``S:\\New inspections`` would lose its backslash and its N.
    """

    def to_ical(self) -> bytes:
        if "\\N" not in self:
            return super().to_ical()
        return b"\\\\N".join(vText(part).to_ical() for part in self.split("\\N"))


def _text(value: str) -> _Text:
    """A TEXT value: CRLF and CR as one newline, no control characters."""
    if not value.isprintable():  # a cheap test first: most texts are a single printable line
        value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _Text(value)


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
