"""Statistical checks with fixed seeds: distributions, capacity effects, monotonicity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sim_models import CALENDAR

from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
from inspection_sim.simulation import simulate


def single(spec: DurationSpec) -> Network:
    return Network.build(
        [TaskSpec("start", duration=0), TaskSpec("x", duration=4, uncertainty=spec)],
        [Dependency("start", "x")],
    )


def test_triangular_2_4_9_finishes_with_the_right_mean() -> None:
    """Mean of triangular(a, m, b) is (a + m + b) / 3 = 5; sd sqrt(39 / 18) = 1.47."""
    result = simulate(
        single(DurationSpec("triangular", (2, 4, 9))), runs=20_000, seed=7, calendar=CALENDAR
    )
    work = result.finish[1] - result.start[1]
    standard_error = math.sqrt(39 / 18) / math.sqrt(work.size)
    assert abs(work.mean() - 5.0) < 4 * standard_error
    assert work.min() >= 2
    assert work.max() <= 9
    assert abs(np.median(work) - (9 - math.sqrt(0.5 * 7 * 5))) < 0.05  # median right of the mode


def test_pert_and_lognormal_moments() -> None:
    pert = simulate(single(DurationSpec("pert", (2, 4, 9))), runs=20_000, seed=3)
    work = pert.finish[1] - pert.start[1]
    assert abs(work.mean() - (2 + 4 * 4 + 9) / 6) < 0.03  # PERT mean (a + 4m + b) / 6 = 4.5
    logn = simulate(single(DurationSpec("lognormal", (4, 0.25))), runs=20_000, seed=3)
    work = logn.finish[1] - logn.start[1]
    assert abs(np.median(work) - 4.0) < 0.03
    assert abs(np.log(work).std() - 0.25) < 0.01


def returns_plan(teams: int = 2) -> Network:
    """Eight returns for the performance team, each due 6 days after the call; QA reviews."""
    tasks = [TaskSpec("call", duration=0, fixed_start=100)]
    deps = []
    for k in range(8):
        tasks.append(
            TaskSpec(
                f"return{k}",
                duration=2,
                team="performance",
                finish_no_later_than=106,
                uncertainty=DurationSpec("triangular", (1, 2, 4)),
            )
        )
        deps.append(Dependency("call", f"return{k}"))
    for k in range(teams):
        tasks.append(TaskSpec(f"qa{k}", duration=1, team="qa"))
        deps.append(Dependency("call", f"qa{k}"))
    return Network.build(tasks, deps)


def test_halving_a_teams_capacity_moves_its_tasks_and_only_them() -> None:
    net = returns_plan()
    full = simulate(net, runs=400, seed=11, capacities={"performance": 4})
    half = simulate(net, runs=400, seed=11, capacities={"performance": 2})
    position = net.position
    returns = [position[f"return{k}"] for k in range(8)]
    others = [position["call"], position["qa0"], position["qa1"]]
    assert (half.finish[returns] >= full.finish[returns]).all()
    assert half.finish[returns].mean() > full.finish[returns].mean() + 1.5
    assert np.array_equal(half.finish[others], full.finish[others])
    assert half.p_met()["return7"] < full.p_met()["return7"]


def test_p_deadline_met_is_monotone_in_capacity() -> None:
    net = returns_plan()
    p_all = []
    for capacity in range(1, 9):
        result = simulate(net, runs=300, seed=5, capacities={"performance": capacity})
        p_all.append(float(result.met.all(axis=0).mean()))
    assert p_all == sorted(p_all)
    assert p_all[0] == 0.0
    assert p_all[-1] == 1.0


@pytest.mark.parametrize("engine", ["heap", "simpy"])
def test_team_utilisation_with_capacity(engine: str) -> None:
    """One person, two back-to-back 2-day tasks: busy 4 of 4 days of the span."""
    net = Network.build(
        [TaskSpec("a", duration=2, team="t"), TaskSpec("b", duration=2, team="t")], []
    )
    result = simulate(net, runs=2, seed=0, capacities={"t": 1}, engine=engine)
    assert result.start[:, 0].tolist() == [0, 2]
    assert result.utilisation[0].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("engine", ["heap", "simpy"])
def test_team_utilisation_is_over_the_team_s_own_busy_period(engine: str) -> None:
    """A team busy for its first two days is fully busy then, however late another team's work
    ends: one person, a 2-day task, then another team's 1-day task after 10 more days."""
    net = Network.build(
        [
            TaskSpec("a", duration=2, team="t"),
            TaskSpec("wait", duration=10),
            TaskSpec("b", duration=1, team="u"),
        ],
        [Dependency("a", "wait"), Dependency("wait", "b")],
    )
    result = simulate(net, runs=2, seed=0, capacities={"t": 1, "u": 2}, engine=engine)
    teams = list(result.model.network.teams)
    assert result.utilisation[teams.index("t")].tolist() == [1.0, 1.0]
    assert result.utilisation[teams.index("u")].tolist() == [0.5, 0.5]
