"""``inspection-sim plan``: the real inspection's calendars, tracker and CSV from the real call."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
from icalendar import Calendar
from track_support import SCENARIO, Row, events, fill

from inspection_sim.export.ical import event_uid

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = "2027-06-07T08:00:00Z"


def plan(cli: Cli, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("plan", str(SCENARIO), "--out", str(out), "--stamp", STAMP, *args)


def test_plan_writes_the_calendars_tracker_and_csv_on_the_real_dates(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    done = plan(cli, out, "--notified", "2027-06-07")
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        ".inspection-sim.json",
        "all-teams.ics",
        "events.csv",
        "scenario.toml",
        "team-children-s-social-care.ics",
        "team-director-and-senior-leaders.ics",
        "team-facilities.ics",
        "team-inspection-coordination-team.ics",
        "team-it.ics",
        "team-performance-and-data-team.ics",
        "team-quality-assurance-team.ics",
        "tracker.xlsx",
    ]
    assert (out / "scenario.toml").read_bytes() == SCENARIO.read_bytes()
    calendar = Calendar.from_ical((out / "all-teams.ics").read_bytes())
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    texts = summaries + [str(vevent.get("DESCRIPTION", "")) for vevent in calendar.walk("VEVENT")]
    assert not [text for text in texts if "rehears" in text.lower()]
    assert str(calendar["X-WR-CALNAME"]) == (
        "Inspection – Northbridge Borough Council – ILACS short inspection – call 2027-06-07"
    )
    by_summary = {str(v["SUMMARY"]): v for v in calendar.walk("VEVENT")}
    fieldwork = next(v for s, v in by_summary.items() if s.startswith("[Ofsted] Fieldwork"))
    assert fieldwork.decoded("DTSTART") == date(2027, 6, 14)
    call = next(v for s, v in by_summary.items() if "Notification call" in s)
    assert call.decoded("DTSTART").date() == date(2027, 6, 7)
    rows = list(csv.DictReader(io.StringIO((out / "events.csv").read_text("utf-8-sig"))))
    assert {row["uid"] for row in rows} == {str(v["UID"]) for v in calendar.walk("VEVENT")}
    book = openpyxl.load_workbook(out / "tracker.xlsx")
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["kind"] == "plan"
    assert about["call"] == datetime(2027, 6, 7)
    plan_id = "inspection:Northbridge Borough Council:ilacs:short:2027-06-07"
    assert about["plan_id"] == plan_id
    assert str(by_summary[next(iter(by_summary))]["UID"]) in {
        event_uid(plan_id, row["key"]) for row in rows
    }
    assert "tracker.xlsx: written" in done.stdout


def test_uids_are_stable_per_inspection_and_differ_between_calls(cli: Cli, tmp_path: Path) -> None:
    first = plan(cli, tmp_path / "a", "--notified", "2027-06-07")
    again = plan(cli, tmp_path / "b", "--notified", "2027-06-07")
    other = plan(cli, tmp_path / "c", "--notified", "2027-06-14")
    for done in (first, again, other):
        assert done.returncode == 0, done.stderr
    a, b, c = (set(events(tmp_path / name / "all-teams.ics")) for name in "abc")
    assert a == b
    assert not a & c
    assert (tmp_path / "a" / "all-teams.ics").read_bytes() == (
        tmp_path / "b" / "all-teams.ics"
    ).read_bytes()


def test_planning_again_keeps_the_planner_s_tracker(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    assert plan(cli, out, "--notified", "2027-06-07").returncode == 0
    fill(out / "tracker.xlsx", {"prepare-annex-a": Row("Done", date(2027, 6, 7), date(2027, 6, 7))})
    entered = (out / "tracker.xlsx").read_bytes()
    again = plan(cli, out, "--notified", "2027-06-07")
    assert again.returncode == 0, again.stderr
    assert "tracker.xlsx: kept as it is (it holds your entries" in again.stdout
    assert (out / "tracker.xlsx").read_bytes() == entered
    assert "10 files unchanged" in again.stdout


def test_a_tracker_of_another_inspection_is_replaced_only_with_force(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    assert plan(cli, out, "--notified", "2027-06-07").returncode == 0
    before = (out / "tracker.xlsx").read_bytes()
    refused = plan(cli, out, "--notified", "2027-06-14")
    assert refused.returncode == 2
    assert "tracker.xlsx there is the tracker of another inspection" in refused.stderr
    assert "--force" in refused.stderr
    assert (out / "tracker.xlsx").read_bytes() == before
    forced = plan(cli, out, "--notified", "2027-06-14", "--force")
    assert forced.returncode == 0, forced.stderr
    kept = out / "tracker-kept-20270607T080000Z.xlsx"
    assert kept.read_bytes() == before
    book = openpyxl.load_workbook(out / "tracker.xlsx")
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["call"] == datetime(2027, 6, 14)


def test_plan_needs_a_call_date(cli: Cli, tmp_path: Path) -> None:
    scenario = tmp_path / "no-call.toml"
    text = SCENARIO.read_text("utf-8").replace("notified = 2027-03-01\n", "")
    scenario.write_text(text, "utf-8")
    done = cli("plan", str(scenario), "--out", str(tmp_path / "plan"))
    assert done.returncode == 2
    assert "no call date: give --notified" in done.stderr
    assert not (tmp_path / "plan").exists()


def test_a_stamp_zip_files_cannot_hold_is_written_as_their_last_time(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "plan"
    done = cli("plan", str(SCENARIO), "--out", str(out), "--stamp", "2200-01-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out / "tracker.xlsx")
    assert book["About"]["B2"].value == 1
    import zipfile

    with zipfile.ZipFile(out / "tracker.xlsx") as archive:
        assert {info.date_time[0] for info in archive.infolist()} == {2107}
