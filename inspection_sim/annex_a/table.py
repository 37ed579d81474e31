"""The performance table leaders read, as text and as an .xlsx workbook (after seed 001's).

Columns: ref, measure, numerator, denominator, current value, kind, the six monthly outturns, the
minimum and upper targets, the RAG rating (coloured in the workbook) and a trend sparkline. A
second sheet lists the children behind each red measure (ids only), a third the check's problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from inspection_sim.annex_a.measures import Kpi, KpiResult, month_starts
from inspection_sim.annex_a.xlsx import Fill, SheetData, write_workbook

__all__ = [
    "KIND_LABELS",
    "RAG_COLOURS",
    "kpi_sheets",
    "kpi_text",
    "percent",
    "sparkline",
    "write_kpi_xlsx",
]

KIND_LABELS = {"snapshot": "Snapshot", "list-period": "Annex A period"}
RAG_COLOURS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
_BARS = "▁▂▃▄▅▆▇█"
_HEADER = Fill("DDEBF7", bold=True)


def percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def sparkline(points: Sequence[float | None] | None) -> str:
    """A text sparkline of a trend (a space where a month has no value); empty without two values."""
    if not points or sum(p is not None for p in points) < 2:
        return ""
    known = [p for p in points if p is not None]
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(
        " " if p is None else _BARS[round((p - low) / span * (len(_BARS) - 1))] for p in points
    )


def _trend_values(kpi: Kpi) -> list[float | None]:
    return [value for _, value in kpi.trend] if kpi.trend else []


def _current(kpi: Kpi) -> str:
    return str(kpi.numerator) if kpi.measure.is_count else percent(kpi.value)


def kpi_text(result: KpiResult) -> str:
    """The table as fixed-width text, a RAG summary and the children to act on."""
    head = ("Ref", "Measure", "Num", "Denom", "Current", "Kind", "Min", "Upper", "RAG", "Trend")
    rows = [head]
    for kpi in result.kpis:
        m = kpi.measure
        rows.append(
            (
                m.ref,
                m.name,
                "" if m.is_count else str(kpi.numerator),
                "" if kpi.denominator is None else str(kpi.denominator),
                _current(kpi),
                KIND_LABELS[m.kind],
                percent(kpi.min_target),
                percent(kpi.upper_target),
                kpi.rag or "",
                sparkline(_trend_values(kpi)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    counts = result.rag_counts()
    rated = sum(counts.values())
    lines.append("")
    lines.append(
        f"Extract date {result.on.isoformat()}: of {rated} rated measures, {counts['green']} green, "
        f"{counts['amber']} amber, {counts['red']} red; {result.problems} Annex A problems "
        "(inspection-sim annex-a check lists them)"
    )
    for kpi in result.kpis:
        if kpi.act_on:
            lines.append(
                f"Children to act on for {kpi.measure.ref} ({kpi.measure.id}): {len(kpi.act_on)}"
            )
    return "\n".join(lines)


def kpi_sheets(result: KpiResult, council: str = "Council") -> list[SheetData]:
    """The workbook's sheets: the performance table, children to act on, Annex A problems."""
    months = [m.strftime("%b %y") for m in month_starts(result.on)]
    head = [
        "Ref",
        "Performance measure",
        "Num",
        "Denom",
        "Current",
        "Period",
        *months,
        "Min",
        "Upper",
        "RAG",
        "Trend",
    ]
    title = (
        f"{council}: children's social care performance, Annex A extract of {result.on:%d %B %Y}"
    )
    rows: list[list[object]] = [[title], [], list(head)]
    table = SheetData("Performance", rows, freeze="C4")
    table.styles.update({(0, 0): Fill(bold=True)})
    table.styles.update({(2, c): _HEADER for c in range(len(head))})
    rag_column = head.index("RAG")
    for kpi in result.kpis:
        m = kpi.measure
        trend = _trend_values(kpi) or [None] * len(months)
        row: list[object] = [
            m.ref,
            m.name,
            None if m.is_count else kpi.numerator,
            kpi.denominator,
            kpi.numerator if m.is_count else kpi.value,
            KIND_LABELS[m.kind],
            *trend,
            kpi.min_target,
            kpi.upper_target,
            kpi.rag or "",
            sparkline(trend),
        ]
        r = len(rows)
        rows.append(row)
        percent_columns = [] if m.is_count else [4]
        percent_columns += [6 + i for i in range(len(months))] + [rag_column - 2, rag_column - 1]
        for c in percent_columns:
            table.styles[(r, c)] = Fill(number_format="0.0%")
        if kpi.rag:
            table.styles[(r, rag_column)] = Fill(RAG_COLOURS[kpi.rag], bold=True)
    table.widths = {0: 8, 1: 60, 2: 8, 3: 8, 4: 10, 5: 15, rag_column: 8, rag_column + 1: 10}
    act: list[list[object]] = [["Ref", "Measure", "Child Unique ID"]]
    for kpi in result.kpis:
        act.extend([kpi.measure.ref, kpi.measure.name, child] for child in kpi.act_on)
    problems: list[list[object]] = [["List", "Row", "Column", "Problem", "Value"]]
    problems.extend([p.list, p.row, p.column, p.message, p.value] for p in result.check.problems)
    header_style = {(0, c): _HEADER for c in range(5)}
    return [
        table,
        SheetData("Children to act on", act, dict(header_style), {1: 60, 2: 20}, "A2"),
        SheetData("Annex A problems", problems, dict(header_style), {2: 40, 3: 70}, "A2"),
    ]


def write_kpi_xlsx(
    path: str | Path,
    result: KpiResult,
    stamp: datetime,
    *,
    council: str = "Council",
    force: bool = False,
) -> Path:
    """Write the performance table workbook atomically (an existing file needs ``force``)."""
    return write_workbook(path, kpi_sheets(result, council), stamp, force=force)
