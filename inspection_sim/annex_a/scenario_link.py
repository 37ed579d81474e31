"""A scenario's ``[kpis]`` targets and working-day calendar for the performance measures.

The scenario loader validates the ``[kpis]`` table (:func:`kpi_section` is the same check for a
table already parsed); this module turns a scenario file into what the measures need.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from os import PathLike
from typing import Any

from inspection_sim.annex_a.targets import kpi_targets
from inspection_sim.calendar import WorkingCalendar

__all__ = ["KpiSettings", "kpi_section", "kpi_settings"]


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


def kpi_settings(path: str | PathLike[str]) -> KpiSettings:
    """Read a scenario file for ``inspection-sim kpi --scenario``.

    The calendar is the scenario's planning calendar (its region's bank holidays and weekmask):
    statutory working days are weekdays that are not bank holidays, so a council's own closure
    does not stop a statutory clock.

    Raises:
        ScenarioError: the file cannot be read, is not TOML, or holds invalid entries.
    """
    from inspection_sim.scenario import load_scenario

    scenario = load_scenario(path)
    return KpiSettings(dict(scenario.kpis), scenario.calendar(), scenario.council.name)
