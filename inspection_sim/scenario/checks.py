"""Checks across sections: task changes against the rules and teams, cycles, rule overrides.

Each check records problems on the shared list, so a file with many mistakes gets one listing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspection_sim.errors import CalendarRangeError, InspectionSimError
from inspection_sim.scenario import hooks
from inspection_sim.scenario.model import Scenario, TaskDependency
from inspection_sim.scenario.reach import check_reach
from inspection_sim.toml_reader import KeyPath, Reading

if TYPE_CHECKING:
    from inspection_sim.rules import InspectionType

__all__ = ["check_scenario"]


@dataclass(frozen=True)
class Template:
    """What task changes may refer to: the rules' tasks (id to team), every id, and the links."""

    tasks: dict[str, str]
    ids: frozenset[str]
    edges: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, rules: InspectionType | None) -> Template | None:
        if rules is None:
            return None
        return cls(
            tasks={task.id: task.team for task in rules.tasks},
            ids=frozenset(rules.item_ids()),
            edges=tuple((dep.on, task.id) for task in rules.tasks for dep in task.depends),
        )


def check_scenario(scenario: Scenario, problems: Reading) -> None:
    """Record every cross-section problem of ``scenario``.

    When the ``[inspection]`` section has problems, the checks that need the rule registry are
    skipped: a mistyped inspection type would otherwise bring a cascade of follow-on problems.
    Overrides are applied only to an otherwise valid file, for the same reason.
    """
    clean = not problems.problems
    rules = None
    if not any((p.key or "").startswith("inspection") for p in problems.problems):
        try:
            rules = hooks.base_rules(scenario)
        except InspectionSimError as error:
            problems.absorb(("inspection",), error, keep_keys=True)
    before = len(problems.problems)
    _check_rehearsal_day(scenario, problems)
    if rules is not None:
        _check_compressed_days(scenario, rules.fieldwork.days, problems)
    _check_tasks(scenario, Template.of(rules), problems)
    if rules is not None and scenario.onsite:
        _check_onsite_rules(scenario, rules.version, problems)
    if rules is not None and clean and len(problems.problems) == before:
        hooks.local_rules(scenario, problems)
        hooks.local_timescales(scenario, problems)
        if len(problems.problems) == before:  # only a file otherwise valid is planned
            check_reach(scenario, problems)


def _check_rehearsal_day(scenario: Scenario, problems: Reading) -> None:
    """A rehearsal starts on a working day of the council (day 0 is the trial call)."""
    start = scenario.rehearsal.start
    if start is None or any((p.key or "").startswith("council") for p in problems.problems):
        return
    calendar = scenario.council_calendar()  # the council's own days, closures included
    if not calendar.is_working_day(start):
        nearest = []
        for roll in (calendar.roll_backward, calendar.roll_forward):
            try:
                nearest.append(str(roll(start)))
            except CalendarRangeError:  # no working day left before or after it in the calendar
                continue
        hint = f"; nearest: {' or '.join(nearest)}" if nearest else ""
        problems.add(("rehearsal", "start"), f"not a working day of the council{hint}", start)


def _check_onsite_rules(scenario: Scenario, version: str, problems: Reading) -> None:
    """People to book need the inspection type's on-site rules."""
    from inspection_sim.timetable import load_onsite

    try:
        load_onsite(scenario.inspection.type, version=version)
    except InspectionSimError as error:
        for problem in error.problems:
            problems.add(
                ("onsite",),
                f"{scenario.inspection.type} has no on-site rules to book people with "
                f"({problem.message})",
            )


def _check_compressed_days(scenario: Scenario, days: int, problems: Reading) -> None:
    """A compressed rehearsal shortens the fieldwork: at most the rules' number of days."""
    wanted = scenario.rehearsal.fieldwork_days
    if scenario.rehearsal.mode == "compressed" and wanted is not None and wanted > days:
        problems.add(
            ("rehearsal", "fieldwork_days"),
            f"a compressed rehearsal keeps 1 to {days} fieldwork days "
            f"({scenario.inspection.type} has {days} on site)",
            wanted,
        )


def _check_tasks(scenario: Scenario, template: Template | None, problems: Reading) -> None:
    changes = scenario.tasks
    known = template.tasks if template else {}
    teams = {team.id for team in scenario.teams} | set(known.values())
    added: set[str] = set()
    for i, task in enumerate(changes.add):
        if task.id in known or task.id in added:
            problems.add(("tasks", "add", i, "id"), "a task with this id already exists", task.id)
        added.add(task.id)
        _check_team(task.team, ("tasks", "add", i, "team"), teams, problems)
    for i, task_id in enumerate(changes.remove):
        _check_known(task_id, ("tasks", "remove", i), template, problems)
    for change in changes.change:
        key: KeyPath = ("tasks", "change", change.id)
        _check_known(change.id, key, template, problems)
        if change.team is not None:
            _check_team(change.team, (*key, "team"), teams, problems)
    _check_cycle(_edges(scenario, template, added, problems), problems)


def _check_team(team: str, key: KeyPath, teams: set[str], problems: Reading) -> None:
    if team and teams and team not in teams:
        problems.add(key, "unknown team", team, sorted(teams))


def _check_known(task_id: str, key: KeyPath, template: Template | None, problems: Reading) -> None:
    if template is not None and task_id not in template.tasks:
        problems.add(
            key, "no such task in the inspection type's rules", task_id, sorted(template.tasks)
        )


def _edges(
    scenario: Scenario, template: Template | None, added: set[str], problems: Reading
) -> list[tuple[str, str]]:
    """Dependency edges (predecessor, successor) after the changes; bad references are reported."""
    removed = set(scenario.tasks.remove)
    edges = [e for e in (template.edges if template else ()) if not set(e) & removed]
    valid = ((template.ids if template else frozenset()) | added) - removed
    sources: list[tuple[KeyPath, str, tuple[TaskDependency, ...]]] = [
        (("tasks", "add", i), t.id, t.depends) for i, t in enumerate(scenario.tasks.add)
    ]
    sources += [(("tasks", "change", c.id), c.id, c.depends) for c in scenario.tasks.change]
    for key, task_id, deps in sources:
        for j, dep in enumerate(deps):
            where = (*key, "depends", j)
            if dep.on in removed:
                problems.add(where, "depends on a task that tasks.remove removes", dep.on)
            elif template is not None and dep.on not in valid:
                problems.add(where, "depends on an unknown item", dep.on, sorted(valid))
            elif dep.on == task_id:
                problems.add(where, "a task cannot depend on itself", dep.on)
            else:
                edges.append((dep.on, task_id))
    return edges


def _check_cycle(edges: Iterable[tuple[str, str]], problems: Reading) -> None:
    links = list(edges)
    if not _has_cycle(links):
        return
    import networkx as nx  # only to name the cycle; plain scenarios never pay for the import

    graph = nx.DiGraph()
    graph.add_edges_from(links)
    cycle = [edge[0] for edge in nx.find_cycle(graph)]
    names = " -> ".join([*cycle, cycle[0]])
    problems.add(("tasks",), f"the task changes make a dependency cycle: {names}")


def _has_cycle(edges: list[tuple[str, str]]) -> bool:
    """Kahn's algorithm: a cycle leaves nodes that never reach in-degree zero."""
    successors: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for before, after in edges:
        successors.setdefault(before, []).append(after)
        indegree.setdefault(before, 0)
        indegree[after] = indegree.get(after, 0) + 1
    ready = [node for node, count in indegree.items() if count == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for after in successors.get(node, ()):
            indegree[after] -= 1
            if indegree[after] == 0:
                ready.append(after)
    return seen < len(indegree)
