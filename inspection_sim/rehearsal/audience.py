"""Which team calendars hold each framework date: the dates each team lives by.

Someone who imports only their team's calendar must still see the call, the data-return
deadlines, the days on site and the final feedback, and every framework date their own work hangs
on. So every team calendar holds:

* the call, every data-return deadline, the fieldwork, and every one-off meeting (the final
  feedback);
* a daily meeting (the keep-in-touch meeting) when the team owns it or a task of the team is
  linked to it;
* every framework date a task of the team is due by, starts or finishes with, or follows;
* the framework date that a task fed by the team's work is due by ("the deadline of every task
  the team feeds").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from inspection_sim.plan.network import Dependency, TaskKind
from inspection_sim.plan.timeline import ScheduledTask

__all__ = ["audiences"]

_EVERY_TEAM = frozenset({TaskKind.NOTIFICATION, TaskKind.FIELDWORK})


@dataclass(frozen=True)
class _Links:
    before: Mapping[str, tuple[str, ...]]  # task -> its predecessors
    after: Mapping[str, tuple[str, ...]]  # task -> its successors

    @classmethod
    def of(cls, dependencies: Iterable[Dependency]) -> _Links:
        before: dict[str, list[str]] = {}
        after: dict[str, list[str]] = {}
        for dep in dependencies:
            before.setdefault(dep.successor, []).append(dep.predecessor)
            after.setdefault(dep.predecessor, []).append(dep.successor)
        return cls(
            {k: tuple(v) for k, v in before.items()}, {k: tuple(v) for k, v in after.items()}
        )


def audiences(
    tasks: Iterable[ScheduledTask],
    dependencies: Iterable[Dependency],
    due_by: Mapping[str, str],
    returns: Collection[str],
) -> dict[str, frozenset[str]]:
    """Framework task id to the ids of the teams whose calendars hold it (its owner included).

    Args:
        tasks: the timeline's tasks.
        dependencies: the network's links.
        due_by: council task id to the framework task it is due by.
        returns: ids of the data-return deadlines.
    """
    every = tuple(tasks)
    framework = {task.id: task for task in every if task.framework}
    teams = sorted({task.team for task in every if task.team})
    links = _Links.of(dependencies)
    found: dict[str, set[str]] = {key: set() for key in framework}
    for key, task in framework.items():
        if task.team:
            found[key].add(task.team)
        if _for_every_team(task, returns):
            found[key].update(teams)
    for task in every:
        if task.framework or not task.team:
            continue
        for key in _dates_of(task.id, framework, links, due_by):
            found[key].add(task.team)
    return {key: frozenset(members) for key, members in found.items()}


def _for_every_team(task: ScheduledTask, returns: Collection[str]) -> bool:
    if task.kind in _EVERY_TEAM or task.id in returns:
        return True
    return task.kind is TaskKind.MEETING and task.start == task.end  # a one-off meeting


def _dates_of(
    task: str, framework: Mapping[str, ScheduledTask], links: _Links, due_by: Mapping[str, str]
) -> set[str]:
    """The framework dates council task ``task`` hangs on, and those its work feeds."""
    dates = {due_by.get(task, "")}
    dates.update(links.before.get(task, ()))  # what it starts with, follows or finishes with
    for successor in links.after.get(task, ()):
        dates.add(successor)
        dates.add(due_by.get(successor, ""))  # the deadline of a task it feeds
    return {key for key in dates if key in framework}
