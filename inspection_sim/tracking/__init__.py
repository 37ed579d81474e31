"""The real week: plan the real inspection, then track what happened and re-plan from today.

* :func:`plan_inspection` writes, from the real call, what a rehearsal writes: calendars per team,
  the combined calendar, the CSV and the tracker workbook (:mod:`.real_plan`, :mod:`.folder`).
* :func:`track` reads the tracker back (:mod:`.sheet`, :mod:`.entries`), checks it against the plan
  (:mod:`.checks`), fixes what happened and plans the rest from today (:mod:`.replan`), simulates
  the risk left (:mod:`.risk`), writes a run-sheet (:mod:`.runsheet`), and brings the calendars,
  the tracker and the change log up to date (:mod:`.folder`, :mod:`.workbook`, :mod:`.changes`).
"""

from __future__ import annotations

from inspection_sim.tracking.real_plan import InspectionPlan, PlanWritten, plan_inspection
from inspection_sim.tracking.run import AT_RISK_BELOW, TrackResult, track

__all__ = [
    "AT_RISK_BELOW",
    "InspectionPlan",
    "PlanWritten",
    "TrackResult",
    "plan_inspection",
    "track",
]
