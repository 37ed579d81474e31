"""Shared helpers for the rule tests: reading the published dataset (S13)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path


def parse_day(text: str) -> date | None:
    """Dates in the dataset are dd/mm/yy or dd/mm/yyyy; None when missing or unparsable."""
    for form in ("%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


def inspections_with_dates(dataset: Path) -> list[dict[str, object]]:
    """Short and standard inspections in ``dataset`` (the ``ilacs_csv`` fixture's file) with a
    parsed on-site start (and end, when parsed)."""
    rows = []
    with dataset.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            start = parse_day(row["inspection_start_date"])
            if row["inspection_framework"] in ("short", "standard") and start is not None:
                rows.append(
                    {
                        "la": row["local_authority"],
                        "type": row["inspection_framework"],
                        "start": start,
                        "end": parse_day(row["inspection_end_date"]),
                    }
                )
    return rows
