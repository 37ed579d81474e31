"""Benchmark: build and serialise 10,000 calendar events, ours versus bare ``icalendar`` calls.

Both sides start from the same plain records (all-day deadlines and timed Europe/London meetings,
with descriptions, categories, busy status and an alarm on some) and return the bytes of one
Outlook-safe VCALENDAR. The bare side makes the same calls a careful first version would: the same
properties in the same order, an RRULE time zone from icalendar's classes and
``to_ical(sorted=False)``. Ours adds what the library does around them: validated
``CalendarEvent`` objects, sorting, UIDs, TEXT cleaning. Prints events per second for each and the
ratio measured in one run (median of several repetitions), then checks that both files hold the
same events, property for property.

Target (issue 12): no slower than 1.5x bare icalendar.

Run: ``.venv/bin/python benchmarks/ical.py [N]``.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import icalendar

from inspection_sim.export import CalendarEvent, Category, to_ical
from inspection_sim.export.events import LONDON
from inspection_sim.export.ical import PRODID, UID_NAMESPACE

STAMP = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
PLAN = "benchmark"
NAME = "Benchmark"
Record = tuple[str, str, date | datetime, date | datetime, str, str, int | None]


def records(n: int) -> list[Record]:
    """Plain inputs: half all-day deadlines, half one-hour meetings, over two years."""
    first = date(2027, 1, 4)
    found: list[Record] = []
    for i in range(n):
        day = first + timedelta(days=i % 730)
        text = f"Task {i}: returns, data; checks – owner café team {i % 7}"
        if i % 2:
            start = datetime(day.year, day.month, day.day, 9 + i % 8, 0, tzinfo=LONDON)
            found.append((f"t{i}", text, start, start + timedelta(hours=1), "Meeting", "BUSY", 15))
        else:
            found.append((f"t{i}", text, day, day + timedelta(days=1), "Deadline", "FREE", None))
    return found


def ours(rows: list[Record]) -> bytes:
    events = [
        CalendarEvent(
            key,
            summary,
            start,
            end,
            category=Category(category),
            description=summary * 3,
            alarm_minutes=alarm,
        )
        for key, summary, start, end, category, _, alarm in rows
    ]
    return to_ical(events, calendar_name=NAME, stamp=STAMP, plan_id=PLAN)


def bare_icalendar(rows: list[Record]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", icalendar.vText(NAME))
    calendar.add("X-WR-TIMEZONE", "Europe/London")
    calendar.add_component(london())
    for key, summary, start, end, category, busy, alarm in rows:
        event = icalendar.Event()
        event.add("UID", str(uuid.uuid5(UID_NAMESPACE, f"{PLAN}\x1f{key}")))
        event.add("DTSTAMP", STAMP)
        event.add("SEQUENCE", 0)
        event.add("DTSTART", start)
        event.add("DTEND", end)
        event.add("SUMMARY", summary)
        event.add("DESCRIPTION", summary * 3)
        event.add("CATEGORIES", [category])
        event.add("TRANSP", "TRANSPARENT" if busy == "FREE" else "OPAQUE")
        event.add("X-MICROSOFT-CDO-BUSYSTATUS", busy)
        if not isinstance(start, datetime):
            event.add("X-MICROSOFT-CDO-ALLDAYEVENT", "TRUE")
        if alarm is not None:
            reminder = icalendar.Alarm()
            reminder.add("ACTION", "DISPLAY")
            reminder.add("DESCRIPTION", summary)
            reminder.add("TRIGGER", timedelta(minutes=-alarm))
            event.add_component(reminder)
        calendar.add_component(event)
    result: bytes = calendar.to_ical(sorted=False)
    return result


def london() -> icalendar.Timezone:
    zone = icalendar.Timezone()
    zone.add("TZID", "Europe/London")
    for block, name, onset, before, after in (
        (icalendar.TimezoneDaylight(), "BST", datetime(1970, 3, 29, 1), 0, 1),
        (icalendar.TimezoneStandard(), "GMT", datetime(1970, 10, 25, 2), 1, 0),
    ):
        block.add("TZOFFSETFROM", timedelta(hours=before))
        block.add("TZOFFSETTO", timedelta(hours=after))
        block.add("TZNAME", name)
        block.add("DTSTART", onset)
        block.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": "-1SU"})
        zone.add_component(block)
    return zone


def timed(work: Callable[[list[Record]], bytes], rows: list[Record], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        work(rows)
        times.append(time.perf_counter() - begin)
    return times


Shape = tuple[str, tuple[tuple[str, bytes], ...], tuple[object, ...]]


def shape(component: icalendar.Component) -> Shape:
    """Properties in order (name, value as written, parameters included) and subcomponents."""
    written = tuple(
        (str(line.split(":", 1)[0]), line.encode())
        for line in component.content_lines(sorted=False)
        if line
    )
    return component.name, written, tuple(shape(child) for child in component.subcomponents)


def check_same_events(rows: list[Record]) -> None:
    """Both files parse to the same calendar properties, time zone and events (by UID)."""
    mine = icalendar.Calendar.from_ical(ours(rows))
    theirs = icalendar.Calendar.from_ical(bare_icalendar(rows))
    assert dict(mine.items()) == dict(theirs.items()), "the calendar properties disagree"
    by_uid = [
        {str(c.get("UID", c.name)): shape(c) for c in calendar.subcomponents}
        for calendar in (mine, theirs)
    ]
    assert by_uid[0] == by_uid[1], "the two files disagree"
    assert len(by_uid[0]) == len(rows) + 1  # and one VTIMEZONE


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = records(n)
    check_same_events(rows[:2000])
    ours(rows[:100])  # warm both paths (imports, zone data)
    bare_icalendar(rows[:100])
    # Interleaved, so both sides see the same machine load.
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(5):
        theirs += timed(bare_icalendar, rows, repeats=1)
        mine += timed(ours, rows, repeats=1)
    ratios = sorted(m / t for m, t in zip(mine, theirs, strict=True))
    mine_s, theirs_s = statistics.median(mine), statistics.median(theirs)
    print(f"events: {n:,} (build + serialise, median of {len(mine)} interleaved repetitions)")
    print(f"  inspection_sim to_ical : {mine_s * 1000:8.1f} ms  {n / mine_s:10,.0f} events/s")
    print(f"  bare icalendar         : {theirs_s * 1000:8.1f} ms  {n / theirs_s:10,.0f} events/s")
    print(
        f"  ratio (our time / bare icalendar time): {mine_s / theirs_s:.2f}x of the medians; "
        f"pairwise median {statistics.median(ratios):.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x"
        "  (target: <= 1.5x)"
    )
    print("  both files parse to the same events, property for property: yes")


if __name__ == "__main__":
    main()
