"""Discrete-event simulation and Monte Carlo what-ifs of an inspection plan.

Draws first, engines second: :mod:`.sampling` draws every replication's durations and events
from the seed, then an engine (:mod:`.engine_numpy`, :mod:`.engine_heap` or the reference
:mod:`.engine_simpy`) executes them. :func:`simulate` runs one plan; :func:`sweep` runs one per
candidate notification date.

This package is callable: ``inspection_sim.simulate(...)`` is :func:`simulate`.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from inspection_sim.simulate.engine_simpy import SimpyEngine
from inspection_sim.simulate.engines import ENGINES, choose_engine
from inspection_sim.simulate.events import (
    Deferral,
    InformationRequests,
    LateData,
    StaffAbsence,
    Uncertainty,
)
from inspection_sim.simulate.model import SimModel
from inspection_sim.simulate.result import SimulationResult
from inspection_sim.simulate.run import candidate_dates, simulate
from inspection_sim.simulate.sweep import SweepResult, sweep

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


class _CallableModule(types.ModuleType):
    """Lets ``inspection_sim.simulate(...)`` work although ``simulate`` is also this package."""

    def __call__(self, *args: Any, **kwargs: Any) -> SimulationResult:
        return simulate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
