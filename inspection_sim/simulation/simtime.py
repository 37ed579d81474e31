"""Simulation time: the one unit every engine uses, and its conversion to dates at the edges.

Simulation time (:data:`SimTime`) is a **fractional working-day index** on the council's
:class:`~inspection_sim.calendar.WorkingCalendar`, the same axis as the planner's integer
coordinates (see :mod:`inspection_sim.plan.network`): working day ``i`` occupies ``[i, i + 1)``.
A task that starts at ``s`` and finishes at ``f`` works from ``s`` up to, not including, ``f``.
Integer times are the starts of working days, so a plan with whole-day durations simulates on
whole numbers exactly.

Dates appear only here, at the edges:

* a start ``s`` falls on working day ``floor(s)``;
* a finish ``f > s`` ends on working day ``ceil(f) - 1`` (inclusive: the last day worked);
* a milestone (``f == s``) falls on working day ``floor(s)``.

A random duration has no upper bound, but the calendar has a last day: a simulated day past it
has no date, and reads ``"after <the calendar's last day>"`` in tables (:func:`day_texts`).
Deadlines are decided in working days, so such a day still counts as late where it is.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import numpy.typing as npt

from inspection_sim.calendar import WorkingCalendar

__all__ = [
    "SimTime",
    "beyond",
    "day_texts",
    "end_date",
    "end_dates",
    "end_day",
    "end_days",
    "start_date",
    "start_dates",
    "to_simtime",
]

#: Fractional working-day index on the council's calendar.
SimTime = float

FloatArray = npt.NDArray[np.float64]


def to_simtime(calendar: WorkingCalendar, day: date) -> SimTime:
    """The simulation time at the start of ``day`` (rolled forward to a working day)."""
    return float(calendar.index_of(day))


def end_day(start: SimTime, finish: SimTime) -> int:
    """Index of the last working day of a task (its start day for a milestone)."""
    return math.ceil(finish) - 1 if finish > start else math.floor(start)


def end_days(start: FloatArray, finish: FloatArray) -> npt.NDArray[np.int64]:
    """:func:`end_day` over arrays."""
    days = np.where(finish > start, np.ceil(finish) - 1, np.floor(start))
    return days.astype(np.int64)


def start_date(calendar: WorkingCalendar, start: SimTime) -> date:
    """The working day on which a start time falls."""
    return calendar.date_at(math.floor(start))


def end_date(calendar: WorkingCalendar, start: SimTime, finish: SimTime) -> date:
    """The last working day of a task (inclusive), or a milestone's day."""
    return calendar.date_at(end_day(start, finish))


def start_dates(calendar: WorkingCalendar, start: FloatArray) -> npt.NDArray[np.datetime64]:
    """:func:`start_date` over an array: ``datetime64[D]`` values."""
    return calendar.dates_at(np.floor(start).astype(np.int64))


def end_dates(
    calendar: WorkingCalendar, start: FloatArray, finish: FloatArray
) -> npt.NDArray[np.datetime64]:
    """:func:`end_date` over arrays: ``datetime64[D]`` values."""
    return calendar.dates_at(end_days(start, finish))


def beyond(calendar: WorkingCalendar) -> str:
    """How a day past the calendar's last day reads."""
    return f"after {calendar.end.isoformat()}"


def day_texts(calendar: WorkingCalendar, indices: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """ISO dates of working-day indices, an index past the calendar reading :func:`beyond`."""
    index = np.asarray(indices, dtype=np.int64)
    inside = index < calendar.n_working_days
    dates = calendar.dates_at(np.where(inside, index, 0)).astype(str)
    return np.where(inside, dates, beyond(calendar))
