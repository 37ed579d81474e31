"""A small Annex A workbook written with openpyxl: child ids and allocated workers per list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook

#: The lists' sheet titles, as councils name them.
TITLES = {3: "List 3 - Referrals", 4: "List 4 - Assessments", 7: "List 7 - CP", 8: "List 8 - CiC"}

STAFF_CSV = (
    "id,name,team,role\r\n"
    "ann,Ann Shaw,assessment,social worker\r\n"
    "bob,Bob Khan,assessment,social worker\r\n"
    "cat,Cat Lee,looked after,social worker\r\n"
    "tom,Tom Reid,assessment,team manager\r\n"
    "una,Una Bell,looked after,team manager\r\n"
)


def write_workbook(
    path: Path,
    lists: Mapping[int, Sequence[tuple[str, str]]],
    *,
    worker_header: str = "Allocated Worker",
) -> Path:
    """Each list as a sheet: a title row, a blank row, then the header and (child id, worker)
    rows, with an age column that must never reach the sample."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, rows in lists.items():
        sheet = book.create_sheet(TITLES[number])
        sheet.append([f"Annex A {TITLES[number]}"])
        sheet.append([])
        sheet.append(["Child Unique ID", "Age at Referral", "Allocated Team", worker_header])
        for child, worker in rows:
            sheet.append([child, 9, "Team A", worker])
    book.save(path)
    return path


def children(prefix: str, count: int, workers: Sequence[str]) -> list[tuple[str, str]]:
    """``count`` children ``prefix-0`` ..., their workers taken from ``workers`` in turn."""
    return [(f"{prefix}-{n}", workers[n % len(workers)]) for n in range(count)]
