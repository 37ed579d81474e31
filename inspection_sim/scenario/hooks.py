"""Where scenario validation meets the rule registry and the planner's task template.

Both are looked up through their public functions; while a part is not installed, the checks that
need it are skipped and the rest of the file is still checked.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from inspection_sim.errors import InspectionSimError
from inspection_sim.scenario.model import Scenario
from inspection_sim.scenario.reader import Problems

__all__ = ["Template", "check_overrides", "template"]


@dataclass(frozen=True)
class Template:
    """The council-side task template of an inspection type: tasks (id to team) and links."""

    tasks: tuple[tuple[str, str], ...]
    dependencies: tuple[tuple[str, str], ...]
    teams: tuple[str, ...]


def template(scenario: Scenario, problems: Problems) -> Template | None:
    """The task template the scenario's inspection type plans with, or None when unavailable."""
    try:
        task_template: Any = importlib.import_module("inspection_sim.plan.template").task_template
    except (ImportError, AttributeError):
        return None
    try:
        tasks, dependencies = task_template(
            scenario.inspection.type, version=scenario.inspection.version, on=scenario.inspection.on
        )
    except InspectionSimError as error:
        problems.absorb(error, "inspection")
        return None
    return Template(
        tasks=tuple((t.id, t.team or "") for t in tasks),
        dependencies=tuple((d.predecessor, d.successor) for d in dependencies),
        teams=tuple(sorted({t.team for t in tasks if t.team})),
    )


def check_overrides(scenario: Scenario, problems: Problems) -> None:
    """Apply the rule overrides to validated copies, recording every problem the rules report."""
    try:
        load_framework: Any = importlib.import_module("inspection_sim.rules").load_framework
    except (ImportError, AttributeError):
        return
    inspection = scenario.inspection
    try:
        framework = load_framework(
            inspection.framework, version=inspection.version, on=inspection.on
        )
        rules = framework.inspection(inspection.kind)
    except InspectionSimError as error:
        problems.absorb(error, "inspection")
        return
    for key, value in scenario.overrides:
        try:
            rules = rules.override(**{key: value})
        except InspectionSimError as error:
            problems.absorb(error, f"overrides.inspection.{key}")
