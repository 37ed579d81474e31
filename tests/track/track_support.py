"""Shared by the tracking tests: a real plan's folder, and a planner's hand on its tracker."""

from __future__ import annotations

import io
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
from icalendar import Calendar

from inspection_sim.scenario import load_scenario
from inspection_sim.tracking import plan_inspection

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "good-council-ilacs-short.toml"
CALL = date(2027, 6, 7)  # a Monday; fieldwork Mon 14 to Fri 18 June
TUESDAY = date(2027, 6, 8)
PLANNED = datetime(2027, 6, 7, 8, 0, tzinfo=UTC)
TRACKED = datetime(2027, 6, 8, 17, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """What a planner types into one task's row (None: leave the cell as it is)."""

    status: str | None = None
    actual_start: object = None
    actual_finish: object = None
    notes: str | None = None


def make_plan(folder: Path) -> Path:
    """Write the good council's plan for a call on ``CALL`` into ``folder``; returns it."""
    plan = plan_inspection(load_scenario(SCENARIO), CALL)
    plan.write(folder, stamp=PLANNED, parents=True)
    return folder


def copy_plan(template: Path, folder: Path) -> Path:
    """A copy of a plan's folder (its manifest and tracker included)."""
    shutil.copytree(template, folder)
    return folder


def fill(
    tracker: Path, rows: Mapping[str, Row], *, sheet: str = "Tasks", clear: bool = False
) -> None:
    """Type ``rows`` (by task id) into the tracker, as a planner does in Excel: text as text (a
    note starting with ``=`` is typed ``'=...``), dates as dates; ``clear`` empties the cells a
    row leaves None."""
    book = openpyxl.load_workbook(tracker)
    tasks = book[sheet]
    column = {cell.value: cell.column for cell in tasks[1]}
    where = {
        tasks.cell(row=r, column=column["task_id"]).value: r for r in range(2, tasks.max_row + 1)
    }
    for task, row in rows.items():
        number = where[task]
        for name in ("status", "actual_start", "actual_finish", "notes"):
            value = getattr(row, name)
            if value is None and not clear:
                continue
            cell = tasks.cell(row=number, column=column[name])
            cell.value = value if value != "" else None
            if isinstance(value, str) and value:
                cell.data_type = "s"
    book.save(tracker)


def the_slipped_tuesday(tracker: Path) -> None:
    """Monday's work done on the day, but Annex A took until Tuesday; the case files started on
    Tuesday as planned; the documents were not started (the performance team was on Annex A)."""
    fill(
        tracker,
        {
            "coordination-team": Row("Done", CALL, CALL),
            "prepare-audited-case-list": Row("Done", CALL, CALL),
            "leadership-briefing": Row("Done", CALL, CALL),
            "prepare-annex-a": Row("Done", CALL, TUESDAY, "List 8 needed a second extract"),
            "prepare-case-files": Row("In progress", TUESDAY),
        },
    )


def entries(tracker: Path) -> dict[str, tuple[object, ...]]:
    """The planner's columns of every task row, as openpyxl reads them."""
    book = openpyxl.load_workbook(io.BytesIO(tracker.read_bytes()))
    tasks = book["Tasks"]
    column = {cell.value: cell.column - 1 for cell in tasks[1]}
    found = {}
    for row in tasks.iter_rows(min_row=2, values_only=True):
        found[str(row[column["task_id"]])] = tuple(
            row[column[name]] for name in ("status", "actual_start", "actual_finish", "notes")
        )
    return found


def events(path: Path) -> dict[str, dict[str, object]]:
    """The VEVENTs of a calendar file by UID: SEQUENCE, STATUS and the rest of the content."""
    calendar = Calendar.from_ical(path.read_bytes())
    found = {}
    for vevent in calendar.walk("VEVENT"):
        content = {
            name: vevent[name].to_ical() if hasattr(vevent[name], "to_ical") else str(vevent[name])
            for name in vevent
            if name not in ("DTSTAMP", "SEQUENCE", "STATUS")
        }
        found[str(vevent["UID"])] = {
            "sequence": int(vevent.get("SEQUENCE", 0)),
            "status": str(vevent.get("STATUS", "")),
            "summary": str(vevent["SUMMARY"]),
            "content": content,
        }
    return found
