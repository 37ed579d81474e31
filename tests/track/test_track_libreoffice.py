"""A tracker saved again by another spreadsheet program (LibreOffice, headless) reads back the
same: entries, About sheet and framework dates, and so the same run-sheet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from track_support import TRACKED, TUESDAY, entries, make_plan, the_slipped_tuesday

from inspection_sim.tracking import track
from inspection_sim.tracking.entries import read_entries
from inspection_sim.tracking.sheet import read_tracker
from tests.libreoffice import libreoffice_convert

pytestmark = pytest.mark.slow


def saved_by_libreoffice(path: Path, folder: Path) -> Path:
    """``path`` opened and saved as .xlsx again by LibreOffice; returns the new file."""
    folder.mkdir()
    libreoffice_convert(path, folder, "xlsx")
    return folder / path.name


def test_a_tracker_saved_by_libreoffice_reads_back_the_same(tmp_path: Path) -> None:
    plan = make_plan(tmp_path / "plan")
    tracker = plan / "tracker.xlsx"
    the_slipped_tuesday(tracker)
    again = saved_by_libreoffice(tracker, tmp_path / "libreoffice")
    assert again.read_bytes() != tracker.read_bytes()  # another program's file, not a copy
    ours, theirs = read_tracker(tracker), read_tracker(again)
    problems: list[object] = []
    assert read_entries(theirs, []) == read_entries(ours, [])
    assert theirs.about == ours.about
    assert [row.cells for row in theirs.framework] == [row.cells for row in ours.framework]
    assert not problems
    mine = track(tracker, TUESDAY, runs=100, seed=7, write=False)
    other = track(again, TUESDAY, runs=100, seed=7, folder=plan, write=False)
    assert other.runsheet() == mine.runsheet()


def test_a_libreoffice_tracker_is_brought_up_to_date_with_every_entry(tmp_path: Path) -> None:
    plan = make_plan(tmp_path / "plan")
    the_slipped_tuesday(plan / "tracker.xlsx")
    recorded = entries(plan / "tracker.xlsx")
    again = saved_by_libreoffice(plan / "tracker.xlsx", tmp_path / "libreoffice")
    shutil.copyfile(again, plan / "tracker.xlsx")
    track(plan / "tracker.xlsx", TUESDAY, runs=50, seed=7, stamp=TRACKED)
    assert entries(plan / "tracker.xlsx") == recorded
    assert read_tracker(plan / "tracker.xlsx").about == read_tracker(again).about
