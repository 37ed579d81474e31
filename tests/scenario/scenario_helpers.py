"""Shared helpers for scenario tests: a minimal valid scenario as nested dicts."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from inspection_sim.errors import Problem, ScenarioError

MINIMAL: dict[str, Any] = {
    "schema": 1,
    "council": {"name": "Testshire County Council"},
    "teams": {"performance": {"size": 3}},
    "inspection": {"type": "ilacs:short", "notified": date(2027, 3, 1)},
}


def minimal() -> dict[str, Any]:
    """A fresh deep copy of the minimal valid scenario."""
    return copy.deepcopy(MINIMAL)


def problems_of(error: ScenarioError) -> dict[str, Problem]:
    """Problems keyed by their key path."""
    return {problem.key or "": problem for problem in error.problems}
