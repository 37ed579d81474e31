"""Where a scenario meets the rule registry: its inspection type, overrides and task changes.

Rule overrides and task changes are applied to validated copies of the rules
(:func:`inspection_sim.rules.with_overrides`), never to the registry's objects.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import InspectionSimError
from inspection_sim.scenario.model import Scenario, TaskChanges, TaskDependency
from inspection_sim.toml_reader import Reading

if TYPE_CHECKING:
    from inspection_sim.rules import InspectionType, TimescaleSet

__all__ = ["base_rules", "local_rules", "local_timescales", "rules_date", "task_changes"]


def rules_date(scenario: Scenario) -> date | None:
    """The date that picks the rule version: ``on``, else the notification, else the window start."""
    inspection = scenario.inspection
    if inspection.version is not None:
        return None
    if inspection.on is not None:
        return inspection.on
    if inspection.notified is not None:
        return inspection.notified
    return inspection.window.start if inspection.window else None


def base_rules(scenario: Scenario) -> InspectionType:
    """The registry's rules for the scenario's inspection type and version (no overrides)."""
    from inspection_sim.rules import load_framework

    inspection = scenario.inspection
    framework = load_framework(
        inspection.framework, version=inspection.version, on=rules_date(scenario)
    )
    return framework.inspection(inspection.kind)


def local_rules(scenario: Scenario, reading: Reading | None = None) -> InspectionType:
    """The inspection type with the scenario's rule overrides and task changes applied.

    With ``reading`` given, errors are recorded there (and the unchanged rules returned);
    otherwise they are raised.
    """
    from inspection_sim.rules import with_overrides

    rules = base_rules(scenario)
    stages: list[tuple[tuple[str, ...], dict[str, Any], tuple[str, ...]]] = []
    if scenario.rule_overrides:
        stages.append((("overrides", "inspection"), dict(scenario.rule_overrides), ()))
    if scenario.tasks:
        stages.append((("tasks",), task_changes(rules, scenario.tasks), scenario.tasks.remove))
    for key, changes, remove in stages:
        try:
            rules = with_overrides(rules, changes, remove=remove, source=scenario.source)
        except InspectionSimError as error:
            if reading is None:
                raise
            reading.absorb(key, error, keep_keys=True)
    return rules


def local_timescales(scenario: Scenario, reading: Reading | None = None) -> TimescaleSet:
    """The practice timescales with the scenario's local standards applied."""
    from inspection_sim.rules import load_timescales
    from inspection_sim.rules.overrides import expand_dotted

    timescales = load_timescales()
    if not scenario.timescale_overrides:
        return timescales
    try:
        return timescales.with_overrides(
            expand_dotted(dict(scenario.timescale_overrides)), source=scenario.source
        )
    except InspectionSimError as error:
        if reading is None:
            raise
        reading.absorb(("overrides", "timescales"), error, keep_keys=True)
        return timescales


def task_changes(rules: InspectionType, tasks: TaskChanges) -> dict[str, Any]:
    """The scenario's task additions and changes as keys of the rule file's ``tasks`` table."""
    existing = {task.id: task for task in rules.tasks}
    changes: dict[str, Any] = {}
    for add in tasks.add:
        changes[f"tasks.{add.id}"] = {
            "name": add.name,
            "team": add.team,
            "duration": add.duration,
            "kind": "preparation",
            "depends": [_dependency(dep) for dep in add.depends],
            **({"needs": add.needs} if add.needs else {}),
        }
    for change in tasks.change:
        entry: dict[str, Any] = {}
        if change.duration is not None:
            entry["duration"] = change.duration
        if change.team is not None:
            entry["team"] = change.team
        if change.depends and change.id in existing:
            old = rules.raw.get("tasks", {}).get(change.id, {}).get("depends", [])
            entry["depends"] = [*old, *(_dependency(dep) for dep in change.depends)]
        changes[f"tasks.{change.id}"] = entry
    return changes


def _dependency(dep: TaskDependency) -> dict[str, Any]:
    return {"on": dep.on, "type": dep.type, "lag": dep.lag}
