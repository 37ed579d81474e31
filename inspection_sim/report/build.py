"""A scenario's report: plan it, optionally simulate it, and gather what the page shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import ScenarioError, SimulationError
from inspection_sim.report.html import ReportInputs

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario

__all__ = ["scenario_report"]


def scenario_report(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    stamp: datetime | None = None,
    plots: bool = True,
    sweep_runs: int = 0,
    workers: int | None = None,
    progress: bool = False,
) -> tuple[Timeline, ReportInputs]:
    """The timeline and report inputs for ``scenario``.

    Args:
        scenario: the council's scenario.
        runs: simulation replications for the deadline probabilities (default: the scenario's
            ``[simulation] runs``); 0 leaves the simulation out.
        seed: the simulation seed (default: the scenario's).
        stamp: the time printed in the footer (default: none, so the page is repeatable).
        plots: embed the Gantt chart (needs matplotlib).
        sweep_runs: replications per notification date of a sweep over the scenario's
            ``[inspection.window]``, drawn as a risk heat map; 0 (the default) leaves it out.
        workers: processes for the sweep (default: one per CPU).
        progress: progress bars on stderr for a long simulation or sweep.

    Raises:
        ScenarioError: ``sweep_runs`` is asked for but the scenario has no window.
    """
    timeline = scenario.plan()
    runs = scenario.simulation.runs if runs is None else runs
    deadlines: list[tuple[str, float]] = []
    notes: list[str] = []
    result = None
    if runs > 0:
        seed = scenario.simulation.seed if seed is None else seed
        result = scenario.simulate(runs=runs, seed=seed, progress=progress)
        names = {task.id: task.name or task.id for task in timeline.tasks}
        deadlines = [(names.get(key, key), p) for key, p in result.p_met().items()]
        notes.append(f"Simulation: {runs} replications, seed {seed}.")
    sweep = None
    if sweep_runs > 0:
        sweep = _sweep(scenario, sweep_runs, seed, workers, progress)
        notes.append(
            f"Sweep: {len(sweep.dates)} notification dates the rules give from {sweep.dates[0]} "
            f"to {sweep.dates[-1]}, {sweep_runs} replications each."
        )
        if sweep.left_out:
            periods = dict.fromkeys(
                reason.split(" (")[0] for _, reasons in sweep.left_out for reason in reasons
            )
            notes.append(
                f"Left out: {len(sweep.left_out)} calls the rules would not give "
                f"({', '.join(periods)}); the heat map shows their weeks grey."
            )
    inputs = ReportInputs(
        scenario=scenario,
        deadlines=deadlines,
        sweep=sweep if sweep is not None else (),
        plots=plots,
        stamp=stamp,
        notes=tuple(notes),
        simulation=result,
    )
    return timeline, inputs


def _sweep(
    scenario: Scenario, runs: int, seed: int | None, workers: int | None, progress: bool
) -> Any:
    if scenario.inspection.window is None:
        raise ScenarioError(
            "a sweep needs the scenario's notification window",
            source=scenario.source,
            key="inspection.window",
        )
    seed = scenario.simulation.seed if seed is None else seed
    try:
        return scenario.sweep(runs=runs, seed=seed, workers=workers, progress=progress)
    except SimulationError as error:  # the sweep's runs are this function's sweep_runs
        problems = [replace(p, key="sweep_runs") if p.key == "runs" else p for p in error.problems]
        raise SimulationError(problems=problems) from None
