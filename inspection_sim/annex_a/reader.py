"""Reading an Annex A: an .xlsx workbook (sheets named "List N ...") or a folder of CSV files
(``list-4.csv`` ...), into raw cells by list and canonical column name.

The header row of each list is the first row (of the first 30) holding the list's identifier
column ("Child Unique ID"); headers are matched tolerantly (:func:`name_key` and each column's
``also`` spellings). Values are kept raw here; :mod:`inspection_sim.annex_a.values` reads them.
Workbooks are read with python-calamine: a 50,000-row workbook loads in about a second, where
openpyxl needs tens of seconds (see ``benchmarks/annex_a.py``).

Only input that cannot be read at all raises (:class:`AnnexAInputError`, exit status 2 at the
command line); a list sheet without a header row is a problem that the check reports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path

from inspection_sim.annex_a.headers import list_number, name_key
from inspection_sim.annex_a.spec import AnnexASpec, ListSpec, load_annex_a_spec
from inspection_sim.errors import InspectionSimError

__all__ = ["AnnexA", "AnnexAInputError", "Sheet", "annex_a_from_rows", "read_annex_a"]

HEADER_SEARCH_ROWS = 30


class AnnexAInputError(InspectionSimError, ValueError):
    """An Annex A file or folder cannot be read at all (missing, not a workbook, no lists)."""


@dataclass(frozen=True)
class Sheet:
    """One list as found: where, its header row, and its cells by canonical column.

    ``row_numbers`` are the rows as a spreadsheet shows them (1-based; for CSV, the line);
    ``cells[column][i]`` is the raw value in row ``row_numbers[i]``. Blank rows are dropped.
    """

    spec: ListSpec
    name: str
    header_row: int | None
    cells: Mapping[str, list[object]] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)
    unknown: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.row_numbers)


@dataclass(frozen=True)
class AnnexA:
    """An Annex A extract: its lists (by list id, e.g. ``"list-7"``) as read from ``source``."""

    source: str
    sheets: Mapping[str, Sheet]
    ignored: tuple[str, ...] = ()
    repeated_lists: tuple[str, ...] = ()

    def sheet(self, list_id: str) -> Sheet | None:
        return self.sheets.get(list_id)

    @property
    def rows(self) -> int:
        """Data rows over every list."""
        return sum(len(sheet) for sheet in self.sheets.values())


def read_annex_a(path: str | PathLike[str], *, spec: AnnexASpec | None = None) -> AnnexA:
    """Read an Annex A workbook (``.xlsx``) or a folder of ``list-N.csv`` files.

    Raises:
        AnnexAInputError: the path is missing or unreadable, is not a workbook or folder, or
            holds no sheet or file named like an Annex A list.
    """
    spec = spec or load_annex_a_spec()
    source = fspath(path)
    target = Path(source)
    if target.is_dir():
        tables = _csv_tables(target)
    elif target.exists():
        tables = _xlsx_tables(target)
    else:
        raise AnnexAInputError(
            "no such file or folder (give an .xlsx workbook or a folder of list-N.csv files)",
            source=source,
        )
    return _assemble(source, tables, spec)


def annex_a_from_rows(
    tables: Mapping[str, Sequence[Sequence[object]]],
    *,
    source: str = "<annex-a>",
    spec: AnnexASpec | None = None,
) -> AnnexA:
    """An Annex A from rows in memory: sheet name -> rows (the header row among them)."""
    return _assemble(source, list(tables.items()), spec)


def _assemble(
    source: str, tables: list[tuple[str, Sequence[Sequence[object]]]], spec: AnnexASpec | None
) -> AnnexA:
    spec = spec or load_annex_a_spec()
    sheets: dict[str, Sheet] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    for name, rows in tables:
        number = list_number(name)
        listing = spec.by_number(number) if number is not None else None
        if listing is None:
            ignored.append(name)
        elif listing.id in sheets:
            repeated.append(name)
        else:
            sheets[listing.id] = _sheet(listing, name, rows)
    if not sheets:
        raise AnnexAInputError(
            "no Annex A list found: name sheets 'List 1' ... 'List 11' (or files list-1.csv ...)",
            source=source,
            value=sorted(ignored),
        )
    ordered = {k: sheets[k] for k in spec.lists if k in sheets}
    return AnnexA(source, ordered, tuple(ignored), tuple(repeated))


def _sheet(listing: ListSpec, name: str, rows: Sequence[Sequence[object]]) -> Sheet:
    id_key = name_key(listing.id_column)
    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(isinstance(cell, str) and name_key(cell) == id_key for cell in row):
            header_index = index
            break
    if header_index is None:
        return Sheet(listing, name, None)
    wanted: dict[str, str] = {}
    for column in listing.columns:
        for text in (column.name, *column.also):
            wanted.setdefault(name_key(text), column.name)
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for position, cell in enumerate(rows[header_index]):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        canonical = wanted.get(name_key(text))
        if canonical is None:
            unknown.append(text)
        elif canonical in positions:
            repeated.append(text)
        else:
            positions[canonical] = position
    cells: dict[str, list[object]] = {column: [] for column in positions}
    numbers: list[int] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(_blank(cell) for cell in row):
            continue
        numbers.append(index + 1)
        width = len(row)
        for canonical, position in positions.items():
            cells[canonical].append(row[position] if position < width else None)
    return Sheet(listing, name, header_index + 1, cells, numbers, tuple(unknown), tuple(repeated))


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _xlsx_tables(path: Path) -> list[tuple[str, Sequence[Sequence[object]]]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        tables: list[tuple[str, Sequence[Sequence[object]]]] = []
        for name in workbook.sheet_names:
            rows: Sequence[Sequence[object]] = workbook.get_sheet_by_name(name).to_python(
                skip_empty_area=False
            )
            tables.append((name, rows))
        return tables
    except (CalamineError, OSError, ValueError) as error:
        raise AnnexAInputError(f"cannot read the workbook: {error}", source=str(path)) from None


def _csv_tables(folder: Path) -> list[tuple[str, Sequence[Sequence[object]]]]:
    found: list[tuple[str, Sequence[Sequence[object]]]] = []
    for file in sorted(folder.iterdir(), key=lambda p: (list_number(p.stem) or 99, p.name)):
        if file.suffix.lower() != ".csv" or list_number(file.stem) is None:
            continue
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise AnnexAInputError(f"cannot read the CSV file: {error}", source=str(file)) from None
        rows: list[Sequence[object]] = list(csv.reader(io.StringIO(text, newline="")))
        found.append((file.name, rows))
    return found
