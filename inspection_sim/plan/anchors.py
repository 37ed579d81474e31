"""From one anchor date to the notification call and the on-site days, by the rules.

Forward: the call date -> the first on-site day (:func:`onsite_from_notification`). Backward: the
first on-site day -> the call that would lead to it (:func:`notification_from_onsite`). Both apply
the rule's non-working-day policy the same way, so backward then forward gives the same on-site
start. Checks against the rules' weekday and blackout periods give warnings naming the nearest
valid dates (:func:`anchor_warnings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.rules.model import (
    BlackoutKind,
    Framework,
    InspectionType,
    NotWorkingDay,
    OnsiteRule,
)
from inspection_sim.weekmask import DAY_NAMES

__all__ = [
    "Anchors",
    "anchor_warnings",
    "election_warnings",
    "fieldwork_days",
    "notification_calls",
    "notification_from_onsite",
    "onsite_from_notification",
    "resolve",
]


@dataclass(frozen=True)
class Anchors:
    """The nominal notification day (the rule's weekday), the actual call, and the on-site days."""

    nominal: date
    call: date
    onsite: date
    fieldwork: tuple[date, ...]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _call(item: InspectionType, nominal: date, calendar: WorkingCalendar) -> date:
    """The actual call for a nominal notification day, by the non-working-day policy."""
    if calendar.is_working_day(nominal):
        return nominal
    if item.notification.if_not_working_day is NotWorkingDay.PREVIOUS:
        return calendar.roll_backward(nominal)
    return calendar.roll_forward(nominal)


def _nominal_for_call(item: InspectionType, call: date, calendar: WorkingCalendar) -> date:
    """The rule-weekday date a call stands for: itself, or the non-working rule day it replaces."""
    weekday = item.notification.weekday
    if call.weekday() == weekday:
        return call
    policy = item.notification.if_not_working_day
    step = 1 if policy is NotWorkingDay.PREVIOUS else -1
    candidate = call
    for _ in range(7):
        candidate += timedelta(days=step)
        if candidate.weekday() == weekday:
            if not calendar.is_working_day(candidate) and _call(item, candidate, calendar) == call:
                return candidate
            break
    return call


def _onsite_for(item: InspectionType, nominal: date, call: date, calendar: WorkingCalendar) -> date:
    rule = item.onsite
    moves = item.notification.if_not_working_day is NotWorkingDay.NEXT_MOVE_ONSITE
    base = call if moves else nominal
    if rule.rule is OnsiteRule.WORKING_DAYS_AFTER:
        assert rule.working_days is not None
        return calendar.add_working_days(base, rule.working_days)
    assert rule.weekday is not None
    assert rule.weeks_after is not None
    onsite = _monday(nominal) + timedelta(weeks=rule.weeks_after, days=rule.weekday)
    if moves and call != nominal:
        onsite = calendar.add_working_days(onsite, calendar.working_days_between(nominal, call))
    return onsite


def fieldwork_days(
    item: InspectionType, onsite: date, calendar: WorkingCalendar
) -> tuple[date, ...]:
    """The on-site days: the first ``fieldwork.days`` working days from ``onsite`` (inclusive)
    that fall on the fieldwork weekmask (e.g. Mon-Thu for small youth justice services)."""
    mask = item.fieldwork.weekmask
    days: list[date] = []
    day = calendar.roll_forward(onsite)
    while len(days) < item.fieldwork.days:
        if mask[day.weekday()]:
            days.append(day)
        day = calendar.add_working_days(day, 1)
    return tuple(days)


def onsite_from_notification(
    item: InspectionType, notified: date, calendar: WorkingCalendar
) -> Anchors:
    """Plan forward from the date of the call (or its nominal rule weekday)."""
    nominal = _nominal_for_call(item, notified, calendar)
    call = _call(item, nominal, calendar) if nominal == notified else notified
    onsite = _onsite_for(item, nominal, call, calendar)
    return Anchors(nominal, call, onsite, fieldwork_days(item, onsite, calendar))


def notification_from_onsite(
    item: InspectionType, onsite: date, calendar: WorkingCalendar
) -> Anchors:
    """Plan backward: the call that leads to fieldwork starting on ``onsite``.

    For a ``working-days-after`` rule the latest rule-weekday date that plans forward to
    ``onsite`` is chosen (so a holiday on the rule's weekday still gives the rolled call); when no
    such date exists, the call is the working day ``working_days`` before ``onsite``.
    """
    rule = item.onsite
    if rule.rule is OnsiteRule.WORKING_DAYS_AFTER:
        assert rule.working_days is not None
        nominal = calendar.add_working_days(onsite, -rule.working_days)
        weekday = item.notification.weekday
        candidate = onsite - timedelta(days=(onsite.weekday() - weekday) % 7 or 7)
        limit = nominal - timedelta(days=7)
        while candidate >= limit:
            forward = onsite_from_notification(item, _call(item, candidate, calendar), calendar)
            if forward.onsite == onsite:
                return forward
            candidate -= timedelta(weeks=1)
    else:
        assert rule.weeks_after is not None
        nominal = _monday(onsite) - timedelta(weeks=rule.weeks_after)
        nominal += timedelta(days=item.notification.weekday)
    return onsite_from_notification(item, _call(item, nominal, calendar), calendar)


def resolve(
    item: InspectionType,
    calendar: WorkingCalendar,
    *,
    notified: date | None = None,
    onsite: date | None = None,
) -> Anchors:
    """Anchors from exactly one of ``notified`` or ``onsite``."""
    if notified is not None:
        return onsite_from_notification(item, notified, calendar)
    assert onsite is not None
    return notification_from_onsite(item, onsite, calendar)


# -- warnings ----------------------------------------------------------------------------------------


def _blocked(framework: Framework, days: tuple[date, ...], calendar: WorkingCalendar) -> list[str]:
    """Names of the fieldwork blackouts the on-site days fall in."""
    found = []
    for rule in framework.fieldwork_blackouts():
        if rule.kind is BlackoutKind.BANK_HOLIDAY_WEEKS:
            first, last = _monday(days[0]), _monday(days[-1]) + timedelta(days=6)
            first, last = max(first, calendar.start), min(last, calendar.end)
            named = [
                f"{d.isoformat()} {n}"
                for d, n in calendar.holidays_in(first, last)
                if n != "closure"
            ]
            if named:
                found.append(f"{rule.name} ({'; '.join(named)})")
        elif any(rule.contains(day) for day in days):
            found.append(rule.name)
    return found


def _valid_onsites(
    item: InspectionType, framework: Framework, start: date, calendar: WorkingCalendar, step: int
) -> Anchors | None:
    """The nearest plan, stepping a week at a time from ``start``, whose fieldwork is allowed."""
    for weeks in range(1, 80):
        candidate = start + timedelta(weeks=step * weeks)
        if (
            not calendar.start + timedelta(days=40)
            <= candidate
            <= calendar.end - timedelta(days=80)
        ):
            return None
        anchors = notification_from_onsite(item, candidate, calendar)
        if not _blocked(framework, anchors.fieldwork, calendar):
            return anchors
    return None


def anchor_warnings(
    item: InspectionType,
    framework: Framework,
    anchors: Anchors,
    calendar: WorkingCalendar,
    *,
    notified: date | None,
    onsite: date | None = None,
) -> list[str]:
    """Warnings about the anchor: a call on another weekday than the rule's, an on-site start
    the rules cannot give, or fieldwork in a period the rules say is not used. Each names the
    nearest valid dates."""
    warnings: list[str] = []
    if onsite is not None and anchors.onsite != onsite:
        later = notification_from_onsite(item, anchors.onsite + timedelta(weeks=1), calendar)
        warnings.append(
            f"{item.key}: an on-site start on {onsite:%a} {onsite.isoformat()} is not one the rules "
            f"give; planned from {anchors.fieldwork[0]:%a} {anchors.fieldwork[0].isoformat()}; "
            f"nearest valid on-site starts: {anchors.fieldwork[0].isoformat()} and "
            f"{later.fieldwork[0].isoformat()}"
        )
    weekday = item.notification.weekday
    if notified is not None and anchors.nominal.weekday() != weekday:
        back = notified - timedelta(days=(notified.weekday() - weekday) % 7)
        ahead = back + timedelta(weeks=1)
        warnings.append(
            f"{item.key}: notification on {notified:%a} {notified.isoformat()} is not the rule's "
            f"weekday ({DAY_NAMES[weekday]}); nearest valid notification dates: "
            f"{back.isoformat()} and {ahead.isoformat()}"
        )
    blocked = _blocked(framework, anchors.fieldwork, calendar)
    if blocked:
        options = [
            a
            for a in (
                _valid_onsites(item, framework, anchors.onsite, calendar, -1),
                _valid_onsites(item, framework, anchors.onsite, calendar, 1),
            )
            if a is not None
        ]
        nearest = "; ".join(
            f"notified {a.call.isoformat()} -> on site {a.onsite.isoformat()}" for a in options
        )
        warnings.append(
            f"{item.key}: fieldwork {anchors.fieldwork[0].isoformat()} to "
            f"{anchors.fieldwork[-1].isoformat()} falls in a period without fieldwork: "
            f"{', '.join(blocked)}; nearest valid dates: {nearest or 'none found'}"
        )
    return warnings


def election_warnings(
    item: InspectionType,
    framework: Framework,
    dates: Mapping[str, tuple[date, date]],
    elections: Sequence[date],
) -> list[str]:
    """Warnings for publication steps that fall in a pre-election publication hold (the hold's
    ``days`` before an election in the area, election day included)."""
    warnings = []
    holds = [b for b in framework.blackouts if b.kind is BlackoutKind.PRE_ELECTION]
    steps = [step for step in item.post if "publication" in step.id]
    for hold in holds:
        assert hold.days is not None
        for election in elections:
            first = election - timedelta(days=hold.days)
            for step in steps:
                day = dates[step.id][0]
                if first <= day <= election:
                    warnings.append(
                        f"{item.key}: {step.name.lower()} on {day.isoformat()} falls in the "
                        f"{hold.name.lower()} ({first.isoformat()} to {election.isoformat()}, "
                        f"before the election on {election.isoformat()}); expect it after the election"
                    )
    return warnings


# -- the calls the rules give ------------------------------------------------------------------------


def notification_calls(
    item: InspectionType,
    framework: Framework,
    calendar: WorkingCalendar,
    first: date,
    last: date,
    *,
    every_day: bool = False,
) -> list[tuple[date, tuple[str, ...]]]:
    """The notification calls in ``[first, last]`` and, for each, why the rules would not give
    it (empty: they would).

    The rules give a call on their weekday, moved by their non-working-day policy (a
    bank-holiday Monday call on the Tuesday), whose fieldwork falls in no period without
    fieldwork. ``every_day`` adds every other working day, each marked "not the rule's weekday";
    a call whose fieldwork falls in such a period is marked with the periods' names either way.
    """
    weekday = item.notification.weekday
    calls: dict[date, list[str]] = {}
    day = first - timedelta(days=7)  # a nominal day before the window may roll into it
    while day <= last:
        if day.weekday() == weekday:
            call = _call(item, day, calendar)
            if first <= call <= last:
                calls.setdefault(call, [])
        day += timedelta(days=1)
    if every_day:
        for day in calendar.working_days(first, last):
            if day not in calls:
                calls[day] = [f"not the rule's weekday ({DAY_NAMES[weekday]})"]
    found = []
    for call in sorted(calls):
        anchors = onsite_from_notification(item, call, calendar)
        reasons = [*calls[call], *_blocked(framework, anchors.fieldwork, calendar)]
        found.append((call, tuple(reasons)))
    return found
