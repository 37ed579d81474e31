"""Reading scenario files: TOML in, a validated :class:`Scenario` out, or one full problem listing.

The whole file is checked before anything is raised, so a planner sees every mistake at once. Each
problem names the file, the key path (``teams.performance.size``), the value received and, for a
name, the valid choices and the closest one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib import resources
from os import PathLike, fspath
from pathlib import Path
from typing import Any, TypeVar

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import sections
from inspection_sim.scenario.checks import check_scenario
from inspection_sim.scenario.limits import MAX_ITEMS, MAX_TEXT
from inspection_sim.scenario.model import (
    Council,
    Inspection,
    Onsite,
    RehearsalSettings,
    Scenario,
    Simulation,
    TaskChanges,
)
from inspection_sim.scenario.onsite import read_onsite
from inspection_sim.scenario.source import check_depth, read_data, read_text_data
from inspection_sim.toml_reader import Reading, Table

__all__ = [
    "SCHEMA_VERSION",
    "default_scenario",
    "load_scenario",
    "parse_scenario",
    "scenario_from_mapping",
]

#: The scenario schema this library reads (the ``schema`` key at the top of every file).
SCHEMA_VERSION = 1

T = TypeVar("T")

_SECTIONS = (
    "schema",
    "council",
    "teams",
    "inspection",
    "rehearsal",
    "overrides",
    "tasks",
    "simulation",
    "kpis",
    "onsite",
)


def load_scenario(path: str | PathLike[str]) -> Scenario:
    """Read and validate a scenario file; the CSV files its ``[onsite]`` names are read relative
    to its folder.

    Raises:
        ScenarioError: the file cannot be read, is not a regular file, is too large, is not UTF-8
            TOML, or holds invalid entries; every problem is listed.
    """
    source = fspath(path)
    return scenario_from_mapping(read_data(source), source=source, folder=Path(source).parent)


@functools.cache
def default_scenario() -> Scenario:
    """The embedded default: a good council's ILACS short inspection (read once; scenarios are
    immutable)."""
    text = (
        resources.files("inspection_sim.scenario").joinpath("data/default.toml").read_text("utf-8")
    )
    return parse_scenario(text, source="<default scenario>")


def parse_scenario(
    text: str, *, source: str = "<scenario>", folder: str | PathLike[str] | None = None
) -> Scenario:
    """Validate scenario TOML held in a string; ``source`` names it in error messages and
    ``folder`` is where the CSV files of its ``[onsite]`` are (default: the current folder)."""
    return scenario_from_mapping(read_text_data(text, source), source=source, folder=folder)


def scenario_from_mapping(
    data: Mapping[str, Any],
    *,
    source: str = "<scenario>",
    folder: str | PathLike[str] | None = None,
) -> Scenario:
    """Validate a scenario already parsed into nested dicts (the shape ``tomllib`` returns);
    ``folder`` as for :func:`parse_scenario`."""
    if not isinstance(data, Mapping):
        raise ScenarioError("a scenario must be a table", source=source, value=data)
    check_depth(data, source)
    reading = Reading(source, error=ScenarioError, max_text=MAX_TEXT, max_items=MAX_ITEMS)
    scenario = _read(reading.table(data), source, Path(folder if folder is not None else "."))
    check_scenario(scenario, reading)
    reading.check()
    return scenario


def _read(root: Table, source: str, folder: Path) -> Scenario:
    root.only(*_SECTIONS)
    schema = root.integer("schema", None, required=True)
    if schema is not None and schema != SCHEMA_VERSION:
        root.problem("schema", "unsupported schema version", schema, (str(SCHEMA_VERSION),))
    council = root.section("council", required=True)
    inspection = root.section("inspection", required=True)
    overrides = root.section("overrides")
    inspection_rules, timescales = sections.read_overrides(overrides) if overrides else ((), ())
    # read in this order, so problems are reported in the order of the sections
    read_council = sections.read_council(council) if council else Council("Council")
    read_inspection = (
        sections.read_inspection(inspection) if inspection else Inspection("ilacs:short")
    )
    teams = sections.read_teams(root)
    rehearsal = _optional(root, "rehearsal", sections.read_rehearsal, RehearsalSettings())
    tasks = _optional(root, "tasks", sections.read_tasks, TaskChanges())
    simulation = _optional(root, "simulation", sections.read_simulation, Simulation())
    kpis = _kpis(root, source)
    onsite = _optional(
        root, "onsite", lambda t: read_onsite(t, folder, seed=simulation.seed), Onsite()
    )
    return Scenario(
        council=read_council,
        inspection=read_inspection,
        teams=teams,
        rehearsal=rehearsal,
        rule_overrides=inspection_rules,
        timescale_overrides=timescales,
        tasks=tasks,
        simulation=simulation,
        kpis=kpis,
        onsite=onsite,
        schema=SCHEMA_VERSION,
        source=source,
    )


def _kpis(root: Table, source: str) -> tuple[tuple[str, tuple[float, float]], ...]:
    """The ``[kpis]`` targets, validated against the performance measures' rule data."""
    table = root.data.get("kpis")
    if table is None:
        return ()
    from inspection_sim.annex_a.targets import kpi_targets

    try:
        return tuple(kpi_targets(table, source=source).items())
    except ScenarioError as error:
        root.reading.problems.extend(error.problems)
        return ()


def _optional(root: Table, name: str, reader: Callable[[Table], T], default: T) -> T:
    table = root.section(name)
    return default if table is None else reader(table)
