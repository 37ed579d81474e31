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
  the end of fieldwork. A deadline task bound to a framework window (see :mod:`.windows`) keeps
  the window's dates; its ``late`` is the working days of the window its team could not cover
  (0 when covered).
* Each deadline is a **commitment** to someone: ``inspectors`` (returns, readiness for the
  on-site days, support during them, information requests), ``framework`` (the framework's
  timescales after fieldwork: factual-accuracy comments, the action plan) or ``council`` (the
  council's own arrangements, such as briefing its leaders); empty when the plan does not say.
* **Criticality index**: the share of replications in which a task is on the realised critical
  path: the chains of binding dependency links back from the tasks that finish last (see
  :mod:`.chains`). **Per deadline**, the share in which a task is on the chain back from the
  deadline's task (the information-requests deadline has no chain: requests wait for their team).
* **Drivers** of a deadline: every random input with its rank correlation with the deadline's
  working days late, its criticality for the deadline and its cruciality (see :mod:`.drivers`).
* **Utilisation** of a team with a capacity: busy working days (its tasks and information
  requests) over ``capacity x`` the team's own span in the replication (its first task's or
  request's start to its last one's finish). A team without a capacity reports its average
  number of busy staff instead (``capacity`` None): its share of one person's time over its span.

Tables keep team and task ids (the JSON and CSV columns); what a planner reads (the summary,
the drivers' words) names them as :meth:`SimulationResult.name_of` and
:meth:`SimulationResult.team_name` do.
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
from inspection_sim.simulation.chains import chains
from inspection_sim.simulation.des import Realised, planned_times
from inspection_sim.simulation.describe import COMMITMENT_WORDS, assumption_lines
from inspection_sim.simulation.drivers import (
    average_ranks,
    driver_rows,
    driver_values,
    noise_floor,
    rank_correlations,
)
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws
from inspection_sim.simulation.windows import uncovered, window_deadlines

__all__ = ["REQUESTS", "REQUESTS_NAME", "SimulationResult"]

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

#: Name of the information-requests deadline.
REQUESTS = "information-requests"

#: The information-requests deadline as a planner reads it.
REQUESTS_NAME = "Answer the inspectors' extra information requests"


@dataclass(frozen=True)
class SimulationResult:
    """The result of :func:`inspection_sim.simulate`. Arrays are ``(tasks, runs)``.

    A result holds every replication's times (``realised``, ``incident_due`` and
    ``incident_team``), or only its ``aggregates`` when the replications were added up block
    by block (``simulate(keep_replications=False)``, the default for large runs): then every
    table, P(met), criticality, lateness, drivers and utilisation are there, identical, but
    ``start``, ``finish``, ``critical`` and the per-replication records are not. Build one
    from draws and an engine's times with :meth:`of`: ``uncovered`` holds the working days each
    window task's team left uncovered, ``inputs`` the random inputs the drivers read.
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
    uncovered: FloatArray | None = None
    inputs: Float32Array | None = None

    @classmethod
    def of(
        cls,
        model: SimModel,
        draws: Draws,
        realised: Realised,
        seed: int,
        engine: str,
        *,
        inputs: bool = True,
    ) -> SimulationResult:
        """The result of ``realised`` times for ``draws``; ``inputs=False`` leaves out the random
        inputs (a sweep reads no drivers)."""
        return cls(
            model,
            realised,
            draws.shift,
            draws.deferred,
            draws.incident_due,
            draws.incident_team,
            seed,
            engine,
            uncovered=uncovered(model, draws, realised),
            inputs=driver_values(model, draws) if inputs else None,
        )

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
        if self.uncovered is not None:
            at = {task: k for k, task in enumerate(self.deadline_tasks)}
            for r, task in enumerate(window_deadlines(self.model)):
                rows[at[task]] = np.maximum(rows[at[task]], self.uncovered[r])
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
    def _names(self) -> dict[str, str]:
        names = {task.id: task.name or task.id for task in self.model.network.tasks}
        return names | {REQUESTS: REQUESTS_NAME}

    def name_of(self, task: str) -> str:
        """The plain name a planner reads for a task or a deadline (its id when it has none):
        tables, charts and reports name tasks by this, never by their id."""
        return self._names.get(task, task)

    def team_of(self, deadline: str) -> str | None:
        """The team that owns a deadline's task (for information requests, the teams that
        answer them; None for a task without a team)."""
        if deadline == REQUESTS:
            teams = dict.fromkeys(r.team for r in self.model.uncertainty.information_requests)
            return ", ".join(teams) or None
        return self.model.network.tasks[self.model.network.position[deadline]].team

    def team_name(self, team: str | None) -> str:
        """The name a planner reads for a team id (see :meth:`SimModel.team_name`): the
        scenario's, else the words of its id; "" for none."""
        return self.model.team_name(team)

    def team_words(self, deadline: str) -> str:
        """The team that owns a deadline's task, by name (for information requests, the teams
        that answer them); "" for a task without a team."""
        if deadline == REQUESTS:
            teams = dict.fromkeys(r.team for r in self.model.uncertainty.information_requests)
            return "; ".join(self.team_name(team) for team in teams)
        return self.team_name(self.team_of(deadline))

    @cached_property
    def commitments(self) -> tuple[str, ...]:
        """Whom each deadline is owed to (see the module docstring), deadlines in order."""
        tasks = self.model.network.tasks
        found = tuple(tasks[i].commitment for i in self.deadline_tasks)
        return (*found, "inspectors") if self.has_requests else found

    @cached_property
    def windows(self) -> tuple[str | None, ...]:
        """The framework window each deadline's task is bound to (None: not bound)."""
        tasks = self.model.network.tasks
        bound = set(window_deadlines(self.model))
        found = tuple(tasks[i].window if i in bound else None for i in self.deadline_tasks)
        return (*found, None) if self.has_requests else found

    @cached_property
    def met(self) -> BoolArray:
        """``(deadlines, runs)``: whether each deadline was met."""
        met: BoolArray = self.late <= 0
        return met

    @cached_property
    def critical(self) -> BoolArray:
        """``(tasks, runs)``: whether each task was on the realised critical path."""
        realised = self._kept()
        result: BoolArray = chains(self.model, realised.start, realised.finish, self.shift)[0]
        return result

    @cached_property
    def utilisation(self) -> FloatArray:
        """``(teams, runs)`` utilisation (see the module docstring)."""
        if self.aggregates is not None:
            return self.aggregates.utilisation
        assert self.incident_due is not None
        assert self.incident_team is not None
        model, net = self.model, self.model.network
        teams = len(net.teams)
        busy = np.zeros((teams, self.runs))
        first = np.full((teams, self.runs), np.inf)
        last = np.full((teams, self.runs), -np.inf)
        work = self.finish - self.start
        for i, team in enumerate(net.team_index.tolist()):
            if team >= 0:
                busy[team] += work[i]
                first[team] = np.minimum(first[team], self.start[i])
                last[team] = np.maximum(last[team], self.finish[i])
        inc = self._kept()
        answered = np.isfinite(self.incident_due) & ~np.isnan(inc.incident_start)
        for q in range(teams):
            mask = answered & (self.incident_team == q)
            busy[q] += np.where(mask, inc.incident_finish - inc.incident_start, 0.0).sum(axis=1)
            if mask.any():
                first[q] = np.minimum(
                    first[q], np.where(mask, inc.incident_start, np.inf).min(axis=1)
                )
                last[q] = np.maximum(
                    last[q], np.where(mask, inc.incident_finish, -np.inf).max(axis=1)
                )
        # Each team over its own busy period (its first start to its last finish), not the whole
        # plan's: a team whose work is two days before the visit is not "0.2% busy" because the
        # action plan is due months later.
        span = last - first
        span = np.where(np.isfinite(span) & (span > 0), span, 1.0)
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

    def p_all_met(self) -> float:
        """Probability of meeting every deadline in the same replication (1 with none)."""
        return float(self.met.all(axis=0).mean())

    def criticality(self, deadline: str | None = None) -> dict[str, float]:
        """Criticality index of each task: on the realised critical path, or, for a
        ``deadline``, on the chain that decides it (see the module docstring)."""
        if deadline is None:
            index = self.totals.critical / self.runs
        else:
            index = self.totals.deadline_critical[self._deadline(deadline)] / self.runs
        return dict(zip(self.model.network.order, index.tolist(), strict=True))

    def _deadline(self, name: str) -> int:
        if name not in self.deadline_names:
            raise SimulationError(
                "no such deadline in this simulation",
                key="deadline",
                value=name,
                choices=self.deadline_names,
            )
        return self.deadline_names.index(name)

    @cached_property
    def _input_ranks(self) -> FloatArray:
        values = self.totals.inputs
        if values is None:
            raise SimulationError(
                "this result kept no random inputs (a sweep's results do not); simulate the "
                "plan to see what drives each deadline",
                key="drivers",
            )
        return np.array([average_ranks(row) for row in values]).reshape(values.shape)

    def drivers(self, deadline: str, top: int | None = None) -> list[dict[str, Any]]:
        """What moves ``deadline``: every random input, strongest first (see :mod:`.drivers`).

        Each record: ``input`` (in plain words), ``kind``, ``task`` and ``team`` (None for an
        event that belongs to neither), ``criticality`` for the deadline (None for an event),
        ``correlation`` (Spearman's, with the working days by which the deadline was missed)
        and ``cruciality`` (criticality x |correlation|; |correlation| for an event).

        Raises:
            SimulationError: an unknown deadline (closest suggested), or a result without
                inputs.
        """
        k = self._deadline(deadline)
        if deadline not in self._drivers:  # each deadline ranked once, however often asked
            self._drivers[deadline] = self._rank_drivers(k)
        records = [dict(d) for d in self._drivers[deadline]]
        return records if top is None else records[:top]

    @cached_property
    def _drivers(self) -> dict[str, list[dict[str, Any]]]:
        return {}

    def _rank_drivers(self, k: int) -> list[dict[str, Any]]:
        rows = driver_rows(self.model)
        if not rows:
            return []
        outcome = np.maximum(self.late[k], 0.0)
        rho = rank_correlations(self._input_ranks, outcome)
        crit = self.totals.deadline_critical[k] / self.runs
        records = []
        for row, r in zip(rows, rho.tolist(), strict=True):
            c = float(crit[row.position]) if row.position >= 0 else None
            weight = abs(r) * (c if c is not None else 1.0)
            records.append(
                {
                    "input": row.label,
                    "kind": row.kind,
                    "task": row.task,
                    "team": row.team,
                    "criticality": None if c is None else round(c, 4),
                    "correlation": round(r, 4),
                    "cruciality": round(weight, 4),
                }
            )
        records.sort(key=lambda d: (-d["cruciality"], -abs(d["correlation"]), d["input"]))
        return records

    def main_drivers(self, deadline: str, top: int | None = 3) -> list[dict[str, Any]]:
        """The strongest drivers of a deadline that can be missed: cruciality above 0 and a
        correlation beyond the noise of this many replications (see :mod:`.drivers`); none for
        a deadline met in every replication."""
        if self.met[self._deadline(deadline)].all():
            return []
        floor = noise_floor(self.runs)
        found = [
            d
            for d in self.drivers(deadline)
            if d["cruciality"] > 0 and abs(d["correlation"]) > floor
        ]
        return found if top is None else found[:top]

    def finish_quantiles(self) -> dict[str, tuple[str, str, str]]:
        """P10, P50 and P90 of each task's last working day, as ISO dates (the end day of the
        ``method="lower"`` percentiles of its starts and finishes; see :mod:`.aggregate`); a day
        past the calendar's last reads "after <its last day>" (see :mod:`.simtime`)."""
        days = simtime.day_texts(self.model.calendar, self.totals.end_day)
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
        """One record per deadline: whom it is owed to, the window its task is bound to, P(met),
        the mean working days late when missed, the P90 of working days late (0 when met), and its main driver (None when it is
        always met or the result kept no inputs)."""
        rows = []
        for k, name in enumerate(self.deadline_names):
            late = self.late[k]
            missed = late[late > 0]
            main = self.main_drivers(name, 1) if self.totals.inputs is not None else []
            rows.append(
                {
                    "deadline": name,
                    "commitment": self.commitments[k] or None,
                    "window": self.windows[k],
                    "p_met": round(float(self.met[k].mean()), 4),
                    "mean_days_late_when_missed": round(float(missed.mean()), 3)
                    if missed.size
                    else 0.0,
                    # days late, 0 when met: a run without requests is -inf early, which no
                    # percentile can interpolate
                    "p90_days_late": round(float(np.percentile(np.maximum(late, 0.0), 90)), 3),
                    "main_driver": main[0]["input"] if main else None,
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
        """Tasks that drive a deadline that can be missed, strongest first: each task once, with
        the deadline it drives most (by cruciality, see :meth:`drivers`), through its duration
        or its late data. A task that moves no missed deadline is not listed."""
        names = {task.id: task.name or task.id for task in self.model.network.tasks}
        best: dict[str, dict[str, Any]] = {}
        for deadline in self.deadline_names:
            for d in self.main_drivers(deadline, top=None):
                if d["task"] is None:
                    continue
                row = {"task": d["task"], "name": names[d["task"]], "team": d["team"]}
                row |= {"deadline": deadline, "driver": d["kind"]}
                row |= {k: d[k] for k in ("criticality", "correlation", "cruciality")}
                kept = best.get(d["task"])
                if kept is None or row["cruciality"] > kept["cruciality"]:
                    best[d["task"]] = row
        rows = sorted(best.values(), key=lambda r: (-r["cruciality"], r["task"]))
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
        starts = simtime.day_texts(cal, np.floor(self.start))
        ends = simtime.day_texts(cal, simtime.end_days(self.start, self.finish))
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
        has_inputs = self.totals.inputs is not None
        return {
            "runs": self.runs,
            "seed": self.seed,
            "engine": self.engine,
            "assumptions": assumption_lines(self.model),
            "deferred": round(float(self.deferred.mean()), 4),
            "p_all_met": round(self.p_all_met(), 4),
            "deadlines": self.deadline_table(),
            "drivers": {
                name: self.drivers(name, 5) if has_inputs else [] for name in self.deadline_names
            },
            "riskiest_tasks": self.riskiest_tasks() if has_inputs else [],
            "tasks": self.task_table(),
            "teams": self.team_table(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self, top: int = 5) -> str:
        """A short plain-text report: what was assumed, P(every deadline met), each deadline
        with whom it is owed to and what drives it, the tasks that drive missed deadlines and
        the riskiest teams. Tasks are named as a planner reads them (see :meth:`name_of`)."""
        lines = [f"{self.runs} replications, seed {self.seed}, engine {self.engine}"]
        assumed = assumption_lines(self.model)
        if assumed:
            lines.append("What the simulation draws:")
            lines += [f"  {line}" for line in assumed]
        if self.deadlines_exist:
            lines.append(f"P(every deadline met in the same run): {self.p_all_met():.1%}")
            lines.append(
                "Deadlines (chance of meeting each; its team, whom it is owed to, misses):"
            )
            lines += self._deadline_lines()
        if self.totals.inputs is not None:
            lines.append("Riskiest tasks (what drives a deadline that can be missed):")
            lines += self._risky_lines(top) or [
                "  none: no task's duration or late data moves a missed deadline"
            ]
        lines += self._team_lines(top)
        lines += self._calendar_end_lines()
        return "\n".join(lines)

    def _planned_team_periods(self) -> dict[str, float]:
        """Each team's busy period as planned: working days from its first task's start to its
        last task's finish (durations as planned, no events)."""
        start, finish = planned_times(self.model)
        net = self.model.network
        periods: dict[str, float] = {}
        for q, team in enumerate(net.teams):
            mine = net.team_index == q
            if mine.any():
                periods[team] = float(finish[mine].max() - start[mine].min())
        return periods

    def _team_words(self, task: str) -> list[str]:
        team = self.team_words(task)
        return [team] if team else []

    def _team_lines(self, top: int) -> list[str]:
        """The riskiest teams as a table a director reads: names, people, how busy their tasks
        keep them and over what period, and how much later than planned their tasks finish."""
        rows = self.riskiest_teams(top)
        if not rows:
            return []
        names = [self.team_name(r["team"]) for r in rows]
        width = max(len("Team"), *(len(name) for name in names))
        periods = self._planned_team_periods()
        lines = [
            "Riskiest teams (those whose tasks finish latest against the plan):",
            f"  {'Team':<{width}}  {'People':>11}  {'Busy':>6}  {'Busy period':>16}   "
            "Tasks finish later by",
        ]
        for name, r in zip(names, rows, strict=True):
            limited = r["capacity"] is not None
            people = str(r["capacity"]) if limited else "not limited"
            busy = f"{r['mean_utilisation']:>6.1%}" + (" " if limited else "*")
            days = periods.get(r["team"], 0.0)
            period = f"{days:.0f} working day" + ("" if round(days) == 1 else "s")
            delay = r["mean_task_delay_working_days"]
            lines.append(
                f"  {name:<{width}}  {people:>11}  {busy} {period:>16}   {delay:.1f} working days"
            )
        lines.append(
            "  Busy: the share of the team's working time that its tasks and the inspectors' "
            "extra requests take, over its own busy period (its first task's start to its last "
            "task's finish in each run; the Busy period column gives it as planned), on average over the runs."
        )
        if any(r["capacity"] is None for r in rows):
            lines.append(
                "  * No size is given for this team: its tasks never wait for staff, and "
                "its busy share is of one person's time."
            )
        lines.append(
            "  Tasks finish later by: working days after the planned end, on average over the "
            "team's tasks and the runs (negative: earlier)."
        )
        return lines

    def _deadline_lines(self) -> list[str]:
        lines = []
        for r in self.deadline_table():
            name = r["deadline"]
            owed = COMMITMENT_WORDS.get(r["commitment"] or "")
            facts = self._team_words(name) + ([f"owed to {owed}"] if owed else [])
            if r["p_met"] == 1:
                facts.append("never missed")
            else:
                late = r["mean_days_late_when_missed"]
                facts.append(f"{late:.1f} working days late on average when missed")
                main = self.main_drivers(name, 1) if self.totals.inputs is not None else []
                facts.append(
                    f"driven by {self._driver_words(main[0], name)}"
                    if main
                    else "too few misses to tell what drives them"
                )
            lines.append(f"  {r['p_met']:>6.1%}  {self.name_of(name)}")
            lines.append(f"{'':10}{'; '.join(facts)}")
        return lines

    def _driver_words(self, driver: dict[str, Any], deadline: str) -> str:
        """A driver in words, "its own late data" when it is the deadline's own task's."""
        if driver["task"] != deadline:
            return str(driver["input"])
        return "its own late data" if driver["kind"] == "late-data" else "how long it takes"

    def _risky_lines(self, top: int) -> list[str]:
        lines = []
        for r in self.riskiest_tasks(top):
            what = "its late data" if r["driver"] == "late-data" else "how long it takes"
            drives = (
                "its own deadline"
                if r["deadline"] == r["task"]
                else f"“{self.name_of(r['deadline'])}”"
            )
            facts = [
                *self._team_words(r["task"]),
                f"{what} drives {drives}: on its chain in {r['criticality']:.0%} of runs",
                f"rank correlation {r['correlation']:+.2f}, cruciality {r['cruciality']:.2f}",
            ]
            lines.append(f"  {self.name_of(r['task'])}")
            lines.append(f"      {'; '.join(facts)}")
        return lines

    def _calendar_end_lines(self) -> list[str]:
        """A plain note when some simulated end falls past the calendar (see :mod:`.simtime`)."""
        calendar = self.model.calendar
        past = int((self.totals.end_day >= calendar.n_working_days).any(axis=0).sum())
        if not past:
            return []
        return [
            f"Note: {past} task{'s' if past > 1 else ''} may end after the last day of the "
            f"working calendar ({calendar.end:%d %B %Y}); the task table shows such an end as "
            f'"{simtime.beyond(calendar)}". Deadlines are counted in working days, so a '
            "deadline missed there still counts as late."
        ]

    @property
    def deadlines_exist(self) -> bool:
        return bool(self.deadline_names)
