"""What the performance measures take from a scenario: its ``[kpis]`` targets, working-day calendar
and council name (:func:`inspection_sim.workbench.kpi_settings` reads them from a scenario).

The scenario loader validates the ``[kpis]`` table (:func:`kpi_section` is the same check for a
table already parsed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inspection_sim.annex_a.targets import kpi_targets
from inspection_sim.calendar import WorkingCalendar

__all__ = ["KpiSettings", "kpi_section"]


@dataclass(frozen=True)
class KpiSettings:
    """What a scenario gives the measures: targets by measure id, the calendar, the council."""

    targets: Mapping[str, tuple[float, float]]
    calendar: WorkingCalendar
    council: str


def kpi_section(
    data: Mapping[str, Any], *, source: str = "<scenario>"
) -> dict[str, tuple[float, float]]:
    """The validated ``[kpis]`` table of a parsed scenario file (empty when it has none)."""
    table = data.get("kpis")
    return {} if table is None else kpi_targets(table, source=source)
