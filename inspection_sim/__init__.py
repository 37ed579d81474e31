"""inspection_sim: rehearse English children's-services inspections.

Framework rules as versioned data, working-day plans with critical paths, discrete-event simulation
and Outlook-ready iCalendar files. What the package exports is :data:`_EXPORTS`, the one list of
public names with the module that defines each (``__all__`` is made from it); the README's
"Python API" section lists the same names, and a test holds the three together.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from inspection_sim._version import __version__
from inspection_sim.calendar import REGIONS, WorkingCalendar
from inspection_sim.errors import InspectionSimError

# Bound now: the submodules ``inspection_sim.timescales`` and ``inspection_sim.plan`` share their
# names with these functions, and importing a submodule later would otherwise shadow them.
from inspection_sim.timescales import due, timescales
from inspection_sim.workbench import plan

if TYPE_CHECKING:  # the same names for type checkers, imported on first use at run time
    from inspection_sim.export import CalendarEvent, resolve_stamp, to_ical, write_calendars
    from inspection_sim.forecasting.cycle import Forecast, forecast
    from inspection_sim.forecasting.flow import simulate_flow
    from inspection_sim.forecasting.flow_params import FlowParams
    from inspection_sim.forecasting.publication import forecast_publication
    from inspection_sim.plan.cpm import cpm
    from inspection_sim.plan.level import level
    from inspection_sim.plan.timeline import ScheduledTask, Timeline
    from inspection_sim.publishing import publish, write_feed
    from inspection_sim.rehearsal import Rehearsal
    from inspection_sim.rules.registry import frameworks, load_framework
    from inspection_sim.rules.timescale_rules import load_timescales
    from inspection_sim.scenario import Scenario, default_scenario, load_scenario
    from inspection_sim.simulation import SimulationResult, SweepResult
    from inspection_sim.timetable import (
        Absence,
        AbsenceRisk,
        Disruption,
        absence_risk,
        rebook_absences,
    )
    from inspection_sim.tracking import TrackResult, plan_inspection, track
    from inspection_sim.workbench import (
        forecast_scenario,
        plan_scenario,
        rehearse,
        rehearse_scenario,
        report_scenario,
        simulate,
        simulate_scenario,
        sweep,
        sweep_scenario,
    )

#: Every public name and the module that defines it (or, for the top-level functions that also
#: take a scenario, the workbench that dispatches it).
_EXPORTS = {
    "__version__": "inspection_sim._version",
    # working days and errors
    "REGIONS": "inspection_sim.calendar",
    "WorkingCalendar": "inspection_sim.calendar",
    "InspectionSimError": "inspection_sim.errors",
    # rules
    "frameworks": "inspection_sim.rules.registry",
    "load_framework": "inspection_sim.rules.registry",
    "load_timescales": "inspection_sim.rules.timescale_rules",
    "due": "inspection_sim.timescales",
    "timescales": "inspection_sim.timescales",
    # scenarios, and the workbench that runs them
    "Scenario": "inspection_sim.scenario",
    "default_scenario": "inspection_sim.scenario",
    "load_scenario": "inspection_sim.scenario",
    "plan": "inspection_sim.workbench",
    "plan_scenario": "inspection_sim.workbench",
    "simulate": "inspection_sim.workbench",
    "simulate_scenario": "inspection_sim.workbench",
    "sweep": "inspection_sim.workbench",
    "sweep_scenario": "inspection_sim.workbench",
    "rehearse": "inspection_sim.workbench",
    "rehearse_scenario": "inspection_sim.workbench",
    "forecast_scenario": "inspection_sim.workbench",
    "report_scenario": "inspection_sim.workbench",
    # plans
    "Timeline": "inspection_sim.plan.timeline",
    "ScheduledTask": "inspection_sim.plan.timeline",
    "cpm": "inspection_sim.plan.cpm",
    "level": "inspection_sim.plan.level",
    # results
    "SimulationResult": "inspection_sim.simulation",
    "SweepResult": "inspection_sim.simulation",
    "Rehearsal": "inspection_sim.rehearsal",
    # forecasts
    "Forecast": "inspection_sim.forecasting.cycle",
    "forecast": "inspection_sim.forecasting.cycle",
    "forecast_publication": "inspection_sim.forecasting.publication",
    "FlowParams": "inspection_sim.forecasting.flow_params",
    "simulate_flow": "inspection_sim.forecasting.flow",
    # calendars
    "CalendarEvent": "inspection_sim.export",
    "resolve_stamp": "inspection_sim.export",
    "to_ical": "inspection_sim.export",
    "write_calendars": "inspection_sim.export",
    # publishing
    "publish": "inspection_sim.publishing",
    "write_feed": "inspection_sim.publishing",
    # absence in the on-site days
    "Absence": "inspection_sim.timetable",
    "Disruption": "inspection_sim.timetable",
    "AbsenceRisk": "inspection_sim.timetable",
    "rebook_absences": "inspection_sim.timetable",
    "absence_risk": "inspection_sim.timetable",
    # the real week
    "plan_inspection": "inspection_sim.tracking",
    "track": "inspection_sim.tracking",
    "TrackResult": "inspection_sim.tracking",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'inspection_sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # imported on first use, so ``import inspection_sim`` stays quick
    return value
