"""Resource levelling: schedule the council's tasks within each team's capacity.

Each task with a duration and an owner team whose capacity is given uses one of that team's people
on each of its working days (a performance team of three works on at most three tasks a day).
Framework tasks (``TaskSpec.framework`` or a ``fixed_start``) never move: they stay on their
critical-path dates and their people are booked first. Other tasks start no earlier than the
critical path method allows and are delayed when their team is full.

Two methods:

* ``"sgs"``: the serial schedule generation scheme. Tasks are taken one at a time, among those
  whose predecessors are placed, in order of latest start, then total slack, then topological
  position (a fixed tie-break), and each is placed at its earliest start with a free person. It
  answers at once (about a millisecond for 100 tasks).
* ``"cp-sat"``: OR-Tools CP-SAT (the optional ``ortools`` extra) under a time limit, seeded with
  the SGS answer. It minimises first the working days by which tasks overrun framework dates and
  deadlines, then the finish of the council's work, and reports its status and optimality gap.
  The solution is decoded through the SGS (in the order of its starts) so that every task starts
  as early as the solution allows; the better of the two answers is kept, so CP-SAT is never worse.
  The search is interleaved, which makes it deterministic whatever the number of workers, as long
  as it finishes (proves optimality) within the time limit.

A task pushed past a deadline or a fixed framework date is not hidden: the levelled schedule's
infeasibilities name the task and the working days (see :class:`Levelled.risks`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

from inspection_sim.errors import MissingExtraError, ScheduleError, UnknownNameError
from inspection_sim.plan.level_problem import Levelled, LevelProblem
from inspection_sim.plan.network import Network

__all__ = ["METHODS", "Levelled", "level"]

#: The levelling methods.
METHODS = ("sgs", "cp-sat")


def level(
    network: Network,
    capacities: Mapping[str, int],
    *,
    start: int = 0,
    method: str = "sgs",
    time_limit: float = 1.0,
    workers: int = 2,
) -> Levelled:
    """Level ``network`` within team capacities.

    Args:
        network: the compiled network.
        capacities: people per team (a positive int). Tasks of teams not listed, and tasks
            without a team, are not limited; teams that own no task are ignored.
        start: the project start (as for :func:`~inspection_sim.plan.cpm.cpm`).
        method: ``"sgs"`` or ``"cp-sat"`` (needs the ``ortools`` extra).
        time_limit: CP-SAT's limit in seconds.
        workers: CP-SAT's search workers.

    Returns:
        The :class:`Levelled` schedule, its objective, the method's status and, for CP-SAT, the
        optimality gap.

    Raises:
        UnknownNameError: for an unknown method.
        ScheduleError: for a capacity that is not a positive integer, a time limit that is not
            positive, or fewer than one worker.
        MissingExtraError: for ``"cp-sat"`` without ortools installed.

    >>> from inspection_sim.plan.network import Network, TaskSpec
    >>> returns = [TaskSpec(f"r{k}", duration=2, team="performance") for k in range(4)]
    >>> level(Network.build(returns, []), {"performance": 3}).schedule.start
    (0, 0, 0, 2)
    """
    _check_options(method, capacities, time_limit, workers)
    problem = LevelProblem.build(network, capacities, start)
    began = time.perf_counter()
    starts = problem.sgs(problem.priority_by_latest_start())
    best = problem.result(starts, "sgs", "heuristic")
    if method == "cp-sat":
        best = _cp_sat(problem, starts, best, time_limit, workers)
    notes = best.notes + problem.overbooked()
    return replace(best, seconds=time.perf_counter() - began, notes=notes)


def _check_options(
    method: str, capacities: Mapping[str, int], time_limit: float, workers: int
) -> None:
    if method not in METHODS:
        raise UnknownNameError(
            "unknown levelling method", key="method", value=method, choices=METHODS
        )
    _check_capacities(capacities)
    if not time_limit > 0:
        raise ScheduleError(
            "the time limit must be a positive number of seconds",
            key="time_limit",
            value=time_limit,
        )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ScheduleError("workers must be a positive whole number", key="workers", value=workers)


def _check_capacities(capacities: Mapping[str, int]) -> None:
    for team, size in capacities.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ScheduleError(
                "a team's capacity must be a positive whole number of people",
                key=f"capacities.{team}",
                value=size,
            )


def _cp_sat(
    problem: LevelProblem, hint: list[int], fallback: Levelled, time_limit: float, workers: int
) -> Levelled:
    try:
        from inspection_sim.plan import level_cpsat
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "levelling with CP-SAT needs ortools: pip install 'inspection_sim[ortools]'"
        ) from None
    solved = level_cpsat.solve(problem, hint, time_limit=time_limit, workers=workers)
    if solved.starts is None:
        notes = (f"CP-SAT found no schedule ({solved.status}); keeping the SGS answer",)
        return replace(fallback, method="cp-sat", status=solved.status, notes=notes)
    raw = problem.result(solved.starts, "cp-sat", solved.status)
    decoded_starts = problem.sgs(lambda i: (solved.starts[i], i))  # type: ignore[index]
    decoded = problem.result(decoded_starts, "cp-sat", solved.status)
    best = min((decoded, raw), key=lambda r: r.objective)
    if fallback.objective < best.objective:
        notes = ("CP-SAT did not beat the SGS answer within the time limit; keeping it",)
        return replace(
            fallback,
            method="cp-sat",
            status=solved.status,
            notes=notes,
            gap=solved.gap,
            bound=solved.bound,
        )
    return replace(best, gap=solved.gap, bound=solved.bound)
