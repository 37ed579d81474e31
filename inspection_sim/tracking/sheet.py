"""Reading a filled-in tracker back: the workbook (openpyxl) or its Tasks sheet saved as CSV.

The sheets and columns are found by name (:mod:`inspection_sim.tracker.columns`), never by
position, so a planner may reorder columns, add their own or sort the rows. What a reader needs and
cannot find (a sheet, a column, the format version) is listed all at once with the file, the sheet
and the name to restore. Cells come back as they were typed: dates as dates, text as text; turning
them into statuses and dates is :mod:`.entries`' job.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from inspection_sim.errors import Problem, TrackerError, closest, printable
from inspection_sim.export.atomic import read_regular
from inspection_sim.tracker.columns import (
    ABOUT_SHEET,
    FORMAT_VERSION,
    FORMAT_VERSION_CELL,
    INJECTS_SHEET,
    MILESTONE_COLUMNS,
    MILESTONES_SHEET,
    TASK_COLUMNS,
    TASKS_SHEET,
)

__all__ = ["ENTRY_COLUMNS", "MAX_BYTES", "Row", "TrackerFile", "read_tracker"]

#: The columns a planner fills in, and the task id that says which task a row is.
ENTRY_COLUMNS = ("status", "actual_start", "actual_finish", "notes")

#: The Tasks columns a reader needs; the others are for people and may be dropped.
_NEEDED = ("task_id", *ENTRY_COLUMNS)

#: The sheets of a tracker.
_SHEETS = (TASKS_SHEET, MILESTONES_SHEET, INJECTS_SHEET, ABOUT_SHEET)

#: A tracker is a few hundred rows: anything larger is not one (and is not read whole).
MAX_BYTES = 20 * 1024 * 1024

#: What a cell may hold once read.
Value = str | int | float | bool | date | datetime | None


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its number as the spreadsheet shows it and its cells by column."""

    number: int
    cells: Mapping[str, Value]

    def get(self, column: str) -> Value:
        return self.cells.get(column)


@dataclass(frozen=True)
class TrackerFile:
    """What a tracker file holds.

    Attributes:
        source: the file, as given.
        form: ``xlsx`` or ``csv`` (a CSV holds the Tasks sheet only).
        about: the About sheet's fields (empty for a CSV).
        tasks: the Tasks rows with a task id or any entry, in file order.
        framework: the Framework dates rows (none for a CSV).
        data: the file's bytes, as read.
    """

    source: str
    form: str
    about: Mapping[str, Value]
    tasks: tuple[Row, ...]
    framework: tuple[Row, ...]
    data: bytes

    def where(self, sheet: str, row: int, column: str) -> str:
        """How a problem names a cell: ``"Tasks row 5, actual_finish"`` (``"row 5, ..."`` in a
        CSV, which has one sheet)."""
        place = f"row {row}" if self.form == "csv" else f"{sheet} row {row}"
        return f"{place}, {column}"


def read_tracker(path: str | Path) -> TrackerFile:
    """Read a tracker workbook (``.xlsx``) or a CSV of its Tasks sheet.

    Raises:
        TrackerError: the file cannot be read, is not a workbook or a CSV, or lacks a sheet or a
            column the reader needs, or its format version is not this one; every problem is
            listed.
    """
    source = str(path)
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > MAX_BYTES:
            raise TrackerError(
                f"too large for a tracker ({size:,} bytes; at most {MAX_BYTES:,})", source=source
            )
        data = read_regular(target)
    except OSError as error:
        raise TrackerError(
            f"cannot read the tracker: {error.strerror or error}", source=source
        ) from None
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _workbook(source, data)
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        raise TrackerError(
            "not an Excel workbook (save it from Excel as .xlsx, or give the Tasks sheet saved "
            "as CSV)",
            source=source,
        )
    return _csv(source, data)


# -- workbook -------------------------------------------------------------------------------------


def _workbook(source: str, data: bytes) -> TrackerFile:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise TrackerError(
            "not an Excel workbook that can be read (save it again from Excel as .xlsx)",
            source=source,
        ) from None
    problems: list[Problem] = []
    missing = [name for name in (TASKS_SHEET, ABOUT_SHEET) if name not in book.sheetnames]
    for name in missing:
        problems.append(
            Problem(
                _missing("sheet", name, [n for n in book.sheetnames if n not in _SHEETS]),
                source,
                f"sheet {name!r}",
            )
        )
    about: dict[str, Value] = {}
    if ABOUT_SHEET in book.sheetnames:
        about = _about(book[ABOUT_SHEET], source, problems)
    tasks: list[Row] = []
    if TASKS_SHEET in book.sheetnames:
        tasks = _table(book[TASKS_SHEET], TASKS_SHEET, _NEEDED, source, problems)
    framework: list[Row] = []
    if MILESTONES_SHEET in book.sheetnames:
        framework = _table(
            book[MILESTONES_SHEET], MILESTONES_SHEET, ("item_id", "date"), source, problems
        )
    if problems:
        raise TrackerError(problems=problems)
    return TrackerFile(source, "xlsx", about, tuple(tasks), tuple(framework), data)


def _about(sheet: Any, source: str, problems: list[Problem]) -> dict[str, Value]:
    version = sheet[FORMAT_VERSION_CELL].value
    if version != FORMAT_VERSION:
        problems.append(
            Problem(
                f"not a tracker this version of inspection-sim reads (format version {version!r};"
                f" it reads version {FORMAT_VERSION})",
                source,
                f"{ABOUT_SHEET}!{FORMAT_VERSION_CELL}",
            )
        )
    fields: dict[str, Value] = {}
    for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            fields[row[0].strip()] = row[1] if len(row) > 1 else None
    return fields


def _table(
    sheet: Any, name: str, needed: Sequence[str], source: str, problems: list[Problem]
) -> list[Row]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    return _rows(header, rows, name, needed, source, problems, first=2)


# -- CSV ------------------------------------------------------------------------------------------


def _csv(source: str, data: bytes) -> TrackerFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TrackerError(
            f"not UTF-8 text (byte {error.start}): save the Tasks sheet as 'CSV UTF-8', or give "
            "the workbook",
            source=source,
        ) from None
    if "\x00" in text:
        raise TrackerError("not a workbook or a CSV file", source=source)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, [])
        problems: list[Problem] = []
        found = _rows(header, rows, TASKS_SHEET, _NEEDED, source, problems, first=2)
    except csv.Error as error:
        raise TrackerError(f"not a CSV file that can be read ({error})", source=source) from None
    if problems:
        raise TrackerError(problems=problems)
    return TrackerFile(source, "csv", {}, tuple(found), (), data)


# -- shared ---------------------------------------------------------------------------------------


def _rows(
    header: Sequence[Any],
    rows: Any,
    sheet: str,
    needed: Sequence[str],
    source: str,
    problems: list[Problem],
    *,
    first: int,
) -> list[Row]:
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    known = TASK_COLUMNS if sheet == TASKS_SHEET else MILESTONE_COLUMNS
    absent = [name for name in needed if name not in names]
    for name in absent:
        others = [n for n in names if n and n not in known]
        problems.append(
            Problem(_missing("column", name, others), source, f"{sheet} column {name!r}")
        )
    if absent:
        return []
    position = {name: names.index(name) for name in known if name in names}
    found: list[Row] = []
    for number, values in enumerate(rows, start=first):
        cells = {
            name: _cell(values[k]) if k < len(values) else None for name, k in position.items()
        }
        if any(cells.get(name) not in (None, "") for name in needed):
            found.append(Row(number, cells))
    return found


def _missing(kind: str, name: str, others: Sequence[str]) -> str:
    """The message for a sheet or column a reader needs and cannot find."""
    text = f"missing: keep the {kind} names inspection-sim gave (a reader finds them by name)"
    hint = closest(name, others)
    return text if hint is None else f"{text}; did you rename {printable(repr(hint))}?"


def _cell(value: Any) -> Value:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, date | int | float | bool) or value is None:
        return value
    return str(value)
