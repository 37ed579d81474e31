"""Writing .xlsx workbooks that are safe to open and byte-identical for the same input.

Every text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading ``'`` and is stored as text. openpyxl stamps the
zip entries and the document properties with the clock; both are rewritten to the given stamp.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from inspection_sim.tracker.workbook import stamped

__all__ = ["Fill", "SheetData", "safe_text", "workbook_bytes", "write_workbook"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@dataclass(frozen=True)
class Fill:
    """A cell style: background colour (RRGGBB), bold, number format."""

    colour: str | None = None
    bold: bool = False
    number_format: str | None = None


@dataclass
class SheetData:
    """A sheet to write: rows of plain values, optional per-cell styles and column widths."""

    name: str
    rows: Sequence[Sequence[object]]
    styles: dict[tuple[int, int], Fill] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None


def workbook_bytes(sheets: Iterable[SheetData], stamp: datetime) -> bytes:
    """The workbook as bytes, stamped ``stamp`` (document times and zip entry times)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for data in sheets:
        sheet = book.create_sheet(data.name)
        for column, width in data.widths.items():
            sheet.column_dimensions[get_column_letter(column + 1)].width = width
        if data.freeze:
            sheet.freeze_panes = data.freeze
        for r, row in enumerate(data.rows):
            cells: list[Any] = []
            for c, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=_cell_value(value))  # type: ignore[arg-type]
                if isinstance(value, str):
                    cell.data_type = "s"
                style = data.styles.get((r, c))
                if style is not None:
                    if style.colour:
                        cell.fill = PatternFill("solid", start_color=style.colour)
                    if style.bold:
                        cell.font = Font(bold=True)
                    if style.number_format:
                        cell.number_format = style.number_format
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return stamped(buffer.getvalue(), stamp)


def write_workbook(
    path: str | Path, sheets: Iterable[SheetData], stamp: datetime, *, force: bool = False
) -> Path:
    """Write the workbook atomically; an existing file is kept unless ``force``.

    Raises:
        OutputError: the folder cannot be written, or the file exists and ``force`` is off.
    """
    from inspection_sim.export.atomic import write_file

    return write_file(Path(path), workbook_bytes(sheets, stamp), force=force)


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        return safe_text(value)
    return value
