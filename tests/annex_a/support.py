"""Shared helpers for the Annex A tests: demo workbooks and a hostile extract."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

from inspection_sim.annex_a import AnnexA, DemoAnnexA, demo_annex_a
from inspection_sim.annex_a.reader import annex_a_from_rows

ON = date(2027, 3, 1)
HOSTILE = '=HYPERLINK("http://example.invalid","<script>alert(1)</script>")'


@cache
def demo(seed: int = 3, children: int = 300, errors: bool = True) -> DemoAnnexA:
    return demo_annex_a(seed, on=ON, children=children, errors=errors)


def write_demo(folder: Path, seed: int = 3, children: int = 300, errors: bool = True) -> Path:
    return demo(seed, children, errors).write(folder / f"demo-{seed}-{children}-{errors}.xlsx")


def sheet_name(demo_: DemoAnnexA, number: int) -> str:
    return next(name for name in demo_.tables if name.startswith(f"List {number} "))


def hostile_annex_a() -> AnnexA:
    """The demo with one child on a CP plan (never visited: a red measure) named HOSTILE."""
    tables = {name: [list(row) for row in rows] for name, rows in demo().tables.items()}
    rows = tables[sheet_name(demo(), 7)]
    header = rows[2]
    column = header.index("Date of the Last Statutory Visit")
    ident = header.index("Child Unique ID")
    end = header.index("Child Protection Plan End Date")
    target = next(
        row for row in rows[3:] if row[end] in (None, "") and row[column] not in (None, "")
    )
    old = target[ident]
    target[ident], target[column] = HOSTILE, None
    for row in tables[sheet_name(demo(), 6)][3:]:
        if row[0] == old:
            row[0] = HOSTILE
    return annex_a_from_rows(copy.deepcopy(tables), source="hostile")


def rows_of(demo_: DemoAnnexA, number: int) -> tuple[list[str], Sequence[Sequence[object]]]:
    rows = demo_.tables[sheet_name(demo_, number)]
    return [str(h) for h in rows[2]], rows[3:]
