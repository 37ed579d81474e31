"""A rehearsal of a scenario with people: the on-site week booked, each person's and room's
calendar, timetable.csv and the tracker's sheet, read back with real parsers."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from openpyxl import load_workbook

from inspection_sim.export.events import LONDON
from inspection_sim.rehearsal.onsite_files import person_file_names, room_file_names
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.timetable import COLUMNS, Person
from inspection_sim.timetable.result import person_events
from inspection_sim.tracker.columns import TIMETABLE_SHEET
from inspection_sim.workbench import rehearse_scenario
from tests.conftest import ROOT
from tests.libical_run import libical_report
from tests.timetable.checks import violations

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = datetime(2027, 5, 1, 9, tzinfo=UTC)
SCENARIOS = ROOT / "scenarios"


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_the_default_rehearsal_books_a_believable_week() -> None:
    trial = rehearse_scenario(default_scenario())
    tt = trial.timetable
    assert tt is not None
    assert tt.days == trial.fieldwork  # the trial's own on-site days
    assert len(tt.bookings) >= 30
    assert tt.unbooked == ()
    (stand_in,) = tt.substitutes  # Imani Clarke is on leave all week
    assert stand_in.case_id == "C-1005"
    assert stand_in.people == ("grace-hughes",)
    assert "Imani Clarke" in stand_in.note
    assert "36 sessions booked (1 with a manager standing in" in trial.summary()


def test_a_scenario_without_people_has_no_timetable(tmp_path: Path) -> None:
    scenario = replace(default_scenario(), onsite=type(default_scenario().onsite)())
    trial = rehearse_scenario(scenario)
    assert trial.timetable is None
    written = trial.write(tmp_path / "out", stamp=STAMP)
    assert not any("/" in item.path.relative_to(written.folder).as_posix() for item in written)
    assert "on-site" not in trial.summary()


def test_a_compressed_rehearsal_books_only_its_own_days() -> None:
    trial = rehearse_scenario(default_scenario(), mode="compressed", fieldwork_days=2)
    assert trial.timetable is not None
    assert trial.timetable.days == trial.fieldwork
    assert len(trial.fieldwork) == 2
    assert {b.day for b in trial.timetable.bookings} <= set(trial.fieldwork)


def test_what_cannot_be_booked_is_listed_with_the_reason(tmp_path: Path) -> None:
    scenario = default_scenario()
    away = frozenset(default_scenario_days())
    onsite = scenario.onsite
    people = tuple(
        replace(p, leave=p.leave | away) if p.role == "director" else p for p in onsite.people
    )
    trial = rehearse_scenario(scenario.with_changes(onsite=replace(onsite, people=people)))
    assert trial.timetable is not None
    missing = {u.activity: u.reason for u in trial.timetable.unbooked}
    assert "kit" in missing
    assert "Dr Amira Hassan" in missing["kit"]
    trial.write(tmp_path, stamp=STAMP)
    unbooked = [row for row in rows(tmp_path / "timetable.csv") if row["status"] == "unbooked"]
    assert unbooked
    assert all(row["note"] for row in unbooked)
    assert "could not be booked" not in trial.summary()
    assert "not booked (the reasons are in timetable.csv)" in trial.summary()


def default_scenario_days() -> tuple[object, ...]:
    return rehearse_scenario(default_scenario()).fieldwork


def test_each_person_gets_exactly_their_own_sessions(tmp_path: Path) -> None:
    trial = rehearse_scenario(default_scenario())
    tt = trial.timetable
    assert tt is not None
    trial.write(tmp_path, stamp=STAMP)
    names = person_file_names(tt)
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == sorted(
        Path(name).name for name in names.values()
    )
    for pid, name in names.items():
        calendar = icalendar.Calendar.from_ical((tmp_path / name).read_bytes())
        events = list(calendar.walk("VEVENT"))
        mine = sorted(b.session for b in tt.bookings if pid in b.people)
        assert len(events) == len(mine)
        for event in events:
            start = event.decoded("DTSTART")
            assert start.tzinfo is not None
            assert event["DTSTART"].params["TZID"] == "Europe/London"
            assert str(event["SUMMARY"]).startswith("Rehearsal: ")
        if len(events) > 1:  # a one-event file has no name: Outlook would make a calendar of it
            assert str(calendar["X-WR-CALNAME"]).endswith(tt.person_name(pid))
    for room, name in room_file_names(tt).items():
        events = list(icalendar.Calendar.from_ical((tmp_path / name).read_bytes()).walk("VEVENT"))
        assert len(events) == sum(b.room == room for b in tt.bookings)


def test_nothing_about_a_child_beyond_its_id(tmp_path: Path) -> None:
    trial = rehearse_scenario(default_scenario())
    trial.write(tmp_path, stamp=STAMP)
    table = rows(tmp_path / "timetable.csv")
    assert list(table[0]) == list(COLUMNS)
    ids = {row["case_id"] for row in table if row["case_id"]}
    assert ids == {c.case_id for c in default_scenario().onsite.cases}
    text = (tmp_path / "people" / "grace-hughes.ics").read_text("utf-8")
    assert "C-1005" in text  # the case is named by its id, and nothing else about it


def test_person_calendars_parse_with_vobject_and_libical(tmp_path: Path) -> None:
    trial = rehearse_scenario(default_scenario())
    trial.write(tmp_path, stamp=STAMP)
    path = tmp_path / "people" / "grace-hughes.ics"
    parsed = vobject.readOne(path.read_text("utf-8"))
    expected = sum("grace-hughes" in b.people for b in trial.timetable.bookings)  # type: ignore[union-attr]
    assert len(parsed.vevent_list) == expected
    for event in parsed.vevent_list:
        assert event.dtstart.value.tzinfo is not None
        assert event.dtstart.value.astimezone(LONDON).hour >= 9
    report = libical_report(path)
    assert report["errors_without_method"] == []
    assert report["restrictions_without_method"] == 1
    assert all(event["tzid"] == "Europe/London" for event in report["events"])
    assert len(report["events"]) == expected


def test_the_tracker_has_the_timetable_sheet(tmp_path: Path) -> None:
    trial = rehearse_scenario(default_scenario())
    trial.write(tmp_path, stamp=STAMP)
    book = load_workbook(tmp_path / "tracker.xlsx", read_only=True)
    sheet = book[TIMETABLE_SHEET]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == list(COLUMNS)
    assert len(table) - 1 == len(rows(tmp_path / "timetable.csv"))
    assert any(row[0] == "substitute" for row in table[1:])


def test_a_name_two_people_share_gives_two_files_with_their_ids() -> None:
    scenario = default_scenario()
    onsite = scenario.onsite
    twins = tuple(
        replace(p, name="Ella Patel") if p.id == "faisal-ahmed" else p for p in onsite.people
    )
    trial = rehearse_scenario(scenario.with_changes(onsite=replace(onsite, people=twins)))
    assert trial.timetable is not None
    names = person_file_names(trial.timetable)
    assert names["ella-patel"] == "people/ella-patel.ics"  # her id is her name already
    assert names["faisal-ahmed"] == "people/ella-patel-faisal-ahmed.ics"
    assert len(set(names.values())) == len(names)


def test_the_same_rehearsal_gives_the_same_bytes(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        rehearse_scenario(default_scenario()).write(tmp_path / folder, stamp=STAMP)
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            assert (
                path.read_bytes()
                == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
            )


def test_running_again_updates_in_place_and_removes_a_person_gone(tmp_path: Path) -> None:
    scenario = default_scenario()
    rehearse_scenario(scenario).write(tmp_path, stamp=STAMP)
    manifest = json.loads((tmp_path / ".inspection-sim.json").read_text("utf-8"))["files"]
    assert "people/aisha-khan.ics" in manifest
    assert "rooms/committee-room-2.ics" in manifest
    again = rehearse_scenario(scenario).write(tmp_path, stamp=STAMP.replace(day=2))
    assert again.summary() == f"{len(again)} files unchanged"
    onsite = scenario.onsite
    fewer = replace(
        onsite,
        people=tuple(p for p in onsite.people if p.id != "aisha-khan"),
        cases=tuple(c for c in onsite.cases if c.allocated_worker != "aisha-khan"),
    )
    third = rehearse_scenario(scenario.with_changes(onsite=fewer)).write(tmp_path, stamp=STAMP)
    assert [p.relative_to(tmp_path).as_posix() for p in third.removed] == ["people/aisha-khan.ics"]
    assert not (tmp_path / "people" / "aisha-khan.ics").exists()
    manifest = json.loads((tmp_path / ".inspection-sim.json").read_text("utf-8"))["files"]
    assert "people/aisha-khan.ics" not in manifest


def test_people_gone_altogether_take_their_folders_with_them(tmp_path: Path) -> None:
    scenario = default_scenario()
    rehearse_scenario(scenario).write(tmp_path, stamp=STAMP)
    bare = scenario.with_changes(onsite=type(scenario.onsite)())
    rehearse_scenario(bare).write(tmp_path, stamp=STAMP)
    assert not (tmp_path / "people").exists()
    assert not (tmp_path / "rooms").exists()
    assert not (tmp_path / "timetable.csv").exists()


@pytest.mark.parametrize(
    "name",
    [
        "focused-visit",
        "inadequate-council-monitoring-visit",
        "jtai-front-door",
        "ri-council-ilacs-standard",
        "what-if-performance-two-down",
        "what-if-two-social-workers-away",
    ],
)
def test_shipped_scenarios_with_people_book_their_week(name: str) -> None:
    trial = rehearse_scenario(load_scenario(SCENARIOS / f"{name}.toml"))
    tt = trial.timetable
    assert tt is not None
    assert len(tt.bookings) >= 10
    assert violations(tt) == []
    for case in tt.cases:
        held = [b for b in tt.bookings if b.case_id == case.case_id]
        assert held, case.case_id
    for missing in tt.unbooked:  # the standard inspection's compressed trial has no schools day
        assert "no schools inspector on site" in missing.reason


def test_rehearse_writes_people_and_rooms_calendars_and_the_timetable(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "rehearsal"
    done = cli("rehearse", "--out", str(out), "--stamp", "2027-05-01T09:00:00Z")
    assert done.returncode == 0, done.stderr
    assert "on-site timetable: 36 sessions booked (1 with a manager standing in" in done.stdout
    assert "people/: 25 calendars" in done.stdout
    assert "timetable.csv: 36 sessions, new" in done.stdout
    people = sorted(p.name for p in (out / "people").iterdir())
    assert "grace-hughes.ics" in people
    assert len(people) == 25
    assert len(list((out / "rooms").iterdir())) >= 1
    table = rows(out / "timetable.csv")
    assert sum(row["status"] == "substitute" for row in table) == 1
    for path in (out / "people").iterdir():
        icalendar.Calendar.from_ical(path.read_bytes())
    again = cli("rehearse", "--out", str(out), "--stamp", "2027-05-02T09:00:00Z")
    assert again.returncode == 0, again.stderr
    assert "people/: 25 calendars, 44 sessions in all; 25 files unchanged" in again.stdout


def test_person_events_are_the_engines(tmp_path: Path) -> None:
    """The files hold what the engine's person_events gives, titled for a trial run."""
    trial = rehearse_scenario(default_scenario())
    tt = trial.timetable
    assert tt is not None
    trial.write(tmp_path, stamp=STAMP)
    events = person_events(tt)
    for pid, name in person_file_names(tt).items():
        calendar = icalendar.Calendar.from_ical((tmp_path / name).read_bytes())
        summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
        assert summaries == sorted(f"Rehearsal: {e.summary}" for e in events[pid])
        assert isinstance(tt.people[pid], Person)
