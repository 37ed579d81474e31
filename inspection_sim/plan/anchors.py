"""From one anchor date to the notification call and the on-site days, by the rules.

Forward: the call date -> the first on-site day (:func:`onsite_from_notification`). Backward: the
first on-site day -> the call that would lead to it (:func:`notification_from_onsite`). Both apply
the rule's non-working-day policy the same way, so backward then forward gives the same on-site
start. Checks against the rules' weekday and blackout periods give warnings naming the nearest
valid dates (:func:`anchor_warnings`).
"""

from __future__ import annotations

import itertools
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
    "unverified_notes",
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


def _nominal_run(item: InspectionType, onsite: date) -> list[date]:
    """The rule's on-site days from ``onsite`` as if no day were a holiday: the first
    ``fieldwork.days`` days on the fieldwork weekmask (a weekend between them only when the rule
    needs more days than one week holds)."""
    mask = item.fieldwork.weekmask
    days: list[date] = []
    day = onsite
    while len(days) < item.fieldwork.days:
        if mask[day.weekday()]:
            days.append(day)
        day += timedelta(days=1)
    return days


def fieldwork_days(
    item: InspectionType, onsite: date, calendar: WorkingCalendar
) -> tuple[date, ...]:
    """The on-site days: the rule's run of ``fieldwork.days`` days on the fieldwork weekmask from
    ``onsite`` (e.g. Mon-Thu for small youth justice services), less any that are not working
    days. A bank holiday shortens the fieldwork; it never pushes it over a weekend. When no day of
    the run is a working day, the fieldwork starts on the next working day instead."""
    days = tuple(d for d in _nominal_run(item, onsite) if calendar.is_working_day(d))
    if days:
        return days
    return tuple(
        d
        for d in _nominal_run(item, calendar.roll_forward(onsite + timedelta(days=1)))
        if calendar.is_working_day(d)
    )


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


def _blocked(
    item: InspectionType, framework: Framework, days: tuple[date, ...], calendar: WorkingCalendar
) -> list[str]:
    """Names of the fieldwork blackouts of this inspection type the on-site days fall in."""
    found = []
    for rule in framework.fieldwork_blackouts(item.id):
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


def _short_notice(item: InspectionType, anchors: Anchors, calendar: WorkingCalendar) -> int | None:
    """The working days' notice when a holiday made it shorter than the rule's usual notice."""
    usual = item.onsite.nominal_working_days
    notice = calendar.working_days_between(anchors.call, anchors.fieldwork[0])
    if usual is not None and notice < usual:
        return notice
    return None


def _holidays(calendar: WorkingCalendar, first: date, last: date) -> str:
    named = [f"{d:%a} {d.isoformat()} {n}" for d, n in calendar.holidays_in(first, last)]
    return "; ".join(named) or "a non-working day"


def _is_valid(
    item: InspectionType, framework: Framework, anchors: Anchors, calendar: WorkingCalendar
) -> bool:
    """A plan the rules give without any warning: the call on the rule's weekday, the usual
    notice, the rule's whole fieldwork, and no period without fieldwork."""
    return (
        anchors.call == anchors.nominal
        and anchors.call.weekday() == item.notification.weekday
        and _short_notice(item, anchors, calendar) is None
        and len(anchors.fieldwork) == item.fieldwork.days
        and not _blocked(item, framework, anchors.fieldwork, calendar)
    )


def _nearest_valid(
    item: InspectionType, framework: Framework, around: date, calendar: WorkingCalendar, step: int
) -> Anchors | None:
    """The nearest valid plan whose call is on the rule's weekday, a week at a time from the
    rule-weekday date of ``around``'s week (``step`` -1: that date and earlier; 1: later)."""
    weekday = item.notification.weekday
    nominal = _monday(around) + timedelta(days=weekday)
    if step > 0 and nominal <= around:
        nominal += timedelta(weeks=1)
    elif step < 0 and nominal > around:
        nominal -= timedelta(weeks=1)
    for _ in range(80):
        inside = calendar.start + timedelta(days=40) <= nominal <= calendar.end - timedelta(days=80)
        if not inside:
            return None
        if calendar.is_working_day(nominal):
            anchors = onsite_from_notification(item, nominal, calendar)
            if _is_valid(item, framework, anchors, calendar):
                return anchors
        nominal += timedelta(weeks=step)
    return None


def _suggestions(
    item: InspectionType, framework: Framework, around: date, calendar: WorkingCalendar
) -> str:
    options = [
        a
        for a in (
            _nearest_valid(item, framework, around, calendar, -1),
            _nearest_valid(item, framework, around, calendar, 1),
        )
        if a is not None
    ]
    found = "; ".join(
        f"notified {a.call:%a} {a.call.isoformat()} -> on site {a.fieldwork[0]:%a} "
        f"{a.fieldwork[0].isoformat()}"
        for a in options
    )
    return f"nearest valid dates: {found or 'none found'}"


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
    the rules cannot give, notice shortened by a bank holiday, fieldwork shortened by one or over
    a weekend, or fieldwork in a period the rules say is not used. Each names the nearest valid
    dates, whose calls are on the rule's weekday."""
    warnings: list[str] = []
    weekday = item.notification.weekday
    around = anchors.nominal
    if onsite is not None and anchors.onsite != onsite:
        later = notification_from_onsite(item, anchors.onsite + timedelta(weeks=1), calendar)
        warnings.append(
            f"{item.name}: an on-site start on {onsite:%a} {onsite.isoformat()} is not one the rules "
            f"give; planned from {anchors.fieldwork[0]:%a} {anchors.fieldwork[0].isoformat()}; "
            f"nearest valid on-site starts: {anchors.fieldwork[0].isoformat()} and "
            f"{later.fieldwork[0].isoformat()}"
        )
    elif onsite is not None and anchors.nominal.weekday() != weekday:
        warnings.append(
            f"{item.name}: fieldwork from {onsite:%a} {onsite.isoformat()} needs a call on "
            f"{anchors.call:%a} {anchors.call.isoformat()}, not on the rule's weekday "
            f"({DAY_NAMES[weekday]}); planned from that call; "
            f"{_suggestions(item, framework, around, calendar)}"
        )
    if notified is not None and anchors.nominal.weekday() != weekday:
        warnings.append(
            f"{item.name}: notification on {notified:%a} {notified.isoformat()} is not the rule's "
            f"weekday ({DAY_NAMES[weekday]}); {_suggestions(item, framework, around, calendar)}"
        )
    blocked = _blocked(item, framework, anchors.fieldwork, calendar)
    if blocked:
        warnings.append(
            f"{item.name}: fieldwork {anchors.fieldwork[0].isoformat()} to "
            f"{anchors.fieldwork[-1].isoformat()} falls in a period without fieldwork: "
            f"{', '.join(blocked)}; {_suggestions(item, framework, around, calendar)}"
        )
    short = _short_notice(item, anchors, calendar)
    on_rule_day = anchors.nominal.weekday() == weekday
    holiday = calendar.holidays_in(anchors.nominal, anchors.fieldwork[0])
    if on_rule_day and holiday and (anchors.call != anchors.nominal or short is not None):
        policy = item.notification.if_not_working_day.value
        unverified = ", UNVERIFIED" if item.notification.provenance.unverified else ""
        notice = calendar.working_days_between(anchors.call, anchors.fieldwork[0])
        usual = item.onsite.nominal_working_days
        warnings.append(
            f"{item.name}: a bank holiday changes the notice: "
            f"{_holidays(calendar, anchors.nominal, anchors.fieldwork[0])}; the rules assume a "
            f"call on {anchors.call:%a} {anchors.call.isoformat()} and fieldwork from "
            f"{anchors.fieldwork[0]:%a} {anchors.fieldwork[0].isoformat()}: {notice} working "
            f"days' notice"
            + (f", not the usual {usual}" if usual is not None else "")
            + f" (the rule data's if_not_working_day: {policy}{unverified}); "
            f"{_suggestions(item, framework, around, calendar)}"
        )
    run = _nominal_run(item, anchors.onsite)
    if len(anchors.fieldwork) < item.fieldwork.days:
        warnings.append(
            f"{item.name}: fieldwork {anchors.fieldwork[0].isoformat()} to "
            f"{anchors.fieldwork[-1].isoformat()} has {len(anchors.fieldwork)} days, not the "
            f"rule's {item.fieldwork.days}: {_holidays(calendar, run[0], run[-1])}"
        )
    weekends = sum(1 for a, b in itertools.pairwise(run) if (b - a).days > 1)
    usual_weekends = -(-item.fieldwork.days // sum(item.fieldwork.weekmask)) - 1
    if weekends > usual_weekends:
        warnings.append(
            f"{item.name}: fieldwork {anchors.fieldwork[0]:%a} {anchors.fieldwork[0].isoformat()} "
            f"to {anchors.fieldwork[-1]:%a} {anchors.fieldwork[-1].isoformat()} spans a weekend, "
            f"which the rule's {item.fieldwork.days} days do not need; "
            f"{_suggestions(item, framework, around, calendar)}"
        )
    return warnings


def unverified_notes(item: InspectionType) -> list[str]:
    """One note naming the plan's dates that rest on UNVERIFIED rules: the call's weekday, the
    notice, the fieldwork's length and the publication steps. They are parameters to check
    against the framework text, not mistakes of the anchor, so ``--strict`` does not refuse
    them."""
    parts = []
    n, o, f = item.notification, item.onsite, item.fieldwork
    if "weekday" in n.provenance.unverified:
        parts.append(f"the call's weekday ({DAY_NAMES[n.weekday]})")
    notice_fields = {"rule", "weekday", "weeks_after", "working_days"}
    if notice_fields & set(o.provenance.unverified):
        parts.append("the notice before fieldwork")
    if "days" in f.provenance.unverified:
        parts.append(f"the fieldwork's length ({f.days} days)")
    for step in item.post:
        if "publication" in step.id and step.provenance.unverified:
            parts.append(f"{step.name.lower()} ({step.at})")
    if not parts:
        return []
    return [
        f"{item.name}: these dates rest on UNVERIFIED rules (`rules show {item.key}`): "
        f"{'; '.join(parts)}"
    ]


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
                        f"{item.name}: {step.name.lower()} on {day.isoformat()} falls in the "
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
    fieldwork for this inspection type and has the rule's number of days (a bank holiday would
    cut it short). ``every_day`` adds every other working day, each marked "not the rule's
    weekday"; a call whose fieldwork falls in such a period, or is cut short, is marked with why
    either way.
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
        reasons = [*calls[call], *_blocked(item, framework, anchors.fieldwork, calendar)]
        if len(anchors.fieldwork) < item.fieldwork.days:
            run = _nominal_run(item, anchors.onsite)
            reasons.append(
                f"fieldwork cut to {len(anchors.fieldwork)} of the rule's {item.fieldwork.days} "
                f"days ({_holidays(calendar, run[0], run[-1])})"
            )
        found.append((call, tuple(reasons)))
    return found
