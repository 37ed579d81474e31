"""The import direction of ARCHITECTURE.md: every import runs down a floor, and no files loop.

Imports are read from the source with ast, so type-only imports and imports inside functions
count as much as the ones at the top of a module: each is a dependency someone must keep.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "inspection_sim"


def floors() -> dict[str, int]:
    """Part -> floor, from the table in ARCHITECTURE.md."""
    found: dict[str, int] = {}
    for line in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        row = re.match(r"\|\s*(\d+)\s*\|([^|]*)\|", line)
        if row:
            for part in re.findall(r"`([^`]+)`", row.group(2)):
                found[part] = int(row.group(1))
    return found


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def part_of(module: str) -> str:
    """``inspection_sim.plan.build`` -> ``plan``; the package itself is ``inspection_sim``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "inspection_sim"


def imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in its source."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            inner = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [name for name in inner if name in MODULES] or [node.module]
        for name in names:
            while name not in MODULES and "." in name:
                name = name.rsplit(".", 1)[0]  # a name imported from a module, or a namespace
            if name.startswith("inspection_sim") and name != module:
                found.add(name)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def test_every_part_of_the_package_has_a_floor() -> None:
    table = floors()
    assert {part_of(module) for module in MODULES} <= set(table), "give the new part a floor"
    assert set(table) <= {part_of(module) for module in MODULES}, "a floor names a part gone"


def test_every_import_runs_down_a_floor() -> None:
    table = floors()
    upward = [
        f"{module} (floor {table[part_of(module)]}) imports {target} "
        f"(floor {table[part_of(target)]})"
        for module, targets in GRAPH.items()
        for target in targets
        if part_of(module) != part_of(target) and table[part_of(target)] >= table[part_of(module)]
    ]
    assert upward == []


def test_no_files_import_each_other_in_a_loop() -> None:
    remaining = {module: set(targets) for module, targets in GRAPH.items()}
    while True:  # peel off modules that import nothing left: a loop never peels
        leaves = [module for module, targets in remaining.items() if not targets]
        if not leaves:
            break
        for leaf in leaves:
            del remaining[leaf]
        for targets in remaining.values():
            targets.difference_update(leaves)
    assert sorted(remaining) == []


@pytest.mark.parametrize("part", ["plan", "simulation", "rehearsal", "forecasting", "rules"])
def test_the_engines_know_no_scenario_and_no_layer_above_them(part: str) -> None:
    above = {"scenario", "workbench", "report", "cli", "inspection_sim"}
    reached = {target for module in GRAPH if part_of(module) == part for target in GRAPH[module]}
    assert {part_of(target) for target in reached} & above == set()


def test_a_scenario_value_imports_only_the_calendar_and_the_timetables_values() -> None:
    assert GRAPH["inspection_sim.scenario.model"] == {
        "inspection_sim.calendar",
        "inspection_sim.timetable.people",
    }


def test_no_two_classes_share_a_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(module)
    assert {name: found for name, found in where.items() if len(found) > 1} == {}
