"""Benchmark: checking and measuring a large council's Annex A (about 50,000 rows).

Prints, in one run: the time to read, check and compute every measure of a 50,000-row demo
workbook with the library (python-calamine reader), against a baseline measured in the same run:
only loading the same workbook's cells with openpyxl in normal mode and in read-only mode (what a
reader built on openpyxl would spend before checking anything). Target: check and measure in
under 5 s.

Run: ``.venv/bin/python benchmarks/annex_a.py [ROWS]``
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.pop(0)  # do not import from the benchmarks folder

from inspection_sim.annex_a import check_annex_a, compute_kpis, demo_annex_a, read_annex_a

ROWS_PER_CHILD = 7.05  # rows over the eleven lists for each child in need, in the demo council
TARGET_SECONDS = 5.0


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def openpyxl_cells(path: Path, read_only: bool) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=read_only, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    return cells


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    demo = demo_annex_a(1, children=round(rows / ROWS_PER_CHILD))
    with tempfile.TemporaryDirectory() as folder:
        path = demo.write(Path(folder) / "annex-a.xlsx")
        size = path.stat().st_size
        read_s, annex = timed(lambda: read_annex_a(path))
        check_s, checked = timed(lambda: check_annex_a(annex, demo.on))  # type: ignore[arg-type]
        measure_s, result = timed(lambda: compute_kpis(checked, demo.on))  # type: ignore[arg-type]
        total = read_s + check_s + measure_s
        normal_s, _ = timed(lambda: openpyxl_cells(path, read_only=False))
        read_only_s, _ = timed(lambda: openpyxl_cells(path, read_only=True))
    print(f"Annex A of {annex.rows:,} rows ({size // 1024:,} KiB)")  # type: ignore[attr-defined]
    print(f"  read (python-calamine)  {read_s:6.2f} s")
    print(f"  check                   {check_s:6.2f} s  ({len(checked.problems)} problems)")  # type: ignore[attr-defined]
    print(f"  measure                 {measure_s:6.2f} s  ({len(result.kpis)} measures)")  # type: ignore[attr-defined]
    print(f"  read + check + measure  {total:6.2f} s  (target under {TARGET_SECONDS:.0f} s: "
          f"{'met' if total < TARGET_SECONDS else 'MISSED'})")  # fmt: skip
    print("baseline, same run: loading the cells only")
    print(f"  openpyxl normal mode    {normal_s:6.2f} s  ({normal_s / total:.1f}x the whole check)")
    print(
        f"  openpyxl read-only mode {read_only_s:6.2f} s  ({read_only_s / total:.1f}x the whole check)"
    )


if __name__ == "__main__":
    main()
