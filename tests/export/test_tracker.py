"""The Excel tracker: opened with openpyxl, converted by LibreOffice headless to prove a
spreadsheet program reads it, Excel-hostile text neutralised in every cell, and written by
``rehearse`` and ``timeline --tracker`` as a user runs them."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_sim.csvfile import FORMULA_STARTS
from inspection_sim.rehearsal import Rehearsal
from inspection_sim.scenario import default_scenario
from inspection_sim.tracker import (
    FORMAT_VERSION,
    MILESTONE_COLUMNS,
    STATUSES,
    TASK_COLUMNS,
    TrackedItem,
    TrackerData,
    same_workbook,
    tracker_bytes,
)
from inspection_sim.workbench import rehearse_scenario
from tests.libreoffice import libreoffice_convert

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
HOSTILE = ("=cmd|' /C calc'!A0", "+1 room", "-2+3", "@SUM(A1)", "\tindented", "\rcarriage")


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def hostile_rehearsal(start: date = date(2027, 6, 7), injects: str | None = "hard") -> Rehearsal:
    """The default scenario with formula-like team names and contacts."""
    scenario = default_scenario()
    teams = tuple(
        replace(team, name=HOSTILE[n % len(HOSTILE)] + team.name, contacts=(HOSTILE[n % 6],))
        for n, team in enumerate(scenario.teams)
    )
    return rehearse_scenario(scenario.with_changes(teams=teams), start, injects=injects)


def test_the_sheets_columns_and_format_version_are_where_a_reader_looks() -> None:
    rehearsal = rehearse_scenario(default_scenario(), injects="hard", seed=7)
    book = workbook(tracker_bytes(rehearsal.tracker(), STAMP))
    assert book.sheetnames == ["Tasks", "Framework dates", "Injects", "On-site timetable", "About"]
    tasks, milestones = book["Tasks"], book["Framework dates"]
    assert [c.value for c in tasks[1]] == list(TASK_COLUMNS)
    assert [c.value for c in milestones[1]] == list(MILESTONE_COLUMNS)
    assert book["About"]["B2"].value == FORMAT_VERSION
    assert book.defined_names["format_version"].attr_text == "'About'!$B$2"
    ids = [row[0] for row in tasks.iter_rows(min_row=2, values_only=True)]
    council = [item.id for item in rehearsal.tracked if not item.framework]
    assert ids == council
    framework = [row[0] for row in milestones.iter_rows(min_row=2, values_only=True)]
    assert "notification" in framework
    assert "fieldwork" in framework
    assert rehearsal.exercise is not None
    assert book["Injects"].max_row == len(rehearsal.exercise.injects) + 1
    header = {name: n for n, name in enumerate(TASK_COLUMNS)}
    first = next(tasks.iter_rows(min_row=2, max_row=2))
    assert isinstance(first[header["due"]].value, datetime)  # a date cell, not text
    assert first[header["due"]].number_format == "yyyy-mm-dd"
    assert first[header["status"]].value == STATUSES[0]
    assert str(first[header["rag"]].value).startswith("=IF(")


def test_status_is_a_drop_down_actual_dates_are_checked_and_rag_is_coloured() -> None:
    book = workbook(tracker_bytes(rehearse_scenario(default_scenario()).tracker(), STAMP))
    tasks = book["Tasks"]
    rules = {dv.type: dv for dv in tasks.data_validations.dataValidation}
    assert rules["list"].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(rules["list"].sqref) == f"K2:K{tasks.max_row}"
    assert str(rules["date"].sqref) == f"L2:M{tasks.max_row}"
    coloured = {
        str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in tasks.conditional_formatting
    }
    assert coloured == {f"N2:N{tasks.max_row}": ['"Red"', '"Amber"', '"Green"']}
    assert "Injects" not in book.sheetnames  # no injects asked for: no sheet


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(min_size=1).map(lambda t: t[:40]), min_size=4, max_size=4))
def test_no_text_cell_can_run_as_a_formula(texts: list[str]) -> None:
    item = TrackedItem(
        id=texts[0],
        name=texts[1],
        team=texts[2],
        contacts=texts[3],
        start=date(2027, 6, 7),
        finish=date(2027, 6, 8),
        due=None,
        depends_on=(texts[0],),
        depends_in_words=texts[1],
        framework=False,
        kind="preparation",
    )
    data = TrackerData(
        title=texts[2],
        kind="rehearsal",
        inspection="ilacs:short",
        version="2024-12",
        call=date(2027, 6, 7),
        plan_id=texts[3],
        items=(item, replace(item, framework=True, why=texts[2])),
        inject_columns=("message", "observer_notes"),
        injects=((texts[1], ""),),
    )
    assert_no_formula_but_rag(workbook(tracker_bytes(data, STAMP)))


def assert_no_formula_but_rag(book: openpyxl.Workbook) -> None:
    rag = TASK_COLUMNS.index("rag")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if sheet.title == "Tasks" and cell.column - 1 == rag and cell.row > 1:
                    assert cell.data_type == "f"
                    continue
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.value)


def test_hostile_team_names_and_contacts_are_neutralised_in_every_sheet() -> None:
    book = workbook(tracker_bytes(hostile_rehearsal().tracker(), STAMP))
    assert_no_formula_but_rag(book)
    teams = {row[2] for row in book["Tasks"].iter_rows(min_row=2, values_only=True)}
    assert "'=cmd|' /C calc'!A0Inspection coordination team" in teams


def test_the_same_input_gives_the_same_bytes_and_a_new_stamp_only_the_stamp() -> None:
    data = rehearse_scenario(default_scenario()).tracker()
    first = tracker_bytes(data, STAMP)
    assert tracker_bytes(data, STAMP) == first
    later = tracker_bytes(data, STAMP + timedelta(days=3))
    assert later != first
    assert same_workbook(first, later)
    other = replace(data, items=data.items[1:])
    assert not same_workbook(first, tracker_bytes(other, STAMP))


# --- LibreOffice headless ------------------------------------------------------------------------


def libreoffice_sheets(path: Path, folder: Path) -> dict[str, list[dict[str, str]]]:
    """Every sheet of ``path`` as LibreOffice exports it to CSV (UTF-8, one file per sheet)."""
    libreoffice_convert(
        path,
        folder,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
    )
    found = {}
    for sheet in folder.glob(f"{path.stem}-*.csv"):
        text = sheet.read_text("utf-8")
        found[sheet.stem.removeprefix(f"{path.stem}-")] = list(csv.DictReader(io.StringIO(text)))
    return found


def expected_rag(row: dict[str, str], today: date) -> str:
    """The RAG rule, written out in Python: done green, blocked red, past due red, started late
    or past its planned finish amber."""
    status = row["status"]
    if status == "Done":
        return "Green"
    if status == "Blocked":
        return "Red"
    start, finish, due = (date.fromisoformat(row[k]) for k in ("start", "finish", "due"))
    if today > due:
        return "Red"
    if today > finish or (today >= start and status == "Not started"):
        return "Amber"
    return "Green"


@pytest.mark.slow
@pytest.mark.parametrize("start", [date(2021, 6, 7), date.today() - timedelta(days=3)])
def test_libreoffice_reads_every_sheet_and_works_out_the_rag(tmp_path: Path, start: date) -> None:
    rehearsal = hostile_rehearsal(default_scenario().calendar().roll_forward(start))
    path = tmp_path / "tracker.xlsx"
    book = workbook(tracker_bytes(rehearsal.tracker(), STAMP))
    tasks = book["Tasks"]
    status = TASK_COLUMNS.index("status") + 1
    tasks.cell(row=2, column=status, value="Done")
    tasks.cell(row=3, column=status, value="Blocked")
    tasks.cell(row=4, column=status, value="In progress")
    book.save(path)
    sheets = libreoffice_sheets(path, tmp_path / "csv")
    assert set(sheets) == {"Tasks", "Framework dates", "Injects", "On-site timetable", "About"}
    rows = sheets["Tasks"]
    assert list(rows[0]) == list(TASK_COLUMNS)
    assert [row["task_id"] for row in rows] == [i.id for i in rehearsal.tracked if not i.framework]
    today = date.today()
    assert [row["rag"] for row in rows] == [expected_rag(row, today) for row in rows]
    assert {row["rag"] for row in rows} <= {"Red", "Amber", "Green"}
    for name, found in sheets.items():
        for row in found:
            for value in row.values():
                assert not value.startswith(FORMULA_STARTS), (name, value)
    about = {row["field"]: row["value"] for row in sheets["About"]}
    assert about["format_version"] == str(FORMAT_VERSION)


# --- through the command line --------------------------------------------------------------------


@pytest.mark.slow
def test_rehearse_writes_the_tracker_and_keeps_it_when_only_the_stamp_changes(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "rehearsal"
    first = cli("rehearse", "--out", str(out), "--stamp", "2027-05-01T09:00:00Z")
    assert first.returncode == 0, first.stderr
    assert "tracker.xlsx: 11 tasks, new" in first.stdout
    before = (out / "tracker.xlsx").read_bytes()
    again = cli("rehearse", "--out", str(out), "--stamp", "2027-05-02T09:00:00Z")
    assert again.returncode == 0, again.stderr
    assert "tracker.xlsx: 11 tasks, unchanged" in again.stdout
    assert (out / "tracker.xlsx").read_bytes() == before
    book = openpyxl.load_workbook(out / "tracker.xlsx")
    book["Tasks"]["K2"] = "Done"  # a planner fills it in
    book.save(out / "tracker.xlsx")
    refused = cli("rehearse", "--out", str(out))
    assert refused.returncode == 2
    assert "tracker.xlsx: changed since inspection-sim wrote it" in refused.stderr


@pytest.mark.slow
def test_timeline_writes_a_tracker_of_the_real_dates(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    done = cli("timeline", "ilacs:short", "--notified", "2026-03-02", "--tracker", str(path))
    assert done.returncode == 0, done.stderr
    assert "tracker written (11 tasks)" in done.stderr
    book = openpyxl.load_workbook(path)
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert about["kind"] == "plan"
    dates = {
        row[0]: row[2] for row in book["Framework dates"].iter_rows(min_row=2, values_only=True)
    }
    assert dates["fieldwork"] == datetime(2026, 3, 9)  # the real on-site Monday
    again = cli("timeline", "ilacs:short", "--notified", "2026-03-02", "--tracker", str(path))
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1
    assert "--force" in again.stderr
    forced = cli(
        "timeline", "ilacs:short", "--notified", "2026-03-02", "--tracker", str(path), "--force"
    )
    assert forced.returncode == 0, forced.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--tracker", "plan.csv"), "--tracker: a tracker is an Excel workbook"),
        (("--force",), "--force applies to --tracker only"),
        (("--stamp", "2027-01-01T00:00:00Z"), "--stamp applies to --tracker only"),
    ],
)
def test_timeline_tracker_options_are_checked(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = cli("timeline", "ilacs:short", "--notified", "2026-03-02", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []
