"""``inspection-sim timetable`` run as a real subprocess on the shipped staff list and cases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from inspection_sim.timetable import COLUMNS
from tests.conftest import ROOT, run_cli

STAFF = "scenarios/people/good-council-staff.csv"
CASES = "scenarios/people/good-council-cases.csv"
ROOMS = "scenarios/people/good-council-rooms.csv"
BASE = ("timetable", STAFF, "--cases", CASES, "--type", "ilacs:short", "--start", "2027-06-07")


def test_table_shows_the_week_and_the_substitute() -> None:
    result = run_cli(*BASE, "--rooms", ROOMS)
    assert result.returncode == 0, result.stderr
    assert "Monday 07 June 2027" in result.stdout
    assert "Keep-in-touch meeting with the DCS" in result.stdout
    assert "[substitute]" in result.stdout
    assert "0 not booked" in result.stdout


def test_csv_and_json_are_the_same_timetable() -> None:
    as_csv = run_cli(*BASE, "--rooms", ROOMS, "--format", "csv")
    as_json = run_cli(*BASE, "--rooms", ROOMS, "--format", "json")
    assert as_csv.returncode == 0, as_csv.stderr
    assert as_json.returncode == 0, as_json.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert tuple(rows[0]) == COLUMNS
    data = json.loads(as_json.stdout)
    assert [r["session"] for r in rows] == [s["session"] for s in data["sessions"]]
    assert data["inspection"] == "ilacs:short"
    assert len(rows) >= 30


def test_cp_sat_solver_and_rule_changes() -> None:
    result = run_cli(
        *BASE,
        "--solver",
        "cp-sat",
        "--time-limit",
        "20",
        "--set",
        "activities.case-discussion.minutes=90",
    )
    assert result.returncode == 0, result.stderr
    assert "solver cp-sat (OPTIMAL" in result.stdout
    assert "09:00-10:30" in result.stdout


def test_bad_inputs_are_one_line_and_exit_2(tmp_path: Path) -> None:
    bad_staff = tmp_path / "staff.csv"
    bad_staff.write_text("name,team,role\nAnn Shaw,Assessment,social wroker\n", "utf-8")
    cases = [
        ((str(bad_staff), "--start", "2027-06-07"), "did you mean 'social-worker'?"),
        ((STAFF, "--start", "2027-06-05"), "--start: Sat 05 Jun 2027 is not a working day"),
        ((STAFF, "--start", "2027-06-07", "--type", "ilacs:shrt"), "--type: no on-site rules"),
        (
            (STAFF, "--start", "2027-06-07", "--set", "activities.case-discusion.minutes=90"),
            "did you mean 'case-discussion'?",
        ),
        (
            (STAFF, "--start", "2027-06-07", "--rooms", "Room 1=big"),
            "--rooms: each room is NAME=CAPACITY",
        ),
        ((STAFF, "--start", "2027-06-07", "--cases", "missing.csv"), "missing.csv: file not found"),
    ]
    for args, message in cases:
        result = run_cli("timetable", *args, cwd=ROOT)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert message in lines[0]
