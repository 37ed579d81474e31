"""A scenario's ``[kpis]`` targets and working-day calendar for the performance measures.

The ``[kpis]`` table is read here from the parsed scenario file, and the rest of the file is
validated as any scenario, so a scenario with targets works whether or not the scenario loader
knows the section.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from os import PathLike, fspath
from pathlib import Path
from typing import Any

from inspection_sim.annex_a.targets import kpi_targets
from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ScenarioError

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
    from inspection_sim.scenario import scenario_from_mapping

    source = fspath(path)
    try:
        data = tomllib.loads(Path(source).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"cannot read the scenario file: {error}", source=source) from None
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"not valid TOML: {error}", source=source) from None
    targets = kpi_section(data, source=source)
    scenario = scenario_from_mapping({k: v for k, v in data.items() if k != "kpis"}, source=source)
    return KpiSettings(targets, scenario.calendar(), scenario.council.name)
