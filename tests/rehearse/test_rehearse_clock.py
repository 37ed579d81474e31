"""Timed rehearsal events in real time, across the clock changes of Europe/London.

Meeting lengths are added in real time, never on the wall clock. A meeting at a time the clocks
skip (01:00 to 02:00 on the last Sunday of March) is refused, naming the day and the time: the
time is one setting for every day of a recurring meeting, so moving one occurrence would move
them all. An end in the hour the clocks repeat (the last Sunday of October) is refused too, as a
calendar would read it as the first of the two. A time with a UTC offset is refused, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from subprocess import CompletedProcess

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rehearse_support import timeline

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, InspectionSimError, ScheduleError
from inspection_sim.export import CalendarEvent, to_ical
from inspection_sim.export.events import LONDON
from inspection_sim.rehearsal import rehearse

TIMELINE = timeline()
#: Every day a working day but bank holidays, so a rehearsal can hold meetings on a Sunday.
EVERY_DAY = WorkingCalendar(weekmask="Mon-Sun")
STAMP = datetime(2027, 1, 1, tzinfo=UTC)

Cli = Callable[..., CompletedProcess[str]]


def _kit(start: date, at: time, minutes: int = 30) -> CalendarEvent:
    """The daily keep-in-touch meeting of a rehearsal from ``start``, ``minutes`` long."""
    tasks = tuple(
        replace(task, minutes=minutes) if task.id == "kit" else task for task in TIMELINE.tasks
    )
    plan = replace(TIMELINE, tasks=tasks)
    events = rehearse(plan, start, calendar=EVERY_DAY, kit_time=at).events
    return next(event for event in events if event.key == "kit")


def _read_back(event: CalendarEvent) -> tuple[datetime, datetime]:
    """DTSTART and DTEND as a calendar program reads them from the written file, in UTC (an
    ambiguous local time never compares equal to another zone's, PEP 495)."""
    parsed = icalendar.Calendar.from_ical(to_ical([event], calendar_name="t", stamp=STAMP))
    vevent = next(iter(parsed.walk("VEVENT")))
    return vevent.decoded("DTSTART").astimezone(UTC), vevent.decoded("DTEND").astimezone(UTC)


def test_a_meeting_at_0130_on_the_spring_clock_change_is_refused() -> None:
    # 22 March 2027: day 5, the first day on site, is Sunday 28 March (Good Friday skipped).
    with pytest.raises(ScheduleError) as caught:
        _kit(date(2027, 3, 22), time(1, 30))
    message = str(caught.value)
    assert "01:30 on Sun 28 Mar 2027: that time does not exist in Europe/London" in message
    assert "the clocks go forward an hour" in message
    assert "--kit-time" in message


def test_a_later_occurrence_in_the_gap_is_refused_too() -> None:
    # 19 March 2027: on site from Saturday 27 March, so the second meeting falls in the gap.
    with pytest.raises(ScheduleError, match="01:30 on Sun 28 Mar 2027"):
        _kit(date(2027, 3, 19), time(1, 30))


def test_a_meeting_before_the_gap_ends_in_real_time() -> None:
    # 00:30 GMT on 28 March for 30 minutes ends at 01:00 GMT, which is 02:00 BST.
    kit = _kit(date(2027, 3, 22), time(0, 30))
    assert kit.local_start() == datetime(2027, 3, 28, 0, 30, tzinfo=LONDON)
    assert kit.local_end().replace(tzinfo=None) == datetime(2027, 3, 28, 2, 0)
    assert kit.end - kit.start == timedelta(minutes=30)
    assert _read_back(kit) == (kit.start, kit.end)


def test_across_the_october_fold_the_length_is_real_time() -> None:
    # 26 October 2027: day 5, on site, is Sunday 31 October, when 01:00-02:00 happens twice.
    for at, minutes, wall_end in ((time(0, 30), 180, "02:30"), (time(1, 30), 90, "02:00")):
        kit = _kit(date(2027, 10, 26), at, minutes)
        assert kit.local_start().date() == date(2027, 10, 31)
        assert kit.end - kit.start == timedelta(minutes=minutes)  # not the wall clock's
        assert kit.local_end().strftime("%H:%M") == wall_end
        start, end = _read_back(kit)
        assert (start, end) == (kit.start, kit.end)
        assert end > start


def test_an_end_in_the_repeated_hour_is_refused() -> None:
    # 01:30 BST + 30 minutes = 01:00 GMT, the second 01:00: written, it would read as the first.
    with pytest.raises(ScheduleError, match="would end at 01:00 in the hour the clocks go back"):
        _kit(date(2027, 10, 26), time(1, 30))


def test_a_time_with_an_offset_is_refused_by_the_python_api() -> None:
    zoned = time(9, 0, tzinfo=timezone(timedelta(hours=5)))
    with pytest.raises(ArgumentTypeError, match="takes no UTC offset"):
        rehearse(TIMELINE, date(2027, 6, 7), kit_time=zoned)


@pytest.mark.parametrize("value", ["09:00+05:00", "09:00Z", "16:30-01:00", "08:45+00:00"])
def test_kit_time_with_an_offset_is_refused_at_the_command_line(
    cli: Cli, tmp_path: object, value: str
) -> None:
    result = cli("rehearse", "--start", "2027-06-07", "--kit-time", value, "--out", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert "argument --kit-time" in error
    assert "offset" in error
    assert repr(value) in error


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    minutes=st.integers(1, 240),
)
def test_timed_events_are_exact_in_real_time(day: date, at: time, minutes: int) -> None:
    start = EVERY_DAY.roll_forward(day)
    tasks = tuple(
        replace(task, minutes=minutes) if task.id == "kit" else task for task in TIMELINE.tasks
    )
    try:
        rehearsal = rehearse(
            replace(TIMELINE, tasks=tasks),
            start,
            calendar=EVERY_DAY,
            kit_time=at,
            planning_meetings=3,
            planning_time=at,
            planning_minutes=minutes,
        )
    except InspectionSimError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:
        assert "clocks go" in refused  # the only refusal: a clock-change hour
        return
    for event in rehearsal.events:
        if event.all_day:
            continue
        assert event.end >= event.start
        local = event.local_start()
        assert local.astimezone(UTC).astimezone(LONDON) == local  # a local time that exists
        if event.key in ("kit", "planning-meetings"):
            assert local.time() == at
            assert event.end - event.start == timedelta(minutes=minutes)
        start_read, end_read = _read_back(event)
        assert (start_read, end_read) == (event.start, event.end)
        assert end_read >= start_read
