"""Due dates of statutory and local practice timescales.

>>> from datetime import date
>>> due("initial-health-assessment", date(2026, 12, 14)).date
datetime.date(2027, 1, 14)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError
from inspection_sim.rules.base import Unit
from inspection_sim.rules.order import shift
from inspection_sim.rules.timescale_rules import Timescale, TimescaleSet, load_timescales

__all__ = ["Due", "due", "timescales"]


@dataclass(frozen=True)
class Due:
    """A due date and where it comes from.

    Attributes:
        date: the last day on which the timescale is met (inclusive).
        at: for hour-based timescales started from a ``datetime``, the exact deadline.
        timescale: the rule applied.
        start: the start event's date (day 0).
        occurrence: 1 for the first due date, 2 for the next, ...
    """

    date: dt.date
    timescale: Timescale
    start: dt.date
    occurrence: int = 1
    at: datetime | None = None

    @property
    def source(self) -> str:
        """The timescale's citation, e.g. ``"S32; S33; seed:001 (H)"``."""
        return self.timescale.provenance.label()


@lru_cache(maxsize=1)
def _default_calendar() -> WorkingCalendar:
    return WorkingCalendar()


def timescales(version: str | None = None) -> tuple[Timescale, ...]:
    """Every timescale of the rule set ``version`` (default: the latest), in file order."""
    return tuple(load_timescales(version).items.values())


def due(
    name: str,
    start: date | datetime,
    *,
    calendar: WorkingCalendar | None = None,
    occurrence: int = 1,
    rules: TimescaleSet | None = None,
) -> Due:
    """When timescale ``name`` falls due for a start event on ``start`` (day 0).

    Working-day timescales use ``calendar`` (default: England and Wales, Mon-Fri); ``hours``
    are clock hours (a ``datetime`` start gives an exact ``at``; a ``date`` counts from its start
    and rounds up to whole days); weeks, months and years are calendar periods. ``occurrence`` > 1
    follows the timescale's cadence, each step from the previous due date. ``rules`` is a timescale
    set with a council's local overrides (:meth:`TimescaleSet.with_overrides`).

    Raises:
        UnknownNameError: an unknown timescale (the closest is suggested).
        ArgumentTypeError: ``start`` is not a date.
    """
    if not isinstance(start, date):
        raise ArgumentTypeError("argument 'start' must be a datetime.date", value=start)
    if not isinstance(occurrence, int) or occurrence < 1:
        raise ArgumentTypeError("argument 'occurrence' must be an integer >= 1", value=occurrence)
    item = (rules or load_timescales()).get(name)
    cal = calendar or _default_calendar()
    day = start.date() if isinstance(start, datetime) else start
    at = start if isinstance(start, datetime) else None
    for number in range(1, occurrence + 1):
        value, unit = item.step(number)
        if unit is Unit.HOURS and at is not None:
            at = at + timedelta(hours=value)
            day = at.date()
        else:
            day = shift(day, value, unit, cal)
    return Due(day, item, start.date() if isinstance(start, datetime) else start, occurrence, at)
