"""The result of scheduling a network: :class:`Schedule`, and the constraints it misses.

Produced by :func:`inspection_sim.plan.cpm.cpm` (and, levelled, by
:func:`inspection_sim.plan.level.level`). Times are working-day indices; finishes are exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import Network

__all__ = ["ConstraintKind", "Infeasibility", "Schedule"]


class ConstraintKind(StrEnum):
    """Which constraint a schedule cannot meet."""

    FIXED_START = "fixed-start"
    FINISH_NO_LATER_THAN = "finish-no-later-than"
    PROJECT_FINISH = "project-finish"


@dataclass(frozen=True)
class Infeasibility:
    """A constraint the earliest schedule misses: ``working_days`` = ``required - limit`` > 0.

    ``limit`` is the constrained time (a start for a fixed start, a finish otherwise) and
    ``required`` the earliest time the dependencies allow. For a fixed start, ``cause`` names the
    predecessor whose dependency pushes it (None when the project start or the task's own
    start-no-earlier-than does).
    """

    task: str
    constraint: ConstraintKind
    limit: int
    required: int
    working_days: int
    cause: str | None = None

    def __str__(self) -> str:
        what = "starts" if self.constraint is ConstraintKind.FIXED_START else "finishes"
        text = (
            f"task {self.task!r} {what} {self.working_days} working day(s) after its "
            f"{self.constraint.value} constraint"
        )
        return text if self.cause is None else f"{text} (pushed by {self.cause!r})"


@dataclass(frozen=True)
class Schedule:
    """Earliest and latest dates, slack and criticality of every task of a network.

    Sequences are indexed by position in ``network.order`` (topological order). Times are
    working-day indices; finishes are exclusive.
    """

    network: Network
    start: tuple[int, ...]
    finish: tuple[int, ...]
    latest_start: tuple[int, ...]
    latest_finish: tuple[int, ...]
    slack: tuple[int, ...]
    critical: tuple[bool, ...]
    project_start: int
    project_finish: int
    infeasible: tuple[Infeasibility, ...] = ()

    @property
    def feasible(self) -> bool:
        """True when every fixed start, deadline and the project finish can be met."""
        return not self.infeasible

    @property
    def min_slack(self) -> int:
        """The smallest total slack (0 for a feasible plan with no imposed finish)."""
        return min(self.slack, default=0)

    def critical_path(self) -> list[str]:
        """Ids of the critical tasks ordered by earliest start, then topological order."""
        order = self.network.order
        return [
            order[i]
            for i in sorted(range(len(order)), key=lambda i: (self.start[i], i))
            if self.critical[i]
        ]

    def arrays(self) -> dict[str, npt.NDArray[Any]]:
        """The per-task sequences as numpy arrays (``critical`` as booleans)."""
        names = ("start", "finish", "latest_start", "latest_finish", "slack")
        result: dict[str, npt.NDArray[Any]] = {
            name: np.asarray(getattr(self, name), dtype=np.int64) for name in names
        }
        result["critical"] = np.asarray(self.critical, dtype=np.bool_)
        return result
