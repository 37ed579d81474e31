"""Turning what a user has (a scenario, a timeline, a network) into a :class:`SimModel`.

* a :class:`SimModel` is used as it is;
* a :class:`~inspection_sim.plan.network.Network` runs on ``calendar`` (England by default) from
  project start ``start`` (0 by default, as :func:`~inspection_sim.plan.cpm.cpm`);
* a :class:`~inspection_sim.plan.timeline.Timeline` runs on its calendar from its earliest task
  start, anchored at its notification;
* a scenario (anything with ``.simulation``, ``.teams`` and ``.inspection``) is planned with its
  own settings, its teams' sizes become capacities, and its ``[simulation]`` table becomes
  duration distributions and random events with the effects of the planning assumptions
  (``rules/data/assumptions.toml``, read through :func:`inspection_sim.rules.load_assumptions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec, Network, TaskKind
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

__all__ = ["Settings", "as_model", "scenario_uncertainty"]


@dataclass(frozen=True)
class Settings:
    """Run settings a source may carry (a scenario's runs and seed)."""

    runs: int | None = None
    seed: int | None = None


def as_model(
    source: Any,
    *,
    calendar: WorkingCalendar | None = None,
    capacities: Mapping[str, int] | None = None,
    uncertainty: Uncertainty | None = None,
    durations: Mapping[str, DurationSpec] | None = None,
    start: int | None = None,
) -> tuple[SimModel, Settings]:
    """The model and run settings of ``source`` (see the module docstring).

    Raises:
        SimulationError: a source of another type.
    """
    extra = {"capacities": capacities, "uncertainty": uncertainty, "durations": durations}
    if isinstance(source, SimModel):
        if any(v is not None for v in extra.values()):
            raise SimulationError(
                "a SimModel carries its own capacities, events and durations; build another",
                key="source",
            )
        return source, Settings()
    if isinstance(source, Network):
        cal = calendar or WorkingCalendar()
        return SimModel.build(source, cal, start=start or 0, **extra), Settings()  # type: ignore[arg-type]
    if hasattr(source, "network") and hasattr(source, "notification"):
        return _from_timeline(source, start, extra), Settings()
    if hasattr(source, "simulation") and hasattr(source, "inspection"):
        return _from_scenario(source, extra)
    raise SimulationError(
        "cannot simulate this object; give a scenario, a Timeline, a Network or a SimModel",
        key="source",
        value=type(source).__name__,
    )


def _from_timeline(timeline: Any, start: int | None, extra: dict[str, Any]) -> SimModel:
    cal: WorkingCalendar = timeline.calendar
    first = min((t.start_index for t in timeline.tasks), default=0)
    anchor = cal.index_of(timeline.notification.date())
    return SimModel.build(
        timeline.network, cal, start=first if start is None else start, anchor=anchor, **extra
    )


def _from_scenario(scenario: Any, extra: dict[str, Any]) -> tuple[SimModel, Settings]:
    timeline = scenario_timeline(scenario)
    network: Network = timeline.network
    caps = extra["capacities"]
    if caps is None:
        caps = {t.id: int(t.size) for t in scenario.teams if t.id in network.teams}
    settings = scenario.simulation
    base = _from_timeline(timeline, None, {"capacities": caps})
    durations = extra["durations"]
    if durations is None:
        durations = scenario_durations(network, settings.duration, float(settings.spread))
    events = extra["uncertainty"]
    if events is None:
        events = scenario_uncertainty(base, dict(settings.event_rates()), caps)
    model = SimModel.build(
        network,
        base.calendar,
        capacities=caps,
        uncertainty=events,
        durations=durations,
        start=base.origin,
        anchor=base.anchor,
    )
    return model, Settings(runs=int(settings.runs), seed=int(settings.seed))


def scenario_timeline(scenario: Any, notified: date | None = None) -> Any:
    """Plan a scenario (its own planning method when it has one, else ``inspection_sim.plan``)."""
    for method in ("timeline", "plan"):
        planner = getattr(scenario, method, None)
        if callable(planner):
            return planner() if notified is None else planner(notified=notified)
    import inspection_sim

    plan = getattr(inspection_sim, "plan", None)
    if not callable(plan):
        raise SimulationError("the planner is not available to plan this scenario", key="source")
    inspection = scenario.inspection
    when = notified or inspection.notified
    if when is None:
        raise SimulationError("the scenario has no notification date", key="inspection.notified")
    return plan(inspection.type, notified=when, version=inspection.version)


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
