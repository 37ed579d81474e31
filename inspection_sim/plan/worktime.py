"""Team calendars: when a team works, on the planning calendar's working-day time axis.

Time here is the **working-day index** of the planning calendar (see
:mod:`inspection_sim.plan.network`; "council time" below means that axis): day ``i`` occupies
``[i, i + 1)``. A team works on a subset of those days (leave, a part-time weekmask, the
council's closures such as a Christmas shutdown). :class:`TeamTime` answers the two questions a scheduler asks of that subset:
*when can this team start?* (:meth:`TeamTime.start`) and *when does it finish after ``d`` of its own
working days?* (:meth:`TeamTime.finish`). Outside the availability array the team works every
council working day.

**Working time.** ``working_time(t)`` counts the team's working time before the council time ``t``:
it advances one unit per team working day and stands still while the team is away. It is
continuous and non-decreasing; :meth:`TeamTime.council_time` maps back, to the first instant with
that working time (``end=False``, where work starts) or to the last (``end=True``, where work
ends). So a task starting at ``s`` with duration ``d > 0`` finishes at
``council_time(working_time(start(s)) + d, end=True)``: the end of its last working day, never the
start of the team's next one. A milestone (``d == 0``) finishes where it starts and never moves.

Integers and floats. Every forward function accepts ints (the critical path method) and floats
(simulation engines, which use fractional working days); integer inputs give exactly the integer
results, whichever type they come in. The backward functions (``latest_*``) serve the critical
path method and take ints only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError
from inspection_sim.weekmask import parse_weekmask

__all__ = ["TeamTime", "team_availability"]

Time = TypeVar("Time", int, float)
Array = npt.NDArray[Any]


def team_availability(
    council: WorkingCalendar,
    *,
    leave: Iterable[date] = (),
    weekmask: str | Sequence[int] | Sequence[str] | None = None,
) -> npt.NDArray[np.bool_]:
    """Which of the council's working days a team works: True where it does.

    The same days as the council's calendar derived with the team's ``leave`` as extra closures
    and its own ``weekmask`` (e.g. ``"Mon-Wed"`` for a part-time team; see
    :meth:`WorkingCalendar.derive`), computed from the council's working days directly. The
    result is indexed by the council's working-day index.

    Raises:
        ArgumentTypeError: a leave day that is not a date.
        WeekmaskError: a weekmask in none of the accepted forms.
    """
    ordinals = council.working_ordinals
    days = np.ones(ordinals.size, dtype=np.bool_)
    if weekmask is not None:
        flags = np.asarray(parse_weekmask(weekmask), dtype=np.bool_)
        days &= flags[(ordinals - 1) % 7]  # ordinal 1 (0001-01-01) is a Monday
    away = [_leave_day(day).toordinal() for day in leave]
    if away:
        days &= ~np.isin(ordinals, np.asarray(away, dtype=np.int64))
    return days


def _leave_day(day: object) -> date:
    if isinstance(day, date):
        return day
    raise ArgumentTypeError("leave days must be datetime.date values", key="leave", value=day)


#: Relative working-time round-off above a whole number of days that is treated as that number.
_SNAP = 1e-12


class TeamTime:
    """A team's working time over the council's working-day indices.

    Args:
        available: one flag per council working day, True where the team works (see
            :func:`team_availability`). Beyond its length the team works every day.

    >>> team = TeamTime([True, False, False, True, True])   # away on days 1 and 2
    >>> team.start(1), team.finish(0, 2), team.finish(0.5, 1.0)
    (3, 4, 3.5)
    """

    __slots__ = ("_count", "_days", "_mask", "_next", "count", "days", "mask", "size", "total")

    def __init__(self, available: npt.ArrayLike) -> None:
        mask = np.asarray(available, dtype=np.bool_).ravel()
        count = np.zeros(mask.size + 1, dtype=np.int64)
        np.cumsum(mask, out=count[1:])
        #: Number of council days covered by ``mask``.
        self.size = int(mask.size)
        #: The availability flags (read-only).
        self.mask = mask
        #: Council indices of the team's working days, ascending.
        self.days: npt.NDArray[np.int64] = np.flatnonzero(mask).astype(np.int64)
        #: ``count[i]`` = the team's working days before council day ``i`` (length ``size + 1``).
        self.count = count
        #: The team's working days inside ``mask``.
        self.total = int(count[-1])
        # days followed by ``size``: the team's k-th working day, or the end of the mask
        self._next = np.append(self.days, self.size)
        for array in (self.mask, self.days, self.count, self._next):
            array.flags.writeable = False
        # Python lists: scalar lookups on lists are several times faster than on numpy arrays.
        self._mask: list[bool] = mask.tolist()
        self._days: list[int] = self.days.tolist()
        self._count: list[int] = count.tolist()

    def __repr__(self) -> str:
        return f"TeamTime({self.total} of {self.size} council working days)"

    # -- coordinates -----------------------------------------------------------------------------

    def working_time(self, t: Time) -> Time:
        """The team's working time at council time ``t`` (continuous, non-decreasing)."""
        if t <= 0:
            return t
        if t >= self.size:
            return self.total + (t - self.size)
        i = int(t)  # t > 0, so int() floors
        count = self._count[i]
        return count + (t - i) if self._mask[i] else count

    def council_time(self, tau: Time, *, end: bool = False) -> Time:
        """The council time at which the team's working time reaches ``tau``.

        ``end=False`` gives the first such instant (where work resumes after an absence),
        ``end=True`` the last (where work stops before one).
        """
        if tau < 0 or (end and tau == 0):
            return tau
        if tau > self.total or (not end and tau == self.total):
            return self.size + (tau - self.total)
        k = math.ceil(tau) - 1 if end else int(tau)
        return self._days[k] + (tau - k)

    # -- forward: ints and floats ------------------------------------------------------------

    def start(self, t: Time) -> Time:
        """The earliest time ``>= t`` at which the team is working (``t`` itself when it is)."""
        i = math.floor(t)
        if i < 0 or i >= self.size or self._mask[i]:
            return t
        k = self._count[i]
        return self._days[k] if k < self.total else self.size

    def finish(self, s: Time, d: Time) -> Time:
        """The finish of a task ready at ``s`` that needs ``d`` of the team's working days.

        The task starts at :meth:`start` (``s``) and finishes at the end of its last working day.
        A milestone (``d == 0``) finishes at ``s``.
        """
        if d == 0:
            return s
        tau = self.working_time(self.start(s)) + d
        if isinstance(tau, float):
            # Round-off just past a whole working day must not push the finish over an absence.
            whole = math.floor(tau)
            if whole >= 1 and tau - whole <= _SNAP * whole:
                tau -= tau - whole  # exactly ``whole``, kept a float
        return self.council_time(tau, end=True)

    def start_for_finish(self, x: Time, d: Time) -> Time:
        """The earliest start from which a ``d``-day task finishes at or after ``x``.

        When the team is away just before ``x``, the earliest such finish is the end of its next
        working day. A milestone (``d == 0``) starts at ``x``.
        """
        if d == 0:
            return x
        tau = self.working_time(x)
        if not self._finishes_at(x):
            tau = math.floor(tau) + 1
        return self.council_time(tau - d)

    def _finishes_at(self, x: float) -> bool:
        """True when work can end exactly at ``x``: the team works the day just before it."""
        i = math.ceil(x) - 1
        return i < 0 or i >= self.size or self._mask[i]

    # -- backward: ints only (critical path method) -----------------------------------------

    def latest_start(self, t: int) -> int:
        """The latest team working day ``<= t``."""
        return self.council_time(self.working_time(t + 1) - 1)

    def latest_start_for_finish(self, y: int, d: int) -> int:
        """The latest start from which a ``d``-day task finishes at or before ``y``."""
        if d == 0:
            return y
        return self.council_time(self.working_time(y) - d)

    # -- numpy forms ---------------------------------------------------------------------------

    def start_batch(self, t: Array) -> Array:
        """:meth:`start` over an array (int arrays stay int)."""
        t = np.asarray(t)
        if not self.size:
            return t
        i = np.floor(t).astype(np.int64)
        j = np.clip(i, 0, self.size - 1)
        away = (i >= 0) & (i < self.size) & ~self.mask[j]
        if not away.any():
            return t
        return np.where(away, self._next[self.count[j]], t).astype(t.dtype)

    def working_time_batch(self, t: Array) -> Array:
        """:meth:`working_time` over an array."""
        t = np.asarray(t)
        if not self.size:
            return t
        i = np.clip(np.floor(t).astype(np.int64), 0, self.size - 1)
        inside = self.count[i] + np.where(self.mask[i], t - i, 0)
        result = np.where(t <= 0, t, np.where(t >= self.size, self.total + (t - self.size), inside))
        return result.astype(np.result_type(t.dtype, np.int64))

    def council_time_batch(self, tau: Array, *, end: bool = False) -> Array:
        """:meth:`council_time` over an array."""
        tau = np.asarray(tau)
        if end:
            k = np.ceil(tau).astype(np.int64) - 1
            before, after = tau <= 0, tau > self.total
        else:
            k = np.floor(tau).astype(np.int64)
            before, after = tau < 0, tau >= self.total
        inside = self._next[np.clip(k, 0, self.total)] + (tau - k)
        result = np.where(before, tau, np.where(after, self.size + (tau - self.total), inside))
        return result.astype(np.result_type(tau.dtype, np.int64))

    def finish_batch(self, s: Array, d: Array | float) -> Array:
        """:meth:`finish` over arrays broadcast together (``d`` may be a scalar)."""
        s, d = np.broadcast_arrays(np.asarray(s), np.asarray(d))
        tau = self.working_time_batch(self.start_batch(s)) + d
        if tau.dtype.kind == "f":  # the same round-off snap as finish()
            whole = np.floor(tau)
            tau = np.where((whole >= 1) & (tau - whole <= _SNAP * whole), whole, tau)
        finish = self.council_time_batch(tau, end=True)
        return np.where(d == 0, s, finish).astype(np.result_type(s.dtype, d.dtype))

    def start_for_finish_batch(self, x: Array, d: Array | float) -> Array:
        """:meth:`start_for_finish` over arrays broadcast together (``d`` may be a scalar)."""
        x, d = np.broadcast_arrays(np.asarray(x), np.asarray(d))
        tau = self.working_time_batch(x)
        i = np.ceil(x).astype(np.int64) - 1
        if self.size:
            inside = (i >= 0) & (i < self.size)
            works = ~inside | self.mask[np.clip(i, 0, self.size - 1)]
            tau = np.where(works, tau, np.floor(tau) + 1)
        start = self.council_time_batch(tau - d)
        return np.where(d == 0, x, start).astype(np.result_type(x.dtype, d.dtype))
