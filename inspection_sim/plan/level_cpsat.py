"""The CP-SAT levelling model (imported only when ``method="cp-sat"``; needs ortools).

One start variable per movable task, in council time, or in the team's working time for a team
with a calendar (where its tasks are contiguous, so one cumulative constraint per team is exact;
element constraints map working time back to council dates). Dependencies into pinned framework
tasks and finish-no-later-than deadlines are soft: their overrun in working days is minimised
first, then the finish of the council's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from inspection_sim.plan.network import NO_TIME

if TYPE_CHECKING:
    from inspection_sim.plan.level_problem import LevelProblem

__all__ = ["CpSatLevelling", "solve"]


@dataclass(frozen=True)
class CpSatLevelling:
    """CP-SAT's answer: starts by task position (None when it found none), status and gap."""

    starts: list[int] | None
    status: str
    gap: float | None
    bound: int | None


@dataclass
class _Task:
    start: Any  # an int for a pinned task, else an IntVar
    finish: Any
    team_time: Any = None  # the start in the team's working time, for a team with a calendar


def solve(
    problem: LevelProblem, hint: list[int], *, time_limit: float, workers: int
) -> CpSatLevelling:
    """Solve the levelling problem, seeded with the ``hint`` starts."""
    model = cp_model.CpModel()
    horizon = _horizon(problem, hint)
    tasks = [_task(model, problem, i, hint, horizon) for i in range(len(problem.network))]
    late = _links(model, problem, tasks) + _deadlines(model, problem, tasks)
    _capacities(model, problem, tasks)
    movable = [t.finish for t, pin in zip(tasks, problem.pinned, strict=True) if not pin]
    end = model.new_int_var(problem.start, horizon, "end")
    for finish in movable:
        model.add(end >= finish)
    weight = horizon - problem.start + 1
    model.minimize(weight * sum(late) + end)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    # interleaved search is deterministic whatever the number of workers (a run cut short by
    # the time limit still depends on the machine's speed)
    solver.parameters.interleave_search = True
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpSatLevelling(None, name, None, None)
    starts = [t.start if isinstance(t.start, int) else int(solver.value(t.start)) for t in tasks]
    value, bound = solver.objective_value, solver.best_objective_bound
    gap = 0.0 if status == cp_model.OPTIMAL else (value - bound) / max(1.0, abs(value))
    return CpSatLevelling(starts, name, gap, int(bound))


def _horizon(problem: LevelProblem, hint: list[int]) -> int:
    """A finish no levelled schedule needs to pass: the hint's, plus all movable work again."""
    finishes = [problem.finish(i, s) for i, s in enumerate(hint)]
    work = sum(
        int(d) for d, pin in zip(problem.network.duration, problem.pinned, strict=True) if not pin
    )
    return max([problem.start, *finishes]) + work + 1


def _task(
    model: cp_model.CpModel, problem: LevelProblem, i: int, hint: list[int], horizon: int
) -> _Task:
    base = problem.baseline
    if problem.pinned[i]:
        return _Task(base.start[i], base.finish[i])
    d = int(problem.network.duration[i])
    team = problem.teams[i]
    low = base.start[i]
    if team is None or d == 0:
        s = model.new_int_var(low, horizon, f"s{i}")
        model.add_hint(s, hint[i])
        return _Task(s, s + d)
    # team time: u is the start in working time; tables map it back to council time
    first = team.working_time(low)
    last = team.working_time(horizon) + 1
    u = model.new_int_var(first, last, f"u{i}")
    model.add_hint(u, team.working_time(hint[i]))
    starts = [team.council_time(tau) for tau in range(first, last + 1)]
    ends = [team.council_time(tau + d, end=True) for tau in range(first, last + 1)]
    index = model.new_int_var(0, last - first, f"k{i}")
    model.add(index == u - first)
    s = model.new_int_var(min(starts), max(starts), f"s{i}")
    f = model.new_int_var(min(ends), max(ends), f"f{i}")
    model.add_element(index, starts, s)
    model.add_element(index, ends, f)
    return _Task(s, f, u)


def _links(model: cp_model.CpModel, problem: LevelProblem, tasks: list[_Task]) -> list[Any]:
    """Hard dependencies between movable tasks; soft ones into pinned tasks (their overrun)."""
    net = problem.network
    late = []
    for q in range(len(net)):
        for k in net.predecessors(q):
            p, link, lag = int(net.pred[k]), int(net.pred_link[k]), int(net.pred_lag[k])
            if problem.pinned[p] and problem.pinned[q]:
                continue
            before = (tasks[p].finish if link in (0, 2) else tasks[p].start) + lag
            after = tasks[q].start if link < 2 else tasks[q].finish
            if problem.pinned[q]:
                over = model.new_int_var(0, 1 << 30, f"late{k}")
                model.add(over >= before - after)
                late.append(over)
            else:
                model.add(after >= before)
    return late


def _deadlines(model: cp_model.CpModel, problem: LevelProblem, tasks: list[_Task]) -> list[Any]:
    late = []
    for i, limit in enumerate(problem.network.finish_no_later_than.tolist()):
        if limit != int(NO_TIME) and not problem.pinned[i]:
            over = model.new_int_var(0, 1 << 30, f"due{i}")
            model.add(over >= tasks[i].finish - limit)
            late.append(over)
    return late


def _capacities(model: cp_model.CpModel, problem: LevelProblem, tasks: list[_Task]) -> None:
    """One cumulative constraint per team with a capacity, in the team's working time when it
    has a calendar (its tasks are contiguous there). Fixed tasks book their days up to the
    capacity: where they alone need more people, the day is full, not infeasible."""
    net = problem.network
    items: dict[int, list[tuple[Any, int]]] = {}
    booked: dict[tuple[int, int], int] = {}
    for i, task in enumerate(tasks):
        if not problem.capacity[i]:
            continue
        team_id = int(net.team_index[i])
        team = problem.teams[i]
        if problem.pinned[i]:
            for day in problem.busy_days(i, task.start):
                at = day if team is None else team.working_time(day)
                booked[team_id, at] = booked.get((team_id, at), 0) + 1
            continue
        d = int(net.duration[i])
        at = task.start if team is None else task.team_time
        items.setdefault(team_id, []).append((model.new_interval_var(at, d, at + d, f"busy{i}"), 1))
    capacity = {int(net.team_index[i]): c for i, c in enumerate(problem.capacity) if c}
    for (team_id, at), people in sorted(booked.items()):
        interval = model.new_interval_var(at, 1, at + 1, f"booked{team_id}_{at}")
        items.setdefault(team_id, []).append((interval, min(people, capacity[team_id])))
    for team_id, entries in sorted(items.items()):
        model.add_cumulative(
            [interval for interval, _ in entries],
            [demand for _, demand in entries],
            capacity[team_id],
        )
