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
    away = tuple(_leave_day(day) for day in leave)
    try:
        shape = weekmask if weekmask is None or isinstance(weekmask, str) else tuple(weekmask)
        key = (council, away, shape)
        hit = _AVAILABILITY.get(key)
    except TypeError:  # not a weekmask: let the parser say why
        return _availability(council, away, weekmask)
    if hit is None:
        hit = _availability(council, away, weekmask)
        if len(_AVAILABILITY) >= _AVAILABILITY_SIZE:
            _AVAILABILITY.pop(next(iter(_AVAILABILITY)), None)  # the oldest entry
        _AVAILABILITY[key] = hit
    return hit.copy()


#: Availability by (calendar, leave, weekmask): a sweep plans a scenario once per notification
#: date, and its teams' leave and closures stay on their dates.
_AVAILABILITY: dict[tuple[object, ...], npt.NDArray[np.bool_]] = {}
_AVAILABILITY_SIZE = 64


def _availability(
    council: WorkingCalendar,
    away: tuple[date, ...],
    weekmask: str | Sequence[int] | Sequence[str] | None,
) -> npt.NDArray[np.bool_]:
    ordinals = council.working_ordinals
    days = np.ones(ordinals.size, dtype=np.bool_)
    if weekmask is not None:
        flags = np.asarray(parse_weekmask(weekmask), dtype=np.bool_)
        days &= flags[(ordinals - 1) % 7]  # ordinal 1 (0001-01-01) is a Monday
    if away:
        days &= ~np.isin(ordinals, np.asarray([d.toordinal() for d in away], dtype=np.int64))
    return days


def _leave_day(day: object) -> date:
    if isinstance(day, date):
        return day
    raise ArgumentTypeError("leave days must be datetime.date values", key="leave", value=day)


class _TeamTables:
    """What a :class:`TeamTime` looks up, built once per distinct availability array."""

    __slots__ = (
        "count",
        "count_list",
        "days",
        "days_list",
        "mask",
        "mask_list",
        "next",
        "size",
        "total",
    )

    def __init__(self, mask: npt.NDArray[np.bool_]) -> None:
        mask = mask.copy()
        count = np.zeros(mask.size + 1, dtype=np.int64)
        np.cumsum(mask, out=count[1:])
        self.size = int(mask.size)
        self.mask = mask
        self.days: npt.NDArray[np.int64] = np.flatnonzero(mask).astype(np.int64)
        self.count = count
        self.total = int(count[-1])
        # days followed by ``size``: the team's k-th working day, or the end of the mask
        self.next = np.append(self.days, self.size)
        for array in (self.mask, self.days, self.count, self.next):
            array.flags.writeable = False
        # Python lists: scalar lookups on lists are several times faster than on numpy arrays.
        self.mask_list: list[bool] = mask.tolist()
        self.days_list: list[int] = self.days.tolist()
        self.count_list: list[int] = count.tolist()


#: Tables by the availability flags' bytes: every plan of a scenario (a sweep plans one per
#: notification date) gives its teams fresh arrays with the same few contents, and building the
#: tables costs far more than hashing the flags.
_TABLES: dict[bytes, _TeamTables] = {}
_TABLES_SIZE = 32


def _tables(mask: npt.NDArray[np.bool_]) -> _TeamTables:
    key = mask.tobytes()
    hit = _TABLES.get(key)
    if hit is None:
        hit = _TeamTables(mask)
        if len(_TABLES) >= _TABLES_SIZE:
            _TABLES.pop(next(iter(_TABLES)), None)  # the oldest entry
        _TABLES[key] = hit
    return hit


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
        tables = _tables(mask)
        #: Number of council days covered by ``mask``.
        self.size = tables.size
        #: The availability flags (read-only).
        self.mask = tables.mask
        #: Council indices of the team's working days, ascending.
        self.days = tables.days
        #: ``count[i]`` = the team's working days before council day ``i`` (length ``size + 1``).
        self.count = tables.count
        #: The team's working days inside ``mask``.
        self.total = tables.total
        self._next = tables.next
        self._mask = tables.mask_list
        self._days = tables.days_list
        self._count = tables.count_list

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

    def place(self, t: Time, d: Time) -> tuple[Time, Time]:
        """``(start(t), finish(t, d))`` in one call, with the same arithmetic (event loops
        place every piece of work; this saves the four calls that make up the two).

        Unlike :meth:`finish`, a milestone (``d == 0``) also moves to the team's next working
        time: check ``d`` first where a milestone must stay where it is.
        """
        size, mask, count = self.size, self._mask, self._count
        i = math.floor(t)
        if i < 0 or i >= size or mask[i]:
            s = t
        else:
            k = count[i]
            s = self._days[k] if k < self.total else size
        if d == 0:
            return s, s
        # working_time(s) + d; s is a working instant, so mask[int(s)] holds inside the mask
        if s <= 0:
            tau = s + d
        elif s >= size:
            tau = self.total + (s - size) + d
        else:
            j = int(s)
            tau = count[j] + (s - j) + d
        if isinstance(tau, float):  # the round-off snap of finish()
            whole = math.floor(tau)
            if whole >= 1 and tau - whole <= _SNAP * whole:
                tau -= tau - whole
        # council_time(tau, end=True)
        if tau <= 0:
            return s, tau
        if tau > self.total:
            return s, size + (tau - self.total)
        k = math.ceil(tau) - 1
        return s, self._days[k] + (tau - k)

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
        j = _clip(i, self.size - 1)
        away = (i >= 0) & (i < self.size) & ~self.mask[j]
        if not away.any():
            return t
        return np.where(away, self._next[self.count[j]], t).astype(t.dtype)

    def working_time_batch(self, t: Array) -> Array:
        """:meth:`working_time` over an array."""
        t = np.asarray(t)
        if not self.size:
            return t
        i = _clip(np.floor(t).astype(np.int64), self.size - 1)
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
        inside = self._next[_clip(k, self.total)] + (tau - k)
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
            works = ~inside | self.mask[_clip(i, self.size - 1)]
            tau = np.where(works, tau, np.floor(tau) + 1)
        start = self.council_time_batch(tau - d)
        return np.where(d == 0, x, start).astype(np.result_type(x.dtype, d.dtype))


def _clip(index: Array, high: int) -> Array:
    """``index`` limited to ``[0, high]`` (``np.clip`` costs several times more on small arrays)."""
    return np.minimum(np.maximum(index, 0), high)
