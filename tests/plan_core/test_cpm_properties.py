"""Critical path method: properties on random DAGs with every link type, lags and calendars."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_core_support import RandomPlan, link_holds, nx_cpm, random_plans

from inspection_sim.plan.cpm import ConstraintKind, Schedule, cpm
from inspection_sim.plan.network import Link, Network
from inspection_sim.plan.worktime import TeamTime

starts = st.integers(-5, 10)


def check_dependencies(
    net: Network, s: list[int], f: list[int], skip: set[int] = frozenset()
) -> None:
    for dep in net.dependencies:
        p, q = net.position[dep.predecessor], net.position[dep.successor]
        if q in skip:
            continue
        assert link_holds(Link(dep.link), dep.lag, s[p], f[p], s[q], f[q]), dep


def team_of(net: Network, i: int) -> TeamTime | None:
    team = net.tasks[i].team
    mask = net.team_calendars.get(team) if team is not None else None
    return None if mask is None else TeamTime(mask)


@given(random_plans(), starts)
def test_matches_a_networkx_topological_sort_implementation(plan: RandomPlan, start: int) -> None:
    net = plan.network()
    schedule = cpm(net, start=start)
    es, ef, ls, lf = nx_cpm(plan.tasks, plan.dependencies, start)
    for i, task_id in enumerate(net.order):
        assert (schedule.start[i], schedule.finish[i]) == (es[task_id], ef[task_id])
        assert (schedule.latest_start[i], schedule.latest_finish[i]) == (ls[task_id], lf[task_id])


@given(random_plans(calendars=True, teams=2), starts)
def test_earliest_and_latest_dates_respect_every_dependency(plan: RandomPlan, start: int) -> None:
    net = plan.network()
    schedule = cpm(net, start=start)
    assert schedule.feasible
    check_dependencies(net, list(schedule.start), list(schedule.finish))
    check_dependencies(net, list(schedule.latest_start), list(schedule.latest_finish))
    assert min(schedule.start) >= start
    assert max(schedule.latest_finish) <= schedule.project_finish == max(schedule.finish)
    assert min(schedule.slack) == 0
    for i in range(len(net)):
        team = team_of(net, i)
        if team is not None and net.tasks[i].duration:
            # tasks of a team with a calendar start on the team's working days
            assert team.start(schedule.start[i]) == schedule.start[i]
            assert team.finish(schedule.start[i], net.tasks[i].duration) == schedule.finish[i]


@given(random_plans(calendars=True, teams=2), starts)
def test_slack_is_zero_exactly_on_the_critical_tasks(plan: RandomPlan, start: int) -> None:
    schedule = cpm(plan.network(), start=start)
    on_path = set(schedule.critical_path())
    for i, task_id in enumerate(schedule.network.order):
        assert (schedule.slack[i] == 0) == (task_id in on_path)
        assert schedule.slack[i] >= 0


def driving(schedule: Schedule, dep_index: int) -> bool:
    """True when a dependency holds with equality: it alone sets its successor's dates."""
    net = schedule.network
    dep = net.dependencies[dep_index]
    p, q = net.position[dep.predecessor], net.position[dep.successor]
    s, f = schedule.start, schedule.finish
    value = {
        Link.FS: (s[q], f[p]),
        Link.SS: (s[q], s[p]),
        Link.FF: (f[q], f[p]),
        Link.SF: (f[q], s[p]),
    }[Link(dep.link)]
    return value[0] == value[1] + dep.lag


@given(random_plans(), starts)
def test_critical_tasks_form_chains_back_to_the_project_start(plan: RandomPlan, start: int) -> None:
    """Every critical task starts at the project start or is driven by a critical predecessor."""
    schedule = cpm(plan.network(), start=start)
    net = schedule.network
    for i, task_id in enumerate(net.order):
        if not schedule.critical[i] or schedule.start[i] == start:
            continue
        drivers = [
            k
            for k, dep in enumerate(net.dependencies)
            if dep.successor == task_id
            and driving(schedule, k)
            and schedule.critical[net.position[dep.predecessor]]
        ]
        assert drivers, task_id


@given(random_plans(), starts)
def test_forward_then_backward_planning_round_trips(plan: RandomPlan, start: int) -> None:
    """Planned backward from the forward finish, the project starts where it started."""
    net = plan.network()
    forward = cpm(net, start=start)
    backward = cpm(net, start=start, finish=forward.project_finish)
    assert min(backward.latest_start) == start
    assert cpm(net, start=min(backward.latest_start)).project_finish == forward.project_finish


@given(random_plans(calendars=True, teams=2), starts)
def test_backward_planning_with_team_calendars_finds_the_latest_project_start(
    plan: RandomPlan, start: int
) -> None:
    """With calendars the latest project start can be later than ``start`` (a team away at the
    start), and planning forward from it reaches the same finish; a day later cannot."""
    net = plan.network()
    forward = cpm(net, start=start)
    latest = min(cpm(net, start=start, finish=forward.project_finish).latest_start)
    assert latest >= start
    assert cpm(net, start=latest).project_finish == forward.project_finish
    later = cpm(net, start=latest + 1)
    assert later.project_finish > forward.project_finish


@given(random_plans(), starts, st.integers(1, 5))
def test_a_later_project_finish_adds_the_same_slack_everywhere(
    plan: RandomPlan, start: int, extra: int
) -> None:
    net = plan.network()
    tight = cpm(net, start=start)
    loose = cpm(net, start=start, finish=tight.project_finish + extra)
    assert [a + extra for a in tight.slack] == list(loose.slack)
    assert loose.critical == tight.critical
    assert loose.feasible


@settings(max_examples=200)
@given(random_plans(constraints=True, calendars=True, teams=2), starts)
def test_constraints_are_met_or_reported_never_clamped(plan: RandomPlan, start: int) -> None:
    net = plan.network()
    schedule = cpm(net, start=start)
    reported = {(p.task, p.constraint): p for p in schedule.infeasible}
    fixed_late: set[int] = set()
    for i, task in enumerate(net.tasks):
        if task.fixed_start is not None:
            assert schedule.start[i] == task.fixed_start
            problem = reported.get((task.id, ConstraintKind.FIXED_START))
            if problem is not None:
                fixed_late.add(i)
                assert problem.working_days == problem.required - task.fixed_start > 0
                assert schedule.slack[i] == -problem.working_days
                if problem.cause is not None:
                    assert any(
                        d.predecessor == problem.cause and d.successor == task.id
                        for d in plan.dependencies
                    )
            else:
                assert schedule.slack[i] == 0
        else:
            assert schedule.start[i] >= start
            if task.start_no_earlier_than is not None:
                assert schedule.start[i] >= task.start_no_earlier_than
        if task.finish_no_later_than is not None:
            late = schedule.finish[i] - task.finish_no_later_than
            problem = reported.get((task.id, ConstraintKind.FINISH_NO_LATER_THAN))
            assert (late > 0) == (problem is not None)
            if problem is not None:
                assert problem.working_days == late
                assert schedule.slack[i] < 0
                if plan.calendars == {}:
                    assert schedule.slack[i] <= -late
    check_dependencies(net, list(schedule.start), list(schedule.finish), skip=fixed_late)
    assert (schedule.min_slack < 0) == (not schedule.feasible)


@given(random_plans(constraints=True, teams=1), starts)
def test_a_team_that_always_works_changes_nothing(plan: RandomPlan, start: int) -> None:
    """The calendar-aware passes and the plain integer passes agree when no one is away."""
    plain = cpm(plan.network(), start=start)
    always = RandomPlan(plan.tasks, plan.dependencies, {"team0": np.ones(40, dtype=bool)})
    with_calendar = cpm(always.network(), start=start)
    assert with_calendar.start == plain.start
    assert with_calendar.finish == plain.finish
    assert with_calendar.latest_start == plain.latest_start
    assert with_calendar.latest_finish == plain.latest_finish
    assert with_calendar.slack == plain.slack
    assert with_calendar.infeasible == plain.infeasible
