"""Writing calendars to disk: layout, refusal to overwrite, bad folders, file names, CSV.

What happens when the same folder is written again (updates, removed teams, leftovers, races) is in
``test_folder.py``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from ical_support import STAMP, parse, sample_events

from inspection_sim.errors import OutputError
from inspection_sim.export import write_calendars
from inspection_sim.export.files import team_slug
from tests.conftest import ROOT, require_binary_or_skip


def test_writes_combined_team_files_and_csv(tmp_path: Path) -> None:
    written = write_calendars(sample_events(), tmp_path / "out", stamp=STAMP)
    names = [item.path.name for item in written]
    assert names == [
        "all-teams.ics",
        "team-coordination.ics",
        "team-performance.ics",
        "team-senior-leaders.ics",
        "events.csv",
    ]
    counts = {item.path.name: item.events for item in written}
    assert counts["all-teams.ics"] == 5
    assert counts["team-senior-leaders.ics"] == 2
    # the files and the manifest; no temporary file or folder, no lock left beside
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*names, ".inspection-sim.json"]
    )
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    team = parse((tmp_path / "out" / "team-senior-leaders.ics").read_bytes())
    assert str(team["X-WR-CALNAME"]) == "Inspection rehearsal – Senior leaders"
    assert len(list(team.walk("VEVENT"))) == 2
    single = (tmp_path / "out" / "team-performance.ics").read_bytes()
    assert b"X-WR-CALNAME" not in single  # one event: Outlook must not make a calendar of it


def test_csv_lists_the_same_events(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path, stamp=STAMP)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text("utf-8"))))
    assert [row["key"] for row in rows] == [
        "call",
        "annex-a",
        "fieldwork",
        "keep-in-touch",
        "winter-review",
    ]
    fieldwork = rows[2]
    assert (fieldwork["start"], fieldwork["end"], fieldwork["last_day"]) == (
        "2027-06-14",
        "2027-06-19",
        "2027-06-18",
    )
    assert rows[0]["start"] == "2027-06-07T10:30:00+01:00"
    assert rows[3]["occurrences"] == "2027-06-14 2027-06-15 2027-06-17 2027-06-18"
    assert rows[1]["busy"] == "FREE"


def test_identical_runs_write_identical_bytes(tmp_path: Path) -> None:
    write_calendars(sample_events(), tmp_path / "a", stamp=STAMP)
    write_calendars(list(reversed(sample_events())), tmp_path / "b", stamp=STAMP)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_existing_file_is_kept_intact_without_force(tmp_path: Path) -> None:
    (tmp_path / "all-teams.ics").write_bytes(b"my edited calendar")
    with pytest.raises(OutputError, match=r"refusing to overwrite all-teams\.ics.*--force") as info:
        write_calendars(sample_events(), tmp_path, stamp=STAMP)
    assert "force=True" not in str(info.value)  # a message a planner reads names CLI options
    assert (tmp_path / "all-teams.ics").read_bytes() == b"my edited calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all-teams.ics"]  # nothing else written


def test_force_replaces_and_continues_sequence_numbers(tmp_path: Path) -> None:
    events = sample_events()
    write_calendars(events, tmp_path, stamp=STAMP)
    moved = [
        replace(e, start=e.start + timedelta(days=7), end=e.end + timedelta(days=7))
        if e.key == "fieldwork"
        else e
        for e in events
    ]
    write_calendars(moved, tmp_path, stamp=STAMP + timedelta(days=1), force=True)
    combined = parse((tmp_path / "all-teams.ics").read_bytes())
    sequences = {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in combined.walk("VEVENT")}
    assert sequences["Rehearsal fieldwork (on site)"] == 1
    assert sequences["Annex A data due"] == 0
    team = (tmp_path / "team-coordination.ics").read_bytes()
    assert b"SEQUENCE:1" in team


def test_force_over_a_file_that_is_not_a_calendar_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / "all-teams.ics").write_bytes(b"not a calendar")
    write_calendars(sample_events(), tmp_path, stamp=STAMP, force=True)
    assert (tmp_path / "all-teams.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_folder_under_a_file_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "plan.txt"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError, match=r"plan\.txt/rehearsal: cannot create the output folder"):
        write_calendars(sample_events(), blocker / "rehearsal", stamp=STAMP, parents=True)


def test_output_path_that_is_a_file_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "rehearsal"
    blocker.write_text("a file")
    with pytest.raises(OutputError, match=r"cannot create the output folder|not a folder"):
        write_calendars(sample_events(), blocker, stamp=STAMP)


def test_read_only_folder_is_a_clean_error(tmp_path: Path) -> None:
    """An unwritable output folder: the API raises OutputError, the CLI prints one clean line.

    Root ignores folder permissions, so as root the command runs as the user 'nobody'.
    """
    if os.geteuid() == 0:
        _read_only_folder_as_nobody()
        return
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="not writable"):
            write_calendars(sample_events(), folder, stamp=STAMP)
    finally:
        folder.chmod(0o700)


def _read_only_folder_as_nobody() -> None:
    setpriv = shutil.which("setpriv")
    require_binary_or_skip(setpriv is not None, "setpriv (util-linux)")
    assert setpriv is not None
    base = Path(tempfile.mkdtemp(prefix="inspection-sim-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        locked = base / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
        command += ["-m", "inspection_sim", "rehearse", "--start", "2027-06-07"]
        command += ["--out", str(locked), "--stamp", "2027-01-01T00:00:00Z"]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(base)}
        result = subprocess.run(
            command, cwd=base, env=env, capture_output=True, text=True, check=False, timeout=120
        )
        assert result.returncode == 2, result.stderr
        assert "not writable" in result.stderr
        assert "Traceback" not in result.stderr
        assert list(locked.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_missing_parent_folder_is_refused_unless_parents(tmp_path: Path) -> None:
    """Like ``cp``: the output folder may be new, the folders above it must exist."""
    out = tmp_path / "2027" / "june" / "rehearsal"
    with pytest.raises(OutputError, match=r"the folder '.*2027/june' does not exist.*--parents"):
        write_calendars(sample_events(), out, stamp=STAMP)
    assert list(tmp_path.iterdir()) == []
    write_calendars(sample_events(), out, stamp=STAMP, parents=True)
    assert (out / "all-teams.ics").is_file()


@pytest.mark.parametrize("name", ["", ".", "..", "/"])
def test_an_output_folder_must_be_a_folder_of_its_own(tmp_path: Path, name: str) -> None:
    """The folder is replaced as a whole: the current folder, its parent or / cannot be it."""
    with pytest.raises(OutputError, match="a folder of its own"):
        write_calendars(sample_events(), name, stamp=STAMP)


def test_team_names_become_distinct_file_names(tmp_path: Path) -> None:
    assert team_slug("Senior leaders") == "senior-leaders"
    assert team_slug("Équipe / Data") == "quipe-data"
    assert team_slug("***") == "team"
    events = [
        replace(sample_events()[2], key=f"k{n}", team=t) for n, t in enumerate(["R&D", "R+D"])
    ]
    names = {w.path.name for w in write_calendars(events, tmp_path, stamp=STAMP)}
    assert {"team-r-d.ics", "team-r-d-2.ics"} <= names


def test_csv_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    hostile = replace(
        sample_events()[2],
        summary='=HYPERLINK("http://example.invalid","x")',
        team="@SUM(A1)",
        needs="+1 room",
    )
    write_calendars([hostile], tmp_path, stamp=STAMP)
    row = next(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text("utf-8"))))
    assert row["summary"] == '\'=HYPERLINK("http://example.invalid","x")'
    assert row["team"] == "'@SUM(A1)"
    assert row["needs"] == "'+1 room"
    calendar = parse((tmp_path / "all-teams.ics").read_bytes())
    assert str(next(iter(calendar.walk("VEVENT")))["SUMMARY"]).startswith("=HYPERLINK")


def test_long_team_names_give_short_distinct_stable_file_names(tmp_path: Path) -> None:
    """A 300-character team name used to give a file name over the 255-byte limit (ENAMETOOLONG)."""
    long_names = ["Children's services " * 15 + "north", "Children's services " * 15 + "south"]
    events = [
        replace(sample_events()[2], key=f"k{n}", team=team) for n, team in enumerate(long_names)
    ]
    written = write_calendars(events, tmp_path / "out", stamp=STAMP)
    team_files = [item for item in written if item.team]
    names = [item.path.name for item in team_files]
    assert len(set(names)) == 2
    assert all(len(name.encode()) <= 80 for name in names)
    assert all(item.path.is_file() for item in team_files)
    assert team_slug(long_names[0]) == team_slug(long_names[0])  # stable across runs
    assert team_slug(long_names[0]).startswith("children-s-services-children-s-services")
    assert team_slug("x" * 60) == "x" * 60  # short enough: kept whole
    again = write_calendars(events, tmp_path / "out", stamp=STAMP)
    assert [item.path.name for item in again if item.team] == names
