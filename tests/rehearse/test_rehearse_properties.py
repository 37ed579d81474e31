"""Properties of the rehearsal map, for any working-day start and any compression."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rehearse_support import CALENDAR, TASKS, timeline

from inspection_sim.export import CalendarEvent
from inspection_sim.rehearsal import rehearse

TIMELINE = timeline()
working_days = st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)).map(
    CALENDAR.roll_forward
)


def first_day(event: CalendarEvent) -> date:
    return event.start if event.all_day else event.local_start().date()


@settings(max_examples=60, deadline=None)
@given(working_days)
def test_full_replay_keeps_every_offset_from_any_start(start: date) -> None:
    events = {event.key: event for event in rehearse(TIMELINE, start).events}
    for task_id, _, _, _, first, *_ in TASKS:
        assert CALENDAR.working_days_between(start, first_day(events[task_id])) == first
        assert CALENDAR.is_working_day(first_day(events[task_id]))


@settings(max_examples=60, deadline=None)
@given(working_days, st.integers(1, 5))
def test_compressed_run_keeps_order_and_the_notification_week(start: date, days: int) -> None:
    result = rehearse(TIMELINE, start, mode="compressed", fieldwork_days=days)
    events = {event.key: event for event in result.events}
    assert len(result.fieldwork) == days
    for task_id, _, _, _, first, _, after, *_ in TASKS:
        if task_id not in events:
            assert task_id in result.dropped
            continue
        if first < 5:  # before the fieldwork: exactly as in the full replay
            assert CALENDAR.working_days_between(start, first_day(events[task_id])) == first
        for predecessor in after:
            assert first_day(events[task_id]) >= first_day(events[predecessor])
    assert max(first_day(e) for e in result.events) <= result.fieldwork[-1]
