"""The allocated workers of an Annex A: each child id with the worker named against it, per list.

Only two cells of a row are read: the list's child id and its "Allocated Worker". Nothing else
about a child leaves this module, so a case sample drawn from it holds ids and workers' names only.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike, fspath

from inspection_sim.annex_a.reader import AnnexA, AnnexAInputError, read_annex_a
from inspection_sim.annex_a.spec import load_annex_a_spec

__all__ = ["WORKER_COLUMN", "AllocatedChild", "allocated_children", "read_allocated_children"]

#: The column of the Annex A rule data (``rules/data/annex-a/lists.toml``) naming a child's worker.
WORKER_COLUMN = "Allocated Worker"


@dataclass(frozen=True)
class AllocatedChild:
    """A child id on one list with the worker's name as the workbook writes it."""

    list_id: str
    child_id: str
    worker: str


def read_allocated_children(path: str | PathLike[str]) -> list[AllocatedChild]:
    """The allocated children of an Annex A workbook (or folder of list CSV files).

    Raises:
        AnnexAInputError: the file cannot be read as an Annex A, or none of its lists has an
            "Allocated Worker" column.
    """
    return allocated_children(read_annex_a(fspath(path)))


def allocated_children(annex: AnnexA) -> list[AllocatedChild]:
    """Each row with a child id and a worker, over the lists that have the column, in list order.

    Raises:
        AnnexAInputError: no list read has an "Allocated Worker" column with a header.
    """
    found: list[AllocatedChild] = []
    with_column = 0
    for list_id, sheet in annex.sheets.items():
        workers = sheet.cells.get(WORKER_COLUMN)
        ids = sheet.cells.get(sheet.spec.id_column)
        if workers is None or ids is None:
            continue
        with_column += 1
        for child, worker in zip(ids, workers, strict=True):
            child_text = _text(child)
            worker_text = _text(worker)
            if child_text and worker_text:
                found.append(AllocatedChild(list_id, child_text, worker_text))
    if not with_column:
        spec = load_annex_a_spec()
        lists = [
            f"List {spec.lists[k].number}"
            for k in spec.lists
            if any(c.name == WORKER_COLUMN for c in spec.lists[k].columns)
        ]
        raise AnnexAInputError(
            f"no list has an '{WORKER_COLUMN}' column (the case sample needs it on one of "
            f"{', '.join(lists)})",
            source=annex.source,
            value=sorted(sheet.name for sheet in annex.sheets.values()),
        )
    return found


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())
