"""Reading a forecast's inputs from a scenario file: the council's history, calendar, closures."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ForecastInputError
from inspection_sim.forecasting.history import INSPECTION_TYPES, VISIT_TYPES, HistoryEntry

if TYPE_CHECKING:
    from inspection_sim.scenario.model import Scenario

__all__ = ["scenario_calendar", "scenario_closures", "scenario_history"]


def scenario_history(scenario: Scenario) -> list[HistoryEntry]:
    """The scenario's history entries the forecast can use: ILACS inspections and visits, full
    area SEND inspections and HMIP youth justice inspections (JTAIs and area SEND monitoring
    inspections do not set a cycle, so they are left out).

    Raises:
        ForecastInputError: when the scenario holds no graded inspection to forecast from.
    """
    found = []
    for entry in scenario.inspection.history:
        framework, _, kind = entry.type.partition(":")
        if framework == "ilacs" and kind in INSPECTION_TYPES:
            found.append(HistoryEntry(entry.start, kind, entry.judgement))
        elif framework == "ilacs" and kind in VISIT_TYPES:
            found.append(HistoryEntry(entry.start, kind, None))
        elif entry.type == "area-send:full" or framework == "hmip-yj":
            found.append(HistoryEntry(entry.start, framework, entry.judgement))
    if not any(entry.is_inspection for entry in found):
        raise ForecastInputError(
            "the scenario's history has no graded inspection (ILACS, area SEND, HMIP) to forecast "
            "from",
            source=scenario.source,
            key="inspection.history",
        )
    return found


def scenario_calendar(scenario: Scenario) -> WorkingCalendar:
    """The calendar statutory timescales are counted on: the scenario's planning calendar
    (region's bank holidays and weekmask, :meth:`Scenario.calendar`).

    Working days in statutory guidance are weekdays that are not bank holidays, so a council's
    own shutdown does not stop the clock: closures are left out here and reduce capacity
    instead (:func:`scenario_closures`).
    """
    return scenario.calendar()


def scenario_closures(scenario: Scenario) -> tuple[date, ...]:
    """The council's closed days (every day of every closure, sorted), on which no assessment
    appointment takes place: pass them to ``simulate_flow(closures=...)``."""
    return scenario.council.closure_days()
