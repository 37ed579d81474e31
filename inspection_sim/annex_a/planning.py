"""How an Annex A check changes the plan's "prepare Annex A" task (an UNVERIFIED planning
assumption, ``rules/data/annex-a/planning.toml``).

A workbook already checked clean needs only extracting and sending; one with problems needs fixing
first, longer the more problems it has. The result is an override for
:func:`inspection_sim.rules.with_overrides` or a scenario's ``[tasks.change]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspection_sim.annex_a.check import CheckResult
from inspection_sim.annex_a.spec import annex_a_file, annex_a_provenance, read_annex_a_rules
from inspection_sim.rules.base import Provenance
from inspection_sim.toml_reader import Reading

__all__ = [
    "PreparationChange",
    "PrepareRule",
    "build_prepare_rule",
    "prepare_annex_a_change",
    "prepare_rule",
]


@dataclass(frozen=True)
class PrepareRule:
    task: str
    clean: int
    with_problems: int
    problems_per_extra_day: int
    most: int
    provenance: Provenance


@dataclass(frozen=True)
class PreparationChange:
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
    """The planning rule (``rules/data/annex-a/planning.toml``), validated; cached."""
    return build_prepare_rule(read_annex_a_rules("planning"), annex_a_file("planning"))


def build_prepare_rule(data: Mapping[str, Any], file: str) -> PrepareRule:
    """The planning rule of ``data`` (read from ``file``).

    Raises:
        RuleFileError: listing every problem of the file.
    """
    reading = Reading(file)
    root = reading.table(data)
    root.only("meta", "prepare-annex-a")
    meta = root.table("meta", required=True)
    meta.only("set", "title", "source", "confidence", "unverified", "note")
    meta.choice("set", ("annex-a-planning",))
    t = root.table("prepare-annex-a", required=True)
    keys = ("task", "clean", "with_problems", "problems_per_extra_day", "most")
    t.only(*keys, "source", "confidence", "unverified", "note")
    before = len(reading.problems)
    clean = t.integer("clean", minimum=0)
    with_problems = t.integer("with_problems", minimum=0)
    most = t.integer("most", minimum=0)
    # Stand-ins for bad numbers would make the order look wrong too: compare only good numbers.
    if len(reading.problems) == before and not clean <= with_problems <= most:
        t.problem(None, "needs clean <= with_problems <= most", [clean, with_problems, most])
    rule = PrepareRule(
        task=t.text("task"),
        clean=clean,
        with_problems=with_problems,
        problems_per_extra_day=t.integer("problems_per_extra_day", minimum=1),
        most=most,
        provenance=annex_a_provenance(t, keys),
    )
    reading.check()
    return rule


def prepare_annex_a_change(check: CheckResult) -> PreparationChange:
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
    return PreparationChange(
        rule.task, duration, f"{reason} (UNVERIFIED planning assumption)", rule.provenance
    )
