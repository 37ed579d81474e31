"""Working-day arithmetic on an immutable, precomputed calendar.

Conventions, used everywhere in inspection_sim:

* **Day 0 is the anchor date.** ``add_working_days(d, n)`` counts from ``d``: for ``n > 0`` it is the
  n-th working day strictly after ``d``; for ``n < 0`` the |n|-th working day strictly before ``d``;
  for ``n == 0`` it is ``d`` itself, working day or not.
* **Counts are half-open on the left.** ``working_days_between(a, b)`` is the number of working days
  in ``(a, b]`` when ``b >= a`` and minus the number in ``(b, a]`` when ``b < a``, so
  ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 0``, and for ``n < 0``
  whenever ``d`` is a working day. (From a Saturday, one working day back is Friday, yet
  ``(Friday, Saturday]`` holds no working day: the count is ``n + 1`` there.)
* **Lists are closed.** ``working_days(a, b)`` and ``holidays_in(a, b)`` cover ``[a, b]``.

The calendar is built once for an explicit date range; every call is then index arithmetic on
tables of day ordinals, not a walk from day to day. Dates outside the range raise
:class:`~inspection_sim.errors.CalendarRangeError`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from inspection_sim.errors import (
    ArgumentTypeError,
    CalendarRangeError,
    UnknownNameError,
)
from inspection_sim.weekmask import parse_weekmask, weekmask_text

__all__ = ["DEFAULT_END", "DEFAULT_START", "REGIONS", "WorkingCalendar"]

#: The range a calendar covers when none is given.
DEFAULT_START = date(2015, 1, 1)
DEFAULT_END = date(2040, 12, 31)

#: Regions and the `holidays` subdivision of the United Kingdom that supplies their bank holidays.
#: "england" is the England and Wales bank-holiday calendar that Ofsted's working days follow.
REGIONS: dict[str, str] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

_EPOCH = np.datetime64("0001-01-01", "D")  # datetime64 for ordinal 1


def _require_date(value: object, argument: str) -> date:
    if isinstance(value, date):
        return value
    raise ArgumentTypeError(
        f"argument {argument!r} must be a datetime.date", value=value, choices=()
    ) from None


@functools.lru_cache(maxsize=32)
def _bank_holidays(region: str, first_year: int, last_year: int) -> tuple[tuple[date, str], ...]:
    years = range(first_year, last_year + 1)
    table = _united_kingdom()(subdiv=REGIONS[region], years=years)
    return tuple(sorted((day, str(name)) for day, name in table.items()))


@functools.cache
def _united_kingdom() -> Any:
    """The `holidays` class for the United Kingdom.

    Importing it the usual way runs ``holidays.countries``, which imports every country the
    package knows (about 0.1 s, a fifth of a command's run). Its own module needs none of them,
    so it is loaded on its own, without registering it; any surprise falls back to the
    ordinary lookup.
    """
    import importlib.util
    from pathlib import Path

    import holidays

    try:
        path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
        spec = importlib.util.spec_from_file_location("holidays.countries.united_kingdom", path)
        if spec is None or spec.loader is None:
            raise ImportError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.UnitedKingdom
    except Exception:  # any change of layout in `holidays`: take the documented route
        return functools.partial(holidays.country_holidays, "GB")


class _Tables(NamedTuple):
    """The precomputed lookup tables of one calendar (shared, never mutated)."""

    names: dict[date, str]
    work: list[int]
    counts: list[int]
    work_np: npt.NDArray[np.int64]
    count_np: npt.NDArray[np.int64]


@functools.lru_cache(maxsize=64)
def _tables(
    region: str, first: date, last: date, closed: frozenset[date], mask: tuple[bool, ...]
) -> _Tables:
    """Working-day ordinals and prefix counts; cached because councils, teams and sweeps build
    the same calendar many times over."""
    names = {
        day: name
        for day, name in _bank_holidays(region, first.year, last.year)
        if first <= day <= last
    }
    base = first.toordinal()
    work: list[int] = []
    count: list[int] = []
    for offset in range(last.toordinal() - base + 1):
        ordinal = base + offset
        day = date.fromordinal(ordinal)
        if mask[day.weekday()] and day not in names and day not in closed:
            work.append(ordinal)
        count.append(len(work))
    work_np = np.asarray(work, dtype=np.int64)
    count_np = np.asarray(count, dtype=np.int64)
    work_np.flags.writeable = False
    count_np.flags.writeable = False
    return _Tables(names, work, count, work_np, count_np)


class WorkingCalendar:
    """An immutable calendar of working days for one region over an explicit date range.

    Args:
        region: one of :data:`REGIONS`; bank holidays come from the ``holidays`` package.
        start: first date covered (inclusive). Defaults to :data:`DEFAULT_START`.
        end: last date covered (inclusive). Defaults to :data:`DEFAULT_END`.
        closures: extra non-working dates, such as a council's Christmas shutdown or a team's leave.
        weekmask: the weekdays that count, e.g. ``"Mon-Fri"``, ``"Mon-Thu"``, ``"Mon,Wed,Fri"``,
            ``"1111000"`` or a sequence of weekday numbers (Monday is 0).

    Raises:
        UnknownNameError: for a region not in :data:`REGIONS` (the closest is suggested).
        WeekmaskError: for a weekmask in none of the accepted forms.
        CalendarRangeError: when ``end`` is before ``start``.

    >>> cal = WorkingCalendar(start=date(2026, 1, 1), end=date(2027, 12, 31))
    >>> cal.add_working_days(date(2026, 12, 14), 20)
    datetime.date(2027, 1, 14)
    """

    __slots__ = (
        "_base",
        "_closures",
        "_count",
        "_count_np",
        "_end",
        "_holiday_names",
        "_region",
        "_start",
        "_weekmask",
        "_work",
        "_work_np",
    )

    _region: str
    _start: date
    _end: date
    _closures: frozenset[date]
    _weekmask: tuple[bool, ...]
    _holiday_names: dict[date, str]
    _base: int
    _work: list[int]
    _count: list[int]
    _work_np: npt.NDArray[np.int64]
    _count_np: npt.NDArray[np.int64]

    def __init__(
        self,
        region: str = "england",
        start: date | None = None,
        end: date | None = None,
        closures: Iterable[date] = (),
        weekmask: str | Sequence[int] | Sequence[str] = "Mon-Fri",
    ) -> None:
        if region not in REGIONS:
            raise UnknownNameError(
                "unknown region", key="region", value=region, choices=tuple(REGIONS)
            )
        first = _require_date(DEFAULT_START if start is None else start, "start")
        last = _require_date(DEFAULT_END if end is None else end, "end")
        if last < first:
            raise CalendarRangeError(
                f"calendar end {last.isoformat()} is before its start {first.isoformat()}"
            )
        closed = frozenset(_require_date(day, "closures") for day in closures)
        mask = parse_weekmask(weekmask)
        tables = _tables(region, first, last, closed, mask)
        set_ = object.__setattr__
        set_(self, "_region", region)
        set_(self, "_start", first)
        set_(self, "_end", last)
        set_(self, "_closures", closed)
        set_(self, "_weekmask", mask)
        set_(self, "_holiday_names", tables.names)
        set_(self, "_base", first.toordinal())
        set_(self, "_work", tables.work)
        set_(self, "_count", tables.counts)
        set_(self, "_work_np", tables.work_np)
        set_(self, "_count_np", tables.count_np)

    # -- identity -------------------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("WorkingCalendar is immutable; use derive() for a changed copy")

    def _key(self) -> tuple[object, ...]:
        return (self._region, self._start, self._end, self._closures, self._weekmask)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkingCalendar) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(region={self._region!r}, start={self._start!r}, end={self._end!r}, "
            f"closures={len(self._closures)} dates, weekmask={self.weekmask!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            WorkingCalendar,
            (self._region, self._start, self._end, sorted(self._closures), self._weekmask),
        )

    @property
    def region(self) -> str:
        return self._region

    @property
    def start(self) -> date:
        """First date covered (inclusive)."""
        return self._start

    @property
    def end(self) -> date:
        """Last date covered (inclusive)."""
        return self._end

    @property
    def closures(self) -> frozenset[date]:
        return self._closures

    @property
    def weekmask(self) -> str:
        """The weekmask in its canonical text form, e.g. ``"Mon-Fri"``."""
        return weekmask_text(self._weekmask)

    @property
    def weekmask_flags(self) -> tuple[bool, ...]:
        """Seven flags, Monday first: True where that weekday can be a working day."""
        return self._weekmask

    def derive(
        self,
        *,
        closures: Iterable[date] = (),
        weekmask: str | Sequence[int] | Sequence[str] | None = None,
    ) -> WorkingCalendar:
        """A new calendar with extra closures (added to the existing ones) and optionally a new
        weekmask: a team's leave or part-time pattern on top of the council's calendar."""
        return WorkingCalendar(
            self._region,
            self._start,
            self._end,
            self._closures | frozenset(closures),
            self._weekmask if weekmask is None else weekmask,
        )

    # -- scalar arithmetic ---------------------------------------------------------------------

    def _offset(self, day: object, argument: str) -> int:
        checked = day if isinstance(day, date) else _require_date(day, argument)
        offset = checked.toordinal() - self._base
        if 0 <= offset < len(self._count):
            return offset
        raise CalendarRangeError(
            f"{argument} {day} is outside the calendar's range "
            f"{self._start.isoformat()} to {self._end.isoformat()}; build the calendar with a "
            "wider start/end"
        )

    def _out_of_range(self, day: date, n: int) -> CalendarRangeError:
        direction = "after" if n > 0 else "before"
        return CalendarRangeError(
            f"{abs(n)} working days {direction} {day.isoformat()} falls outside the calendar's "
            f"range {self._start.isoformat()} to {self._end.isoformat()}; build the calendar "
            "with a wider start/end"
        )

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day: in the weekmask, not a bank holiday, not closed."""
        offset = self._offset(day, "day")
        count = self._count
        return count[offset] != (count[offset - 1] if offset else 0)

    def add_working_days(self, day: date, n: int) -> date:
        """The date ``n`` working days from ``day`` (day 0); see the module docstring."""
        offset = self._offset(day, "day")
        if n == 0:
            return day
        if n > 0:
            index = self._count[offset] + n - 1
        else:
            index = (self._count[offset - 1] if offset else 0) + n
        if 0 <= index < len(self._work):
            return date.fromordinal(self._work[index])
        raise self._out_of_range(day, n)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``, negated when ``b < a``."""
        count = self._count
        base = self._base
        try:
            i, j = b.toordinal() - base, a.toordinal() - base
        except AttributeError:
            i, j = self._offset(b, "b"), self._offset(a, "a")
        if i < 0 or j < 0:  # negative indices would wrap around silently
            i, j = self._offset(b, "b"), self._offset(a, "a")
        try:
            return count[i] - count[j]
        except IndexError:
            self._offset(b, "b")
            self._offset(a, "a")
            raise

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, otherwise the next working day."""
        offset = self._offset(day, "day")
        index = self._count[offset - 1] if offset else 0
        if index < len(self._work):
            return date.fromordinal(self._work[index])
        raise self._out_of_range(day, 1)

    def roll_backward(self, day: date) -> date:
        """``day`` if it is a working day, otherwise the previous working day."""
        index = self._count[self._offset(day, "day")] - 1
        if index >= 0:
            return date.fromordinal(self._work[index])
        raise self._out_of_range(day, -1)

    def working_days(self, a: date, b: date) -> list[date]:
        """The working days in ``[a, b]``, in order (empty when ``b < a``)."""
        first, last = self._offset(a, "a"), self._offset(b, "b")
        if last < first:
            return []
        lo = self._count[first - 1] if first else 0
        return [date.fromordinal(o) for o in self._work[lo : self._count[last]]]

    def holidays_in(self, a: date, b: date) -> list[tuple[date, str]]:
        """Bank holidays and closures in ``[a, b]`` with their names, in date order.

        Bank holidays that fall outside the weekmask are listed too: they are still holidays.
        """
        self._offset(a, "a")
        self._offset(b, "b")
        found = {day: name for day, name in self._holiday_names.items() if a <= day <= b}
        for day in self._closures:
            if a <= day <= b and day not in found:
                found[day] = "closure"
        return sorted(found.items())

    # -- the working-day index (the planner's and simulator's unit of time) -----------------------

    @property
    def n_working_days(self) -> int:
        """How many working days the calendar holds."""
        return len(self._work)

    def index_of(self, day: date) -> int:
        """Index of ``roll_forward(day)`` among the calendar's working days (0-based)."""
        offset = self._offset(day, "day")
        index = self._count[offset - 1] if offset else 0
        if index < len(self._work):
            return index
        raise self._out_of_range(day, 1)

    def date_at(self, index: int) -> date:
        """The working day at ``index`` (see :meth:`index_of`)."""
        if 0 <= index < len(self._work):
            return date.fromordinal(self._work[index])
        raise CalendarRangeError(
            f"working-day index {index} is outside 0..{len(self._work) - 1} "
            f"({self._start.isoformat()} to {self._end.isoformat()})"
        )

    def nearest_working_day_index(self, day: date) -> int:
        """Index of the first working day on or after ``day`` (same as :meth:`index_of`)."""
        return self.index_of(day)

    @property
    def working_ordinals(self) -> npt.NDArray[np.int64]:
        """Ordinals (``date.toordinal()``) of every working day, ascending; a read-only view."""
        view = self._work_np.view()
        view.flags.writeable = False
        return view

    # -- batch forms ---------------------------------------------------------------------------

    def _offsets(
        self, days: Iterable[date] | npt.ArrayLike, argument: str
    ) -> npt.NDArray[np.int64]:
        if isinstance(days, np.ndarray) and days.dtype.kind == "M":
            ordinals = (days.astype("datetime64[D]") - _EPOCH).astype(np.int64) + 1
        else:
            items = [_require_date(item, argument) for item in days]  # type: ignore[union-attr]
            ordinals = np.fromiter((d.toordinal() for d in items), dtype=np.int64, count=len(items))
        offsets = ordinals - self._base
        if offsets.size and (offsets.min() < 0 or offsets.max() >= len(self._count)):
            raise CalendarRangeError(
                f"{argument} holds dates outside the calendar's range "
                f"{self._start.isoformat()} to {self._end.isoformat()}"
            )
        return offsets

    def _dates(self, ordinals: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
        return _EPOCH + (ordinals - 1).astype("timedelta64[D]")

    def add_working_days_batch(
        self, days: Iterable[date] | npt.ArrayLike, n: int | npt.ArrayLike
    ) -> npt.NDArray[np.datetime64]:
        """:meth:`add_working_days` over arrays: ``days`` (dates or ``datetime64``) and ``n``
        (an int or an array broadcast against ``days``). Returns ``datetime64[D]``."""
        offsets = self._offsets(days, "days")
        steps = np.broadcast_to(np.asarray(n, dtype=np.int64), offsets.shape)
        count = self._count_np
        before = np.where(offsets > 0, count[np.maximum(offsets - 1, 0)], 0)
        index = np.where(steps > 0, count[offsets] + steps - 1, before + steps)
        zero = steps == 0
        bad = ~zero & ((index < 0) | (index >= len(self._work)))
        if bad.any():
            raise CalendarRangeError(
                "a result falls outside the calendar's range "
                f"{self._start.isoformat()} to {self._end.isoformat()}"
            )
        ordinals = np.where(zero, offsets + self._base, self._work_np[np.where(zero, 0, index)])
        return self._dates(ordinals)

    def working_days_between_batch(
        self, a: Iterable[date] | npt.ArrayLike, b: Iterable[date] | npt.ArrayLike
    ) -> npt.NDArray[np.int64]:
        """:meth:`working_days_between` over arrays of dates (or ``datetime64``)."""
        count = self._count_np
        result: npt.NDArray[np.int64] = count[self._offsets(b, "b")] - count[self._offsets(a, "a")]
        return result

    def is_working_day_batch(self, days: Iterable[date] | npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """:meth:`is_working_day` over an array of dates (or ``datetime64``)."""
        offsets = self._offsets(days, "days")
        count = self._count_np
        before = np.where(offsets > 0, count[np.maximum(offsets - 1, 0)], 0)
        result: npt.NDArray[np.bool_] = count[offsets] != before
        return result

    def dates_at(self, indices: npt.ArrayLike) -> npt.NDArray[np.datetime64]:
        """``datetime64[D]`` of the working days at the given indices (see :meth:`index_of`)."""
        index = np.asarray(indices, dtype=np.int64)
        if index.size and (index.min() < 0 or index.max() >= len(self._work)):
            raise CalendarRangeError(
                f"working-day indices outside 0..{len(self._work) - 1} "
                f"({self._start.isoformat()} to {self._end.isoformat()})"
            )
        return self._dates(self._work_np[index])
