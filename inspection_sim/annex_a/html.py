"""The performance table as one self-contained HTML page for leaders.

Like the plan report (:mod:`inspection_sim.report.html`): styles inline, no scripts, a Content
Security Policy that forbids every outside fetch, and every text from the council's data or a rule
file escaped. Trend sparklines are inline SVG drawn from the numbers, so nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from inspection_sim.annex_a.measures import Kpi, KpiResult, month_starts
from inspection_sim.annex_a.table import KIND_LABELS, percent
from inspection_sim.export.html_page import escape as e
from inspection_sim.export.html_page import html_page

__all__ = ["render_kpi_html", "write_kpi_html"]

#: This page's own style rules, after the shared ones (``export.html_page.BASE_STYLE``).
_STYLE = """
body{max-width:80rem}h1{font-size:1.5rem}th,td{vertical-align:middle}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.green{background:#c6efce}td.amber{background:#ffeb9c}td.red{background:#ffc7ce}
td.rag{font-weight:bold;text-transform:uppercase;font-size:.75rem}
ul.ids{columns:4;font-family:monospace;font-size:.85rem}
"""
_PROBLEMS_SHOWN = 200


def render_kpi_html(
    result: KpiResult, *, council: str = "Council", stamp: datetime | None = None
) -> str:
    """The page as a string of HTML (UTF-8, no outside resources)."""
    title = f"{council}: children's social care performance on {result.on:%d %B %Y}"
    body = [
        f"<h1>{e(title)}</h1>",
        _facts(result),
        _section("Performance table", _table(result)),
        _section("Children to act on (red measures)", _act_on(result)),
        _section("Annex A check", _problems(result)),
        _footer(result, stamp),
    ]
    return html_page(title, body, _STYLE)


def write_kpi_html(
    path: str | Path,
    result: KpiResult,
    *,
    council: str = "Council",
    stamp: datetime | None = None,
    force: bool = False,
) -> Path:
    """Write the page atomically; an existing file is kept unless ``force``."""
    from inspection_sim.export.atomic import write_file

    page = render_kpi_html(result, council=council, stamp=stamp)
    return write_file(Path(path), page.encode("utf-8"), force=force)


def _section(heading: str, content: str) -> str:
    return f"<section>\n<h2>{e(heading)}</h2>\n{content}\n</section>"


def _facts(result: KpiResult) -> str:
    counts = result.rag_counts()
    facts = [
        ("Extract date", f"{result.on:%a %d %b %Y}"),
        ("Measures", str(len(result.kpis))),
        ("Green", str(counts["green"])),
        ("Amber", str(counts["amber"])),
        ("Red", str(counts["red"])),
        ("Annex A problems", str(result.problems)),
    ]
    cells = "".join(f'<div class="fact">{e(k)}<b>{e(v)}</b></div>' for k, v in facts)
    return f'<div class="facts">{cells}</div>'


def _table(result: KpiResult) -> str:
    months = month_starts(result.on)
    head = ["Ref", "Performance measure", "Num", "Denom", "Current", "Period"]
    head += [f"{m:%b %y}" for m in months] + ["Min", "Upper", "RAG", "Trend"]
    rows = ["<tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
    for kpi in result.kpis:
        rows.append(_row(kpi, len(months)))
    note = (
        '<p class="muted">Targets on the minimum/upper model: higher is better unless marked '
        "(lower is better), when green is at or below the upper target. Counts have no targets.</p>"
    )
    return note + "<table>" + "".join(rows) + "</table>"


def _row(kpi: Kpi, months: int) -> str:
    m = kpi.measure
    trend = [v for _, v in kpi.trend] if kpi.trend else [None] * months
    name = m.name + ("" if m.higher_is_better else " (lower is better)")
    current = str(kpi.numerator) if m.is_count else percent(kpi.value)
    cells = [
        f"<td>{e(m.ref)}</td>",
        f"<td>{e(name)}</td>",
        f'<td class="num">{"" if m.is_count else kpi.numerator}</td>',
        f'<td class="num">{"" if kpi.denominator is None else kpi.denominator}</td>',
        f'<td class="num"><b>{e(current)}</b></td>',
        f"<td>{e(KIND_LABELS[m.kind])}</td>",
        *(f'<td class="num">{e(percent(v))}</td>' for v in trend),
        f'<td class="num">{e(percent(kpi.min_target))}</td>',
        f'<td class="num">{e(percent(kpi.upper_target))}</td>',
        f'<td class="rag {kpi.rag or ""}">{e(kpi.rag or "")}</td>',
        f"<td>{_sparkline(trend)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _sparkline(points: Sequence[float | None]) -> str:
    known = [(i, p) for i, p in enumerate(points) if p is not None]
    if len(known) < 2:
        return ""
    width, height, step = 90, 24, 90 / max(len(points) - 1, 1)
    low, high = min(p for _, p in known), max(p for _, p in known)
    span = (high - low) or 1.0
    coords = " ".join(
        f"{i * step:.1f},{height - 2 - (p - low) / span * (height - 4):.1f}" for i, p in known
    )
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="six-month trend"><polyline fill="none" stroke="#2e6f9e" stroke-width="2" '
        f'points="{coords}"/></svg>'
    )


def _act_on(result: KpiResult) -> str:
    parts = []
    for kpi in result.kpis:
        if not kpi.act_on:
            continue
        items = "".join(f"<li>{e(child)}</li>" for child in kpi.act_on)
        parts.append(
            f"<h3>{e(kpi.measure.ref)} {e(kpi.measure.name)}: {len(kpi.act_on)} children</h3>"
            f'<ul class="ids">{items}</ul>'
        )
    return "".join(parts) or "<p>No measure is red.</p>"


def _problems(result: KpiResult) -> str:
    check = result.check
    if check.ok:
        return "<p>No problems: the lists read as Ofsted will read them.</p>"
    counts = "".join(f"<li>{e(kind)}: {n}</li>" for kind, n in check.counts().items())
    shown = check.problems[:_PROBLEMS_SHOWN]
    rows = "".join(
        f"<tr><td>{e(p.list or '')}</td><td>{e(p.row or '')}</td><td>{e(p.column or '')}</td>"
        f"<td>{e(p.message)}</td><td>{e(p.value or '')}</td></tr>"
        for p in shown
    )
    more = len(check.problems) - len(shown)
    tail = (
        f'<p class="muted">{more} more: run inspection-sim annex-a check.</p>' if more > 0 else ""
    )
    return (
        f"<ul>{counts}</ul><table><tr><th>List</th><th>Row</th><th>Column</th><th>Problem</th>"
        f"<th>Value</th></tr>{rows}</table>{tail}"
    )


def _footer(result: KpiResult, stamp: datetime | None) -> str:
    made = f" Made {stamp:%d %b %Y %H:%M} UTC." if stamp else ""
    return (
        f'<footer class="muted"><p>Annex A extract: {e(result.check.annex_a.source)}, extract date '
        f"{result.on.isoformat()}. Measures, timescales and default targets are rule data "
        f"(rules/data/annex-a/measures.toml; seed 001's performance table).{e(made)}</p></footer>"
    )
