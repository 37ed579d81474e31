"""Rehearsals: working-day offsets kept, meeting times, recurring meetings, compressed runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import recurring_ical_events
from rehearse_support import CALENDAR, TASKS, timeline

from inspection_sim.errors import ScheduleError, UnknownNameError
from inspection_sim.export import BusyStatus, CalendarEvent, Category, Frequency
from inspection_sim.export.events import LONDON
from inspection_sim.rehearsal import rehearse
from tests.export.ical_support import parse

STAMP = datetime(2027, 5, 1, 8, 0, tzinfo=UTC)
MONDAY = date(2027, 6, 7)


def by_key(events: tuple[CalendarEvent, ...]) -> dict[str, CalendarEvent]:
    return {event.key: event for event in events}


def first_day(event: CalendarEvent) -> date:
    return event.local_start().date() if not event.all_day else event.start


def last_day(event: CalendarEvent) -> date:
    if event.recurrence is not None:
        return event.recurrence.until
    if event.all_day:
        return date.fromordinal(event.end.toordinal() - 1)
    return event.local_end().date()


def test_full_replay_keeps_every_working_day_offset() -> None:
    events = by_key(rehearse(timeline(), MONDAY).events)
    for task_id, _, _, _, first, last, *_ in TASKS:
        event = events[task_id]
        assert CALENDAR.working_days_between(MONDAY, first_day(event)) == first, task_id
        assert CALENDAR.working_days_between(MONDAY, last_day(event)) == last, task_id


def test_full_replay_on_a_monday_lands_fieldwork_on_the_next_week() -> None:
    result = rehearse(timeline(), MONDAY)
    fieldwork = by_key(result.events)["fieldwork"]
    assert (fieldwork.start, last_day(fieldwork)) == (date(2027, 6, 14), date(2027, 6, 18))
    assert fieldwork.end == date(2027, 6, 15)  # one day at a time: never across a weekend
    assert result.fieldwork == tuple(date(2027, 6, d) for d in range(14, 19))
    assert result.warnings == ()


def test_dependencies_still_hold_in_the_rehearsal() -> None:
    events = by_key(rehearse(timeline(), MONDAY).events)
    for task_id, *_, after, _at, _minutes, _needs in TASKS:
        for predecessor in after:
            assert first_day(events[task_id]) >= first_day(events[predecessor])


def test_call_and_meetings_are_timed_in_working_hours() -> None:
    events = by_key(rehearse(timeline(), MONDAY).events)
    call = events["call"]
    assert call.local_start() == datetime(2027, 6, 7, 9, 30, tzinfo=LONDON)
    assert call.local_end() == datetime(2027, 6, 7, 10, 0, tzinfo=LONDON)
    assert call.category is Category.NOTIFICATION
    feedback = events["final-feedback"]
    assert feedback.local_start() == datetime(2027, 6, 18, 14, 0, tzinfo=LONDON)
    assert feedback.duration().total_seconds() == 90 * 60
    assert feedback.busy is BusyStatus.BUSY


def test_daily_keep_in_touch_meeting_is_one_recurring_event() -> None:
    kit = by_key(rehearse(timeline(), MONDAY).events)["kit"]
    assert kit.local_start() == datetime(2027, 6, 14, 16, 30, tzinfo=LONDON)
    assert kit.recurrence is not None
    assert kit.recurrence.until == date(2027, 6, 18)
    assert kit.recurrence.weekdays == (0, 1, 2, 3, 4)
    assert kit.recurrence.dates(date(2027, 6, 14)) == list(
        CALENDAR.working_days(date(2027, 6, 14), date(2027, 6, 18))
    )


def test_kit_time_is_configurable() -> None:
    kit = by_key(rehearse(timeline(), MONDAY, kit_time=time(8, 45)).events)["kit"]
    assert kit.local_start().time() == time(8, 45)


def test_bank_holiday_inside_fieldwork_becomes_an_exdate() -> None:
    # Call Thu 20 May 2027: fieldwork Thu 27 May to Thu 3 June, across the 31 May bank holiday.
    kit = by_key(rehearse(timeline(), date(2027, 5, 20)).events)["kit"]
    assert kit.recurrence is not None
    assert kit.recurrence.exdates == (date(2027, 5, 31),)
    expanded = recurring_ical_events.of(
        parse(rehearse(timeline(), date(2027, 5, 20)).to_ical(stamp=STAMP))
    ).between(date(2027, 5, 27), date(2027, 6, 4))
    days = sorted(
        e.decoded("DTSTART").date() for e in expanded if str(e["SUMMARY"]).endswith("the DCS")
    )
    assert days == CALENDAR.working_days(date(2027, 5, 27), date(2027, 6, 3))
    assert date(2027, 5, 31) not in days


def test_rehearsal_across_the_october_clock_change_keeps_local_times() -> None:
    # Call Thu 21 Oct 2027: fieldwork Thu 28 Oct to Wed 3 Nov; clocks go back on Sun 31 Oct.
    data = rehearse(timeline(), date(2027, 10, 21)).to_ical(stamp=STAMP)
    expanded = recurring_ical_events.of(parse(data)).between(date(2027, 10, 28), date(2027, 11, 4))
    kits = sorted(e.decoded("DTSTART") for e in expanded if str(e["SUMMARY"]).endswith("the DCS"))
    assert {k.astimezone(LONDON).time() for k in kits} == {time(16, 30)}
    assert [k.astimezone(UTC).hour for k in kits] == [15, 15, 16, 16, 16]


def test_each_event_names_its_owner_team_and_needs() -> None:
    result = rehearse(
        timeline(),
        MONDAY,
        team_names={"performance": "Performance and data team"},
        contacts={"performance": ["Priya Shah (head of performance)"]},
    )
    annex = by_key(result.events)["annex-a"]
    assert annex.team == "Performance and data team"
    details = annex.details()
    assert "Owner: Performance and data team" in details
    assert "Needs: case management system extracts" in details
    assert "Contacts: Priya Shah (head of performance)" in details
    assert "After: Notification call from the lead inspector" in details
    for event in result.events:
        if event.key != "rehearsal":
            assert event.team, event.key
            assert event.summary.startswith("Rehearsal: ")


def test_deadlines_are_free_and_fieldwork_is_busy() -> None:
    events = by_key(rehearse(timeline(), MONDAY).events)
    assert events["factual-accuracy"].busy is BusyStatus.FREE
    assert events["factual-accuracy"].category is Category.DEADLINE
    assert events["fieldwork"].busy is BusyStatus.BUSY
    assert events["rehearsal"].category is Category.REHEARSAL


def test_compressed_run_keeps_the_notification_week_and_shortens_fieldwork() -> None:
    full = by_key(rehearse(timeline(), MONDAY).events)
    short = rehearse(timeline(), MONDAY, mode="compressed", fieldwork_days=2)
    events = by_key(short.events)
    for task_id in ("call", "coordination-team", "annex-a", "case-list", "base-room"):
        assert events[task_id] == full[task_id]
    assert short.fieldwork == (date(2027, 6, 14), date(2027, 6, 15))
    assert (events["fieldwork"].start, last_day(events["fieldwork"])) == (
        date(2027, 6, 14),
        date(2027, 6, 15),
    )
    kit = events["kit"]
    assert kit.recurrence is not None
    assert kit.recurrence.until == date(2027, 6, 15)
    assert first_day(events["final-feedback"]) == date(2027, 6, 15)
    assert set(short.dropped) == {"draft-report", "factual-accuracy", "action-plan"}
    assert short.end == date(2027, 6, 15)
    assert "left out after the fieldwork: 3 tasks" in short.summary()


def test_compressed_default_is_half_the_fieldwork_rounded_up() -> None:
    assert len(rehearse(timeline(), MONDAY, mode="compressed").fieldwork) == 3


def test_uids_are_stable_across_runs_and_differ_by_mode() -> None:
    first = rehearse(timeline(), MONDAY).to_ical(stamp=STAMP)
    assert rehearse(timeline(), MONDAY).to_ical(stamp=STAMP) == first
    compressed = rehearse(timeline(), MONDAY, mode="compressed").to_ical(stamp=STAMP)
    uids = {str(e["UID"]) for e in parse(first).walk("VEVENT")}
    assert uids.isdisjoint(str(e["UID"]) for e in parse(compressed).walk("VEVENT"))


def test_start_on_another_weekday_than_the_call_warns() -> None:
    result = rehearse(timeline(), date(2027, 6, 9))
    assert result.warnings
    assert "Monday" in result.warnings[0]
    assert "Wednesday" in result.warnings[0]


@pytest.mark.parametrize(
    ("start", "nearest"),
    [
        (date(2027, 6, 5), "2027-06-04 (Fri) and 2027-06-07 (Mon)"),  # Saturday
        (date(2027, 5, 31), "2027-05-28 (Fri) and 2027-06-01 (Tue)"),  # spring bank holiday
    ],
)
def test_start_that_is_not_a_working_day_names_the_nearest(start: date, nearest: str) -> None:
    with pytest.raises(ScheduleError, match="not a working day") as raised:
        rehearse(timeline(), start)
    assert nearest in str(raised.value)
    assert start.isoformat() in str(raised.value)


def test_unknown_mode_lists_the_modes_and_suggests() -> None:
    with pytest.raises(
        UnknownNameError, match="valid: full, compressed; did you mean 'compressed'"
    ):
        rehearse(timeline(), MONDAY, mode="compresed")


@pytest.mark.parametrize("days", [0, 6])
def test_compressed_fieldwork_days_out_of_range(days: int) -> None:
    with pytest.raises(ScheduleError, match=r"1 to 5 working days"):
        rehearse(timeline(), MONDAY, mode="compressed", fieldwork_days=days)


def test_fieldwork_days_with_a_full_replay_is_refused() -> None:
    with pytest.raises(ScheduleError, match="compressed rehearsal only"):
        rehearse(timeline(), MONDAY, fieldwork_days=2)


def test_summary_names_the_call_fieldwork_and_teams() -> None:
    text = rehearse(timeline(), MONDAY).summary()
    assert "ILACS short inspection – 2027-06-07: full rehearsal" in text
    assert "ilacs:short" not in text  # the id stays out of what planners read
    assert "call Mon 07 Jun 2027" in text
    assert "fieldwork Mon 14 Jun to Fri 18 Jun 2027 (5 days)" in text
    assert "Leadership 5" in text


def test_written_files_round_trip(tmp_path: Path) -> None:
    written = rehearse(timeline(), MONDAY).write(tmp_path, stamp=STAMP)
    assert {w.path.name for w in written} >= {"all-teams.ics", "team-leadership.ics", "events.csv"}
    combined = parse((tmp_path / "all-teams.ics").read_bytes())
    # the banner, and the base room booked for the days on site (one team all week)
    assert len(list(combined.walk("VEVENT"))) == len(TASKS) + 2


def test_fortnightly_planning_meetings_before_the_rehearsal() -> None:
    # Call Tue 1 June 2027: planning meetings on Tuesdays, fortnightly, the last on 18 May.
    result = rehearse(timeline(), date(2027, 6, 1), planning_meetings=4, planning_time=time(11, 0))
    planning = by_key(result.events)["planning-meetings"]
    assert planning.local_start() == datetime(2027, 4, 6, 11, 0, tzinfo=LONDON)
    assert planning.recurrence is not None
    assert (planning.recurrence.frequency, planning.recurrence.interval) == (Frequency.WEEKLY, 2)
    assert planning.recurrence.dates(date(2027, 4, 6)) == [
        date(2027, 4, 6),
        date(2027, 4, 20),
        date(2027, 5, 4),
        date(2027, 5, 18),
    ]
    assert planning.team == "Coordination"  # the id, readable, when no name is given
    data = result.to_ical(stamp=STAMP)
    rules = [dict(event["RRULE"]) for event in parse(data).walk("VEVENT") if "RRULE" in event]
    until = datetime(2027, 5, 18, 10, tzinfo=UTC)
    assert {"FREQ": ["WEEKLY"], "UNTIL": [until], "INTERVAL": [2]} in rules


def test_planning_meeting_on_a_bank_holiday_is_cancelled() -> None:
    # Call Mon 14 June 2027: fortnightly Mondays back to 3 May (early May bank holiday) and 31 May.
    result = rehearse(timeline(), date(2027, 6, 14), planning_meetings=3)
    planning = by_key(result.events)["planning-meetings"]
    assert planning.recurrence is not None
    assert planning.recurrence.exdates == (date(2027, 5, 3), date(2027, 5, 31))
    assert planning.recurrence.dates(date(2027, 5, 3)) == [date(2027, 5, 17)]


def test_negative_planning_meetings_are_refused() -> None:
    with pytest.raises(ScheduleError, match="planning_meetings must be 0 or more"):
        rehearse(timeline(), MONDAY, planning_meetings=-1)
