"""``inspection-sim rehearse`` as a user runs it: a subprocess, real files, real parsers."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from tests.conftest import ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = "2027-05-01T09:00:00Z"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))


def events_in(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    for component in calendar.walk():
        assert not component.errors, component.errors
    return list(calendar.walk("VEVENT"))


@pytest.mark.slow
def test_default_scenario_writes_calendars_and_prints_a_summary(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    result = cli("rehearse", "--start", "2027-06-07", "--out", str(out), "--stamp", STAMP)
    assert result.returncode == 0, result.stderr
    assert "ILACS short inspection – 2027-06-07: full rehearsal" in result.stdout
    assert "ilacs:short" not in result.stdout  # the id stays out of what planners read
    assert "call Mon 07 Jun 2027" in result.stdout
    assert "all-teams.ics" in result.stdout
    assert "delete that calendar and import again" in result.stdout
    combined = events_in(out / "all-teams.ics")
    assert len(combined) >= 10
    team_files = sorted(out.glob("team-*.ics"))
    assert len(team_files) >= 3
    rows = list(csv.DictReader(io.StringIO((out / "events.csv").read_text("utf-8-sig"))))
    assert len(rows) == len(combined)
    # an event is in its owner's calendar and in those of the teams that live by it
    calendars = [name for row in rows for name in row["calendars"].split("; ") if name]
    assert sum(len(events_in(path)) for path in team_files) == len(calendars)
    owned = {row["team"] for row in rows if row["team"]}
    assert owned >= {"Performance and data team", "Quality assurance team"}
    summaries = [str(event["SUMMARY"]) for event in combined]
    assert any("eep-in-touch" in summary for summary in summaries)


@pytest.mark.slow
def test_same_command_twice_gives_identical_bytes(cli: Cli, tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = cli(
            "rehearse", "--start", "2027-06-07", "--out", str(tmp_path / name), "--stamp", STAMP
        )
        assert result.returncode == 0, result.stderr
    for path in (p for p in (tmp_path / "a").rglob("*") if p.is_file()):
        inside = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / inside).read_bytes(), inside


@pytest.mark.slow
def test_source_date_epoch_sets_dtstamp(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "rehearse",
        "--start",
        "2027-06-07",
        "--out",
        str(tmp_path),
        env={"SOURCE_DATE_EPOCH": "1811750400"},
    )
    assert result.returncode == 0, result.stderr
    assert b"DTSTAMP:20270531T080000Z" in (tmp_path / "all-teams.ics").read_bytes()


@pytest.mark.slow
def test_existing_files_are_kept_unless_force(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "all-teams.ics").write_text("keep me")
    refused = cli("rehearse", "--start", "2027-06-07", "--out", str(tmp_path), "--stamp", STAMP)
    assert refused.returncode == 2
    assert "refusing to overwrite" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (tmp_path / "all-teams.ics").read_text() == "keep me"
    forced = cli(
        "rehearse", "--start", "2027-06-07", "--out", str(tmp_path), "--stamp", STAMP, "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "all-teams.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.slow
def test_compressed_mode_shortens_fieldwork(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "rehearse",
        "--start",
        "2027-06-07",
        "--mode",
        "compressed",
        "--fieldwork-days",
        "2",
        "--kit-time",
        "08:45",
        "--out",
        str(tmp_path),
        "--stamp",
        STAMP,
    )
    assert result.returncode == 0, result.stderr
    assert "compressed rehearsal" in result.stdout
    assert "(2 days)" in result.stdout
    assert b"T084500" in (tmp_path / "all-teams.ics").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_every_shipped_scenario_rehearses(cli: Cli, tmp_path: Path, scenario: Path) -> None:
    result = cli("rehearse", str(scenario), "--out", str(tmp_path), "--stamp", STAMP)
    if result.returncode == 2 and "no rehearsal date" in result.stderr:
        result = cli(
            "rehearse",
            str(scenario),
            "--start",
            "2027-06-07",
            "--out",
            str(tmp_path),
            "--stamp",
            STAMP,
        )
    assert result.returncode == 0, result.stderr
    assert events_in(tmp_path / "all-teams.ics")


def test_weekend_start_is_one_line_naming_the_nearest_working_days(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("rehearse", "--start", "2027-06-05", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "2027-06-05 (Sat) is not a working day" in result.stderr
    assert "2027-06-04 (Fri) and 2027-06-07 (Mon)" in result.stderr
    assert not any(tmp_path.iterdir())


def test_malformed_stamp_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("rehearse", "--start", "2027-06-07", "--out", str(tmp_path), "--stamp", "soon")
    assert result.returncode == 2
    assert "--stamp" in result.stderr
    assert "'soon'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_kit_time_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("rehearse", "--start", "2027-06-07", "--kit-time", "half four")
    assert result.returncode == 2
    assert "not a time of day (HH:MM): 'half four'" in result.stderr


def test_unwritable_output_folder_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli(
        "rehearse", "--start", "2027-06-07", "--out", str(blocker / "sub"), "--stamp", STAMP
    )
    assert result.returncode == 2
    assert "cannot create the output folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_scenario_file_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("rehearse", str(tmp_path / "nope.toml"), "--start", "2027-06-07")
    assert result.returncode == 2
    assert "nope.toml" in result.stderr
    assert "Traceback" not in result.stderr
