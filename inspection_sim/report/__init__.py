"""Reports: the charts (a timeline's Gantt chart, a simulation's chance per deadline and what
drives a deadline, a sweep's risk heat map; matplotlib) and a self-contained HTML page. Model
objects hold no charts: they are drawn here, from the results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspection_sim.report.html import ReportInputs, render_report
from inspection_sim.report.plots import deadline_chart, gantt, risk_heatmap, to_png, to_svg, tornado

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline

__all__ = [
    "ReportInputs",
    "deadline_chart",
    "gantt",
    "render_report",
    "risk_heatmap",
    "to_png",
    "to_svg",
    "tornado",
    "write_report",
]


def write_report(
    path: str | Path,
    timeline: Timeline,
    inputs: ReportInputs | None = None,
    *,
    force: bool = False,
    parents: bool = False,
) -> Path:
    """Write the HTML report to ``path`` atomically; an existing file is kept unless ``force``.

    The folder must exist unless ``parents``; only a regular file is ever replaced.

    Raises:
        OutputError: the folder is missing or cannot be written, the file exists and ``force`` is
            off, or the path is a folder, a FIFO, a device or a link.
    """
    from inspection_sim.export.atomic import write_file

    return write_file(
        path, render_report(timeline, inputs).encode("utf-8"), force=force, parents=parents
    )
