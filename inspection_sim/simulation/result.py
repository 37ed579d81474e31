"""What a simulation found: realised times per replication and the aggregates planners ask for.

Per replication (arrays, tasks in network order): realised start and finish of each task, each
deadline met or missed and by how many working days, each team's utilisation. Aggregates: the
probability of meeting each deadline, P10/P50/P90 finish dates, the criticality index and the
riskiest tasks and teams.

Definitions:

* A task with ``finish_no_later_than`` is a **deadline**: met when its realised finish is at or
  before the limit (moved with the plan by a deferral or a drawn notification date); ``late`` is
  ``finish - limit`` in working days (negative: days to spare). Information requests are one more
  deadline, ``information-requests``: met when every request of the replication is answered by
  the end of fieldwork.
* **Criticality index**: the share of replications in which a task is on the realised critical
  path: the chains of binding dependency links back from the tasks that finish last. A link is
  binding when it alone would have released the successor when it was; the chain stops at a task
  delayed by late data or by waiting for its team.
* **Utilisation** of a team with a capacity: busy working days (its tasks and information
  requests) over ``capacity x`` the replication's span (first start to last finish). A team
  without a capacity reports its average number of busy staff instead (``capacity`` None).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import NO_TIME
from inspection_sim.simulation import simtime
from inspection_sim.simulation.aggregate import QUANTILES, Accumulator, Aggregates
from inspection_sim.simulation.des import Realised, planned_times
from inspection_sim.simulation.engine_numpy import _start_for_finish
from inspection_sim.simulation.model import SimModel

__all__ = ["REQUESTS", "SimulationResult"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Name of the information-requests deadline.
REQUESTS = "information-requests"


@dataclass(frozen=True)
class SimulationResult:
    """The result of :func:`inspection_sim.simulate`. Arrays are ``(tasks, runs)``.

    A result holds every replication's times (``realised``, ``incident_due`` and
    ``incident_team``), or only its ``aggregates`` when the replications were added up block
    by block (``simulate(keep_replications=False)``, the default for large runs): then every
    table, P(met), criticality, lateness and utilisation are there, identical, but
    ``start``, ``finish``, ``critical`` and the per-replication records are not.
    """

    model: SimModel
    realised: Realised | None
    shift: npt.NDArray[np.int64]
    deferred: BoolArray
    incident_due: FloatArray | None
    incident_team: npt.NDArray[np.int64] | None
    seed: int
    engine: str
    aggregates: Aggregates | None = None

    # -- per replication -----------------------------------------------------------------------

    @property
    def runs(self) -> int:
        return int(self.shift.size)

    @property
    def has_replications(self) -> bool:
        """True when every replication's times were kept (see the class docstring)."""
        return self.realised is not None

    @property
    def start(self) -> FloatArray:
        """Realised starts (simulation time, see :mod:`inspection_sim.simulation.simtime`)."""
        return self._kept().start

    @property
    def finish(self) -> FloatArray:
        """Realised finishes (exclusive ends)."""
        return self._kept().finish

    def _kept(self) -> Realised:
        if self.realised is None:
            raise SimulationError(
                f"the times of each of the {self.runs} replications were not kept (only the "
                "aggregates); simulate again with keep_replications=True to have them",
                key="keep_replications",
                value=False,
            )
        return self.realised

    @cached_property
    def deadline_tasks(self) -> tuple[int, ...]:
        """Positions of tasks with a finish-no-later-than."""
        limits = self.model.network.finish_no_later_than
        return tuple(np.flatnonzero(limits != NO_TIME).tolist())

    @cached_property
    def late(self) -> FloatArray:
        """``(deadlines, runs)`` working days late (negative: to spare), deadline tasks first."""
        if self.aggregates is not None:
            return self.aggregates.late
        realised = self._kept()
        assert self.incident_due is not None
        net = self.model.network
        rows = [
            self.finish[i] - (net.finish_no_later_than[i] + self.shift) for i in self.deadline_tasks
        ]
        if self.has_requests:
            gap = np.where(
                np.isnan(realised.incident_finish),
                -np.inf,
                realised.incident_finish - self.incident_due,
            )
            rows.append(gap.max(axis=1, initial=-np.inf))
        return np.array(rows).reshape(len(rows), self.runs)

    @property
    def has_requests(self) -> bool:
        """True when the model draws information requests (whether or not any arrived)."""
        return bool(self.model.uncertainty.information_requests)

    @cached_property
    def deadline_names(self) -> tuple[str, ...]:
        names = tuple(self.model.network.order[i] for i in self.deadline_tasks)
        return (*names, REQUESTS) if self.has_requests else names

    @cached_property
    def met(self) -> BoolArray:
        """``(deadlines, runs)``: whether each deadline was met."""
        met: BoolArray = self.late <= 0
        return met

    @cached_property
    def critical(self) -> BoolArray:
        """``(tasks, runs)``: whether each task was on the realised critical path."""
        return _critical(self.model, self._kept(), self.shift)

    @cached_property
    def utilisation(self) -> FloatArray:
        """``(teams, runs)`` utilisation (see the module docstring)."""
        if self.aggregates is not None:
            return self.aggregates.utilisation
        assert self.incident_due is not None
        assert self.incident_team is not None
        model, net = self.model, self.model.network
        span = self.finish.max(axis=0) - self.start.min(axis=0)
        span = np.where(span > 0, span, 1.0)
        busy = np.zeros((len(net.teams), self.runs))
        work = self.finish - self.start
        for i, team in enumerate(net.team_index.tolist()):
            if team >= 0:
                busy[team] += work[i]
        inc = self._kept()
        answered = np.isfinite(self.incident_due) & ~np.isnan(inc.incident_start)
        for q in range(len(net.teams)):
            mask = answered & (self.incident_team == q)
            busy[q] += np.where(mask, inc.incident_finish - inc.incident_start, 0.0).sum(axis=1)
        capacity = np.where(model.team_capacity > 0, model.team_capacity, 1)[:, None]
        result: FloatArray = busy / (capacity * span)
        return result

    # -- aggregates ----------------------------------------------------------------------------

    @cached_property
    def totals(self) -> Aggregates:
        """The aggregates the tables read: as simulated block by block, or from the kept
        replications by the same arithmetic (so both give identical tables)."""
        if self.aggregates is not None:
            return self.aggregates
        accumulator = Accumulator(self.model, self.runs, len(self.deadline_names))
        accumulator.add(0, self)
        return accumulator.result()

    @cached_property
    def planned(self) -> tuple[FloatArray, FloatArray]:
        """Planned start and finish (planned durations, no events)."""
        return planned_times(self.model)

    def p_met(self) -> dict[str, float]:
        """Probability of meeting each deadline."""
        return dict(zip(self.deadline_names, self.met.mean(axis=1).tolist(), strict=True))

    def criticality(self) -> dict[str, float]:
        """Criticality index of each task."""
        index = self.totals.critical / self.runs
        return dict(zip(self.model.network.order, index.tolist(), strict=True))

    def finish_quantiles(self) -> dict[str, tuple[str, str, str]]:
        """P10, P50 and P90 of each task's last working day, as ISO dates (the end day of the
        ``method="lower"`` percentiles of its starts and finishes; see :mod:`.aggregate`)."""
        days = self.model.calendar.dates_at(self.totals.end_day)
        return {
            task: tuple(str(days[k, i]) for k in range(len(QUANTILES)))  # type: ignore[misc]
            for i, task in enumerate(self.model.network.order)
        }

    def task_table(self) -> list[dict[str, Any]]:
        """One record per task: plan, P10/P50/P90 end, delay, criticality and its deadline."""
        net, cal = self.model.network, self.model.calendar
        pstart, pfinish = self.planned
        quantiles = self.finish_quantiles()
        crit = self.totals.critical / self.runs
        delay = self.totals.delay_sum / self.runs
        deadline = {t: k for k, t in enumerate(self.deadline_tasks)}
        rows = []
        for i, task in enumerate(net.tasks):
            k = deadline.get(i)
            rows.append(
                {
                    "task": task.id,
                    "name": task.name,
                    "team": task.team,
                    "planned_start": simtime.start_date(cal, pstart[i]).isoformat(),
                    "planned_end": simtime.end_date(cal, pstart[i], pfinish[i]).isoformat(),
                    "p10_end": quantiles[task.id][0],
                    "p50_end": quantiles[task.id][1],
                    "p90_end": quantiles[task.id][2],
                    "mean_delay_working_days": round(float(delay[i]), 3),
                    "criticality": round(float(crit[i]), 4),
                    "p_deadline_met": None if k is None else round(float(self.met[k].mean()), 4),
                }
            )
        return rows

    def deadline_table(self) -> list[dict[str, Any]]:
        """One record per deadline: P(met) and the mean and P90 working days late when missed."""
        rows = []
        for k, name in enumerate(self.deadline_names):
            late = self.late[k]
            missed = late[late > 0]
            rows.append(
                {
                    "deadline": name,
                    "p_met": round(float(self.met[k].mean()), 4),
                    "mean_days_late_when_missed": round(float(missed.mean()), 3)
                    if missed.size
                    else 0.0,
                    "p90_days_late": round(float(max(np.percentile(late, 90), 0.0)), 3),
                }
            )
        return rows

    def team_table(self) -> list[dict[str, Any]]:
        """One record per team: capacity, mean and P90 utilisation, mean delay of its tasks."""
        net, model = self.model.network, self.model
        sums = self.totals.delay_sum.tolist()
        rows = []
        for q, team in enumerate(net.teams):
            mine = np.flatnonzero(net.team_index == q).tolist()
            delay = math.fsum(sums[i] for i in mine) / (len(mine) * self.runs) if mine else math.nan
            rows.append(
                {
                    "team": team,
                    "capacity": model.capacities.get(team),
                    "mean_utilisation": round(float(self.utilisation[q].mean()), 4),
                    "p90_utilisation": round(float(np.percentile(self.utilisation[q], 90)), 4),
                    "mean_task_delay_working_days": round(delay, 3),
                }
            )
        return rows

    def riskiest_tasks(self, n: int = 5) -> list[dict[str, Any]]:
        """Tasks ranked by P(deadline missed), then criticality, then mean delay."""
        rows = self.task_table()
        rows.sort(
            key=lambda r: (
                -(1 - (r["p_deadline_met"] if r["p_deadline_met"] is not None else 1.0)),
                -r["criticality"],
                -r["mean_delay_working_days"],
                r["task"],
            )
        )
        return rows[:n]

    def riskiest_teams(self, n: int = 3) -> list[dict[str, Any]]:
        """Teams ranked by the mean delay of their tasks, then utilisation."""
        rows = self.team_table()
        rows.sort(
            key=lambda r: (-r["mean_task_delay_working_days"], -r["mean_utilisation"], r["team"])
        )
        return rows[:n]

    # -- output --------------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """The per-task table (see :meth:`task_table`)."""
        return self.task_table()

    def replication_records(self) -> list[dict[str, Any]]:
        """Long form, one record per replication and task: realised start and end dates."""
        cal, net = self.model.calendar, self.model.network
        starts = simtime.start_dates(cal, self.start)
        ends = simtime.end_dates(cal, self.start, self.finish)
        return [
            {"replication": r, "task": task, "start": str(starts[i, r]), "end": str(ends[i, r])}
            for r in range(self.runs)
            for i, task in enumerate(net.order)
        ]

    def to_dataframe(self, table: str = "tasks") -> Any:
        """A pandas DataFrame of ``tasks``, ``deadlines``, ``teams`` or ``replications``."""
        import pandas as pd

        tables = {
            "tasks": self.task_table,
            "deadlines": self.deadline_table,
            "teams": self.team_table,
            "replications": self.replication_records,
        }
        return pd.DataFrame(tables[table]())

    def to_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "seed": self.seed,
            "engine": self.engine,
            "deferred": round(float(self.deferred.mean()), 4),
            "deadlines": self.deadline_table(),
            "tasks": self.task_table(),
            "teams": self.team_table(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self, top: int = 5) -> str:
        """A short plain-text report."""
        lines = [f"{self.runs} replications, seed {self.seed}, engine {self.engine}"]
        if self.deadlines_exist:
            lines.append("Deadlines (P met, mean working days late when missed):")
            lines += [
                f"  {r['deadline']:<32} {r['p_met']:>6.1%}  {r['mean_days_late_when_missed']:>6.1f}"
                for r in self.deadline_table()
            ]
        lines.append("Riskiest tasks (criticality, mean delay, P10/P50/P90 end):")
        lines += [
            f"  {r['task']:<32} {r['criticality']:>6.1%}  {r['mean_delay_working_days']:>6.1f}"
            f"  {r['p10_end']} {r['p50_end']} {r['p90_end']}"
            for r in self.riskiest_tasks(top)
        ]
        lines.append("Riskiest teams (capacity, mean utilisation, mean task delay):")
        lines += [
            f"  {r['team']:<32} {r['capacity'] or '-':>6}  {r['mean_utilisation']:>6.1%}"
            f"  {r['mean_task_delay_working_days']:>6.1f}"
            for r in self.riskiest_teams(top)
        ]
        return "\n".join(lines)

    @property
    def deadlines_exist(self) -> bool:
        return bool(self.deadline_names)


def _critical(model: SimModel, realised: Realised, shift: npt.NDArray[np.int64]) -> BoolArray:
    """Binding-link chains back from the last finish (see the module docstring)."""
    net = model.network
    start, finish = realised.start, realised.finish
    critical: BoolArray = finish == finish.max(axis=0)
    moved = shift.astype(np.float64)
    for j in range(len(net) - 1, -1, -1):
        if net.fixed_start[j] != NO_TIME or not critical[j].any():
            continue
        team = model.team_times[net.team_index[j]] if net.team_index[j] >= 0 else None
        d = finish[j] - start[j] if team is None else None
        bounds = []
        low = model.origin + moved
        if net.start_no_earlier_than[j] != NO_TIME:
            low = np.maximum(low, net.start_no_earlier_than[j] + moved)
        for k in net.predecessors(j):
            p, link, lag = int(net.pred[k]), int(net.pred_link[k]), int(net.pred_lag[k])
            value = (finish[p] if link in (0, 2) else start[p]) + lag
            if link >= 2:
                value = (
                    value - d
                    if d is not None
                    else _start_for_finish(team, value, _work(model, j, start[j], finish[j]))
                )
            bounds.append((p, value))
        if not bounds:
            continue
        release = np.max([v for _, v in bounds], axis=0)
        release = np.maximum(release, low)
        expected = release if team is None else team.start_batch(release)
        undelayed = critical[j] & (start[j] == expected)
        for p, value in bounds:
            critical[p] |= undelayed & (value == release)
    return critical


def _work(model: SimModel, j: int, start: FloatArray, finish: FloatArray) -> FloatArray:
    """Working days a task with a team calendar worked between start and finish."""
    team = model.team_times[model.network.team_index[j]]
    assert team is not None
    result: FloatArray = team.working_time_batch(finish) - team.working_time_batch(start)
    return result
