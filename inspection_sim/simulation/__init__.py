"""Discrete-event simulation and Monte Carlo what-ifs of an inspection plan.

Draws first, engines second: :mod:`.sampling` draws every replication's durations and events
from the seed, then an engine (:mod:`.engine_numpy`, :mod:`.engine_heap` or the reference
:mod:`.engine_simpy`) executes them. :func:`simulate` runs one plan; :func:`sweep` runs one per
candidate notification date.
"""

from __future__ import annotations

from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.engines import ENGINES, choose_engine
from inspection_sim.simulation.events import (
    Deferral,
    InformationRequests,
    LateData,
    StaffAbsence,
    Uncertainty,
)
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.simulation.run import candidate_dates, simulate
from inspection_sim.simulation.sweeps import SweepResult, sweep

__all__ = [
    "ENGINES",
    "Deferral",
    "InformationRequests",
    "LateData",
    "SimModel",
    "SimpyEngine",
    "SimulationResult",
    "StaffAbsence",
    "SweepResult",
    "Uncertainty",
    "candidate_dates",
    "choose_engine",
    "simulate",
    "sweep",
]
