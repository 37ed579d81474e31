"""What drives each deadline: the random inputs of a replication and how they move its outcome.

Schedule-risk tools (Primavera Risk Analysis, Safran Risk) report, for a finish date, each task's
**criticality index** (the share of replications in which it lies on the chain that decides the
date), its **duration sensitivity** (the rank correlation of its duration with the date) and its
**cruciality** (criticality x |correlation|, the schedule sensitivity of the task). Here the
dates are the deadlines, and the inputs are every random draw a replication makes:

* ``duration``: a task's drawn duration (tasks with a random duration only);
* ``late-data``: the delay drawn for a task's late inputs (0 when they came on time);
* ``staff-absence``: the working days of absence drawn for a team;
* ``information-requests``: the working days of extra requests drawn for a team;
* ``deferral`` and ``notification-date``: the working days a deferral or a drawn notification
  date moved the plan.

A deadline's **outcome** in a replication is the working days by which it was missed (0 when
met), so the correlations say what moves a miss, not what moves the slack of a deadline that is
always met. Correlations are Spearman's (Pearson's on average ranks, ties shared), over every
replication. A task-bound input (duration, late data) weighs its criticality x |correlation|;
an event that belongs to no chain weighs |correlation|.

With few replications, or a deadline missed in very few, a correlation is mostly noise: a
driver counts as one only when its correlation is beyond :func:`noise_floor`, three standard
errors of a correlation of independent inputs (``3 / sqrt(runs - 1)``).

The inputs are kept per replication as 32-bit floats (rank correlations need every value), so
they cost 4 bytes per input and replication.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = [
    "Driver",
    "average_ranks",
    "driver_rows",
    "driver_values",
    "noise_floor",
    "rank_correlations",
]

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]

#: Kinds of input, as the tables name them.
KINDS = (
    "duration",
    "late-data",
    "staff-absence",
    "information-requests",
    "deferral",
    "notification-date",
)


@dataclass(frozen=True)
class Driver:
    """One random input: its kind, the task it belongs to (position, -1 for none), its team, the
    task's plain name (``name``; its id when it has none) and the team's (``team_name``; its id
    when it has none)."""

    kind: str
    position: int
    task: str | None
    team: str | None
    name: str | None = None
    team_name: str | None = None

    @property
    def label(self) -> str:
        """The input in plain words: a task by its name, never its id.

        >>> Driver("late-data", 0, "prepare-annex-a", "performance", "Send Annex A").label
        'late data for “Send Annex A”'
        >>> Driver("staff-absence", -1, None, "performance", team_name="Performance team").label
        'staff absence in Performance team'
        """
        task = f"“{self.name or self.task}”"
        team = self.team_name or self.team
        return {
            "duration": f"how long {task} takes",
            "late-data": f"late data for {task}",
            "staff-absence": f"staff absence in {team}",
            "information-requests": f"extra information requests to {team}",
            "deferral": "a deferral of the inspection",
            "notification-date": "the notification date drawn",
        }[self.kind]


_ROWS: dict[int, tuple[SimModel, tuple[Driver, ...]]] = {}


def driver_rows(model: SimModel) -> tuple[Driver, ...]:
    """The random inputs of ``model``, in a fixed order (built once per model)."""
    hit = _ROWS.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    net, events = model.network, model.uncertainty
    rows: list[Driver] = []
    for i, spec in enumerate(model.durations):
        random = spec.kind == "lognormal" or (
            spec.kind != "fixed" and spec.params[0] != spec.params[2]
        )
        if random:
            rows.append(_task_driver("duration", model, i))
    for i in sorted({net.position[late.task] for late in events.late_data}):
        rows.append(_task_driver("late-data", model, i))
    for team in dict.fromkeys(a.team for a in events.absences):
        rows.append(Driver("staff-absence", -1, None, team, team_name=model.team_name(team)))
    for team in dict.fromkeys(r.team for r in events.information_requests):
        rows.append(Driver("information-requests", -1, None, team, team_name=model.team_name(team)))
    if events.deferral is not None:
        rows.append(Driver("deferral", -1, None, None))
    if model.candidates:
        rows.append(Driver("notification-date", -1, None, None))
    found = tuple(rows)
    if len(_ROWS) > 32:
        _ROWS.clear()
    _ROWS[id(model)] = (model, found)
    return found


def _task_driver(kind: str, model: SimModel, i: int) -> Driver:
    task = model.network.tasks[i]
    return Driver(
        kind, i, model.network.order[i], task.team, task.name or None, model.team_name(task.team)
    )


def driver_values(model: SimModel, draws: Draws) -> Float32Array:
    """``(inputs, runs)``: each replication's value of every input of :func:`driver_rows`."""
    rows = driver_rows(model)
    out = np.zeros((len(rows), draws.runs), dtype=np.float32)
    absence = np.isinf(draws.incident_due)
    for r, row in enumerate(rows):
        if row.kind == "duration":
            out[r] = draws.duration[row.position]
        elif row.kind == "late-data":
            out[r] = draws.delay[row.position]
        elif row.kind in ("staff-absence", "information-requests"):
            q = model.team_position(row.team or "")
            kind = absence if row.kind == "staff-absence" else ~absence
            mine = (draws.incident_team == q) & kind
            out[r] = np.where(mine, draws.incident_length, 0.0).sum(axis=1)
        elif row.kind == "deferral":
            out[r] = draws.deferred
        else:
            deferral = model.uncertainty.deferral
            moved = draws.deferred * (deferral.working_days if deferral else 0)
            out[r] = draws.shift - moved
    return out


def noise_floor(runs: int) -> float:
    """The largest |correlation| that independent inputs reach by chance (see the module
    docstring); infinite for a single replication.

    >>> round(noise_floor(1001), 3)
    0.095
    """
    return 3.0 / math.sqrt(runs - 1) if runs > 1 else math.inf


def average_ranks(values: npt.NDArray[np.floating]) -> FloatArray:
    """Ranks 1..n of a 1-D array, tied values sharing their average rank.

    >>> average_ranks(np.array([0.0, 2.5, 0.0, 1.0])).tolist()
    [1.5, 4.0, 1.5, 3.0]
    """
    n = values.size
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.empty(n, dtype=bool)
    first[:1] = True
    first[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], n)
    shared = (starts + ends + 1) / 2.0  # the mean of ranks starts+1 .. ends
    ranks = np.empty(n)
    ranks[order] = shared[np.cumsum(first) - 1]
    return ranks


def rank_correlations(inputs: FloatArray, outcome: npt.NDArray[np.floating]) -> FloatArray:
    """Spearman's correlation of each row of ``inputs`` (already average ranks, ``(m, n)``) with
    ``outcome`` ``(n,)``; 0 where either side does not vary."""
    y = average_ranks(outcome)
    y = y - y.mean()
    x = inputs - inputs.mean(axis=1, keepdims=True)
    num = (x * y).sum(axis=1)
    den = np.sqrt((x * x).sum(axis=1) * (y * y).sum())
    safe = np.where(den > 0, den, 1.0)
    result: FloatArray = np.where(den > 0, num / safe, 0.0)
    return result
