"""The risk that is left: the scenario's uncertainty, simulated from today on the re-planned
network.

Done work is done (fixed dates, fixed durations). Work under way keeps what it has done: its
remaining duration is the scenario's distribution of the whole less the working days worked, and
at least today. Work not started draws its duration as the scenario says and starts no earlier
than today. Random events (information requests, absences, late data) can only happen from today;
a deferral is not simulated once the call has come (it would move what has already happened).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from inspection_sim.plan.network import DurationSpec
from inspection_sim.simulation.events import Uncertainty
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.result import SimulationResult
from inspection_sim.simulation.run import simulate
from inspection_sim.simulation.sources import scenario_durations, scenario_uncertainty
from inspection_sim.tracking.replan import TODAY, UNDER_WAY, Replan

__all__ = ["DeadlineRisk", "deadline_risks", "remaining_risk"]

#: The event that moves the whole inspection: not drawn once the call has come.
_DEFERRAL = "deferral"


@dataclass(frozen=True)
class DeadlineRisk:
    """One deadline still to meet, or missed.

    Attributes:
        name: the deadline's task id (or ``information-requests``).
        p_met: the probability of meeting it, from today.
        drivers: what moves it most, in words, strongest first.
        due: the last day it allows (None for the information requests: the last day on site).
        finish: the last day of its work in the plan from today (None for the requests).
    """

    name: str
    p_met: float
    drivers: tuple[str, ...]
    due: date | None = None
    finish: date | None = None

    def missed(self, today: date) -> bool:
        """Whether its day has passed and the work runs past it."""
        if self.due is None or self.finish is None:
            return False
        return self.due < today and self.finish > self.due

    def passed(self, today: date) -> bool:
        """Whether its day is over."""
        return self.due is not None and self.due < today


def remaining_risk(scenario: Any, plan: Replan, *, runs: int, seed: int) -> SimulationResult:
    """Simulate the rest of ``plan`` ``runs`` times with ``scenario``'s uncertainty."""
    network = plan.network
    calendar = plan.timeline.calendar
    owners = network.teams
    capacities = {team.id: int(team.size) for team in scenario.teams if team.id in owners}
    settings = scenario.simulation
    durations = scenario_durations(network, settings.duration, float(settings.spread))
    whole = scenario_durations(plan.baseline.network, settings.duration, float(settings.spread))
    for task, item in plan.progress.items():
        if item.state == UNDER_WAY:
            spec = whole.get(task, DurationSpec("fixed", (float(item.elapsed + item.remaining),)))
            durations[task] = _less(spec, item.elapsed)
    anchor = calendar.index_of(plan.baseline.notification.date())
    base = SimModel.build(network, calendar, capacities=capacities, start=plan.first, anchor=anchor)
    rates = {k: v for k, v in settings.event_rates().items() if k != _DEFERRAL}
    events = _from_today(scenario_uncertainty(base, rates, capacities), float(plan.first))
    model = SimModel.build(
        network,
        calendar,
        capacities=capacities,
        uncertainty=events,
        durations=durations,
        start=plan.first,
        anchor=anchor,
        team_names={team.id: team.name for team in scenario.teams if team.id in owners},
    )
    return simulate(model, runs, seed)


def deadline_risks(
    result: SimulationResult, plan: Replan, *, drivers: int = 3
) -> list[DeadlineRisk]:
    """Every deadline still open or missed, least likely to be met first, with what drives it
    (a deadline whose day is over and whose work was done by it is left out)."""
    tasks = {task.id: task for task in plan.timeline.tasks}
    found = []
    for name, p in result.p_met().items():
        task = tasks.get(name)
        due, finish = (None, None) if task is None else (task.deadline, task.end)
        risk = DeadlineRisk(name, p, (), due, finish)
        if risk.passed(plan.today) and not risk.missed(plan.today):
            continue
        found.append(replace(risk, drivers=tuple(_drivers(result, name, drivers))))
    found.sort(key=lambda risk: (risk.p_met, risk.name))
    return found


def _drivers(result: SimulationResult, deadline: str, top: int) -> list[str]:
    """The strongest drivers of ``deadline``, in words (none beyond the simulation's noise: none)."""
    return [str(record["input"]) for record in result.main_drivers(deadline, top=top)]


def _less(spec: DurationSpec, elapsed: int) -> DurationSpec:
    """``spec`` less ``elapsed`` working days already worked, and at least today."""
    if spec.kind == "lognormal":
        median, sigma = spec.params
        return DurationSpec("lognormal", (max(median - elapsed, float(TODAY)), sigma))
    return replace(spec, params=tuple(max(p - elapsed, float(TODAY)) for p in spec.params))


def _from_today(events: Uncertainty, today: float) -> Uncertainty:
    """The events that can still happen: their windows cut to start today."""

    def cut(window: tuple[float, float]) -> tuple[float, float] | None:
        return None if window[1] <= today else (max(window[0], today), window[1])

    def kept(items: Any) -> tuple[Any, ...]:
        out = []
        for item in items:
            window = cut(item.window)
            if window is not None:
                out.append(replace(item, window=window))
        return tuple(out)

    return replace(
        events,
        information_requests=kept(events.information_requests),
        absences=kept(events.absences),
    )
