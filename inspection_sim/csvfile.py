"""The package's one CSV writer: every table inspection_sim writes goes through it.

Three rules keep a spreadsheet from misreading a cell:

* rows end with CRLF (RFC 4180), and every field holding a CR or a LF is quoted, so a name with a
  line break stays one cell of one row;
* text that a spreadsheet would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``,
  TAB or CR; OWASP's list) gets a leading ``'``, so it shows as text and runs nothing. The guard
  applies to every text cell; numbers are written as numbers, so ``-0.5`` stays a number;
* ``None`` is an empty cell.

A file meant to be opened by double-clicking in Excel also starts with a UTF-8 byte-order mark
(``byte_order_mark=True``): without it, Excel reads the file in the computer's legacy code page and
garbles every non-ASCII name ("Ynys Môn" shows as "Ynys MÃ´n"). Text printed to a terminal or
piped to another program has none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["BYTE_ORDER_MARK", "FORMULA_STARTS", "Cell", "csv_records", "csv_rows", "formula_safe"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The UTF-8 byte-order mark, as text: Excel takes a file that starts with it for UTF-8.
BYTE_ORDER_MARK = "\ufeff"

#: What a cell may hold: text is guarded, numbers and booleans are written with ``str``.
Cell = str | int | float | bool | None


def formula_safe(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, byte_order_mark: bool = False
) -> str:
    """A header row and data rows as CSV text (CRLF line ends, every text cell guarded), starting
    with :data:`BYTE_ORDER_MARK` when ``byte_order_mark`` is set (a file for Excel)."""
    buffer = io.StringIO(newline="")
    if byte_order_mark:
        buffer.write(BYTE_ORDER_MARK)
    # QUOTE_MINIMAL quotes a field holding any character of the line terminator: CR and LF both.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([formula_safe(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def csv_records(
    columns: Sequence[str], records: Iterable[Mapping[str, Cell]], *, byte_order_mark: bool = False
) -> str:
    """Records (mappings) as CSV text with ``columns`` as the header; missing keys are empty."""
    rows = ([record.get(name) for name in columns] for record in records)
    return csv_rows(columns, rows, byte_order_mark=byte_order_mark)


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):  # bool too: numbers are never formulas
        return str(value)
    return formula_safe(str(value))  # text, and anything else that is written as text
