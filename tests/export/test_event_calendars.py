"""Events shared by several team calendars, framework dates, references kept out of sight, and a
CSV that Excel opens as UTF-8."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import vobject
from ical_support import STAMP, parse, sample_events

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.export import CalendarEvent, Category, to_csv, to_ical, write_calendars
from inspection_sim.export.events import FRAMEWORK_CATEGORY
from inspection_sim.export.files import ExtraFile
from inspection_sim.export.ical import REFERENCE


def shared_events() -> list[CalendarEvent]:
    """The sample with the fieldwork as a framework date that two more teams live by."""
    events = sample_events()
    return [
        replace(
            event,
            framework=True,
            also_for=("Performance", "Senior leaders", "Coordination"),
            reference="ilacs:short fieldwork | sources S13 S3",
        )
        if event.key == "fieldwork"
        else event
        for event in events
    ]


def test_an_event_is_in_its_owner_file_and_in_every_file_it_is_also_for(tmp_path: Path) -> None:
    written = write_calendars(shared_events(), tmp_path, stamp=STAMP)
    teams = {item.team: item for item in written if item.team}
    assert set(teams) == {"Coordination", "Performance", "Senior leaders"}
    for team, item in teams.items():
        summaries = [str(e["SUMMARY"]) for e in parse(item.path.read_bytes()).walk("VEVENT")]
        assert "Rehearsal fieldwork (on site)" in summaries, team
    combined = parse((tmp_path / "all-teams.ics").read_bytes())
    assert len(list(combined.walk("VEVENT"))) == len(sample_events())  # once, not three times


def test_also_for_leaves_out_the_owner_and_duplicates_and_is_sorted() -> None:
    event = shared_events()[1]
    assert event.key == "fieldwork"
    assert event.also_for == ("Performance", "Senior leaders")
    assert event.teams == ("Coordination", "Performance", "Senior leaders")


def test_also_for_must_be_team_names() -> None:
    with pytest.raises(ArgumentTypeError, match="also_for must be a sequence of team names"):
        CalendarEvent("x", "X", date(2027, 6, 7), date(2027, 6, 8), also_for="Performance")  # type: ignore[arg-type]


def test_framework_dates_carry_a_second_category_and_the_reference_out_of_sight() -> None:
    data = to_ical(shared_events(), calendar_name="Test", stamp=STAMP)
    fieldwork = next(e for e in parse(data).walk("VEVENT") if "fieldwork" in str(e["SUMMARY"]))
    assert [str(c) for c in fieldwork["CATEGORIES"].cats] == ["Fieldwork", FRAMEWORK_CATEGORY]
    assert str(fieldwork[REFERENCE]) == "ilacs:short fieldwork | sources S13 S3"
    assert "S13" not in str(fieldwork.get("DESCRIPTION", ""))
    other = vobject.readOne(data.decode("utf-8"))  # a second parser reads the property too
    found = [e for e in other.vevent_list if e.summary.value.startswith("Rehearsal fieldwork")]
    assert found[0].contents["x-inspection-sim-reference"][0].value.endswith("S3")


def test_the_csv_starts_with_a_byte_order_mark_and_keeps_crlf_and_names_the_calendars() -> None:
    events = [
        replace(e, team="Ynys Môn data team") if e.key == "annex-a" else e for e in shared_events()
    ]
    data = to_csv(events)
    assert data.startswith(b"\xef\xbb\xbfuid,")
    assert data.endswith(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(events)
    annex = next(row for row in rows if row["key"] == "annex-a")
    assert annex["team"] == "Ynys Môn data team"
    assert annex["framework"] == "no"
    fieldwork = next(row for row in rows if row["key"] == "fieldwork")
    assert fieldwork["framework"] == "yes"
    assert fieldwork["calendars"] == "Coordination; Performance; Senior leaders"
    assert fieldwork["reference"].startswith("ilacs:short")


def test_extra_files_are_written_in_the_same_unit_and_reported(tmp_path: Path) -> None:
    def extra(previous: object) -> dict[str, ExtraFile]:
        return {"notes.csv": ExtraFile(b"a,b\r\n", 1, "note")}

    written = write_calendars(sample_events(), tmp_path, stamp=STAMP, extra=extra)
    assert written[-1].path.name == "notes.csv"
    assert written[-1].count() == "1 note"
    assert (tmp_path / "notes.csv").read_bytes() == b"a,b\r\n"
    again = write_calendars(sample_events(), tmp_path, stamp=STAMP)
    assert [path.name for path in again.removed] == ["notes.csv"]


def test_new_categories_are_in_the_fixed_vocabulary() -> None:
    assert Category("Off-site analysis") is Category.OFFSITE
    assert Category("Inject") is Category.INJECT
