"""A scenario's report: plan it, optionally simulate it, and gather what the page shows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

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
) -> tuple[Timeline, ReportInputs]:
    """The timeline and report inputs for ``scenario``.

    Args:
        scenario: the council's scenario.
        runs: simulation replications for the deadline probabilities (default: the scenario's
            ``[simulation] runs``); 0 leaves the simulation out.
        seed: the simulation seed (default: the scenario's).
        stamp: the time printed in the footer (default: none, so the page is repeatable).
        plots: embed the Gantt chart (needs matplotlib).
    """
    timeline = scenario.plan()
    runs = scenario.simulation.runs if runs is None else runs
    deadlines: list[tuple[str, float]] = []
    notes: list[str] = []
    if runs > 0:
        seed = scenario.simulation.seed if seed is None else seed
        result = scenario.simulate(runs=runs, seed=seed)
        names = {task.id: task.name or task.id for task in timeline.tasks}
        deadlines = [(names.get(key, key), p) for key, p in result.p_met().items()]
        notes.append(f"Simulation: {runs} replications, seed {seed}.")
    inputs = ReportInputs(
        scenario=scenario, deadlines=deadlines, plots=plots, stamp=stamp, notes=tuple(notes)
    )
    return timeline, inputs
