"""inspection_sim: rehearse English children's-services inspections.

Framework rules as versioned data, working-day plans with critical paths, discrete-event simulation
and Outlook-ready iCalendar files. The public names are listed in ``__all__``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from inspection_sim.calendar import REGIONS, WorkingCalendar
from inspection_sim.errors import InspectionSimError

# Imported eagerly: the modules ``inspection_sim.timescales`` and ``inspection_sim.plan`` share
# their names with these functions, and importing a submodule would otherwise shadow them.
from inspection_sim.plan.build import plan
from inspection_sim.timescales import due, timescales

if TYPE_CHECKING:
    from inspection_sim.export import CalendarEvent, resolve_stamp, to_ical, write_calendars
    from inspection_sim.forecasting.cycle import Forecast, forecast
    from inspection_sim.forecasting.flow import simulate_flow
    from inspection_sim.forecasting.flow_params import FlowParams
    from inspection_sim.forecasting.publication import forecast_publication
    from inspection_sim.plan.cpm import cpm
    from inspection_sim.plan.level import level
    from inspection_sim.plan.timeline import ScheduledTask, Timeline
    from inspection_sim.publishing import publish, write_feed
    from inspection_sim.rehearsal import Rehearsal, rehearse
    from inspection_sim.rules.registry import frameworks, load_framework
    from inspection_sim.rules.timescale_rules import load_timescales
    from inspection_sim.scenario import Scenario, default_scenario, load_scenario
    from inspection_sim.simulation import SimulationResult, SweepResult, simulate, sweep

__version__ = "0.1.0"

__all__ = [
    "REGIONS",
    "CalendarEvent",
    "FlowParams",
    "Forecast",
    "InspectionSimError",
    "Rehearsal",
    "Scenario",
    "ScheduledTask",
    "SimulationResult",
    "SweepResult",
    "Timeline",
    "WorkingCalendar",
    "__version__",
    "cpm",
    "default_scenario",
    "due",
    "forecast",
    "forecast_publication",
    "frameworks",
    "level",
    "load_framework",
    "load_scenario",
    "load_timescales",
    "plan",
    "publish",
    "rehearse",
    "resolve_stamp",
    "simulate",
    "simulate_flow",
    "sweep",
    "timescales",
    "to_ical",
    "write_calendars",
    "write_feed",
]

#: Public names imported on first use, so ``import inspection_sim`` stays quick.
_LAZY = {
    "FlowParams": "inspection_sim.forecasting.flow_params",
    "Forecast": "inspection_sim.forecasting.cycle",
    "forecast": "inspection_sim.forecasting.cycle",
    "forecast_publication": "inspection_sim.forecasting.publication",
    "CalendarEvent": "inspection_sim.export",
    "resolve_stamp": "inspection_sim.export",
    "to_ical": "inspection_sim.export",
    "write_calendars": "inspection_sim.export",
    "Rehearsal": "inspection_sim.rehearsal",
    "rehearse": "inspection_sim.rehearsal",
    "Scenario": "inspection_sim.scenario",
    "default_scenario": "inspection_sim.scenario",
    "load_scenario": "inspection_sim.scenario",
    "simulate_flow": "inspection_sim.forecasting.flow",
    "simulate": "inspection_sim.simulation",
    "sweep": "inspection_sim.simulation",
    "SimulationResult": "inspection_sim.simulation",
    "SweepResult": "inspection_sim.simulation",
    "load_framework": "inspection_sim.rules.registry",
    "frameworks": "inspection_sim.rules.registry",
    "load_timescales": "inspection_sim.rules.timescale_rules",
    "Timeline": "inspection_sim.plan.timeline",
    "ScheduledTask": "inspection_sim.plan.timeline",
    "cpm": "inspection_sim.plan.cpm",
    "level": "inspection_sim.plan.level",
    "publish": "inspection_sim.publishing",
    "write_feed": "inspection_sim.publishing",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'inspection_sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
