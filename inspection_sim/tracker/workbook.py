"""The tracker workbook: tasks to fill in, framework dates, injects, and what the file is.

* **Tasks**: one row per council task with its owner team, contacts, dates, what it depends on, a
  status drop-down, actual start and finish dates (date-checked), a RAG cell the spreadsheet works
  out from the status and the dates (red past due or blocked; amber when it should have started
  or finished by now; green otherwise, or done), and notes. Filters and a frozen header row.
* **Framework dates**: the dates the inspectorate's rules set, with why.
* **Injects**: the exercise controller's list with the observers' notes column, when there are
  injects.
* **On-site timetable**: every session of the days on site, booked or not with the reason, when
  the rehearsal has people to book.
* **About**: the format and its version (cell B2, also the defined name ``format_version``).

Every text cell a spreadsheet would run as a formula gets a leading ``'`` (the package's one
guard, :func:`inspection_sim.csvfile.formula_safe`) and is stored as text, after the control
characters a worksheet cannot hold are dropped; the only formulas are
the RAG cells written here. openpyxl stamps the file with the clock: the document times and the
zip entries are rewritten to the export stamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from inspection_sim.csvfile import Cell, formula_safe
from inspection_sim.tracker.columns import (
    ABOUT_SHEET,
    FORMAT_VERSION,
    INJECTS_SHEET,
    MILESTONE_COLUMNS,
    MILESTONES_SHEET,
    STATUSES,
    TASK_COLUMNS,
    TASKS_SHEET,
    TIMETABLE_SHEET,
)
from inspection_sim.tracker.items import TrackedItem, TrackerData

__all__ = ["same_workbook", "stamped", "tracker_bytes"]

_DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FILL = "DDE7F0"
_RAG_FILLS = {"Red": "F4B6B6", "Amber": "FCE4B0", "Green": "C8E6C9"}
#: Characters a worksheet may not hold (XML 1.0): the C0 controls but TAB, LF and CR.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_WIDTHS = {
    "task_id": 26,
    "task": 48,
    "owner_team": 28,
    "contacts": 36,
    "depends_on": 30,
    "depends_on_in_words": 48,
    "status": 14,
    "notes": 48,
    "item_id": 24,
    "what": 48,
    "why": 64,
    "calendars": 40,
    "reference": 48,
    "message": 60,
    "expected_action": 60,
    "observer_notes": 48,
    "session": 30,
    "names": 48,
    "note": 64,
}


def tracker_bytes(data: TrackerData, stamp: datetime) -> bytes:
    """The workbook as bytes, stamped ``stamp`` (document and zip entry times)."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    book = Workbook()
    tasks = book.active
    assert tasks is not None
    tasks.title = TASKS_SHEET
    _tasks_sheet(tasks, [item for item in data.items if not item.framework])
    _table(
        book.create_sheet(MILESTONES_SHEET),
        MILESTONE_COLUMNS,
        [_milestone_row(item) for item in data.items if item.framework],
    )
    if data.injects:
        _table(book.create_sheet(INJECTS_SHEET), data.inject_columns, data.injects)
    if data.timetable:
        _table(book.create_sheet(TIMETABLE_SHEET), data.timetable_columns, data.timetable)
    _about_sheet(book.create_sheet(ABOUT_SHEET), data)
    book.defined_names["format_version"] = DefinedName(
        "format_version", attr_text=f"'{ABOUT_SHEET}'!$B$2"
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return stamped(buffer.getvalue(), stamp)


def _tasks_sheet(sheet: Any, items: Sequence[TrackedItem]) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    column = {name: _letter(i) for i, name in enumerate(TASK_COLUMNS)}
    rows = [_task_row(item, n + 2, column) for n, item in enumerate(items)]
    _table(sheet, TASK_COLUMNS, rows)
    last = max(len(rows) + 1, 2)
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose a status from the list: " + ", ".join(STATUSES),
    )
    status.add(f"{column['status']}2:{column['status']}{last}")
    when = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Date",
        error="Type a date, for example 2027-06-08",
    )
    when.add(f"{column['actual_start']}2:{column['actual_finish']}{last}")
    sheet.add_data_validation(status)
    sheet.add_data_validation(when)
    rag = f"{column['rag']}2:{column['rag']}{last}"
    for value, colour in _RAG_FILLS.items():
        fill = PatternFill("solid", start_color=colour, end_color=colour)
        sheet.conditional_formatting.add(
            rag,
            CellIsRule(operator="equal", formula=[f'"{value}"'], fill=fill),  # type: ignore[no-untyped-call]
        )


def _task_row(item: TrackedItem, row: int, column: dict[str, str]) -> list[Cell | date]:
    due = item.due or item.finish
    return [
        item.id,
        item.name,
        item.team,
        item.contacts,
        item.start,
        item.finish,
        due,
        "yes" if item.due is not None else "no",
        "; ".join(item.depends_on),
        item.depends_in_words,
        STATUSES[0],
        None,
        None,
        _Formula(_rag_formula(row, column)),
        "",
    ]


class _Formula(str):
    """A formula this module writes (every other text is guarded)."""


def _rag_formula(row: int, column: dict[str, str]) -> str:
    status = f"${column['status']}{row}"
    start, finish, due = (f"${column[name]}{row}" for name in ("start", "finish", "due"))
    late = f'OR(TODAY()>{finish},AND(TODAY()>={start},{status}="{STATUSES[0]}"))'
    return (
        f'=IF({status}="Done","Green",IF({status}="Blocked","Red",'
        f'IF(TODAY()>{due},"Red",IF({late},"Amber","Green"))))'
    )


def _milestone_row(item: TrackedItem) -> list[Cell | date]:
    return [
        item.id,
        item.name,
        item.start,
        item.finish,
        item.at.strftime("%H:%M") if item.at else "",
        item.kind,
        item.why,
        item.calendars,
        item.reference,
    ]


def _about_sheet(sheet: Any, data: TrackerData) -> None:
    rows: list[list[Cell | date]] = [
        ["format_version", FORMAT_VERSION],  # B2: the first thing a reader checks
        ["format", "inspection-sim tracker"],
        ["kind", data.kind],
        ["title", data.title],
        ["inspection", data.inspection],
        ["rules_version", data.version],
        ["call", data.call],
        ["plan_id", data.plan_id],
        [
            "how_to_use",
            "On the Tasks sheet, fill in status (a drop-down), actual_start, actual_finish and "
            "notes; rag works itself out from the status and the dates. Keep the sheet and "
            "column names as they are: inspection-sim reads them back.",
        ],
    ]
    _table(sheet, ("field", "value"), rows)


def _table(sheet: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", start_color=_HEADER_FILL)
    for c, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=c, value=formula_safe(name))
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[_letter(c - 1)].width = _WIDTHS.get(name, 14)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(sheet.cell(row=r, column=c), value)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{_letter(len(columns) - 1)}{len(rows) + 1}"


def _put(cell: Any, value: object) -> None:
    if isinstance(value, _Formula):
        cell.value = str(value)
    elif isinstance(value, str):
        # control characters are not allowed in a worksheet: dropped before the formula guard
        cell.value = formula_safe(_CONTROL.sub("", value))
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = _DATE_FORMAT
    else:
        cell.value = value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def stamped(data: bytes, stamp: datetime) -> bytes:
    """The zip with its document times and entry times set to ``stamp``."""
    moment = stamp.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    # a zip entry's time holds the years 1980 to 2107 only
    when = min(max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0)), (2107, 12, 31, 23, 59, 58))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _CORE_TIMES.sub(lambda m: m.group(1) + text + m.group(3), payload)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def same_workbook(old: bytes, new: bytes) -> bool:
    """Whether two workbooks written here differ at most in their stamps."""
    try:
        return _content(old) == _content(new)
    except (zipfile.BadZipFile, KeyError):
        return False


def _content(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (name, _CORE_TIMES.sub(rb"\1\3", archive.read(name))) for name in archive.namelist()
        ]
