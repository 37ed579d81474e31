"""Face validity, as properties over random plans and every shipped scenario: what a planner
would expect of any honest simulation of their plan.

Comparisons draw the same random numbers on both sides (same seed, same inputs), so the
tolerance is generous: three standard errors of a difference of two independent proportions,
plus one replication. Adding capacity can still reorder a team's queue and delay a deadline in
a few replications; the tolerance says by how much that may be.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sim_models import ANCHOR, LINKS, random_network

from inspection_sim.plan.network import DurationSpec
from inspection_sim.scenario import Scenario, default_scenario, load_scenario
from inspection_sim.simulation.des import planned_times
from inspection_sim.simulation.windows import window_deadlines
from inspection_sim.workbench import (
    plan_scenario,
    scenario_model,
    simulate,  # a scenario or the engines' own inputs
    simulate_scenario,
)

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.toml"))
ENGINES = ("numpy", "heap", "simpy")
# Derandomised: the same 25 plans on every run, so the suite gives the same answer every time;
# plans found by wider searches are kept by name (KNOWN_ANOMALIES).
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def tolerance(p1: float, p2: float, runs: int) -> float:
    """Sampling error allowed between two probabilities of ``runs`` replications each."""
    return 3 * math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / runs) + 1 / runs


def no_higher(lower: dict[str, float], higher: dict[str, float], runs: int) -> list[str]:
    """The deadlines whose probability in ``lower`` exceeds ``higher`` beyond sampling error."""
    return [k for k in lower if lower[k] - higher[k] > tolerance(lower[k], higher[k], runs) + 1e-12]


def calm(scenario: Scenario, **changes: object) -> Scenario:
    """The scenario with other simulation settings (no spread and no events by default)."""
    settings_ = {"duration": "fixed", "spread": 0.0, "events": (), **changes}
    return scenario.with_changes(simulation=replace(scenario.simulation, **settings_))


def resized(scenario: Scenario, team: str, change: int) -> Scenario:
    teams = tuple(
        replace(t, size=max(1, t.size + change)) if t.id == team else t for t in scenario.teams
    )
    return scenario.with_changes(teams=teams)


# -- no uncertainty: the plan, every feasible deadline met ---------------------------------------


@PROPERTY
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(3, 40),
    calendars=st.booleans(),
    engine=st.sampled_from(ENGINES),
)
def test_without_uncertainty_every_engine_reproduces_the_plan_and_meets_what_it_meets(
    seed: int, n: int, calendars: bool, engine: str
) -> None:
    net = random_network(
        n, seed, links=LINKS, spec=None, deadlines=min(4, n), fixed=1, team_calendars=calendars
    )
    result = simulate(net, runs=3, seed=seed, engine=engine, start=ANCHOR)
    start, finish = planned_times(result.model)
    assert (result.start == start[:, None]).all()
    assert (result.finish == finish[:, None]).all()
    limits = net.finish_no_later_than
    for k, i in enumerate(result.deadline_tasks):
        feasible = finish[i] <= limits[i]
        assert result.p_met()[result.deadline_names[k]] == (1.0 if feasible else 0.0)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_without_uncertainty_every_shipped_scenario_is_its_plan(path: Path) -> None:
    scenario = calm(load_scenario(path))
    timeline = plan_scenario(scenario)
    missed = {risk.task for risk in timeline.risks}
    starts = [t.start_index for t in timeline.tasks]
    for engine in ENGINES:
        result = simulate(scenario, runs=2, seed=1, engine=engine, capacities={})
        assert result.start[:, 0].tolist() == starts, engine
        p = result.p_met()
        assert all(p[d] == (0.0 if d in missed else 1.0) for d in p), engine


# -- more people never hurts, fewer never helps ----------------------------------------------


def chances_lowered_by_one_more_person(seed: int, team: str) -> list[str]:
    """The deadlines of a random 25-task plan (teams of one) whose chance falls beyond sampling
    error when ``team`` gets a second person."""
    net = random_network(25, seed, links=LINKS, deadlines=6)
    caps = {"team0": 1, "team1": 1, "team2": 1}
    runs = 200
    before = simulate(net, runs=runs, seed=seed, start=ANCHOR, capacities=caps)
    after = simulate(net, runs=runs, seed=seed, start=ANCHOR, capacities={**caps, team: 2})
    return no_higher(before.p_met(), after.p_met(), runs)


@PROPERTY
@given(seed=st.integers(0, 10**6), team=st.sampled_from(["team0", "team1", "team2"]))
def test_more_capacity_never_lowers_a_chance_beyond_sampling_error(seed: int, team: str) -> None:
    assert chances_lowered_by_one_more_person(seed, team) == []


#: Random plans (seed, team given one more person) where one more person lowered a deadline's
#: chance well beyond sampling error while teams took waiting work first come, first served:
#: work released earlier by the larger team queued ahead of a deadline's chain in a team of one
#: (Graham's list-scheduling anomaly), found by searching 3,000 random plans. Teams now take
#: waiting work in the plan's order (``Lists.rank``); these stay as named examples.
KNOWN_ANOMALIES = [
    (8352, "team1"),
    (252296, "team0"),
    (570311, "team2"),
    (926004, "team2"),
    (992865, "team0"),
]


@pytest.mark.parametrize(("seed", "team"), KNOWN_ANOMALIES)
def test_more_capacity_in_the_plans_first_come_first_served_failed(seed: int, team: str) -> None:
    assert chances_lowered_by_one_more_person(seed, team) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_one_more_person_in_any_team_of_a_shipped_scenario_never_hurts(path: Path) -> None:
    scenario = load_scenario(path)
    runs = 300
    base = simulate(scenario, runs=runs, seed=5).p_met()
    for team in scenario.teams:
        more = simulate(resized(scenario, team.id, +1), runs=runs, seed=5).p_met()
        assert no_higher(base, more, runs) == [], team.id


def _performance_of_three_or_more(path: Path) -> bool:
    team = load_scenario(path).team("performance")
    return team is not None and team.size >= 3


@pytest.mark.parametrize(
    "path", [p for p in SCENARIOS if _performance_of_three_or_more(p)], ids=lambda p: p.stem
)
@pytest.mark.parametrize("seed", [7, 8, 9])
def test_two_fewer_in_the_performance_team_never_helps_its_deadlines(path: Path, seed: int) -> None:
    scenario = load_scenario(path)
    runs = 400
    base = simulate(scenario, runs=runs, seed=seed)
    fewer = simulate(resized(scenario, "performance", -2), runs=runs, seed=seed)
    tasks = base.model.network.tasks
    theirs = {tasks[i].id for i in base.deadline_tasks if tasks[i].team == "performance"}
    if base.has_requests:  # the requests go to the team that owns the returns: performance
        theirs.add("information-requests")
    assert theirs
    p, q = base.p_met(), fewer.p_met()
    assert no_higher({k: q[k] for k in theirs}, {k: p[k] for k in theirs}, runs) == []


def test_the_shipped_what_if_loses_chance_where_the_team_works() -> None:
    base = Path(__file__).parents[2] / "scenarios" / "good-council-ilacs-short.toml"
    what_if = base.with_name("what-if-performance-two-down.toml")
    p = simulate_scenario(load_scenario(base), runs=2000, seed=7).p_met()
    q = simulate_scenario(load_scenario(what_if), runs=2000, seed=7).p_met()
    # two people left cannot always cover the fieldwork: the evidence log feels it
    assert q["evidence-log"] < p["evidence-log"] - 0.02
    assert no_higher(q, p, 2000) == []


# -- wider spread never helps -------------------------------------------------------------------


@PROPERTY
@given(
    low=st.floats(0.0, 1.0),
    extra=st.floats(0.05, 1.0),
    kind=st.sampled_from(["triangular", "pert", "lognormal"]),
    seed=st.integers(0, 1000),
)
def test_a_wider_spread_never_raises_the_chance_of_every_deadline(
    low: float, extra: float, kind: str, seed: int
) -> None:
    runs = 300
    scenario = default_scenario()
    events = scenario.simulation.events
    narrow = calm(scenario, duration=kind, spread=low, events=events)
    wide = calm(scenario, duration=kind, spread=low + extra, events=events)
    p = simulate(narrow, runs=runs, seed=seed).p_all_met()
    q = simulate(wide, runs=runs, seed=seed).p_all_met()
    assert q <= p + tolerance(p, q, runs)


@PROPERTY
@given(seed=st.integers(0, 10**6), low=st.floats(0.0, 0.5), extra=st.floats(0.1, 1.0))
def test_a_wider_triangular_spread_never_raises_a_chance_on_random_plans(
    seed: int, low: float, extra: float
) -> None:
    """Triangular draws of the same uniforms move every duration away from its mode, so
    without queues a wider spread can only turn a met deadline into a missed one."""
    net = random_network(20, seed, links=LINKS, spec=None, deadlines=5)

    def spread(s: float) -> dict[str, DurationSpec]:
        return {
            t.id: DurationSpec(
                "triangular", (t.duration * (1 - 0.5 * s), t.duration, t.duration * (1 + 1.5 * s))
            )
            for t in net.tasks
            if t.duration
        }

    narrow = simulate(net, runs=200, seed=seed, start=ANCHOR, durations=spread(low))
    wide = simulate(net, runs=200, seed=seed, start=ANCHOR, durations=spread(low + extra))
    assert (wide.met <= narrow.met).all()  # replication by replication


# -- window tasks -------------------------------------------------------------------------------


@PROPERTY
@given(
    spread=st.floats(0.0, 3.0),
    absence=st.floats(0.0, 0.3),
    requests=st.floats(0.0, 2.0),
    seed=st.integers(0, 1000),
)
def test_a_window_task_never_misses_through_its_own_duration(
    spread: float, absence: float, requests: float, seed: int
) -> None:
    events = (
        ("extra-information-request", requests),
        ("late-data", 0.3),
        ("staff-absence", absence),
    )
    scenario = calm(default_scenario(), duration="triangular", spread=spread, events=events)
    result = simulate(scenario, runs=100, seed=seed, keep_replications=True)
    model = result.model
    rows = window_deadlines(model)
    assert len(rows) == 2
    assert result.uncovered is not None
    for r, i in enumerate(rows):
        k = result.deadline_names.index(model.network.order[i])
        assert (result.finish[i] - result.start[i] == model.network.tasks[i].duration).all()
        assert np.array_equal(result.late[k], result.uncovered[r])  # only absence can miss it
        if absence == 0:
            assert result.met[k].all()


# -- drivers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_council_task_drives_some_deadline_whenever_one_can_be_missed(path: Path) -> None:
    result = simulate_scenario(load_scenario(path), runs=300, seed=7)
    model = scenario_model(load_scenario(path))
    council = [t.id for t in model.network.tasks if not t.framework and t.team]
    if min(result.p_met().values(), default=1.0) == 1.0:
        pytest.skip("no deadline can be missed")
    assert any(
        result.criticality(deadline)[task] > 0
        for deadline in result.deadline_names
        if result.p_met()[deadline] < 1
        for task in council
    )
