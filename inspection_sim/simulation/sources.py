"""Turning what a user has (a timeline, a network) into a :class:`SimModel`.

* a :class:`SimModel` is used as it is;
* a :class:`~inspection_sim.plan.network.Network` runs on ``calendar`` (England by default) from
  project start ``start`` (0 by default, as :func:`~inspection_sim.plan.cpm.cpm`);
* a :class:`~inspection_sim.plan.timeline.Timeline` runs on its calendar from its earliest task
  start, anchored at its notification;
* :func:`assumed_model` adds the planning assumptions to a timeline: its council tasks' durations
  spread by a distribution, and random events at given rates with the effects in
  ``rules/data/assumptions.toml`` (read through :func:`inspection_sim.rules.load_assumptions`).
  A scenario's ``[simulation]`` table gives these (see :mod:`inspection_sim.workbench`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec, Network, TaskKind
from inspection_sim.plan.timeline import Timeline
from inspection_sim.rules import load_assumptions
from inspection_sim.simulation.des import planned_span, planned_times
from inspection_sim.simulation.events import (
    Deferral,
    InformationRequests,
    LateData,
    StaffAbsence,
    Uncertainty,
)
from inspection_sim.simulation.model import SimModel

__all__ = [
    "SimulationSource",
    "as_model",
    "assumed_model",
    "scenario_durations",
    "scenario_uncertainty",
]

#: What the simulation runs.
SimulationSource = SimModel | Network | Timeline


def as_model(
    source: SimulationSource,
    *,
    calendar: WorkingCalendar | None = None,
    capacities: Mapping[str, int] | None = None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    start: int | None = None,
) -> SimModel:
    """The model of ``source`` (see the module docstring).

    Raises:
        SimulationError: a source of another type, or a SimModel with settings of its own.
    """
    if isinstance(source, SimModel):
        if capacities is not None or uncertainty is not None or durations is not None:
            raise SimulationError(
                "a SimModel carries its own capacities, events and durations; build another",
                key="source",
            )
        return source
    if isinstance(source, Network):
        return SimModel.build(
            source,
            calendar or WorkingCalendar(),
            capacities=capacities,
            uncertainty=uncertainty,
            durations=durations,
            start=start or 0,
        )
    if isinstance(source, Timeline):
        return _from_timeline(source, start, capacities, uncertainty, durations)
    raise SimulationError(
        "cannot simulate this object; give a scenario, a Timeline, a Network or a SimModel",
        key="source",
        value=type(source).__name__,
    )


def _from_timeline(
    timeline: Timeline,
    start: int | None,
    capacities: Mapping[str, int] | None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
) -> SimModel:
    cal = timeline.calendar
    first = min((t.start_index for t in timeline.tasks), default=0)
    anchor = cal.index_of(timeline.notification.date())
    return SimModel.build(
        timeline.network,
        cal,
        capacities=capacities,
        uncertainty=uncertainty,
        durations=durations,
        start=first if start is None else start,
        anchor=anchor,
    )


def assumed_model(
    timeline: Timeline,
    capacities: Mapping[str, int],
    *,
    duration: str = "fixed",
    spread: float = 0.0,
    rates: Mapping[str, float] | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    uncertainty: Uncertainty | None = None,
    team_names: Mapping[str, str] | None = None,
) -> SimModel:
    """The model of ``timeline`` with the planning assumptions: its council tasks' durations
    spread (:func:`scenario_durations`) and random events at ``rates``
    (:func:`scenario_uncertainty`), unless ``durations`` or ``uncertainty`` are given;
    ``team_names`` name its teams (see :meth:`SimModel.team_name`)."""
    network = timeline.network
    base = _from_timeline(timeline, None, capacities)
    assumed = durations is None or uncertainty is None  # the planning assumptions are used
    if durations is None:
        durations = scenario_durations(network, duration, spread)
    if uncertainty is None:
        uncertainty = scenario_uncertainty(base, dict(rates or {}), capacities)
    return SimModel.build(
        network,
        base.calendar,
        capacities=capacities,
        uncertainty=uncertainty,
        durations=durations,
        start=base.origin,
        anchor=base.anchor,
        from_assumptions=assumed,
        team_names=team_names,
    )


def scenario_durations(network: Network, kind: str, spread: float) -> dict[str, DurationSpec]:
    """Distributions for a scenario's council tasks (framework tasks keep their dates)."""
    if kind == "fixed" or spread == 0:
        return {}
    spread_rule = load_assumptions().durations
    low, high = spread_rule.low, spread_rule.high
    specs = {}
    for task in network.tasks:
        d = float(task.duration)
        if task.framework or d == 0 or task.fixed_start is not None:
            continue
        if kind == "lognormal":
            specs[task.id] = DurationSpec("lognormal", (d, spread))
        else:
            specs[task.id] = DurationSpec(
                kind, (max(d * (1 + low * spread), 0.0), d, d * (1 + high * spread))
            )
    return specs


def scenario_uncertainty(
    model: SimModel, rates: Mapping[str, float], capacities: Mapping[str, int]
) -> Uncertainty:
    """Random events from a scenario's rates and the effects in the planning assumptions."""
    effects = load_assumptions()
    net = model.network
    span = planned_span(model)
    returns = [t for t in net.tasks if t.kind == TaskKind.RETURN and t.team is not None]
    requests: list[InformationRequests] = []
    rate = rates.get("extra-information-request", 0.0)
    fieldwork = _fieldwork_window(model)
    if rate and fieldwork is not None and returns:
        team = _most_common([t.team for t in returns if t.team])
        spec = _days(effects.event("extra-information-request").days)
        requests.append(InformationRequests(team, rate, spec, fieldwork))
    absences = []
    rate = rates.get("staff-absence", 0.0)
    if rate:
        length = _days(effects.event("staff-absence").days)
        for team, size in sorted(capacities.items()):
            absences.append(StaffAbsence(team, rate * size, length, span))
    late = []
    rate = rates.get("late-data", 0.0)
    if rate:
        delay = _days(effects.event("late-data").days)
        late = [LateData(t.id, rate, delay) for t in returns if t.fixed_start is None]
    deferral = None
    rate = rates.get("deferral", 0.0)
    if rate:
        working_days = effects.event("deferral").working_days
        assert working_days is not None  # the shipped assumptions give it (a test checks)
        deferral = Deferral(rate, working_days)
    return Uncertainty(tuple(requests), tuple(absences), tuple(late), deferral)


def _days(spec: DurationSpec | None) -> DurationSpec:
    assert spec is not None  # the shipped assumptions give days for these events (a test checks)
    return spec


def _fieldwork_window(model: SimModel) -> tuple[float, float] | None:
    rows = [i for i, t in enumerate(model.network.tasks) if t.kind == TaskKind.FIELDWORK]
    if not rows:
        return None
    start, finish = planned_times(model)
    return float(np.min(start[rows])), float(np.max(finish[rows]))


def _most_common(names: list[str]) -> str:
    return max(sorted(set(names)), key=names.count)
