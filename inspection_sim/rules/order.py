"""Dates of an inspection type's framework items, in the order their offsets need.

Anchors (``notification``, ``onsite``, ``fieldwork-end``) are given; every phase, return, meeting
and post-inspection step is an :class:`~inspection_sim.rules.base.Offset` from an anchor or from
another item. Naming a phase means its last day; naming a daily meeting means its first day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from inspection_sim.errors import RuleFileError
from inspection_sim.rules.base import ANCHORS, Offset, Unit

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.rules.model import Blackout, InspectionType

__all__ = ["framework_dates", "item_order", "publication_calendar", "shift"]


def shift(day: date, value: int, unit: Unit, calendar: WorkingCalendar) -> date:
    """``day`` moved by ``value`` units. Working days count from day 0 (``day`` itself); hours
    round up to whole calendar days; months and years keep the day of month where possible."""
    if unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(day, value)
    if unit is Unit.CALENDAR_DAYS:
        return day + timedelta(days=value)
    if unit is Unit.HOURS:
        return day + timedelta(days=-(-value // 24))
    if unit is Unit.WEEKS:
        return day + timedelta(weeks=value)
    from dateutil.relativedelta import relativedelta

    months = value if unit is Unit.MONTHS else 12 * value
    result: date = day + relativedelta(months=months)
    return result


def _offsets(item: InspectionType) -> dict[str, tuple[Offset, ...]]:
    found: dict[str, tuple[Offset, ...]] = {}
    for phase in item.phases:
        found[phase.id] = (phase.start, phase.end)
    for ret in item.returns:
        found[ret.id] = (ret.due,)
    for meeting in item.meetings:
        found[meeting.id] = (
            (meeting.at,) if meeting.at else (Offset("onsite", 0, Unit.WORKING_DAYS),)
        )
    for step in item.post:
        found[step.id] = (step.at,)
    return found


def item_order(item: InspectionType) -> tuple[str, ...]:
    """Framework item ids so that every item comes after the items its offsets name.

    Raises:
        RuleFileError: the offsets form a cycle (the cycle is named).
    """
    offsets = _offsets(item)
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, trail: list[str]) -> None:
        if node in ANCHORS or state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = [*trail[trail.index(node) :], node]
            raise RuleFileError(
                "offsets form a cycle: " + " -> ".join(cycle),
                source=item.source_file,
                key=f"inspections.{item.id}",
            )
        state[node] = 1
        for off in offsets[node]:
            visit(off.after, [*trail, node])
        state[node] = 2
        order.append(node)

    for node in offsets:
        visit(node, [])
    return tuple(order)


def _pause_days(calendar: WorkingCalendar, windows: tuple[tuple[str, str], ...]) -> list[date]:
    days, day = [], calendar.start
    while day <= calendar.end:
        key = f"{day.month:02d}-{day.day:02d}"
        if any((a <= key <= b) if a <= b else (key >= a or key <= b) for a, b in windows):
            days.append(day)
        day += timedelta(days=1)
    return days


@lru_cache(maxsize=16)
def _paused(calendar: WorkingCalendar, windows: tuple[tuple[str, str], ...]) -> WorkingCalendar:
    return calendar.derive(closures=_pause_days(calendar, windows))


def publication_calendar(calendar: WorkingCalendar, pauses: Sequence[Blackout]) -> WorkingCalendar:
    """The publication clock: ``calendar`` without the working days of the yearly publication
    pauses (the Christmas period), which do not count towards a publication's working days."""
    windows = tuple((str(p.start), str(p.end)) for p in pauses)
    return _paused(calendar, windows) if windows else calendar


def framework_dates(
    item: InspectionType,
    anchors: Mapping[str, date],
    calendar: WorkingCalendar,
    pauses: Sequence[Blackout] = (),
) -> dict[str, tuple[date, date]]:
    """``{id: (first day, last day)}`` for anchors and framework items (one-day items repeat).

    Publication steps (ids holding ``publication``) count their working days on the publication
    clock: ``pauses`` (yearly publication pauses) do not count."""
    published = publication_calendar(calendar, pauses)
    dates: dict[str, tuple[date, date]] = {k: (v, v) for k, v in anchors.items()}
    offsets = _offsets(item)
    fieldwork = dates["onsite"][0], dates["fieldwork-end"][0]
    phases = {phase.id for phase in item.phases}
    daily = {meeting.id for meeting in item.meetings if meeting.during}
    for node in item_order(item):
        days = []
        clock = published if "publication" in node else calendar
        for off in offsets[node]:
            first, last = dates[off.after]
            days.append(shift(last if off.after in phases else first, off.value, off.unit, clock))
        if node in daily:
            dates[node] = fieldwork
        else:
            dates[node] = (days[0], days[-1])
    return dates
