"""How an Annex A check changes the plan's "prepare Annex A" task (an UNVERIFIED planning
assumption, ``rules/data/annex-a/planning.toml``).

A workbook already checked clean needs only extracting and sending; one with problems needs fixing
first, longer the more problems it has. The result is an override for
:func:`inspection_sim.rules.with_overrides` or a scenario's ``[tasks.change]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from inspection_sim.annex_a.check import CheckResult
from inspection_sim.annex_a.spec import annex_a_file, annex_a_provenance, read_annex_a_rules
from inspection_sim.rules.base import Provenance
from inspection_sim.rules.reader import Table

__all__ = ["PrepareRule", "TaskChange", "prepare_annex_a_change", "prepare_rule"]


@dataclass(frozen=True)
class PrepareRule:
    task: str
    clean: int
    with_problems: int
    problems_per_extra_day: int
    most: int
    provenance: Provenance


@dataclass(frozen=True)
class TaskChange:
    """The task's new duration in working days, and why."""

    task: str
    duration: int
    reason: str
    provenance: Provenance

    def override(self) -> dict[str, dict[str, Any]]:
        """``{"tasks.<task>": {"duration": n}}`` for :func:`~inspection_sim.rules.with_overrides`."""
        return {f"tasks.{self.task}": {"duration": self.duration}}


@cache
def prepare_rule() -> PrepareRule:
    """The planning rule, validated; cached."""
    data = read_annex_a_rules("planning")
    root = Table(data, (), {}, annex_a_file("planning"))
    root.only("meta", "prepare-annex-a")
    meta = root.table("meta")
    meta.only("set", "title", "source", "confidence", "unverified", "note")
    meta.choice("set", ("annex-a-planning",))
    t = root.table("prepare-annex-a")
    keys = ("task", "clean", "with_problems", "problems_per_extra_day", "most")
    t.only(*keys, "source", "confidence", "unverified", "note")
    rule = PrepareRule(
        task=t.text("task"),
        clean=t.integer("clean", 0),
        with_problems=t.integer("with_problems", 0),
        problems_per_extra_day=t.integer("problems_per_extra_day", 1),
        most=t.integer("most", 0),
        provenance=annex_a_provenance(t, keys),
    )
    if not rule.clean <= rule.with_problems <= rule.most:
        raise t.error(
            None,
            "needs clean <= with_problems <= most",
            [rule.clean, rule.with_problems, rule.most],
        )
    return rule


def prepare_annex_a_change(check: CheckResult) -> TaskChange:
    """The prepare-annex-a task's duration given a check's result (UNVERIFIED assumption)."""
    rule = prepare_rule()
    problems = len(check.problems)
    if problems == 0:
        duration = rule.clean
        reason = f"the Annex A checked clean on {check.on.isoformat()}"
    else:
        extra = problems // rule.problems_per_extra_day
        duration = min(rule.with_problems + extra, rule.most)
        reason = f"{problems} Annex A problems to fix first"
    return TaskChange(
        rule.task, duration, f"{reason} (UNVERIFIED planning assumption)", rule.provenance
    )
