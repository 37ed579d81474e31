"""Titles and descriptions that read like a good coordinator's invitation.

A description says who to contact, what the work starts with, follows or finishes with, when it is
due and why that date, what depends on it, and where it sits in the real inspection. Rule ids,
source codes and confidence marks never appear in a title or a description: they go to the event's
reference (an ``X-`` property and a CSV column).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from inspection_sim.plan.network import Dependency, Link, TaskKind
from inspection_sim.plan.timeline import ScheduledTask
from inspection_sim.rehearsal.phrases import count, day_text, link_phrase, plain_name
from inspection_sim.rehearsal.rule_words import RuleWords

__all__ = ["PREFIX", "Words", "reference_text"]

#: Every rehearsal title starts with this, so nobody takes a trial run for the real thing.
PREFIX = "Rehearsal: "

_NOT_WORDS = re.compile(r"[;,|]")


@dataclass(frozen=True)
class Words:
    """Everything the titles and descriptions of one rehearsal draw on.

    Attributes:
        rules: what the rules say about each framework date.
        names: task id to name.
        teams: task id to the owner team's display name.
        contacts: team display name to contact names.
        links: task id to the links that lead into it.
        fed_by: framework task id to the council tasks due by it.
        successors: task id to the tasks that follow it.
        framework_ids: the framework dates of the timeline.
    """

    rules: RuleWords
    names: Mapping[str, str] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    links: Mapping[str, tuple[Dependency, ...]] = field(default_factory=dict)
    fed_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    successors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    framework_ids: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        rules: RuleWords,
        tasks: Iterable[ScheduledTask],
        dependencies: Iterable[Dependency],
        *,
        team_of: Mapping[str, str],
        contacts: Mapping[str, Sequence[str]],
    ) -> Words:
        """The words of a timeline's tasks; ``team_of`` maps a task id to its team's name."""
        every = tuple(tasks)
        links: dict[str, list[Dependency]] = {}
        successors: dict[str, list[str]] = {}
        for dep in dependencies:
            links.setdefault(dep.successor, []).append(dep)
            successors.setdefault(dep.predecessor, []).append(dep.successor)
        framework = frozenset(task.id for task in every if task.framework)
        fed: dict[str, list[str]] = {}
        for task in every:
            item = rules.due_by.get(task.id)
            if not task.framework and item in framework:
                fed.setdefault(item, []).append(task.id)
        return cls(
            rules,
            names={task.id: task.name for task in every},
            teams=dict(team_of),
            contacts=dict(contacts),
            links={key: tuple(value) for key, value in links.items()},
            fed_by={key: tuple(value) for key, value in fed.items()},
            successors={key: tuple(value) for key, value in successors.items()},
            framework_ids=framework,
        )

    # -- titles -------------------------------------------------------------------------------------

    def title(self, task: ScheduledTask) -> str:
        """``"Rehearsal: [Ofsted] Action plan due"`` for a framework date, else ``"Rehearsal:
        Brief staff"``."""
        name = plain_name(task.name) if task.name else _humanised(task.id)
        if task.framework and self.rules.by:
            return f"{PREFIX}[{self.rules.by}] {name}"
        return f"{PREFIX}{name}"

    def name(self, task_id: str) -> str:
        """A task's name as a description quotes it (its id read as words when it has none)."""
        return plain_name(self.names.get(task_id) or _humanised(task_id))

    # -- descriptions -------------------------------------------------------------------------------

    def description(
        self, task: ScheduledTask, offset: int, due: date | None, fieldwork: tuple[date, date]
    ) -> str:
        """The description of ``task``, at working day ``offset`` of the real inspection, due by
        the end of ``due`` in the rehearsal; ``fieldwork`` is the rehearsal's first and last day
        on site."""
        if task.framework:
            lines = self._framework_lines(task)
        else:
            lines = self._task_lines(task, due, fieldwork)
        lines.append(_real_timing(offset))
        return "\n".join(line for line in lines if line)

    def _framework_lines(self, task: ScheduledTask) -> list[str]:
        lines = []
        if task.kind is TaskKind.NOTIFICATION:
            lines.append(
                "Day 0 of the rehearsal: the call that starts the inspection. Every other date "
                "keeps its working days from it."
            )
        lines.append(self.rules.explain(task.id) or "A date set by the inspectorate's rules.")
        lines.append(self._contacts(task.id))
        fed = self.fed_by.get(task.id, ())
        if fed:
            work = "; ".join(f"{self.name(key)} ({self.teams.get(key, '')})" for key in fed)
            lines.append(f"Work due by this date: {work.replace(' ()', '')}")
        return lines

    def _task_lines(
        self, task: ScheduledTask, due: date | None, fieldwork: tuple[date, date]
    ) -> list[str]:
        lines = [self._contacts(task.id)]
        lines.extend(self.dependency_lines(task.id))
        if due is not None:
            lines.append(self._due_line(task.id, due, fieldwork))
            item = self.rules.due_by.get(task.id, "")
            if item in self.framework_ids and item != "notification":  # the call explains itself
                lines.append(self.rules.explain(item))
        lines.append(self.rules.caps.get(task.id, ""))
        needed = [key for key in self.successors.get(task.id, ()) if key not in self.framework_ids]
        if needed:
            listed = "; ".join(self._with_team(key) for key in needed)
            lines.append(f"Needed for: {listed}")
        return lines

    def _contacts(self, task_id: str) -> str:
        names = self.contacts.get(self.teams.get(task_id, ""), ())
        return f"Contacts: {'; '.join(names)}" if names else ""

    def _with_team(self, task_id: str) -> str:
        team = self.teams.get(task_id)
        return f"{self.name(task_id)} ({team})" if team else self.name(task_id)

    def dependency_lines(self, task_id: str) -> list[str]:
        """What ``task_id`` starts with, follows or finishes with: ``["After: A; B", "Starts
        with: the notification call"]``."""
        grouped: dict[str, list[str]] = {}
        for dep in self.links.get(task_id, ()):
            heading, lag = link_phrase(dep.link, dep.lag)
            grouped.setdefault(heading, []).append(self._predecessor(dep) + lag)
        return [f"{heading}: {'; '.join(items)}" for heading, items in grouped.items()]

    def _predecessor(self, dep: Dependency) -> str:
        if dep.predecessor == "fieldwork" and "fieldwork" in self.framework_ids:
            at_start = dep.link in (Link.SS, Link.SF)
            return "the first day on site" if at_start else "the last day on site"
        if dep.predecessor == "notification" and "notification" in self.framework_ids:
            return "the notification call"
        return self.name(dep.predecessor)

    def _due_line(self, task_id: str, due: date, fieldwork: tuple[date, date]) -> str:
        when = self.rules.due_words.get(task_id)
        if when is None and self.rules.due_by.get(task_id) == "fieldwork":
            when = "before inspectors arrive" if due < fieldwork[0] else "by the last day on site"
        reason = f" ({when})" if when else ""
        return f"Due by the end of {day_text(due)}{reason}"


def _real_timing(offset: int) -> str:
    if offset == 0:
        return "In the real inspection: the day of the call."
    return f"In the real inspection: {count(offset, 'working day')} after the call."


def _humanised(task_id: str) -> str:
    words = task_id.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def reference_text(text: str) -> str:
    """Text for a reference: no commas, semicolons or bars, which separate its parts."""
    return " ".join(_NOT_WORDS.sub(" ", text).split())
