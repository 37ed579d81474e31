"""Benchmark: build and serialise 10,000 calendar events, ours versus bare ``icalendar`` calls.

Both sides build the same events from the same plain records (all-day deadlines and timed
Europe/London meetings, with descriptions, categories, busy status and an alarm on some) and return
the bytes of one VCALENDAR. The ``icalendar`` side adds the zone with ``add_missing_timezones()``,
as a first version would. Prints events per second for each and the ratio, measured in one run
(median of several repetitions), then checks that both files hold the same events.

Target (PERFORMANCE.md): no slower than 1.5x bare icalendar; a hand writer measured ~50x faster.

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
from pathlib import Path

# Running a script puts its folder first on sys.path, where benchmarks/calendar.py would shadow
# the standard library's calendar module that icalendar and holidays import.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import icalendar  # noqa: E402

from inspection_sim.export import CalendarEvent, Category, event_uid, to_ical  # noqa: E402
from inspection_sim.export.events import LONDON  # noqa: E402

STAMP = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
PLAN = "benchmark"
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
    return to_ical(events, calendar_name="Benchmark", stamp=STAMP, plan_id=PLAN)


def bare_icalendar(rows: list[Record]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//benchmark//EN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", "Benchmark")
    for key, summary, start, end, category, busy, alarm in rows:
        event = icalendar.Event()
        event.add("UID", str(uuid.uuid5(uuid.NAMESPACE_URL, key)))
        event.add("DTSTAMP", STAMP)
        event.add("SEQUENCE", 0)
        event.add("DTSTART", start)
        event.add("DTEND", end)
        event.add("SUMMARY", summary)
        event.add("DESCRIPTION", summary * 3)
        event.add("CATEGORIES", [category])
        event.add("TRANSP", "TRANSPARENT" if busy == "FREE" else "OPAQUE")
        event.add("X-MICROSOFT-CDO-BUSYSTATUS", busy)
        if alarm is not None:
            reminder = icalendar.Alarm()
            reminder.add("ACTION", "DISPLAY")
            reminder.add("DESCRIPTION", summary)
            reminder.add("TRIGGER", timedelta(minutes=-alarm))
            event.add_component(reminder)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    result: bytes = calendar.to_ical()
    return result


def timed(work: Callable[[list[Record]], bytes], rows: list[Record], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        begin = time.perf_counter()
        work(rows)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def check_same_events(rows: list[Record]) -> None:
    mine = icalendar.Calendar.from_ical(ours(rows))
    theirs = icalendar.Calendar.from_ical(bare_icalendar(rows))
    ours_events = {
        (str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in mine.walk("VEVENT")
    }
    their_events = {
        (str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in theirs.walk("VEVENT")
    }
    assert ours_events == their_events, "the two files disagree"
    assert {str(e["UID"]) for e in mine.walk("VEVENT")} == {
        event_uid(PLAN, key) for key, *_ in rows
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = records(n)
    ours(rows[:100])  # warm both paths (imports, zone data)
    bare_icalendar(rows[:100])
    mine = timed(ours, rows, repeats=5)
    theirs = timed(bare_icalendar, rows, repeats=3)
    check_same_events(rows[:2000])
    print(f"events: {n:,} (build + serialise, median of repetitions)")
    print(f"  inspection_sim to_ical : {mine * 1000:8.1f} ms  {n / mine:12,.0f} events/s")
    print(f"  bare icalendar         : {theirs * 1000:8.1f} ms  {n / theirs:12,.0f} events/s")
    print(f"  ratio (icalendar time / ours): {theirs / mine:.1f}x  (target: >= 0.67x)")
    print("  both files parse to the same events: yes")


if __name__ == "__main__":
    main()
