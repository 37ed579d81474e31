"""Bad trackers: one clean listing of every problem, on stderr with exit status 2, and nothing
written. Each case is what a planner could do to the workbook in Excel."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from track_support import CALL, TUESDAY, Row, copy_plan, fill, make_plan

from inspection_sim.errors import TrackerError
from inspection_sim.tracking import track

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plan(tmp_path_factory.mktemp("template") / "plan")


@pytest.fixture
def plan(template: Path, tmp_path: Path) -> Path:
    return copy_plan(template, tmp_path / "plan")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def refused(cli: Cli, tracker: Path, *args: str) -> list[str]:
    """Run track on a bad tracker: exit 2, no traceback, nothing written; the problem lines."""
    before = snapshot(tracker.parent)
    done = cli("track", str(tracker), "--today", TUESDAY.isoformat(), "--runs", "20", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert snapshot(tracker.parent) == before
    lines = done.stderr.splitlines()
    assert lines[0].startswith("inspection-sim: error: ")
    return lines


def edit(tracker: Path, sheet: str, row: int, column: str, value: object) -> None:
    book = openpyxl.load_workbook(tracker)
    found = book[sheet]
    header = [cell.value for cell in found[1]]
    found.cell(row=row, column=header.index(column) + 1).value = value
    book.save(tracker)


def row_of(tracker: Path, task: str, sheet: str = "Tasks") -> int:
    book = openpyxl.load_workbook(tracker)
    found = book[sheet]
    ids = [cell.value for cell in next(found.iter_cols(min_col=1, max_col=1))]
    return ids.index(task) + 1


def test_every_problem_of_a_tracker_is_listed_at_once(plan: Path, cli: Cli) -> None:
    tracker = plan / "tracker.xlsx"
    fill(
        tracker,
        {
            "prepare-annex-a": Row("Done", date(2027, 6, 4), TUESDAY),  # before the call
            "prepare-documents": Row("Done", CALL),  # done, with no finish
            "prepare-case-files": Row("In progress", date(2027, 6, 9)),  # after today
            "leadership-briefing": Row("Done", TUESDAY, CALL),  # finish before start
            "staff-briefings": Row("Finished", TUESDAY),  # not a status
            "base-room": Row("Not started", CALL),  # not started, yet a start
            "it-access": Row("In progress", CALL, TUESDAY),  # under way, yet a finish
            "coordination-team": Row("Done", "31/02/2027", 46541),  # not a date; a bare number
            "prepare-audited-case-list": Row("Done", CALL, CALL),
        },
    )
    edit(
        tracker,
        "Tasks",
        row_of(tracker, "prepare-audited-case-list"),
        "task_id",
        "prepare-audited-case-lists",
    )
    edit(
        tracker,
        "Framework dates",
        row_of(tracker, "annex-a", "Framework dates"),
        "date",
        datetime(2027, 6, 9),
    )
    lines = refused(cli, tracker)
    assert lines[0] == "inspection-sim: error: 12 problems:"
    problems = lines[1:]
    assert len(problems) == 12
    assert all(line.startswith(f"  - {tracker}: ") for line in problems)
    text = "\n".join(problems)
    row = {
        task: row_of(tracker, task)
        for task in (
            "prepare-annex-a",
            "prepare-documents",
            "prepare-case-files",
            "leadership-briefing",
            "staff-briefings",
            "base-room",
            "it-access",
            "coordination-team",
            "prepare-audited-case-lists",
        )
    }
    annex_a = row_of(tracker, "annex-a", "Framework dates")
    expected = [
        f"Tasks row {row['prepare-annex-a']}, actual_start: before the call (Mon 2027-06-07)",
        f"Tasks row {row['prepare-documents']}, actual_finish: the task is Done: give the day it finished",
        f"Tasks row {row['prepare-case-files']}, actual_start: after today (Tue 2027-06-08, --today)",
        f"Tasks row {row['leadership-briefing']}, actual_finish: before the actual_start (2027-06-08) (got '2027-06-07')",
        f"Tasks row {row['staff-briefings']}, status: not a status (got 'Finished'); valid: Not started, In progress, Done, Blocked",
        f"Tasks row {row['base-room']}, status: Not started, yet actual_start is filled in",
        f"Tasks row {row['it-access']}, status: the task has an actual_finish: set the status to Done",
        f"Tasks row {row['coordination-team']}, actual_start: not a date; write it as 2027-06-08 or 08/06/2027 (got '31/02/2027')",
        f"Tasks row {row['coordination-team']}, actual_finish: a number, not a date: format the cell as a date",
        f"Tasks row {row['coordination-team']}, actual_finish: the task is Done: give the day it finished",
        f"Tasks row {row['prepare-audited-case-lists']}, task_id: no such task in the plan",
        "did you mean 'prepare-audited-case-list'?",
        f"Framework dates row {annex_a}, date: a framework date changed (the rules give Tue 2027-06-08)",
        "(got '2027-06-09')",
    ]
    for fragment in expected:
        assert fragment in text, fragment


def test_the_same_listing_comes_from_python(plan: Path) -> None:
    tracker = plan / "tracker.xlsx"
    fill(tracker, {"prepare-annex-a": Row("Done"), "prepare-documents": Row("Done", CALL)})
    with pytest.raises(TrackerError) as caught:
        track(tracker, TUESDAY, runs=20)
    assert [problem.key for problem in caught.value.problems] == [
        f"Tasks row {row_of(tracker, 'prepare-annex-a')}, actual_finish",
        f"Tasks row {row_of(tracker, 'prepare-documents')}, actual_finish",
    ]
    assert isinstance(caught.value, ValueError)


def test_a_row_twice_is_refused_naming_the_first(plan: Path, cli: Cli) -> None:
    tracker = plan / "tracker.xlsx"
    book = openpyxl.load_workbook(tracker)
    tasks = book["Tasks"]
    tasks.append([cell.value for cell in tasks[3]])
    book.save(tracker)
    lines = refused(cli, tracker)
    assert (
        "task_id: the task is already on row 3; keep one row per task (got 'prepare-annex-a')"
        in lines[0]
    )


def test_a_renamed_column_and_a_missing_sheet_are_named_with_what_to_restore(
    plan: Path, cli: Cli
) -> None:
    tracker = plan / "tracker.xlsx"
    edit(tracker, "Tasks", 1, "actual_finish", "Actual finish")
    book = openpyxl.load_workbook(tracker)
    book["About"].title = "About this"
    book.save(tracker)
    lines = refused(cli, tracker)
    text = "\n".join(lines)
    assert "2 problems" in lines[0]
    assert "sheet 'About': missing: keep the sheet names inspection-sim gave" in text
    assert "did you rename 'About this'?" in text
    assert "Tasks column 'actual_finish': missing" in text
    assert "did you rename 'Actual finish'?" in text


def test_what_is_not_a_tracker_is_refused_in_one_line(tmp_path: Path, plan: Path, cli: Cli) -> None:
    fake = tmp_path / "tracker.xlsx"
    fake.write_text("status,actual_start\n", "utf-8")
    assert "not an Excel workbook" in refused(cli, fake)[0]
    missing = cli("track", str(tmp_path / "nowhere.xlsx"), "--today", "2027-06-08")
    assert missing.returncode == 2
    assert "cannot read the tracker" in missing.stderr
    assert "Traceback" not in missing.stderr
    folder = cli("track", str(plan), "--today", "2027-06-08")
    assert folder.returncode == 2
    assert "Traceback" not in folder.stderr


def test_a_rehearsal_tracker_and_another_format_version_are_refused(plan: Path, cli: Cli) -> None:
    tracker = plan / "tracker.xlsx"
    book = openpyxl.load_workbook(tracker)
    about = book["About"]
    about["B2"] = 2
    for row in about.iter_rows(min_row=2):
        if row[0].value == "kind":
            row[1].value = "rehearsal"
    book.save(tracker)
    lines = refused(cli, tracker)
    assert (
        "About!B2: not a tracker this version of inspection-sim reads (format version 2" in lines[0]
    )


def test_a_rehearsal_tracker_is_not_tracked(plan: Path, cli: Cli) -> None:
    tracker = plan / "tracker.xlsx"
    book = openpyxl.load_workbook(tracker)
    for row in book["About"].iter_rows(min_row=2):
        if row[0].value == "kind":
            row[1].value = "rehearsal"
    book.save(tracker)
    lines = refused(cli, tracker)
    assert "About kind: not a real inspection's tracker" in lines[0]
    assert "inspection-sim plan SCENARIO --notified DATE" in lines[0]


def test_today_before_the_call_is_refused(plan: Path, cli: Cli) -> None:
    done = cli("track", str(plan / "tracker.xlsx"), "--today", "2027-06-04")
    assert done.returncode == 2
    assert "--today: before the call (2027-06-07): there is nothing to track yet" in done.stderr


def test_a_csv_tracker_lists_its_problems_by_row(plan: Path, cli: Cli) -> None:
    csv_tracker = plan / "tasks.csv"
    csv_tracker.write_text(
        "\ufefftask_id,status,actual_start,actual_finish,notes\r\n"
        "prepare-annex-a,Done,2027-06-07,2027-06-08,\r\n"
        "prepare-anex-a,Done,07/06/2027,,typo\r\n",
        "utf-8",
    )
    lines = refused(cli, csv_tracker)
    text = "\n".join(lines)
    assert "row 3, task_id: no such task in the plan" in text
    assert "did you mean 'prepare-annex-a'?" in text
    assert "row 3, actual_finish: the task is Done: give the day it finished" in text


def test_a_csv_tracker_needs_the_plan_s_workbook(tmp_path: Path, cli: Cli) -> None:
    alone = tmp_path / "tasks.csv"
    alone.write_text("task_id,status,actual_start,actual_finish,notes\r\n", "utf-8")
    done = cli("track", str(alone), "--today", "2027-06-08")
    assert done.returncode == 2
    assert "holds its Tasks sheet only" in done.stderr
    assert "--plan" in done.stderr


def test_a_today_whose_plan_runs_past_the_calendar_is_refused(plan: Path, cli: Cli) -> None:
    done = cli("track", str(plan / "tracker.xlsx"), "--today", "2040-12-20", "--runs", "5")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "inspection-sim: error: --today: planned from this day, the rest of the inspection runs "
        "past the end of the working-day calendar (2040-12-31) (got '2040-12-20')"
    )
