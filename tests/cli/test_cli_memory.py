"""Runs the machine cannot hold are refused up front, with the estimate, at the command line and in
the Python API; and the estimate is an upper bound of what a simulation really takes."""

from __future__ import annotations

import tracemalloc
from datetime import date

import pytest

from inspection_sim.cli import main
from inspection_sim.errors import SimulationError
from inspection_sim.scenario import default_scenario
from inspection_sim.simulation import budget
from inspection_sim.workbench import scenario_model, simulate, sweep

MB = 1_000_000


@pytest.fixture
def small_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with 50 MB to spare."""
    monkeypatch.setattr(budget, "available_bytes", lambda: 50 * MB)


def test_the_estimate_bounds_the_measured_peak() -> None:
    scenario = default_scenario()
    model = scenario_model(scenario)
    simulate(scenario, runs=100, seed=1).summary()  # imports and caches first
    tracemalloc.start()
    try:
        # large enough that the per-replication cost, not the fixed part, decides the peak
        simulate(scenario, runs=12_000, seed=1, keep_replications=True).summary()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimate = budget.estimate_bytes(model, 12_000)
    assert peak <= estimate <= 2 * peak, (peak, estimate)
    assert 20_000 <= budget.bytes_per_run(model) <= 30_000  # about 22 KB, as measured


def test_the_machine_has_some_memory_to_offer() -> None:
    found = budget.available_bytes()
    assert found is None or found > 0


@pytest.mark.usefixtures("small_machine")
def test_simulate_refuses_to_keep_what_does_not_fit() -> None:
    with pytest.raises(SimulationError) as caught:
        simulate(default_scenario(), runs=100_000, seed=1, keep_replications=True)
    text = str(caught.value)
    assert text.startswith("runs: 100,000 replications would need about 2.")
    assert "GB of memory" in text
    assert "but 50.0 MB is available" in text


@pytest.mark.usefixtures("small_machine")
def test_a_sweep_counts_every_process() -> None:
    with pytest.raises(SimulationError, match=r"in each of 2 processes would need about"):
        sweep(
            default_scenario(),
            first=date(2027, 4, 1),
            last=date(2027, 4, 30),
            runs=1500,
            workers=2,
            seed=1,
        )


@pytest.mark.usefixtures("small_machine")
def test_the_command_line_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    # a sweep keeps each date's replications while it sums them up; a plain simulate of this
    # size adds its replications up block by block and needs no more memory as runs grow
    assert main(["sweep", "--from", "2027-04-05", "--to", "2027-04-05", "--runs", "100000",
                 "--workers", "1", "--quiet"]) == 2  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("inspection-sim: error: --runs: 100,000 replications would need")


@pytest.mark.usefixtures("small_machine")
def test_the_report_names_the_sweep_option(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["report", "--out", "unused.html", "--runs", "0", "--sweep-runs", "3000",
                   "--workers", "1", "--quiet"])  # fmt: skip
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("inspection-sim: error: --sweep-runs: 3,000 replications would need")
