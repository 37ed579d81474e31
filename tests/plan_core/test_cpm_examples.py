"""Critical path method: worked examples checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from inspection_sim.errors import DependencyCycleError, ScheduleError
from inspection_sim.plan.cpm import ConstraintKind, cpm
from inspection_sim.plan.network import Dependency, Link, Network, TaskSpec


def build(tasks: list[TaskSpec], deps: list[Dependency], **calendars: list[bool]) -> Network:
    return Network.build(tasks, deps, team_calendars={k: np.array(v) for k, v in calendars.items()})


def dates(net: Network) -> dict[str, tuple[int, int, int]]:
    """task -> (earliest start, earliest finish, total slack)."""
    s = cpm(net)
    return {t: (s.start[i], s.finish[i], s.slack[i]) for i, t in enumerate(net.order)}


def test_a_cycle_is_an_error_that_names_it() -> None:
    tasks = [TaskSpec(t, duration=1) for t in ("annex-a", "audit-list", "case-files", "base-room")]
    deps = [
        Dependency("annex-a", "audit-list"),
        Dependency("audit-list", "case-files"),
        Dependency("case-files", "annex-a"),
        Dependency("annex-a", "base-room"),
    ]
    with pytest.raises(DependencyCycleError) as caught:
        Network.build(tasks, deps)
    message = str(caught.value)
    assert "cycle" in message
    for name in ("annex-a", "audit-list", "case-files"):
        assert name in message
    assert "base-room" not in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("link", "lag", "expected"),
    [
        (Link.FS, 0, (5, 8)),  # b starts when a finishes (a occupies days 0-4)
        (Link.FS, -2, (3, 6)),  # a lead of two days: b starts on a's fourth day
        (Link.SS, 1, (1, 4)),  # b starts the day after a starts
        (Link.FF, 0, (2, 5)),  # b finishes with a: 3 days ending on day 4
        (Link.FF, -1, (1, 4)),  # b finishes a day before a
        (Link.SF, 4, (1, 4)),  # b finishes no earlier than 4 days after a starts
        (Link.SF, -4, (0, 3)),  # would allow an earlier start: the project start wins
    ],
)
def test_each_link_type_with_its_lag(link: Link, lag: int, expected: tuple[int, int]) -> None:
    net = build(
        [TaskSpec("a", duration=5), TaskSpec("b", duration=3)], [Dependency("a", "b", link, lag)]
    )
    assert dates(net)["b"][:2] == expected


def test_worked_example_with_slack_and_critical_path() -> None:
    """notification (milestone) -> annex-a (1 day) and case-list (3 days) -> fieldwork (5 days,
    starting 5 days after notification); case-list feeds case-files (2 days) which must finish
    before fieldwork."""
    tasks = [
        TaskSpec("notification"),
        TaskSpec("annex-a", duration=1),
        TaskSpec("case-list", duration=3),
        TaskSpec("case-files", duration=2),
        TaskSpec("fieldwork", duration=5),
    ]
    deps = [
        Dependency("notification", "annex-a"),
        Dependency("notification", "case-list"),
        Dependency("case-list", "case-files"),
        Dependency("annex-a", "fieldwork"),
        Dependency("case-files", "fieldwork"),
        Dependency("notification", "fieldwork", Link.SS, 5),
    ]
    net = build(tasks, deps)
    got = dates(net)
    assert got["notification"] == (0, 0, 0)
    assert got["annex-a"] == (0, 1, 4)
    assert got["case-list"] == (0, 3, 0)
    assert got["case-files"] == (3, 5, 0)
    assert got["fieldwork"] == (5, 10, 0)
    assert cpm(net).critical_path() == ["notification", "case-list", "case-files", "fieldwork"]


def test_a_team_on_leave_moves_its_tasks_and_their_successors() -> None:
    """The performance team is away on days 2-4; a 3-day return starting day 1 works days 1, 5
    and 6, and the review that follows moves with it."""
    tasks = [
        TaskSpec("call", duration=1),
        TaskSpec("return", duration=3, team="performance"),
        TaskSpec("review", duration=1, team="leaders"),
    ]
    deps = [Dependency("call", "return"), Dependency("return", "review")]
    away = [True, True, False, False, False] + [True] * 10
    net = build(tasks, deps, performance=away)
    got = dates(net)
    assert got["return"] == (1, 7, 0)
    assert got["review"] == (7, 8, 0)
    assert dates(build(tasks, deps))["review"] == (4, 5, 0)


def test_a_team_on_leave_on_the_start_day_starts_after_its_leave() -> None:
    tasks = [TaskSpec("prepare", duration=2, team="social-work"), TaskSpec("other", duration=9)]
    net = build(tasks, [], **{"social-work": [False, False, True, True]})
    got = dates(net)
    assert got["prepare"] == (2, 4, 5)


def test_a_missed_deadline_is_reported_with_the_task_and_days_not_clamped() -> None:
    """Annex A takes 4 days after a 2-day data extract; it is due by the end of day 4 (finish 5)."""
    tasks = [
        TaskSpec("extract", duration=2),
        TaskSpec("annex-a", duration=4, finish_no_later_than=5),
        TaskSpec("letter", duration=1),
    ]
    net = build(tasks, [Dependency("extract", "annex-a")])
    schedule = cpm(net)
    assert not schedule.feasible
    (problem,) = schedule.infeasible
    assert problem.task == "annex-a"
    assert problem.constraint is ConstraintKind.FINISH_NO_LATER_THAN
    assert problem.working_days == 1
    assert "annex-a" in str(problem)
    assert "1 working day" in str(problem)
    got = dates(net)
    assert got["annex-a"] == (2, 6, -1)  # the earliest dates stand: nothing is clamped
    assert got["extract"] == (0, 2, -1)
    assert schedule.critical_path() == ["extract", "annex-a"]
    assert schedule.min_slack == -1


def test_a_fixed_start_never_moves_and_reports_a_conflict() -> None:
    tasks = [TaskSpec("prepare", duration=6), TaskSpec("fieldwork", duration=5, fixed_start=4)]
    net = build(tasks, [Dependency("prepare", "fieldwork")])
    schedule = cpm(net)
    got = dates(net)
    assert got["fieldwork"] == (4, 9, -2)
    assert got["prepare"] == (0, 6, -2)
    (problem,) = schedule.infeasible
    assert (problem.task, problem.constraint, problem.working_days, problem.cause) == (
        "fieldwork",
        ConstraintKind.FIXED_START,
        2,
        "prepare",
    )
    assert "pushed by 'prepare'" in str(problem)


def test_fixed_starts_can_be_given_per_call() -> None:
    """Levelling pins framework tasks this way; the network's own fixed starts are replaced."""
    tasks = [TaskSpec("prepare", duration=6), TaskSpec("fieldwork", duration=5, fixed_start=4)]
    net = build(tasks, [Dependency("prepare", "fieldwork")])
    pins: list[int | None] = [None, None]
    pins[net.position["fieldwork"]] = 8
    schedule = cpm(net, fixed=pins)
    assert schedule.start[net.position["fieldwork"]] == 8
    assert schedule.feasible
    assert cpm(net, fixed=[None, None]).start[net.position["fieldwork"]] == 6


def test_start_no_earlier_than_and_release_delay_a_task() -> None:
    tasks = [TaskSpec("a", duration=2, start_no_earlier_than=3), TaskSpec("b", duration=1)]
    net = build(tasks, [Dependency("a", "b")])
    assert dates(net)["b"] == (5, 6, 0)
    position = net.position
    release = [0, 0]
    release[position["a"]] = 7
    assert cpm(net, release=release).start[position["b"]] == 9


def test_an_imposed_project_finish_before_the_earliest_finish_is_reported() -> None:
    net = build([TaskSpec("a", duration=4)], [])
    schedule = cpm(net, finish=3)
    assert [(p.task, p.constraint, p.working_days) for p in schedule.infeasible] == [
        ("a", ConstraintKind.PROJECT_FINISH, 1)
    ]
    assert schedule.slack == (-1,)


def test_an_empty_network_schedules_to_nothing() -> None:
    schedule = cpm(build([], []), start=3)
    assert schedule.start == ()
    assert schedule.project_finish == 3
    assert schedule.critical_path() == []


@pytest.mark.parametrize("argument", ["release", "fixed"])
def test_per_task_arguments_need_one_entry_per_task(argument: str) -> None:
    net = build([TaskSpec("a", duration=1), TaskSpec("b", duration=1)], [])
    with pytest.raises(ScheduleError) as caught:
        cpm(net, **{argument: [0]})  # type: ignore[arg-type]
    assert argument in str(caught.value)
    assert "one entry per task (2)" in str(caught.value)


def test_finish_to_finish_with_a_team_away_starts_before_the_absence() -> None:
    """B (2 days, a team away on day 3) must finish with A (days 0-4): it works days 2 and 4."""
    tasks = [TaskSpec("a", duration=5), TaskSpec("b", duration=2, team="t")]
    deps = [Dependency("a", "b", Link.FF, 0)]
    away = [True, True, True, False] + [True] * 10
    assert dates(build(tasks, deps, t=away))["b"] == (2, 5, 0)
    assert dates(build(tasks, deps))["b"] == (3, 5, 0)


def test_start_to_finish_with_a_negative_lag_and_a_part_time_team() -> None:
    """B must finish no earlier than 2 days before A starts (day 6), so at least at 4. The team
    works days 0, 2, 4, 5, 7, 9: its last day must be day 3 or later and day 3 is off, so B works
    days 2 and 4. Latest: finishing by A's finish (7) means days 4 and 5, so 2 days of slack."""
    tasks = [
        TaskSpec("a", duration=1, start_no_earlier_than=6),
        TaskSpec("b", duration=2, team="t"),
    ]
    deps = [Dependency("a", "b", Link.SF, -2)]
    pattern = [True, False, True, False, True, True, False, True, False, True] * 2
    assert dates(build(tasks, deps, t=pattern))["b"] == (2, 5, 2)
