"""Reading cell values as Ofsted will: dates, integers, codes and identifiers.

Dates are dd/mm/yyyy text (the template's format), ISO ``yyyy-mm-dd`` text, or spreadsheet dates.
A bare number in a date column is reported, not guessed: it is usually a date cell that lost its
format, and it reaches Ofsted as a number. Parsed text is cached, since a list repeats its dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from inspection_sim.annex_a.reader import Sheet
from inspection_sim.annex_a.spec import Column

__all__ = ["BadCell", "ParsedSheet", "parse_sheet"]

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
DATE_FORMAT_HINT = "a date written dd/mm/yyyy"


@dataclass(frozen=True)
class BadCell:
    """A cell that cannot be read as its column's type: where, what, the raw value."""

    index: int
    column: str
    message: str
    value: object


@dataclass(frozen=True)
class ParsedSheet:
    """A list's cells read by type: ``values[column][i]`` is a date, int, code or text, or None
    for a blank or unreadable cell (reported in ``bad``)."""

    sheet: Sheet
    values: Mapping[str, list[object]]
    bad: list[BadCell] = field(default_factory=list)

    def dates(self, column: str) -> list[date | None]:
        return self.values.get(column, [None] * len(self.sheet))  # type: ignore[return-value]


def parse_sheet(sheet: Sheet) -> ParsedSheet:
    """Every known column of ``sheet`` read by its type."""
    values: dict[str, list[object]] = {}
    bad: list[BadCell] = []
    for column in sheet.spec.columns:
        raw = sheet.cells.get(column.name)
        if raw is not None:
            values[column.name] = _parse_column(column, raw, bad)
    return ParsedSheet(sheet, values, bad)


def _parse_column(column: Column, raw: Sequence[object], bad: list[BadCell]) -> list[object]:
    reader = _READERS[column.type]
    cache: dict[object, tuple[object, str | None]] = {}
    out: list[object] = []
    append = out.append
    for index, cell in enumerate(raw):
        if cell is None or cell == "":
            append(None)
            continue
        key = (type(cell), cell)
        found = cache.get(key)
        if found is None:
            found = reader(column, cell)
            cache[key] = found
        value, problem = found
        if problem is not None:
            bad.append(BadCell(index, column.name, problem, cell))
        append(value)
    return out


def _date(column: Column, cell: object) -> tuple[object, str | None]:
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return None, None
        match = _DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = _ISO.match(text)
            if not match:
                return None, f"not {DATE_FORMAT_HINT}"
            year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day), None
        except ValueError:
            return None, "not a real date"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return None, f"a number, not {DATE_FORMAT_HINT} (is the cell formatted as a date?)"
    return None, f"not {DATE_FORMAT_HINT}"


def _integer(column: Column, cell: object) -> tuple[object, str | None]:
    if isinstance(cell, bool):
        return None, "not a whole number"
    if isinstance(cell, int):
        value: int | None = cell
    elif isinstance(cell, float) and cell.is_integer():
        value = int(cell)
    elif isinstance(cell, str) and cell.strip().isdigit():
        value = int(cell.strip())
    else:
        return None, "not a whole number"
    if value is None or value < 0:
        return None, "a negative number"
    return value, None


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()


def _code(column: Column, cell: object) -> tuple[object, str | None]:
    assert column.codes is not None
    text = _text(cell)
    if not text:
        return None, None
    code = column.codes.match(text)
    if code is None:
        return None, f"not a code of this column (code set '{column.codes.id}')"
    return code, None


def _plain(column: Column, cell: object) -> tuple[object, str | None]:
    text = _text(cell)
    return (text or None), None


_READERS: dict[str, Callable[[Column, object], tuple[object, str | None]]] = {
    "date": _date,
    "integer": _integer,
    "code": _code,
    "id": _plain,
    "text": _plain,
}
