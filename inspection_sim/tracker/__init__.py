"""An Excel tracker of a rehearsal or a plan: tasks to fill in, framework dates and injects.

The workbook (:func:`tracker_bytes`) is written by ``rehearse`` (``tracker.xlsx`` in its folder)
and by ``timeline --tracker``. Its sheets, columns and format version (:mod:`.columns`) are a
contract: a tracker a planner has filled in is read back by them.
"""

from __future__ import annotations

from inspection_sim.tracker.columns import (
    FORMAT_VERSION,
    MILESTONE_COLUMNS,
    STATUSES,
    TASK_COLUMNS,
    TRACKER_NAME,
)
from inspection_sim.tracker.items import TrackedItem, TrackerData
from inspection_sim.tracker.workbook import same_workbook, tracker_bytes

__all__ = [
    "FORMAT_VERSION",
    "MILESTONE_COLUMNS",
    "STATUSES",
    "TASK_COLUMNS",
    "TRACKER_NAME",
    "TrackedItem",
    "TrackerData",
    "same_workbook",
    "tracker_bytes",
]
