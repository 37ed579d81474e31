"""Council overrides of an inspection type: validated copies, never mutations.

A scenario changes rules and tasks with the same keys as the rule file's ``[inspections.<type>]``
table, nested or dotted::

    short = load_framework("ilacs").inspection("short")
    local = with_overrides(short, {
        "post.factual-accuracy.at": {"after": "draft-report", "working_days": 10},  # longer window
        "tasks.prepare-case-files": {"duration": 3, "team": "practice-improvement"},  # change
        "tasks.trial-run-debrief": {                                                  # add
            "name": "Debrief", "team": "coordination", "duration": 1,
            "depends": [{"on": "final-feedback", "type": "FS"}],
        },
    }, remove=("it-access",))                                                          # remove

The result is validated exactly like a rule file; errors name ``source`` (e.g. the scenario file)
for the values it supplied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from inspection_sim.errors import RuleFileError
from inspection_sim.rules.loader import build_inspection
from inspection_sim.rules.model import InspectionType
from inspection_sim.toml_reader import Origins, Reading, merge

__all__ = ["expand_dotted", "with_overrides"]


def expand_dotted(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1, "a": {"c": 2}}`` -> ``{"a": {"b": 1, "c": 2}}`` (only keys are split)."""
    nested: dict[str, Any] = {}
    for key, value in changes.items():
        parts = key.split(".")
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise RuleFileError("a key is both a value and a table", key=key)
        leaf = expand_dotted(value) if isinstance(value, Mapping) else value
        if isinstance(leaf, dict) and isinstance(node.get(parts[-1]), dict):
            node[parts[-1]].update(leaf)
        else:
            node[parts[-1]] = leaf
    return nested


def with_overrides(
    item: InspectionType,
    changes: Mapping[str, Any],
    *,
    remove: Iterable[str] = (),
    source: str = "override",
) -> InspectionType:
    """A validated copy of ``item`` with ``changes`` merged in and the tasks ``remove`` dropped.

    Args:
        item: the inspection type to start from (it is not changed).
        changes: keys of the ``[inspections.<type>]`` table, nested or dotted. Tables merge key by
            key; other values replace. A new key under ``tasks`` adds a task.
        remove: ids of council tasks to drop. A task that still depends on a dropped task is an
            error (name both, or change the dependency too).
        source: how errors name where the changes came from (e.g. ``"scenarios/leeds.toml"``).

    Raises:
        RuleFileError: an unknown key, a bad value or reference, a removed task that is unknown or
            still needed; the message names ``source`` and the key path.
    """
    path = ("inspections", item.id)
    origins: Origins = {}
    merged: dict[str, Any] = {}
    merge(merged, item.raw, item.source_file, origins, path)
    merge(merged, expand_dotted(changes), source, origins, path)
    reading = Reading(source, origins=origins)
    tasks = merged.get("tasks", {})
    for task_id in remove:
        if task_id not in tasks:
            reading.add((*path, "tasks"), "cannot remove an unknown task", task_id, tuple(tasks))
        else:
            del tasks[task_id]
    for name, task in tasks.items():
        for i, dep in enumerate(task.get("depends", []) if isinstance(task, dict) else []):
            if isinstance(dep, Mapping) and dep.get("on") in set(remove):
                reading.add(
                    (*path, "tasks", name, "depends", i, "on"),
                    f"task {name!r} still depends on the removed task {dep['on']!r}; remove or "
                    "change that dependency too",
                )
    changed = build_inspection(
        reading.table(merged, path), item.framework, item.version, item.source_file
    )
    reading.check()
    return changed
