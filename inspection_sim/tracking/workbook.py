"""Bringing the planner's own tracker workbook up to date, keeping everything they put in it.

Only two kinds of cell change: each task's ``start`` and ``finish`` become the plan from today
(actual days once done), and the entries (status, actual dates, notes) take the values the run
read, written as a spreadsheet holds them (a status as the drop-down spells it, a date as a date
cell). A cell already holding that value is not touched, and nothing else is: columns, sheets,
formulas, formats, filters and drop-downs a planner or inspection-sim put there stay as they were.
A task the plan has and the sheet lacks gets a row when there are entries to keep. The document and
zip entry times are the run's stamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from inspection_sim.csvfile import formula_safe
from inspection_sim.tracker.columns import TASKS_SHEET
from inspection_sim.tracker.workbook import stamped
from inspection_sim.tracking.entries import NOT_STARTED, Entry

__all__ = ["updated_workbook"]

_DATE_FORMAT = "yyyy-mm-dd"


def updated_workbook(
    data: bytes,
    dates: Mapping[str, tuple[date, date]],
    entries: Mapping[str, Entry],
    stamp: datetime,
) -> bytes:
    """``data`` (a tracker workbook) with each task's planned ``dates`` (first and last day) and
    its ``entries``; ``data`` itself when no cell changes."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book[TASKS_SHEET]
    header = [cell.value for cell in sheet[1]]
    column = {name: k + 1 for k, name in enumerate(header) if isinstance(name, str)}
    seen: set[str] = set()
    written = 0
    for row in range(2, sheet.max_row + 1):
        task = sheet.cell(row=row, column=column["task_id"]).value
        if not isinstance(task, str) or task.strip() not in dates or task.strip() in seen:
            continue
        task = task.strip()
        seen.add(task)
        written += _fill(sheet, row, column, dates[task], entries.get(task))
    for task in dates:
        entry = entries.get(task)
        if task not in seen and entry is not None and entry != Entry(task, row=entry.row):
            row = sheet.max_row + 1
            _put(sheet.cell(row=row, column=column["task_id"]), task)
            written += 1 + _fill(sheet, row, column, dates[task], entry)
    if not written:
        return data  # nothing to change: the planner's file as it is
    buffer = io.BytesIO()
    book.save(buffer)
    return stamped(buffer.getvalue(), stamp)


def _fill(
    sheet: Any,
    row: int,
    column: Mapping[str, int],
    dates: tuple[date, date],
    entry: Entry | None,
) -> int:
    """Write ``dates`` and ``entry`` into ``row``; returns how many cells changed."""
    values: dict[str, object] = {"start": dates[0], "finish": dates[1]}
    if entry is not None:
        values.update(
            status=entry.status,
            actual_start=entry.actual_start,
            actual_finish=entry.actual_finish,
            notes=entry.notes or None,
        )
    changed = 0
    for name, value in values.items():
        if name in column:
            cell = sheet.cell(row=row, column=column[name])
            if not _same(cell.value, value, blank=NOT_STARTED if name == "status" else None):
                _put(cell, value)
                changed += 1
    return changed


def _same(current: object, wanted: object, *, blank: str | None) -> bool:
    if isinstance(current, datetime):
        current = current.date()
    if isinstance(current, str) and isinstance(wanted, str):
        return current.strip() == wanted
    if current in (None, "") and wanted in (None, "", blank):
        return True
    return current == wanted


def _put(cell: Any, value: object) -> None:
    if isinstance(value, date):
        cell.value = value
        cell.number_format = _DATE_FORMAT
    elif isinstance(value, str):
        cell.value = formula_safe(value)
        cell.data_type = "s"
    else:
        cell.value = value
