"""An exercise controller inside the simulation: one week's surprises, as they happen.

A trial run rehearses one week, not a thousand. :func:`exercise_week` draws ``replications`` weeks
from a model (the seed fixes the draws), measures the load each puts on the teams during the days
on site (working days of extra work asked for, plus staff working days away), picks the week at a
percentile of that load (the median for a typical week, the 90th percentile for a hard one), and
replays it on the simpy reference engine with a controller process
(:class:`ExerciseController`) that records each absence and each information request at the
moment it happens, with the times the simulated team started and finished dealing with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.errors import SimulationError
from inspection_sim.plan.timeline import Timeline
from inspection_sim.simulation.des import Incident
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws, draw
from inspection_sim.simulation.sources import scenario_durations, scenario_uncertainty

__all__ = [
    "ABSENCE",
    "REQUEST",
    "Delivery",
    "ExerciseController",
    "ExerciseWeek",
    "exercise_model",
    "exercise_week",
]

#: The kinds of incident a controller delivers (the keys of a scenario's ``[simulation.events]``).
ABSENCE, REQUEST = "staff-absence", "extra-information-request"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Delivery:
    """One incident as the controller saw it (simulation times, in working days).

    Attributes:
        kind: :data:`ABSENCE` or :data:`REQUEST`.
        team: the team's id.
        at: when it happened: the absence began, or the request arrived.
        length: working days away, or working days of work asked for.
        started: when the team started on the request (queued behind its other work), or when
            the absence began.
        finished: when the work was done, or the person was back.
    """

    kind: str
    team: str
    at: float
    length: float
    started: float
    finished: float


@dataclass(frozen=True)
class ExerciseWeek:
    """The week chosen: which replication, its load, the percentile it stands at, what happened."""

    replication: int
    load: float
    percentile: float
    deliveries: tuple[Delivery, ...]


class ExerciseController(SimpyEngine):
    """The simpy reference engine with a controller that notes every incident as it happens."""

    controlled = True

    def __init__(self) -> None:
        self.seen: list[tuple[int, float]] = []  # (incident column, simulation time)

    def delivered(self, env: Any, incident: Incident) -> None:
        self.seen.append((incident[0], float(env.now)))


def exercise_model(
    timeline: Timeline,
    *,
    capacities: Mapping[str, int],
    rates: Mapping[str, float],
    duration: str = "fixed",
    spread: float = 0.0,
) -> SimModel:
    """The simulation model of ``timeline`` for a trial run: the teams' sizes as capacities, the
    random events at ``rates`` with the effects of the planning assumptions, council tasks spread
    as ``duration`` with ``spread``. No deferral: a rehearsal's dates are fixed."""
    network, calendar = timeline.network, timeline.calendar
    caps = {team: int(size) for team, size in capacities.items() if team in network.teams}
    first = min((task.start_index for task in timeline.tasks), default=0)
    anchor = calendar.index_of(timeline.notification.date())
    base = SimModel.build(network, calendar, capacities=caps, start=first, anchor=anchor)
    events = replace(scenario_uncertainty(base, rates, caps), deferral=None)
    return SimModel.build(
        network,
        calendar,
        capacities=caps,
        uncertainty=events,
        durations=scenario_durations(network, duration, spread),
        start=first,
        anchor=anchor,
    )


def exercise_week(
    model: SimModel,
    *,
    seed: int,
    percentile: float,
    replications: int,
    window: tuple[float, float],
) -> ExerciseWeek:
    """The week at ``percentile`` of the load during ``window`` (simulation times of the days on
    site), among ``replications`` drawn with ``seed``, replayed with a controller.

    Raises:
        SimulationError: a percentile outside 0..100 or fewer than one replication.
    """
    if not 0.0 <= percentile <= 100.0:
        raise SimulationError("a percentile is from 0 to 100", key="percentile", value=percentile)
    if replications < 1:
        raise SimulationError(
            "draw at least one replication", key="replications", value=replications
        )
    draws = draw(model, replications, seed)
    load = _load(draws, window)
    ranked = sorted(range(replications), key=lambda r: (load[r], r))
    chosen = ranked[round(percentile / 100 * (replications - 1))]
    one = _replication(draws, chosen)
    engine = ExerciseController()
    realised = engine.run(model, one)
    deliveries = []
    for column, at in engine.seen:
        absence = math.isinf(float(one.incident_due[0, column]))
        deliveries.append(
            Delivery(
                kind=ABSENCE if absence else REQUEST,
                team=model.network.teams[int(one.incident_team[0, column])],
                at=at,
                length=float(one.incident_length[0, column]),
                started=float(realised.incident_start[0, column]),
                finished=float(realised.incident_finish[0, column]),
            )
        )
    return ExerciseWeek(chosen, float(load[chosen]), percentile, tuple(deliveries))


def _load(draws: Draws, window: tuple[float, float]) -> FloatArray:
    """Working days of load per replication inside ``window``: requests arriving in it count
    their work; absences count the working days they overlap it."""
    first, last = window
    present = draws.incident_team >= 0
    release, length = draws.incident_release, draws.incident_length
    absence = np.isinf(draws.incident_due)
    inside = (release >= first) & (release < last)
    away = np.clip(np.minimum(release + length, last) - np.maximum(release, first), 0.0, None)
    load = np.where(absence, away, np.where(inside, length, 0.0))
    result: FloatArray = np.where(present, load, 0.0).sum(axis=1)
    return result


def _replication(draws: Draws, r: int) -> Draws:
    """The draws of replication ``r`` alone."""
    keep = slice(r, r + 1)
    return Draws(
        duration=draws.duration[:, keep],
        delay=draws.delay[:, keep],
        shift=draws.shift[keep],
        deferred=draws.deferred[keep],
        incident_team=draws.incident_team[keep],
        incident_release=draws.incident_release[keep],
        incident_length=draws.incident_length[keep],
        incident_due=draws.incident_due[keep],
    )
