"""Reports: a Gantt chart and risk heat map (matplotlib, optional) and a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspection_sim.report.html import ReportInputs, render_report
from inspection_sim.report.plots import gantt, risk_heatmap, to_png, to_svg

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline

__all__ = [
    "ReportInputs",
    "gantt",
    "render_report",
    "risk_heatmap",
    "to_png",
    "to_svg",
    "write_report",
]


def write_report(
    path: str | Path, timeline: Timeline, inputs: ReportInputs | None = None, *, force: bool = False
) -> Path:
    """Write the HTML report to ``path`` atomically; an existing file is kept unless ``force``.

    Raises:
        OutputError: the folder cannot be written, or the file exists and ``force`` is off.
    """
    from inspection_sim.export.atomic import check_free, prepare_folder, write_atomic

    target = Path(path)
    prepare_folder(target.parent if str(target.parent) else Path("."))
    check_free([target], force=force)
    write_atomic(target, render_report(timeline, inputs).encode("utf-8"))
    return target
