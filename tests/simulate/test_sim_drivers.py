"""What drives each deadline: per-deadline criticality, rank correlations and cruciality."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_models import CALENDAR

from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
from inspection_sim.scenario import default_scenario
from inspection_sim.simulation import LateData, Uncertainty
from inspection_sim.simulation.drivers import average_ranks, noise_floor, rank_correlations
from inspection_sim.workbench import simulate  # a scenario or the engines' own inputs

MONDAY = CALENDAR.index_of(date(2027, 3, 1))
WIDE = DurationSpec("triangular", (2.0, 3.0, 9.0))


def fork() -> Network:
    """start -> tight(3) -> due (deadline at day 4); start -> loose(3) -> due, with a 30-day lag
    allowance so that loose never decides anything; side(3) has its own deadline, always met."""
    return Network.build(
        [
            TaskSpec("start", duration=0),
            TaskSpec("tight", duration=3, team="a", uncertainty=WIDE),
            TaskSpec("loose", duration=3, team="b", uncertainty=WIDE),
            TaskSpec("due", duration=0, team="a", finish_no_later_than=MONDAY + 4),
            TaskSpec("side", duration=3, team="b", finish_no_later_than=MONDAY + 30),
        ],
        [
            Dependency("start", "tight"),
            Dependency("start", "loose"),
            Dependency("tight", "due"),
            Dependency("loose", "due", lag=-20),
            Dependency("start", "side"),
        ],
    )


def test_the_task_on_the_deciding_chain_drives_the_deadline_and_the_other_does_not() -> None:
    result = simulate(fork(), runs=2000, seed=4, start=MONDAY)
    crit = result.criticality("due")
    assert crit["tight"] == 1.0
    assert crit["loose"] == 0.0
    drivers = {d["task"]: d for d in result.drivers("due")}
    assert drivers["tight"]["correlation"] > 0.8
    assert drivers["tight"]["cruciality"] == drivers["tight"]["correlation"]
    assert drivers["loose"]["cruciality"] == 0.0  # not on the chain: no weight
    assert abs(drivers["loose"]["correlation"]) < noise_floor(result.runs)
    assert [r["task"] for r in result.riskiest_tasks()] == ["tight"]
    assert result.riskiest_tasks()[0]["team"] == "a"
    assert result.main_drivers("side") == []  # always met: nothing drives a miss
    assert result.p_met()["side"] == 1.0


def test_late_data_is_a_driver_of_its_own() -> None:
    """A one-day return with a day to spare misses only when its data is late."""
    net = Network.build(
        [
            TaskSpec("call", duration=0, fixed_start=MONDAY),
            TaskSpec(
                "annex-a",
                duration=1,
                team="performance",
                finish_no_later_than=MONDAY + 2,
                uncertainty=DurationSpec("triangular", (0.85, 1.0, 1.45)),
            ),
        ],
        [Dependency("call", "annex-a", "SS")],
    )
    events = Uncertainty(late_data=[LateData("annex-a", 0.2, DurationSpec("fixed", (1.5,)))])
    result = simulate(net, runs=1000, seed=2, start=MONDAY, uncertainty=events)
    top = result.main_drivers("annex-a")
    assert top[0]["kind"] == "late-data"
    assert top[0]["input"] == "late data for “annex-a”"  # a task without a name: its id
    assert result.deadline_table()[0]["main_driver"] == "late data for “annex-a”"
    assert result.p_met()["annex-a"] == pytest.approx(0.8, abs=0.04)


def test_an_unknown_deadline_names_the_closest() -> None:
    result = simulate(fork(), runs=50, seed=1, start=MONDAY)
    with pytest.raises(SimulationError, match="did you mean 'due'"):
        result.drivers("dues")
    with pytest.raises(SimulationError, match="did you mean 'side'"):
        result.criticality("sid")


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.integers(-3, 3), min_size=2, max_size=40),
    other=st.lists(st.integers(-3, 3), min_size=40, max_size=40),
)
def test_rank_correlations_are_spearman_with_ties_averaged(
    values: list[int], other: list[int]
) -> None:
    pd = pytest.importorskip("pandas")
    x = np.array(values, dtype=np.float64)
    y = np.array(other[: len(values)], dtype=np.float64)
    assert average_ranks(x).tolist() == pd.Series(x).rank(method="average").tolist()
    got = float(rank_correlations(average_ranks(x)[None, :], y)[0])
    ranks = pd.Series(x).rank(method="average"), pd.Series(y).rank(method="average")
    expected = ranks[0].corr(ranks[1])  # Spearman's: Pearson's on average ranks
    if np.isnan(expected):  # a side that does not vary: no correlation
        assert got == 0.0
    else:
        assert got == pytest.approx(expected, abs=1e-12)


def test_the_default_scenario_names_what_drives_each_deadline_it_can_miss() -> None:
    result = simulate(default_scenario(), runs=1000, seed=7)
    table = {row["deadline"]: row for row in result.deadline_table()}
    assert table["prepare-annex-a"]["main_driver"] == (
        "late data for “Extract, check and send the Annex A child-level data”"
    )
    assert table["onsite-support"]["main_driver"] == "staff absence in Inspection coordination team"
    assert table["information-requests"]["main_driver"] == (
        "extra information requests to Performance and data team"
    )
    assert table["write-action-plan"]["main_driver"] is None  # never missed
    risky = result.riskiest_tasks()
    assert risky  # council tasks drive the deadlines that can be missed
    assert all(r["team"] and r["cruciality"] > noise_floor(1000) for r in risky)
    assert {r["task"] for r in risky} >= {"prepare-annex-a", "prepare-documents"}
    assert not {"onsite-support", "evidence-log"} & {r["task"] for r in risky}
