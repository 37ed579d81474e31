"""Checks across sections: task changes against the template and teams, cycles, rule overrides.

Each check records problems on the shared list, so a file with many mistakes gets one listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from inspection_sim.scenario import hooks
from inspection_sim.scenario.model import Scenario
from inspection_sim.scenario.reader import Problems

__all__ = ["check_scenario"]


def check_scenario(scenario: Scenario, problems: Problems) -> None:
    """Record every cross-section problem of ``scenario``.

    When the sections already have problems, the checks that need the rule registry are skipped:
    a mistyped inspection type would otherwise bring a cascade of follow-on problems.
    """
    clean = not problems.items
    template = hooks.template(scenario, problems) if clean else None
    _check_tasks(scenario, template, problems)
    if clean:
        hooks.check_overrides(scenario, problems)


def _check_tasks(scenario: Scenario, template: hooks.Template | None, problems: Problems) -> None:
    changes = scenario.tasks
    known_tasks = dict(template.tasks) if template else {}
    teams = {team.id for team in scenario.teams} | set(template.teams if template else ())
    added: set[str] = set()
    for i, task in enumerate(changes.add):
        key = f"tasks.add[{i}].id"
        if task.id in known_tasks or task.id in added:
            problems.add("a task with this id already exists", key, task.id)
        added.add(task.id)
        _check_team(task.team, f"tasks.add[{i}].team", teams, problems)
    all_tasks = set(known_tasks) | added
    removed = set()
    for i, task_id in enumerate(changes.remove):
        _check_task(task_id, f"tasks.remove[{i}]", known_tasks, template, problems)
        removed.add(task_id)
    for change in changes.change:
        key = f"tasks.change.{change.id}"
        _check_task(change.id, key, known_tasks, template, problems)
        if change.team is not None:
            _check_team(change.team, f"{key}.team", teams, problems)
    remaining = sorted(all_tasks - removed)
    edges = _edges(scenario, template, removed, remaining, problems)
    _check_cycle(edges, problems)


def _check_team(team: str, key: str, teams: set[str], problems: Problems) -> None:
    if team and teams and team not in teams:
        problems.add("unknown team", key, team, sorted(teams))


def _check_task(
    task_id: str,
    key: str,
    known: Mapping[str, str],
    template: hooks.Template | None,
    problems: Problems,
) -> None:
    if template is not None and task_id not in known:
        problems.add("no such task in the inspection type's template", key, task_id, sorted(known))


def _edges(
    scenario: Scenario,
    template: hooks.Template | None,
    removed: set[str],
    remaining: list[str],
    problems: Problems,
) -> list[tuple[str, str]]:
    """Dependency edges (predecessor, successor) after the changes; unknown ends are reported."""
    edges = [(a, b) for a, b in (template.dependencies if template else ()) if not {a, b} & removed]
    valid = set(remaining)
    sources = [(f"tasks.add[{i}]", t.id, t.depends_on) for i, t in enumerate(scenario.tasks.add)]
    sources += [(f"tasks.change.{c.id}", c.id, c.depends_on) for c in scenario.tasks.change]
    for key, task_id, deps in sources:
        for j, dep in enumerate(deps):
            where = f"{key}.depends_on[{j}]"
            if dep.task in removed:
                problems.add("depends on a task that tasks.remove removes", where, dep.task)
            elif template is not None and dep.task not in valid:
                problems.add("depends on an unknown task", where, dep.task, remaining)
            elif dep.task == task_id:
                problems.add("a task cannot depend on itself", where, dep.task)
            else:
                edges.append((dep.task, task_id))
    return edges


def _check_cycle(edges: Iterable[tuple[str, str]], problems: Problems) -> None:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    try:
        cycle = [edge[0] for edge in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:
        return
    names = " -> ".join([*cycle, cycle[0]])
    problems.add(f"the task changes make a dependency cycle: {names}", "tasks", has_value=False)
