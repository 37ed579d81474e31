"""The iCalendar writer: golden bytes, the Outlook profile, determinism, UIDs and SEQUENCE."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
import vobject
from ical_support import STAMP, at, parse, sample_events

from inspection_sim.errors import ArgumentTypeError, OutputError, ScheduleError
from inspection_sim.export import CalendarEvent, Category, Frequency, Recurrence, event_uid, to_ical

GOLDEN = Path(__file__).parent / "golden"
PLAN = "northshire-ilacs-short-2027-06-07"
NAME = "Rehearsal: Northshire, June 2027"


def export(events: list[CalendarEvent], **options: object) -> bytes:
    settings: dict[str, object] = {"calendar_name": NAME, "stamp": STAMP, "plan_id": PLAN}
    settings.update(options)
    return to_ical(events, **settings)  # type: ignore[arg-type]


def lines_of(data: bytes) -> list[str]:
    return data.decode().split("\r\n")


def test_sample_matches_golden_file_byte_for_byte() -> None:
    assert export(sample_events()) == (GOLDEN / "sample.ics").read_bytes()


def test_single_event_file_matches_golden_and_has_no_calendar_name() -> None:
    data = export(sample_events()[2:3], calendar_name="unused")
    assert data == (GOLDEN / "single.ics").read_bytes()
    assert b"X-WR-CALNAME" not in data
    assert b"VTIMEZONE" not in data  # all-day only: no zone needed


def test_shuffled_input_gives_identical_bytes() -> None:
    events = sample_events()
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != events
    assert export(shuffled) == export(events)


def test_calendar_properties_come_before_the_first_component() -> None:
    lines = lines_of(export(sample_events()))
    assert lines[:7] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//inspection_sim//Rehearsal calendars//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Rehearsal: Northshire\\, June 2027",
        "X-WR-TIMEZONE:Europe/London",
    ]
    assert lines[7] == "BEGIN:VTIMEZONE"
    assert lines[-2:] == ["END:VCALENDAR", ""]  # ends with CRLF


def test_one_rrule_vtimezone_without_rdate() -> None:
    data = export(sample_events())
    (zone,) = parse(data).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    observances = [
        (
            block.name,
            block.decoded("TZOFFSETFROM"),
            block.decoded("TZOFFSETTO"),
            str(block["TZNAME"]),
            block.decoded("DTSTART"),
            dict(block["RRULE"]),
        )
        for block in zone.subcomponents
    ]
    assert observances == [
        (
            "DAYLIGHT",
            timedelta(0),
            timedelta(hours=1),
            "BST",
            datetime(1970, 3, 29, 1),
            {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]},
        ),
        (
            "STANDARD",
            timedelta(hours=1),
            timedelta(0),
            "GMT",
            datetime(1970, 10, 25, 2),
            {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]},
        ),
    ]
    assert b"RDATE" not in data
    assert b"TZID:GMT" not in data


def test_no_meeting_or_task_components() -> None:
    data = export(sample_events())
    for forbidden in (b"ORGANIZER", b"ATTENDEE", b"VTODO", b"VJOURNAL", b"DURATION"):
        assert forbidden not in data


def test_every_line_ends_crlf_and_fits_75_octets() -> None:
    data = export(sample_events())
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75


def test_all_day_events_use_dates_with_exclusive_end() -> None:
    lines = lines_of(export(sample_events()))
    assert "DTSTART;VALUE=DATE:20270614" in lines
    assert "DTEND;VALUE=DATE:20270619" in lines  # fieldwork Mon 14 to Fri 18 June inclusive
    assert "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE" in lines


def test_busy_status_and_transparency() -> None:
    calendar = parse(export(sample_events()))
    found = {
        str(event["SUMMARY"]): (str(event["TRANSP"]), str(event["X-MICROSOFT-CDO-BUSYSTATUS"]))
        for event in calendar.walk("VEVENT")
    }
    assert found["Annex A data due"] == ("TRANSPARENT", "FREE")  # deadlines never block diaries
    assert found["Rehearsal fieldwork (on site)"] == ("OPAQUE", "OOF")
    assert found["Action plan review (GMT)"] == ("OPAQUE", "TENTATIVE")
    assert found["Keep-in-touch meeting with the DCS"] == ("OPAQUE", "BUSY")


def test_alarm_is_display_with_negative_trigger_and_last_in_its_event() -> None:
    lines = lines_of(export(sample_events()))
    start = lines.index("BEGIN:VALARM")
    assert lines[start : start + 6] == [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Notification call: Ofsted\\, ILACS\\; short inspection",
        "TRIGGER:-PT15M",
        "END:VALARM",
        "END:VEVENT",
    ]
    assert lines.count("BEGIN:VALARM") == 1


def test_recurring_meeting_has_utc_until_and_local_exdate() -> None:
    lines = lines_of(export(sample_events()))
    assert "RRULE:FREQ=DAILY;UNTIL=20270618T153000Z;BYDAY=MO,TU,WE,TH,FR" in lines
    assert "EXDATE;TZID=Europe/London:20270616T163000" in lines


def test_uid_is_uuid5_of_plan_and_key_and_stable() -> None:
    calendar = parse(export(sample_events()))
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {event_uid(PLAN, event.key) for event in sample_events()}
    assert event_uid(PLAN, "call") == event_uid(PLAN, "call")
    assert event_uid(PLAN, "call") != event_uid("another-plan", "call")
    assert event_uid(PLAN, "call").count("-") == 4


def test_dtstamp_comes_from_the_stamp_in_utc() -> None:
    data = export(sample_events(), stamp=at(date(2027, 6, 1), 9, 15))
    assert data.count(b"DTSTAMP:20270601T081500Z") == len(sample_events())


def test_sequence_zero_without_previous_export() -> None:
    assert lines_of(export(sample_events())).count("SEQUENCE:0") == len(sample_events())


def test_sequence_kept_when_unchanged_and_raised_when_changed() -> None:
    events = sample_events()
    first = export(events)
    later = STAMP + timedelta(days=3)
    moved = [
        replace(e, start=e.start + timedelta(days=1), end=e.end + timedelta(days=1))
        if e.key == "annex-a"
        else e
        for e in events
    ]
    second = export(moved, stamp=later, previous=first)
    sequences = {
        str(event["SUMMARY"]): int(event["SEQUENCE"]) for event in parse(second).walk("VEVENT")
    }
    assert sequences.pop("Annex A data due") == 1
    assert set(sequences.values()) == {0}
    third = export([*moved, replace(events[0], key="new", summary="New")], previous=second)
    again = {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in parse(third).walk("VEVENT")}
    assert again["Annex A data due"] == 1  # unchanged since the second export
    assert again["New"] == 0
    retitled = [replace(e, summary="Annex A (revised)") if e.key == "annex-a" else e for e in moved]
    fourth = export(retitled, previous=third)
    assert b"SEQUENCE:2" in fourth


def test_unchanged_export_with_new_stamp_differs_only_in_dtstamp() -> None:
    first = export(sample_events())
    second = export(sample_events(), stamp=STAMP + timedelta(hours=1), previous=first)
    assert first.replace(b"T080000Z", b"T090000Z") == second


def test_names_with_newlines_and_semicolons_are_escaped() -> None:
    event = CalendarEvent(
        "x",
        "Data;\r\nreturn, part 2\\3",
        date(2027, 6, 8),
        date(2027, 6, 9),
        team="Perf;ormance\nTeam",
    )
    data = export([event])
    assert "SUMMARY:Data\\;\\nreturn\\, part 2\\\\3" in lines_of(data)
    parsed = next(iter(parse(data).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == "Data;\nreturn, part 2\\3"
    assert "Owner: Perf;ormance\nTeam" in str(parsed["DESCRIPTION"])


def test_the_four_special_characters_and_every_newline_form_are_escaped() -> None:
    event = CalendarEvent("x", "a,b;c\\d\ne\r\nf\rg", date(2027, 6, 8), date(2027, 6, 9))
    data = export([event])
    assert "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ng" in lines_of(data)
    assert str(next(iter(parse(data).walk("VEVENT")))["SUMMARY"]) == "a,b;c\\d\ne\nf\ng"


def test_a_backslash_before_a_capital_n_stays_text() -> None:
    # icalendar on its own would write the pair as a line break.
    path = "Evidence: S:\\New inspections\\Notes, \\\\N"
    event = CalendarEvent("x", path, date(2027, 6, 8), date(2027, 6, 9), location=path)
    data = export([event])
    assert "SUMMARY:Evidence: S:\\\\New inspections\\\\Notes\\, \\\\\\\\N" in lines_of(data)
    parsed = next(iter(parse(data).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == str(parsed["LOCATION"]) == path
    assert vobject.readOne(data.decode()).vevent.summary.value == path


def test_long_text_folds_at_75_octets_between_characters() -> None:
    text = "Contact: " + "é" * 40 + "😀" * 20 + " – " + "x" * 100
    event = CalendarEvent("x", "Fold", date(2027, 6, 8), date(2027, 6, 9), description=text)
    data = export([event])
    physical = data.split(b"\r\n")
    folded = [line for line in physical if line.startswith(b" ")]
    assert len(folded) >= 3
    for line in physical:
        assert len(line) <= 75
        line.decode("utf-8")  # no multi-byte character is split across lines
    assert str(next(iter(parse(data).walk("VEVENT")))["DESCRIPTION"]) == text


def test_fortnightly_all_day_rule_with_a_cancelled_date() -> None:
    rule = Recurrence(Frequency.WEEKLY, date(2027, 7, 31), interval=2, exdates=(date(2027, 7, 5),))
    event = CalendarEvent(
        "planning", "Planning", date(2027, 6, 7), date(2027, 6, 8), recurrence=rule
    )
    data = export([event])
    assert "EXDATE;VALUE=DATE:20270705" in lines_of(data)
    calendar = parse(data)
    (vevent,) = calendar.walk("VEVENT")
    assert dict(vevent["RRULE"]) == {
        "FREQ": ["WEEKLY"],
        "UNTIL": [date(2027, 7, 31)],
        "INTERVAL": [2],
    }
    found = recurring_ical_events.of(calendar).between(date(2027, 6, 1), date(2027, 8, 1))
    days = sorted(occurrence.decoded("DTSTART") for occurrence in found)
    assert days == [date(2027, 6, 7), date(2027, 6, 21), date(2027, 7, 19)]


def test_control_characters_are_dropped() -> None:
    event = CalendarEvent("x", "bell\x07 and\x00 nul\ttab", date(2027, 6, 8), date(2027, 6, 9))
    parsed = next(iter(parse(export([event])).walk("VEVENT")))
    assert str(parsed["SUMMARY"]) == "bell and nul\ttab"


def test_duplicate_keys_are_refused() -> None:
    event = sample_events()[1]
    with pytest.raises(ScheduleError, match=r"share one key.*'fieldwork'"):
        export([event, replace(event, summary="other")])


def test_naive_stamp_is_refused() -> None:
    with pytest.raises(ArgumentTypeError, match="stamp must be a timezone-aware"):
        export(sample_events(), stamp=datetime(2027, 6, 1, 8, 0))


def test_previous_export_that_is_not_icalendar_is_refused() -> None:
    with pytest.raises(OutputError, match="not an iCalendar file"):
        export(sample_events(), previous=b"uid,summary\n")


def test_category_vocabulary_is_fixed_and_suggests_the_closest() -> None:
    day, next_day = date(2027, 6, 8), date(2027, 6, 9)
    with pytest.raises(ScheduleError, match=r"unknown category.*did you mean 'Deadline'"):
        CalendarEvent("x", "y", day, next_day, category="Dedline")  # type: ignore[arg-type]
    event = CalendarEvent("x", "y", day, next_day, category="Return")  # type: ignore[arg-type]
    assert event.category is Category.RETURN


def test_event_uid_equals_the_standard_uuid5() -> None:
    import uuid

    from inspection_sim.export.ical import UID_NAMESPACE

    for key in ("call", "fieldwork", "é ünïcode key", ""):
        assert event_uid(PLAN, key) == str(uuid.uuid5(UID_NAMESPACE, f"{PLAN}\x1f{key}"))


def test_every_time_carries_the_zone_and_dates_never_a_z() -> None:
    for line in lines_of(export(sample_events())):
        name, _, value = line.partition(":")
        if name.split(";")[0] not in ("DTSTART", "DTEND", "EXDATE"):
            continue
        if name == "DTSTART" and value.startswith("1970"):
            continue  # the VTIMEZONE observances' own local onsets
        if name.endswith(";VALUE=DATE"):
            assert all(len(day) == 8 for day in value.split(","))  # no time, no Z
        else:
            assert name.endswith(";TZID=Europe/London"), line
            assert not value.endswith("Z")
