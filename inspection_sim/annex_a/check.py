"""Checking an Annex A as Ofsted will read it: every problem at once, by list, row and column.

Problems found: a missing list or column, an unknown column, a list without a header row, a blank
required cell, a date, number or code that cannot be read, a date after the extract date, an end
before its start, a child repeated in a list that holds one row per child, and a child on a plan or
in care with no open episode where the cross-list rules (rule data) say there must be one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from os import PathLike
from typing import Any

from inspection_sim.annex_a.reader import AnnexA, Sheet, read_annex_a
from inspection_sim.annex_a.spec import AnnexASpec, LinkRule, ListSpec, load_annex_a_spec
from inspection_sim.annex_a.values import ParsedSheet, parse_sheet
from inspection_sim.errors import ArgumentTypeError

__all__ = ["PROBLEM_KINDS", "AnnexAProblem", "CheckResult", "check_annex_a", "open_ids"]

#: Every kind of problem the check reports, in the order a summary lists them.
PROBLEM_KINDS = (
    "missing-list",
    "repeated-list",
    "no-header-row",
    "missing-column",
    "unknown-column",
    "repeated-column",
    "blank-required",
    "bad-date",
    "bad-integer",
    "bad-code",
    "future-date",
    "end-before-start",
    "duplicate-id",
    "no-open-episode",
)
_BAD_KIND = {"date": "bad-date", "integer": "bad-integer", "code": "bad-code"}


@dataclass(frozen=True)
class AnnexAProblem:
    """One problem: its kind, where (list, spreadsheet row, column), what, the value found."""

    kind: str
    list: str | None
    row: int | None
    column: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.list,
                f"row {self.row}" if self.row is not None else None,
                f"column '{self.column}'" if self.column else None,
            )
            if part
        )
        text = f"{where}: {self.message}" if where else self.message
        return text if self.value is None else f"{text} (got {self.value!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "list": self.list,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "value": self.value,
        }


@dataclass(frozen=True)
class CheckResult:
    """The check of one Annex A: its problems, and the lists read by type (for the measures)."""

    annex_a: AnnexA
    on: date
    problems: tuple[AnnexAProblem, ...]
    parsed: Mapping[str, ParsedSheet]

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """Problems by kind, in :data:`PROBLEM_KINDS` order, kinds with none left out."""
        found = Counter(problem.kind for problem in self.problems)
        return {kind: found[kind] for kind in PROBLEM_KINDS if found[kind]}

    def summary(self) -> str:
        lists = ", ".join(sheet.spec.label for sheet in self.annex_a.sheets.values())
        head = f"{self.annex_a.source}: {self.annex_a.rows} rows in {lists}; extract date {self.on}"
        if self.ok:
            return f"{head}\nno problems: the lists read as Ofsted will read them"
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        return f"{head}\n{len(self.problems)} problems: {counts}"

    def to_text(self) -> str:
        return "\n".join([*(str(p) for p in self.problems), self.summary()])

    def to_json(self) -> str:
        data = {
            "source": self.annex_a.source,
            "on": self.on.isoformat(),
            "rows": self.annex_a.rows,
            "lists": [sheet.spec.label for sheet in self.annex_a.sheets.values()],
            "counts": self.counts(),
            "problems": [p.to_dict() for p in self.problems],
        }
        return json.dumps(data, indent=2, default=str)


def check_annex_a(
    source: AnnexA | str | PathLike[str], on: date, *, spec: AnnexASpec | None = None
) -> CheckResult:
    """Check an Annex A (a path, or one already read) against the lists' rules on ``on``.

    Raises:
        AnnexAInputError: the path cannot be read at all.
        ArgumentTypeError: ``on`` is not a date.
    """
    if not isinstance(on, date):
        raise ArgumentTypeError("argument 'on' must be a datetime.date", value=on)
    spec = spec or load_annex_a_spec()
    annex = source if isinstance(source, AnnexA) else read_annex_a(source, spec=spec)
    problems: list[AnnexAProblem] = []
    for listing in spec.lists.values():
        if listing.id not in annex.sheets:
            problems.append(
                AnnexAProblem("missing-list", listing.label, None, None, "the list is missing")
            )
    for name in annex.repeated_lists:
        problems.append(
            AnnexAProblem("repeated-list", None, None, None, "a second sheet for one list", name)
        )
    parsed: dict[str, ParsedSheet] = {}
    for list_id, sheet in annex.sheets.items():
        if sheet.header_row is None:
            problems.append(_no_header(sheet))
            continue
        parsed[list_id] = parse_sheet(sheet)
        problems.extend(_sheet_problems(parsed[list_id], on))
    for link in spec.links:
        problems.extend(_link_problems(link, parsed, on))
    order = {listing.label: i for i, listing in enumerate(spec.lists.values())}
    columns = {
        (listing.label, column.name): i
        for listing in spec.lists.values()
        for i, column in enumerate(listing.columns)
    }
    problems.sort(
        key=lambda p: (
            order.get(p.list or "", -1),
            p.row or 0,
            columns.get((p.list or "", p.column or ""), -1),
            PROBLEM_KINDS.index(p.kind),
            p.value or "",
        )
    )
    return CheckResult(annex, on, tuple(problems), parsed)


def _no_header(sheet: Sheet) -> AnnexAProblem:
    return AnnexAProblem(
        "no-header-row",
        sheet.spec.label,
        None,
        None,
        f"no header row: no '{sheet.spec.id_column}' cell in the first rows of sheet "
        f"'{sheet.name}'",
    )


def _sheet_problems(parsed: ParsedSheet, on: date) -> list[AnnexAProblem]:
    sheet, listing = parsed.sheet, parsed.sheet.spec
    label, rows = listing.label, sheet.row_numbers
    found = [
        AnnexAProblem("missing-column", label, sheet.header_row, c.name, "the column is missing")
        for c in listing.columns
        if c.name not in sheet.cells
    ]
    for text in sheet.unknown:
        found.append(
            AnnexAProblem(
                "unknown-column", label, sheet.header_row, text, _unknown_message(text, listing)
            )
        )
    for text in sheet.repeated:
        found.append(
            AnnexAProblem(
                "repeated-column", label, sheet.header_row, text, "a column appears twice"
            )
        )
    for column in listing.columns:
        raw = sheet.cells.get(column.name)
        if raw is None or column.blank:
            continue
        for i, cell in enumerate(raw):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                found.append(
                    AnnexAProblem(
                        "blank-required", label, rows[i], column.name, "a required cell is blank"
                    )
                )
    types = {c.name: c.type for c in listing.columns}
    for bad in parsed.bad:
        found.append(
            AnnexAProblem(
                _BAD_KIND[types[bad.column]],
                label,
                rows[bad.index],
                bad.column,
                bad.message,
                _shown(bad.value),
            )
        )
    for column in listing.columns:
        if column.type != "date" or column.future or column.name not in parsed.values:
            continue
        for i, day in enumerate(parsed.dates(column.name)):
            if day is not None and day > on:
                found.append(
                    AnnexAProblem(
                        "future-date",
                        label,
                        rows[i],
                        column.name,
                        f"a date after the extract date {on.isoformat()} (--on)",
                        day.isoformat(),
                    )
                )
    for earlier, later in listing.order:
        if earlier not in parsed.values or later not in parsed.values:
            continue
        for i, (start, end) in enumerate(
            zip(parsed.dates(earlier), parsed.dates(later), strict=True)
        ):
            if start is not None and end is not None and end < start:
                found.append(
                    AnnexAProblem(
                        "end-before-start",
                        label,
                        rows[i],
                        later,
                        f"before '{earlier}' ({start.isoformat()})",
                        end.isoformat(),
                    )
                )
    if listing.unique and listing.id_column in parsed.values:
        first_row: dict[object, int] = {}
        for i, child in enumerate(parsed.values[listing.id_column]):
            if child is None:
                continue
            if child in first_row:
                found.append(
                    AnnexAProblem(
                        "duplicate-id",
                        label,
                        rows[i],
                        listing.id_column,
                        f"this id is already in row {first_row[child]}; the list holds one row "
                        "per child",
                        str(child),
                    )
                )
            else:
                first_row[child] = rows[i]
    return found


def _unknown_message(text: str, listing: ListSpec) -> str:
    from inspection_sim.errors import closest

    hint = closest(text, [c.name for c in listing.columns])
    message = "not a column of this list; Ofsted will not read it"
    return message if hint is None else f"{message}; did you mean '{hint}'?"


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def open_ids(parsed: ParsedSheet, start: str, end: str, on: date) -> list[tuple[int, object]]:
    """(row index, child id) of the rows whose episode is open on ``on``: ``start`` on or before
    it, ``end`` blank or after it."""
    id_column = parsed.sheet.spec.id_column
    if any(name not in parsed.values for name in (start, end, id_column)):
        return []
    ids = parsed.values[id_column]
    return [
        (i, ids[i])
        for i, (first, last) in enumerate(zip(parsed.dates(start), parsed.dates(end), strict=True))
        if first is not None and first <= on and (last is None or last > on) and ids[i] is not None
    ]


def _link_problems(
    link: LinkRule, parsed: Mapping[str, ParsedSheet], on: date
) -> list[AnnexAProblem]:
    first, needed = parsed.get(link.list), parsed.get(link.needs)
    if first is None or needed is None:
        return []
    if any(name not in needed.values for name in (*link.needs_open, needed.sheet.spec.id_column)):
        return []
    have = {child for _, child in open_ids(needed, *link.needs_open, on)}
    label, rows = first.sheet.spec.label, first.sheet.row_numbers
    return [
        AnnexAProblem(
            "no-open-episode", label, rows[i], first.sheet.spec.id_column, link.message, str(child)
        )
        for i, child in open_ids(first, *link.open, on)
        if child not in have
    ]
