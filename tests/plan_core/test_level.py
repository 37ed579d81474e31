"""Resource levelling: capacity at every time, framework tasks never move, risks, CP-SAT vs SGS."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_core_support import RandomPlan, link_holds, random_plans

from inspection_sim.errors import ScheduleError, UnknownNameError
from inspection_sim.plan.cpm import ConstraintKind, cpm
from inspection_sim.plan.level import Levelled, level
from inspection_sim.plan.network import Dependency, Link, Network, TaskSpec
from inspection_sim.plan.worktime import TeamTime

TEAMS = ("team0", "team1")


def pinned_plans(plan: RandomPlan) -> RandomPlan:
    """Mark every third task as a framework task without a team (the inspectors' side)."""
    tasks = [
        TaskSpec(t.id, duration=t.duration, framework=True) if k % 3 == 2 else t
        for k, t in enumerate(plan.tasks)
    ]
    return RandomPlan(tasks, plan.dependencies, plan.calendars)


def usage(net: Network, result: Levelled, *, pinned_only: bool = False) -> Counter[tuple[str, int]]:
    """People busy per (team, day), counted day by day from the levelled dates."""
    busy: Counter[tuple[str, int]] = Counter()
    for i, task in enumerate(net.tasks):
        if task.team is None or task.duration == 0:
            continue
        if pinned_only and not (task.framework or task.fixed_start is not None):
            continue
        mask = net.team_calendars.get(task.team)
        team = None if mask is None else TeamTime(mask)
        for day in range(result.schedule.start[i], result.schedule.finish[i]):
            if team is None or team.start(day) == day:
                busy[task.team, day] += 1
    return busy


def check_levelled(net: Network, result: Levelled, capacities: dict[str, int]) -> None:
    schedule, baseline = result.schedule, result.baseline
    fixed = usage(net, result, pinned_only=True)
    for (team, day), people in usage(net, result).items():
        cap = capacities.get(team, 10**9)
        # over capacity only where framework tasks alone are, and then nothing else is added
        assert people <= cap or people == fixed[team, day]
    overbooked = {
        team for (team, day), people in fixed.items() if people > capacities.get(team, 10**9)
    }
    assert len([n for n in result.notes if "framework tasks alone" in n]) == len(overbooked)
    pushed = {
        (p.task, p.cause) for p in schedule.infeasible if p.constraint is ConstraintKind.FIXED_START
    }
    for i, task in enumerate(net.tasks):
        if task.framework or task.fixed_start is not None:
            assert schedule.start[i] == baseline.start[i], "framework tasks never move"
        else:
            assert schedule.start[i] >= baseline.start[i]
    for dep in net.dependencies:
        p, q = net.position[dep.predecessor], net.position[dep.successor]
        s, f = schedule.start, schedule.finish
        holds = link_holds(Link(dep.link), dep.lag, s[p], f[p], s[q], f[q])
        if not holds:  # only a framework date can be overrun, and it is reported
            assert net.tasks[q].framework or net.tasks[q].fixed_start is not None
            assert any(task == dep.successor for task, _ in pushed)


@settings(max_examples=60, deadline=None)
@given(
    random_plans(teams=2, calendars=True, constraints=True), st.integers(1, 3), st.integers(1, 2)
)
def test_sgs_respects_capacity_and_never_moves_framework_tasks(
    plan: RandomPlan, cap0: int, cap1: int
) -> None:
    plan = pinned_plans(plan)
    net = plan.network()
    capacities = {"team0": cap0, "team1": cap1}
    check_levelled(net, level(net, capacities), capacities)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans(teams=2, calendars=True, constraints=True, max_tasks=10), st.integers(1, 2))
def test_cp_sat_is_never_worse_than_sgs_and_proves_small_cases_optimal(
    plan: RandomPlan, cap: int
) -> None:
    plan = pinned_plans(plan)
    net = plan.network()
    capacities = {"team0": cap, "team1": 1}
    heuristic = level(net, capacities)
    exact = level(net, capacities, method="cp-sat", time_limit=10.0)
    check_levelled(net, exact, capacities)
    assert exact.objective <= heuristic.objective
    assert exact.optimal
    assert exact.gap == 0.0


def brute_force_best(net: Network, capacities: dict[str, int]) -> tuple[int, int]:
    """The best objective over every task order fed to the serial scheme: for precedence with
    non-negative finish-to-start lags the optimum is among these schedules."""
    from inspection_sim.plan.level_problem import LevelProblem

    problem = LevelProblem.build(net, capacities, 0)
    best = None
    for order in itertools.permutations(range(len(net))):
        rank = {i: k for k, i in enumerate(order)}
        starts = problem.sgs(lambda i, rank=rank: (rank[i],))
        objective = problem.objective(problem.schedule(starts))
        best = objective if best is None else min(best, objective)
    assert best is not None
    return best


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cp_sat_optimum_matches_a_brute_force_search(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 6))
    tasks = [
        TaskSpec(
            f"t{i}",
            duration=data.draw(st.integers(1, 4)),
            team=data.draw(st.sampled_from(TEAMS)),
            finish_no_later_than=data.draw(st.one_of(st.none(), st.integers(2, 8))),
        )
        for i in range(n)
    ]
    deps = [
        Dependency(f"t{i}", f"t{j}", Link.FS, data.draw(st.integers(0, 2)))
        for j in range(n)
        for i in range(j)
        if data.draw(st.booleans())
    ]
    net = Network.build(tasks, deps)
    capacities = {"team0": 1, "team1": data.draw(st.integers(1, 2))}
    exact = level(net, capacities, method="cp-sat", time_limit=10.0)
    assert exact.optimal
    assert exact.objective == brute_force_best(net, capacities)


def returns_plan(deadline: int | None = None) -> Network:
    """Four 2-day returns for a performance team of three, after the call."""
    tasks = [TaskSpec("call", framework=True)]
    tasks += [
        TaskSpec(f"return-{k}", duration=2, team="performance", finish_no_later_than=deadline)
        for k in range(1, 5)
    ]
    return Network.build(tasks, [Dependency("call", f"return-{k}") for k in range(1, 5)])


def test_a_team_of_three_cannot_produce_four_returns_at_once() -> None:
    net = returns_plan()
    result = level(net, {"performance": 3})
    starts = {t: result.schedule.start[i] for i, t in enumerate(net.order)}
    assert starts == {"call": 0, "return-1": 0, "return-2": 0, "return-3": 0, "return-4": 2}
    assert result.objective == (0, 4)
    assert result.status == "heuristic"
    assert cpm(net).project_finish == 2


def test_a_return_pushed_past_its_deadline_is_a_risk_with_task_and_days() -> None:
    net = returns_plan(deadline=2)
    result = level(net, {"performance": 3})
    assert result.baseline.feasible
    (risk,) = result.risks
    assert (risk.task, risk.constraint, risk.working_days) == (
        "return-4",
        ConstraintKind.FINISH_NO_LATER_THAN,
        2,
    )


def test_a_task_pushed_past_a_fixed_framework_date_is_named() -> None:
    """Two 3-day preparations for one person before fieldwork fixed on day 4: one must overrun."""
    tasks = [
        TaskSpec("base-room", duration=3, team="business-support"),
        TaskSpec("it-access", duration=3, team="business-support"),
        TaskSpec("fieldwork", duration=5, fixed_start=4, framework=True),
    ]
    deps = [Dependency("base-room", "fieldwork"), Dependency("it-access", "fieldwork")]
    net = Network.build(tasks, deps)
    for method in ("sgs", "cp-sat"):
        result = level(net, {"business-support": 1}, method=method)
        assert result.schedule.start[net.position["fieldwork"]] == 4
        (risk,) = result.risks
        assert risk.task == "fieldwork"
        assert risk.cause in {"base-room", "it-access"}
        assert risk.working_days == 2
        assert result.objective == (2, 6)


def test_levelling_with_ample_capacity_changes_nothing() -> None:
    net = returns_plan(deadline=3)
    result = level(net, {"performance": 4})
    assert result.schedule.start == result.baseline.start
    assert result.risks == ()


def test_a_team_calendar_and_capacity_together() -> None:
    """One person, away on days 1-2: two 2-day tasks take days 0, 3 and then 4, 5."""
    tasks = [TaskSpec(f"t{k}", duration=2, team="solo") for k in range(2)]
    away = np.array([True, False, False] + [True] * 10)
    net = Network.build(tasks, [], team_calendars={"solo": away})
    for method in ("sgs", "cp-sat"):
        result = level(net, {"solo": 1}, method=method)
        spans = sorted(zip(result.schedule.start, result.schedule.finish, strict=True))
        assert spans == [(0, 4), (4, 6)]


@pytest.mark.parametrize(
    ("capacities", "key"),
    [({"performance": 0}, "capacities.performance"), ({"qa": "three"}, "capacities.qa")],
)
def test_a_bad_capacity_names_the_team(capacities: dict[str, object], key: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        level(returns_plan(), capacities)  # type: ignore[arg-type]
    assert key in str(caught.value)


def test_an_unknown_method_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError) as caught:
        level(returns_plan(), {}, method="cpsat")
    assert "did you mean 'cp-sat'?" in str(caught.value)


def test_cp_sat_gives_the_same_schedule_every_run() -> None:
    """Interleaved search: the same plan gives the same levelled dates, run after run."""
    tasks = [TaskSpec(f"t{i}", duration=1 + (i * 7) % 5, team=("a", "b")[i % 2]) for i in range(24)]
    deps = [Dependency(f"t{i}", f"t{j}") for j in range(24) for i in (j - 3, j - 5) if i >= 0]
    net = Network.build(tasks, deps)
    runs = [level(net, {"a": 1, "b": 2}, method="cp-sat", time_limit=10.0) for _ in range(3)]
    assert all(r.optimal for r in runs)
    assert runs[0].schedule.start == runs[1].schedule.start == runs[2].schedule.start


@pytest.mark.parametrize(
    ("options", "key"),
    [({"time_limit": 0}, "time_limit"), ({"workers": 0}, "workers"), ({"workers": 1.5}, "workers")],
)
def test_bad_solver_options_are_named(options: dict[str, object], key: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        level(returns_plan(), {"performance": 1}, method="cp-sat", **options)  # type: ignore[arg-type]
    assert key in str(caught.value)


def test_framework_tasks_over_capacity_are_noted_and_the_day_is_full() -> None:
    """Two fixed one-day meetings for a one-person team on day 0: a 1-day task waits to day 1."""
    tasks = [
        TaskSpec("meeting-1", duration=1, team="leadership", fixed_start=0, framework=True),
        TaskSpec("meeting-2", duration=1, team="leadership", fixed_start=0, framework=True),
        TaskSpec("briefing", duration=1, team="leadership"),
    ]
    net = Network.build(tasks, [])
    for method in ("sgs", "cp-sat"):
        result = level(net, {"leadership": 1}, method=method)
        assert result.schedule.start[net.position["briefing"]] == 1
        assert result.notes == (
            "framework tasks alone need more than 1 of team 'leadership' on 1 working day(s); "
            "levelling cannot change them",
        )
    assert level(net, {"leadership": 1}, method="cp-sat").optimal


def test_a_time_limit_too_short_to_prove_anything_keeps_a_valid_answer() -> None:
    tasks = [
        TaskSpec(f"t{i}", duration=1 + (i * 7) % 9, team=("a", "b", "c")[i % 3]) for i in range(150)
    ]
    deps = [Dependency(f"t{i}", f"t{j}") for j in range(150) for i in (j - 2, j - 7) if i >= 0]
    net = Network.build(tasks, deps)
    capacities = {"a": 1, "b": 2, "c": 3}
    heuristic = level(net, capacities)
    rushed = level(net, capacities, method="cp-sat", time_limit=0.001)
    check_levelled(net, rushed, capacities)
    assert rushed.objective <= heuristic.objective
    assert rushed.method == "cp-sat"
    if not rushed.optimal:
        assert rushed.status in {"FEASIBLE", "UNKNOWN"}
        assert (rushed.gap is not None and rushed.gap > 0) or rushed.notes
