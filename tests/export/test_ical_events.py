"""The event model: all-day and timed forms, validation, busy defaults and recurrence dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from ical_support import at

from inspection_sim.errors import ArgumentTypeError, ScheduleError
from inspection_sim.export import BusyStatus, CalendarEvent, Category, Frequency, Recurrence

DAY = date(2027, 6, 8)
NEXT = date(2027, 6, 9)


def test_all_day_end_is_exclusive_so_equal_end_is_refused() -> None:
    with pytest.raises(ScheduleError, match="exclusive and must be after the start"):
        CalendarEvent("x", "y", DAY, DAY)


def test_timed_end_before_start_is_refused_but_zero_length_is_fine() -> None:
    with pytest.raises(ScheduleError, match="ends before it starts"):
        CalendarEvent("x", "y", at(DAY, 10), at(DAY, 9))
    assert CalendarEvent("x", "y", at(DAY, 10), at(DAY, 10)).duration().total_seconds() == 0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ArgumentTypeError, match="timezone-aware"):
        CalendarEvent("x", "y", datetime(2027, 6, 8, 9), datetime(2027, 6, 8, 10))


def test_mixed_date_and_datetime_are_refused() -> None:
    with pytest.raises(ArgumentTypeError, match="both be dates or both be datetimes"):
        CalendarEvent("x", "y", DAY, at(DAY, 10))


def test_empty_key_and_negative_alarm_are_refused() -> None:
    with pytest.raises(ScheduleError, match="key must be a non-empty string"):
        CalendarEvent("", "y", DAY, NEXT)
    with pytest.raises(ScheduleError, match="alarm_minutes"):
        CalendarEvent("x", "y", DAY, NEXT, alarm_minutes=-5)


def test_non_text_summary_is_refused() -> None:
    with pytest.raises(ArgumentTypeError, match="summary must be a string"):
        CalendarEvent("x", 42, DAY, NEXT)  # type: ignore[arg-type]


def test_busy_defaults_by_category() -> None:
    assert CalendarEvent("x", "y", DAY, NEXT, category=Category.DEADLINE).busy is BusyStatus.FREE
    assert CalendarEvent("x", "y", DAY, NEXT, category=Category.MILESTONE).busy is BusyStatus.FREE
    assert CalendarEvent("x", "y", DAY, NEXT, category=Category.FIELDWORK).busy is BusyStatus.BUSY
    assert BusyStatus.OOF.transparency == "OPAQUE"
    assert BusyStatus.FREE.transparency == "TRANSPARENT"


def test_timed_events_in_another_zone_are_shown_in_london() -> None:
    event = CalendarEvent(
        "x", "y", datetime(2027, 6, 8, 8, tzinfo=UTC), datetime(2027, 6, 8, 9, tzinfo=UTC)
    )
    assert event.local_start().hour == 9  # 08:00 UTC is 09:00 BST


def test_recurrence_dates_follow_dateutil_and_skip_exdates() -> None:
    rule = Recurrence(
        Frequency.DAILY, date(2027, 6, 18), weekdays=(4, 0, 1, 2, 3), exdates=(date(2027, 6, 16),)
    )
    assert rule.weekdays == (0, 1, 2, 3, 4)
    assert rule.dates(date(2027, 6, 10)) == [
        date(2027, 6, 10),
        date(2027, 6, 11),
        date(2027, 6, 14),
        date(2027, 6, 15),
        date(2027, 6, 17),
        date(2027, 6, 18),
    ]
    fortnightly = Recurrence(Frequency.WEEKLY, date(2027, 7, 31), interval=2)
    assert fortnightly.dates(date(2027, 6, 7)) == [
        date(2027, 6, 7),
        date(2027, 6, 21),
        date(2027, 7, 5),
        date(2027, 7, 19),
    ]


def test_recurrence_that_excludes_its_first_day_is_refused() -> None:
    rule = Recurrence(Frequency.DAILY, date(2027, 6, 18), weekdays=(0, 1, 2, 3, 4))
    with pytest.raises(ScheduleError, match="first occurrence falls on a weekday"):
        CalendarEvent("x", "y", date(2027, 6, 12), date(2027, 6, 13), recurrence=rule)


def test_recurrence_ending_before_it_starts_is_refused() -> None:
    rule = Recurrence(Frequency.DAILY, date(2027, 6, 1))
    with pytest.raises(ScheduleError, match="recurrence ends before the first occurrence"):
        CalendarEvent("x", "y", DAY, NEXT, recurrence=rule)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"interval": 0}, "interval must be at least 1"),
        ({"weekdays": (7,)}, "weekdays must be 0"),
    ],
)
def test_bad_recurrence_values_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        Recurrence(Frequency.DAILY, DAY, **options)  # type: ignore[arg-type]


def test_recurrence_until_must_be_a_date() -> None:
    with pytest.raises(ArgumentTypeError, match="'until' must be a date"):
        Recurrence(Frequency.DAILY, at(DAY, 9))
