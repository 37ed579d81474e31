"""Bad input to the simulation: clear errors naming the key, the value and the valid choices."""

from __future__ import annotations

from datetime import date

import pytest
from sim_models import ANCHOR, CALENDAR, random_network

from inspection_sim.errors import InspectionSimError, SimulationError
from inspection_sim.plan.network import DurationSpec
from inspection_sim.simulation import (
    Deferral,
    InformationRequests,
    LateData,
    SimModel,
    StaffAbsence,
    Uncertainty,
    simulate,
    sweep,
)

NET = random_network(12, 1)


@pytest.mark.parametrize("runs", [0, -5, 2.5, True, "100"])
def test_runs_must_be_a_positive_whole_number(runs: object) -> None:
    with pytest.raises(SimulationError, match="runs must be a whole number") as info:
        simulate(NET, runs=runs, seed=1)  # type: ignore[arg-type]
    assert "runs" in str(info.value)


@pytest.mark.parametrize("seed", [-1, 1.5, "seven"])
def test_seed_must_be_a_non_negative_whole_number(seed: object) -> None:
    with pytest.raises(SimulationError, match="seed"):
        simulate(NET, runs=5, seed=seed)  # type: ignore[arg-type]


def test_unknown_engine_lists_engines_and_suggests_the_closest() -> None:
    with pytest.raises(SimulationError) as info:
        simulate(NET, runs=5, seed=1, engine="simpi")
    text = str(info.value)
    assert "engine" in text
    assert "'simpi'" in text
    assert "auto, numpy, heap, simpy" in text
    assert "did you mean 'simpy'?" in text


def test_numpy_engine_refuses_team_capacities() -> None:
    with pytest.raises(SimulationError, match="numpy engine cannot run a model with team"):
        simulate(NET, runs=5, seed=1, engine="numpy", capacities={"team0": 1})


def test_capacity_for_an_unknown_team_names_the_teams() -> None:
    with pytest.raises(SimulationError) as info:
        simulate(NET, runs=5, seed=1, capacities={"tema0": 2})
    text = str(info.value)
    assert "capacities.tema0" in text
    assert "team0, team1, team2" in text
    assert "did you mean 'team0'?" in text


def test_a_name_for_an_unknown_team_names_the_teams() -> None:
    with pytest.raises(SimulationError) as info:
        SimModel.build(NET, CALENDAR, team_names={"tema0": "Data team"})
    text = str(info.value)
    assert "team_names.tema0" in text
    assert "did you mean 'team0'?" in text


@pytest.mark.parametrize("value", ["", "  ", 3, None])
def test_a_team_name_must_be_words(value: object) -> None:
    with pytest.raises(SimulationError, match="a team's name must be words") as info:
        SimModel.build(NET, CALENDAR, team_names={"team0": value})  # type: ignore[dict-item]
    assert "team_names.team0" in str(info.value)


def test_a_team_without_a_given_name_reads_as_the_words_of_its_id() -> None:
    model = SimModel.build(NET, CALENDAR, team_names={"team0": "Data team"})
    assert model.team_name("team0") == "Data team"
    assert model.team_name("team1") == "Team1"
    assert model.team_name(None) == ""


@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_capacity_must_be_at_least_one_whole_person(value: object) -> None:
    with pytest.raises(SimulationError, match="at least 1"):
        simulate(NET, runs=5, seed=1, capacities={"team0": value})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (DurationSpec("triangle", (1, 2, 3)), "did you mean 'triangular'?"),
        (DurationSpec("triangular", (1, 2)), "takes 3 parameter"),
        (DurationSpec("triangular", (3, 2, 4)), "low <= mode <= high"),
        (DurationSpec("pert", (1, 5, 4)), "low <= mode <= high"),
        (DurationSpec("fixed", (-1,)), "non-negative"),
        (DurationSpec("lognormal", (0, 0.3)), "median must be positive"),
        (DurationSpec("lognormal", (float("nan"), 0.3)), "finite"),
    ],
)
def test_bad_duration_distributions(spec: DurationSpec, message: str) -> None:
    with pytest.raises(SimulationError, match=message) as info:
        simulate(NET, runs=5, seed=1, durations={"t3": spec})
    assert "tasks.t3.uncertainty" in str(info.value)


def test_duration_for_an_unknown_task() -> None:
    with pytest.raises(SimulationError, match=r"durations\.t99") as info:
        simulate(NET, runs=5, seed=1, durations={"t99": DurationSpec("fixed", (1,))})
    assert "did you mean" in str(info.value)


def test_event_rates_and_probabilities_are_checked() -> None:
    spec = DurationSpec("fixed", (1.0,))
    with pytest.raises(SimulationError, match="between 0 and 1"):
        LateData("t1", 1.5, spec)
    with pytest.raises(SimulationError, match="non-negative"):
        StaffAbsence("team0", -0.1, spec, (0, 10))
    with pytest.raises(SimulationError, match="start <= end"):
        InformationRequests("team0", 0.5, spec, (10, 5))
    with pytest.raises(SimulationError, match="working_days must be >= 0"):
        Deferral(0.5, -3)


def test_events_must_name_known_tasks_and_teams() -> None:
    spec = DurationSpec("fixed", (1.0,))
    with pytest.raises(SimulationError, match="late data names an unknown task"):
        SimModel.build(NET, CALENDAR, uncertainty=Uncertainty(late_data=[LateData("x", 0.5, spec)]))
    with pytest.raises(SimulationError, match="valid: team0, team1, team2"):
        SimModel.build(
            NET, CALENDAR, uncertainty=Uncertainty(absences=[StaffAbsence("hr", 0.1, spec, (0, 1))])
        )


def test_a_source_of_another_type_is_refused() -> None:
    with pytest.raises(SimulationError, match="cannot simulate this object") as info:
        simulate("ilacs:short", runs=5, seed=1)
    assert "'str'" in str(info.value)


def test_an_empty_window_is_refused() -> None:
    with pytest.raises(SimulationError, match="no candidate dates"):
        simulate(NET, runs=5, seed=1, window=[], start=ANCHOR)
    with pytest.raises(SimulationError, match="no candidate notification dates"):
        sweep(NET, dates=[], runs=5, seed=1, workers=1)
    with pytest.raises(SimulationError, match="first and last"):
        sweep(NET, first=date(2027, 1, 4), runs=5, seed=1, workers=1)


def test_errors_are_inspection_sim_errors_and_value_errors() -> None:
    with pytest.raises(InspectionSimError):
        simulate(NET, runs=0)
    with pytest.raises(ValueError, match="runs"):
        simulate(NET, runs=0)
