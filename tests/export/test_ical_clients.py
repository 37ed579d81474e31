"""Real parsers read the files the same way: icalendar, vobject, ics-py, recurring-ical-events,
and libical through GObject introspection (Debian's python3, in a subprocess)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ics
import recurring_ical_events
import vobject
from ical_support import STAMP, at, parse, sample_events

from inspection_sim.export import CalendarEvent, Category, event_uid, to_ical
from inspection_sim.export.events import LONDON
from tests.libical_run import libical_report

PLAN = "clients"


def export(events: list[CalendarEvent]) -> bytes:
    return to_ical(events, calendar_name="Clients", stamp=STAMP, plan_id=PLAN)


def expected_instants() -> dict[str, tuple[object, object]]:
    """UID -> (start, end): dates for all-day events, UTC instants for timed ones."""
    found: dict[str, tuple[object, object]] = {}
    for event in sample_events():
        if event.all_day:
            found[event_uid(PLAN, event.key)] = (event.start, event.end)
        else:
            assert isinstance(event.start, datetime)
            assert isinstance(event.end, datetime)
            found[event_uid(PLAN, event.key)] = (
                event.start.astimezone(UTC),
                event.end.astimezone(UTC),
            )
    return found


def normalise(value: object) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def test_icalendar_round_trip_without_errors() -> None:
    calendar = parse(export(sample_events()))
    assert calendar.get_missing_tzids() == set()
    read = {
        str(event["UID"]): (normalise(event.decoded("DTSTART")), normalise(event.decoded("DTEND")))
        for event in calendar.walk("VEVENT")
    }
    assert read == expected_instants()
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        assert type(start) is (datetime if "TZID" in event["DTSTART"].params else date)


def test_icalendar_reads_text_back_exactly() -> None:
    source = {event_uid(PLAN, event.key): event for event in sample_events()}
    for event in parse(export(sample_events())).walk("VEVENT"):
        original = source[str(event["UID"])]
        assert str(event["SUMMARY"]) == original.summary
        assert str(event.get("DESCRIPTION", "")) == original.details()
        assert str(event.get("LOCATION", "")) == original.location
        assert [str(c) for c in event["CATEGORIES"].cats] == [original.category.value]


def test_vobject_parses_every_event() -> None:
    data = to_ical(sample_events(), calendar_name="Rehearsal; June, v2", stamp=STAMP, plan_id=PLAN)
    calendar = vobject.readOne(data.decode("utf-8"))
    assert calendar.x_wr_calname.value == "Rehearsal; June, v2"
    read = {
        event.uid.value: (normalise(event.dtstart.value), normalise(event.dtend.value))
        for event in calendar.vevent_list
    }
    assert read == expected_instants()


def test_ics_py_parses_every_event() -> None:
    calendar = ics.Calendar(export(sample_events()).decode("utf-8"))
    expected = expected_instants()
    assert {event.uid for event in calendar.events} == set(expected)
    for event in calendar.events:
        start, _ = expected[event.uid]
        if isinstance(start, datetime):
            assert event.begin.datetime == start
        else:
            assert event.all_day
            assert event.begin.date() == start


def test_recurring_meeting_expands_to_working_days_only() -> None:
    calendar = parse(export(sample_events()))
    found = recurring_ical_events.of(calendar).between(date(2027, 6, 14), date(2027, 6, 21))
    starts = sorted(
        e.decoded("DTSTART") for e in found if str(e["SUMMARY"]).startswith("Keep-in-touch")
    )
    assert [s.date().isoformat() for s in starts] == [
        "2027-06-14",
        "2027-06-15",
        "2027-06-17",  # Wednesday 16th is an EXDATE
        "2027-06-18",
    ]
    assert {(s.hour, s.minute) for s in starts} == {(16, 30)}


def fieldwork_days(first: date, days: int) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            f"day-{n}",
            f"Fieldwork day {n + 1}",
            at(first + timedelta(days=n), 9),
            at(first + timedelta(days=n), 17),
            category=Category.FIELDWORK,
        )
        for n in range(days)
    ]


def test_fieldwork_across_the_march_clock_change_keeps_nine_local() -> None:
    # Last Sunday of March 2027 is the 28th: clocks go forward at 01:00 UTC.
    events = fieldwork_days(date(2027, 3, 25), 5)
    parsed = sorted(parse(export(events)).walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    local = [e.decoded("DTSTART").astimezone(LONDON) for e in parsed]
    assert {(t.hour, t.minute) for t in local} == {(9, 0)}
    utc_hours = [e.decoded("DTSTART").astimezone(UTC).hour for e in parsed]
    assert utc_hours == [9, 9, 9, 8, 8]  # 25, 26, 27 March GMT; 28, 29 March BST


def test_fieldwork_across_the_october_clock_change_keeps_nine_local() -> None:
    # Last Sunday of October 2027 is the 31st: clocks go back at 01:00 UTC.
    events = fieldwork_days(date(2027, 10, 29), 4)
    data = export(events)
    parsed = sorted(parse(data).walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    utc_hours = [e.decoded("DTSTART").astimezone(UTC).hour for e in parsed]
    assert utc_hours == [8, 8, 9, 9]  # 29, 30 October BST; 31 October, 1 November GMT
    vobject_hours = sorted(
        e.dtstart.value.astimezone(UTC).hour for e in vobject.readOne(data.decode()).vevent_list
    )
    assert vobject_hours == [8, 8, 9, 9]


def test_libical_reads_the_same_instants_and_passes_restrictions(tmp_path: Path) -> None:
    path = tmp_path / "sample.ics"
    path.write_bytes(export(sample_events()))
    report = libical_report(path)
    # PUBLISH without ORGANIZER is an iTIP warning by design (OUTLOOK.md §2.1); without the
    # METHOD line libical's RFC 5545 restrictions pass and nothing else is flagged.
    assert report["restrictions_without_method"] == 1
    assert report["errors_without_method"] == []
    assert all("ORGANIZER" in error for error in report["errors_with_method"])
    expected = expected_instants()
    assert {event["uid"] for event in report["events"]} == set(expected)
    for event in report["events"]:
        start, end = expected[event["uid"]]
        if isinstance(start, datetime):
            assert isinstance(end, datetime)
            assert event["tzid"] == "Europe/London"
            assert event["start_epoch"] == int(start.timestamp())
            assert event["end_epoch"] == int(end.timestamp())
        else:
            assert isinstance(start, date)
            assert isinstance(end, date)
            assert event["is_date"]
            assert event["start"] == start.strftime("%Y%m%d")
            assert event["end"] == end.strftime("%Y%m%d")
