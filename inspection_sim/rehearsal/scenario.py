"""Rehearsing a scenario: the council's calendar, team names, contacts and rehearsal settings.

Explicit arguments win over the scenario's ``[rehearsal]`` section. The timeline is planned with the
scenario's notification date (or the rehearsal start when it has none); the rehearsal then keeps
every working-day offset from that call.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from inspection_sim.errors import ScenarioError
from inspection_sim.rehearsal.injects import InjectSettings
from inspection_sim.rehearsal.model import Rehearsal
from inspection_sim.rehearsal.shift import check_mode, check_start

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario

__all__ = ["inject_settings", "plan_scenario", "rehearse_scenario"]


def rehearse_scenario(
    scenario: Scenario,
    start: date | None = None,
    *,
    mode: str | None = None,
    fieldwork_days: int | None = None,
    kit_time: time | None = None,
    planning_meetings: int = 0,
    calendar: WorkingCalendar | None = None,
    injects: str | None = None,
    seed: int | None = None,
) -> Rehearsal:
    """Rehearse ``scenario`` (see :func:`inspection_sim.rehearsal`); arguments override its file.

    The rehearsal's days are the council's own working days (:meth:`Scenario.council_calendar`,
    without its closures) unless ``calendar`` is given. ``injects`` (``"typical"`` or ``"hard"``)
    draws an exercise controller's injects from the scenario's simulation: its team sizes, event
    rates and duration spread, with ``seed`` (default: the scenario's).
    """
    from inspection_sim.rehearsal import rehearse

    settings = scenario.rehearsal
    start = start or settings.start
    if start is None:
        raise ScenarioError(
            "no rehearsal date: give --start or set it in the scenario",
            source=scenario.source,
            key="rehearsal.start",
        )
    days = calendar or scenario.council_calendar()
    check_start(days, start)  # before planning: a clean error comes first
    mode = check_mode(mode or settings.mode)
    if fieldwork_days is None and mode == "compressed":
        fieldwork_days = settings.fieldwork_days
    council = scenario.council.name
    return rehearse(
        plan_scenario(scenario, start),
        start,
        mode=mode,
        fieldwork_days=fieldwork_days,
        kit_time=kit_time or settings.kit_time,
        team_names={team.id: team.name for team in scenario.teams},
        contacts={team.id: team.contacts for team in scenario.teams},
        planning_meetings=planning_meetings,
        calendar=days,
        rules=scenario.rules(),
        injects=None if injects is None else inject_settings(scenario, injects, seed),
        plan_id=f"{council}:{scenario.inspection.type}:{mode}",
        calendar_name=(
            f"Inspection rehearsal – {council} – {scenario.inspection.type} – {start.isoformat()}"
        ),
    )


def inject_settings(scenario: Scenario, level: str, seed: int | None) -> InjectSettings:
    """What the scenario's injects are drawn from (its simulation settings, ``seed`` first)."""
    simulation = scenario.simulation
    return InjectSettings(
        level=level,
        seed=simulation.seed if seed is None else seed,
        capacities=scenario.capacities(),
        rates=simulation.event_rates(),
        duration=simulation.duration,
        spread=float(simulation.spread),
    )


def plan_scenario(scenario: Scenario, start: date) -> Timeline:
    """The scenario's timeline, called on its notification date (or on ``start``)."""
    if scenario.inspection.notified is not None:
        return scenario.plan()
    return scenario.plan(notified=start)
