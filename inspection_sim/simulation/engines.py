"""Engine selection: every engine executes the same draws and gives the same results.

``engine="auto"`` picks the fastest engine that supports the model: ``numpy`` (the critical-path
forward pass vectorised across replications) when no team has a capacity limit, else ``heap`` (a
plain heapq event loop). ``simpy`` is the reference and the extension point; pass an instance of
a :class:`~inspection_sim.simulation.engine_simpy.SimpyEngine` subclass to extend it.
"""

from __future__ import annotations

from typing import Protocol

from inspection_sim.errors import SimulationError
from inspection_sim.simulation.des import Realised
from inspection_sim.simulation.engine_heap import HeapEngine
from inspection_sim.simulation.engine_numpy import NumpyEngine
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["ENGINES", "Engine", "choose_engine", "for_runs", "run_observed"]


class Engine(Protocol):
    """What an engine provides."""

    name: str

    @staticmethod
    def supports(model: SimModel) -> bool: ...

    def run(self, model: SimModel, draws: Draws) -> Realised: ...


#: The built-in engines by name, fastest first.
ENGINES: dict[str, type[Engine]] = {
    "numpy": NumpyEngine,
    "heap": HeapEngine,
    "simpy": SimpyEngine,
}


def choose_engine(engine: str | Engine, model: SimModel) -> Engine:
    """The engine to run ``model`` with.

    Raises:
        SimulationError: an unknown engine name (closest suggested), or an engine that cannot
            run this model (the numpy engine with team capacities).
    """
    if not isinstance(engine, str):
        return engine
    if engine == "auto":
        return next(cls() for cls in ENGINES.values() if cls.supports(model))
    if engine not in ENGINES:
        raise SimulationError(
            "unknown engine", key="engine", value=engine, choices=("auto", *ENGINES)
        )
    chosen = ENGINES[engine]()
    if not chosen.supports(model):
        raise SimulationError(
            "the numpy engine cannot run a model with team capacities; use heap or simpy",
            key="engine",
            value=engine,
            choices=("auto", "heap", "simpy"),
        )
    return chosen


def for_runs(engine: Engine, model: SimModel, runs: int) -> Engine:
    """``engine`` for ``runs`` replications of ``model`` made in several calls (the parts of a
    run, a sweep's dates): the heap engine then compiles its loop at once when the whole run is
    worth it (see :meth:`HeapEngine.expecting`). The results are the same either way."""
    if isinstance(engine, HeapEngine):
        return engine.expecting(model, runs)
    return engine


def run_observed(engine: Engine, model: SimModel, draws: Draws) -> Realised:
    """``engine.run(model, draws)`` for a caller that reads no staff absence's own times
    (aggregates and sweeps read tasks and information requests only): the heap engine then
    leaves out the absences that can no longer change anything (see
    :func:`~inspection_sim.simulation.heap_plain.run_plain`). Other engines run everything.
    """
    if isinstance(engine, HeapEngine):
        return engine.run(model, draws, every_absence=False)
    return engine.run(model, draws)
