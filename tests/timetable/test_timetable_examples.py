"""Worked examples: meetings at their times, substitutes and their reasons, full rooms, caps,
Europe/London times, outputs per person and room, and the checker itself."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta

import pytest

from inspection_sim.errors import ScheduleError, UnknownNameError
from inspection_sim.timetable import (
    COLUMNS,
    Person,
    Room,
    SampledCase,
    build_timetable,
    person_events,
    room_events,
)
from inspection_sim.timetable.synthetic import synthetic_council
from tests.timetable.checks import violations

MON = date(2027, 6, 7)
WEEK = [MON + timedelta(n) for n in range(5)]


def leaders() -> list[Person]:
    return [
        Person("dcs", "Dee Cole", "Directorate", "director"),
        Person("h1", "Hal One", "Directorate", "head of service"),
        Person("h2", "Hana Two", "Directorate", "head of service"),
    ]


def test_a_believable_week_for_a_council() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=5)
    tt = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    assert violations(tt) == []
    assert len(tt.bookings) >= 30
    assert not tt.unbooked
    kits = [b for b in tt.bookings if b.activity == "kit"]
    assert [b.day for b in kits] == WEEK
    assert {b.start.strftime("%H:%M") for b in kits} == {"16:30"}
    assert all(b.people == ("p0001",) and b.inspectors == ("social-care-1",) for b in kits)
    feedback = tt.booking("final-feedback")
    assert feedback.day == WEEK[-1]
    assert feedback.start.strftime("%H:%M") == "14:00"
    assert tt.cases_discussed() == 1.0


def test_a_worker_away_all_week_is_replaced_by_the_team_manager_flagged() -> None:
    people = [
        Person("ann", "Ann Shaw", "Assessment", "social worker", leave=frozenset(WEEK)),
        Person("tom", "Tom Reid", "Assessment", "team manager"),
        *leaders(),
    ]
    tt = build_timetable("ilacs:short", people=people, cases=[SampledCase("C-7", "ann")], start=MON)
    b = tt.booking("case-discussion:C-7")
    assert b.substitute
    assert b.people == ("tom",)
    assert b.note == (
        "the team manager attends in place of the allocated worker: Ann Shaw (social worker, "
        "Assessment) is away on every day it could be held (on leave on 5 days, Mon 07 Jun to "
        "Fri 11 Jun 2027)"
    )
    assert tt.cases_discussed() == 0.0
    assert violations(tt) == []


def test_when_the_manager_is_away_too_the_case_is_listed_with_both_reasons() -> None:
    people = [
        Person("ann", "Ann Shaw", "Assessment", "social worker", weekdays="Sat"),
        Person("tom", "Tom Reid", "Assessment", "team manager", leave=frozenset(WEEK)),
        *leaders(),
    ]
    tt = build_timetable("ilacs:short", people=people, cases=[SampledCase("C-7", "ann")], start=MON)
    (u,) = [u for u in tt.unbooked if u.session == "case-discussion:C-7"]
    assert "Ann Shaw (social worker, Assessment) is away on every day it could be held" in u.reason
    assert "does not work on Mondays or Tuesdays or Wednesdays or Thursdays or Fridays" in u.reason
    assert "the team manager cannot stand in: Tom Reid" in u.reason
    assert u.people == ("ann",)
    assert "away" in u.causes


def test_a_part_time_worker_is_booked_on_their_day() -> None:
    people = [Person("ann", "Ann Shaw", "Assessment", "social worker", weekdays="Wed"), *leaders()]
    tt = build_timetable("ilacs:short", people=people, cases=[SampledCase("C-1", "ann")], start=MON)
    assert tt.booking("case-discussion:C-1").day == date(2027, 6, 9)


def test_no_room_big_enough_is_the_reason() -> None:
    people = [Person("ann", "Ann Shaw", "Assessment", "social worker"), *leaders()]
    tt = build_timetable(
        "ilacs:short",
        people=people,
        cases=[SampledCase("C-1", "ann")],
        rooms=[Room("Cupboard", 1)],
        start=MON,
    )
    (u,) = [u for u in tt.unbooked if u.session == "case-discussion:C-1"]
    assert "no room holds 2 people (the largest holds 1)" in u.reason
    assert violations(tt) == []


def test_rooms_full_and_inspectors_at_their_limit_are_reasons() -> None:
    people = [Person(f"w{k}", f"Worker {k}", "T", "social worker") for k in range(6)]
    cases = [SampledCase(f"C-{k}", f"w{k}") for k in range(6)]
    tt = build_timetable(
        "ilacs:focused-visit",
        people=[*people, *leaders()],
        cases=cases,
        start=date(2027, 6, 8),
        overrides={"activities.case-discussion.per_inspector_per_day": 1},
    )
    discussed = [b for b in tt.bookings if b.kind == "case-discussion"]
    assert len(discussed) == 4  # 2 inspectors x 2 days x 1
    reasons = [u.reason for u in tt.unbooked if u.kind == "case-discussion"]
    assert len(reasons) == 2
    assert all("inspectors are booked or at their limit" in r for r in reasons)
    assert violations(tt) == []


@pytest.mark.parametrize(
    ("start", "offsets"),
    [
        (date(2027, 1, 11), {"+00:00"}),
        (date(2027, 6, 7), {"+01:00"}),
        (date(2027, 10, 25), {"+00:00", "+01:00"}),  # clocks go back on Sunday 31 October
    ],
)
def test_times_are_europe_london_wall_times(start: date, offsets: set[str]) -> None:
    people, cases, rooms = synthetic_council(60, 10, seed=2)
    tt = build_timetable("ilacs:standard", people=people, cases=cases, rooms=rooms, start=start)
    assert {b.start.isoformat()[-6:] for b in tt.bookings} == offsets
    assert min(b.start.strftime("%H:%M") for b in tt.bookings) == "09:00"
    assert max(b.end.strftime("%H:%M") for b in tt.bookings) <= "17:00"


def test_standard_inspection_specialists_are_booked_on_their_days() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=4)
    tt = build_timetable("ilacs:standard", people=people, cases=cases, rooms=rooms, start=MON)
    regulatory = {b.day for b in tt.bookings if "regulatory-1" in b.inspectors}
    assert regulatory
    assert regulatory <= {date(2027, 6, 8), date(2027, 6, 9)}
    schools = {b.day for b in tt.bookings if "schools-1" in b.inspectors}
    assert schools == {date(2027, 6, 10)}


def test_a_start_that_is_not_a_working_day_names_the_nearest() -> None:
    with pytest.raises(
        ScheduleError, match=r"Mon 31 May 2027 is not a working day.*2027-05-28 or 2027-06-01"
    ):
        build_timetable("ilacs:short", people=leaders(), start=date(2027, 5, 31))
    with pytest.raises(UnknownNameError, match=r"did you mean 'cp-sat'\?"):
        build_timetable("ilacs:short", people=leaders(), start=MON, solver="cpsat")


def test_a_week_after_a_bank_holiday_runs_over_working_days() -> None:
    tt = build_timetable("ilacs:short", people=leaders(), start=date(2027, 6, 1))
    assert tt.days[0] == date(2027, 6, 1)
    assert tt.days[-1] == date(2027, 6, 7)


def test_csv_has_stable_columns_and_lists_the_unbooked() -> None:
    people = [Person("ann", "=Ann", "Assessment", "social worker"), *leaders()]
    tt = build_timetable("ilacs:short", people=people, cases=[SampledCase("C-1", "ann")], start=MON)
    rows = list(csv.reader(io.StringIO(tt.to_csv(), newline="")))
    assert tuple(rows[0]) == COLUMNS
    status = {row[1]: row[0] for row in rows[1:]}
    assert status["case-discussion:C-1"] == "booked"
    assert status["audit-discussion:C-1"] == "unbooked"
    assert any(row[11] == "'=Ann" for row in rows[1:])  # a formula-like name is kept as text
    assert len(rows) - 1 == len(tt.bookings) + len(tt.unbooked)


def test_csv_keeps_a_hostile_name_in_one_cell_of_one_row_and_runs_no_formula() -> None:
    hostile = "Ann\r=cmd|' /C calc'!A0"
    people = [Person("ann", hostile, "Data team\n@SUM(A1)", "social worker"), *leaders()]
    tt = build_timetable("ilacs:short", people=people, cases=[SampledCase("C-1", "ann")], start=MON)
    text = tt.to_csv()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(tt.bookings) + len(tt.unbooked)
    assert text.count("\r\n") >= len(rows)
    assert text.endswith("\r\n")
    names = [row[COLUMNS.index("names")] for row in rows[1:]]
    assert hostile in names
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_same_inputs_give_the_same_json() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=9, leave=(MON, WEEK[-1]), away_workers=2)
    first = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    again = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    assert first.to_json() == again.to_json()
    assert '"cases_discussed_as_planned": 0.8333' in first.to_json()


def test_each_person_and_room_gets_exactly_their_sessions() -> None:
    people, cases, rooms = synthetic_council(80, 12, seed=6)
    tt = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    events = person_events(tt)
    assert set(events) == {p for b in tt.bookings for p in b.people}
    for pid, items in events.items():
        mine = sorted(b.session for b in tt.bookings if pid in b.people)
        assert sorted(e.key.removeprefix("timetable-") for e in items) == mine
        assert all(tt.people[pid].name in e.description for e in items)
        assert all(not e.all_day and e.start.utcoffset() is not None for e in items)
    for name, items in room_events(tt).items():
        assert all(e.location == name for e in items)
        assert sum(len(v) for v in room_events(tt).values()) == sum(
            1 for b in tt.bookings if b.room
        )


def test_the_checker_finds_a_planted_double_booking() -> None:
    people, cases, rooms = synthetic_council(60, 8, seed=1)
    tt = build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=MON)
    first, second = [b for b in tt.bookings if b.kind == "case-discussion"][:2]
    clash = replace(second, day=first.day, start=first.start, end=first.end, room=first.room)
    broken = replace(tt, bookings=tuple(clash if b is second else b for b in tt.bookings))
    assert any("double-booked" in v for v in violations(broken))
