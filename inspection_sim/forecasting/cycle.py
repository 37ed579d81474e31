"""When will they come? Next-activity distributions from a council's inspection history.

Each forecast activity is a distribution over on-site start dates built in three steps:

1. offsets from an anchor (the pause-adjusted anniversary for the next inspection, the quarterly
   date for a monitoring visit...) as equally weighted points of a calibrated or rule distribution;
   for the next inspection, the calibrated offset is the post-pause queue model's (``QueueModel``):
   a judgement level plus a slope in the anniversary, plus a normal residual;
2. each point moves to the on-site weekday of its week, and weeks whose fieldwork would touch a
   period without fieldwork (summer, Christmas, a bank holiday) lose their weight;
3. dates before the earliest possible start (``on`` plus the notice) are dropped, since by ``on``
   nothing has been notified: the rest is renormalised, i.e. conditioned on "not before".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ForecastInputError, UnknownNameError
from inspection_sim.forecasting.calibration import DAYS_PER_MONTH, Calibration, calibration
from inspection_sim.forecasting.cycle_rules import (
    CycleRules,
    Event,
    OtherFramework,
    Timing,
    cycle_rules,
)
from inspection_sim.forecasting.distribution import DateDistribution
from inspection_sim.forecasting.history import HistoryEntry, latest_inspection, parse_history
from inspection_sim.forecasting.publication import PublicationForecast, forecast_publication
from inspection_sim.rules.model import BlackoutKind

__all__ = ["MODELS", "ActivityForecast", "Forecast", "forecast"]

#: "calibrated": the post-pause queue model fitted on the published history (S13, ``QueueModel``);
#: "framework": the rule window only.
MODELS = ("calibrated", "framework")
_POINTS = 2000
#: Equally weighted mid-point quantiles of the standard normal (the queue model's residual).
_STANDARD_NORMAL = np.asarray(
    [NormalDist().inv_cdf((k + 0.5) / _POINTS) for k in range(_POINTS)], dtype=float
)


@dataclass(frozen=True)
class ActivityForecast:
    """One forecast activity: on-site start dates, their notification dates, and the basis."""

    activity: str
    onsite: DateDistribution
    notification: DateDistribution
    basis: str

    def to_dict(self) -> dict[str, Any]:
        """``{"activity": ..., "p10": iso, ..., "p90": iso, "notification": {...}, "basis": ...}``."""
        quantiles = {k: v.isoformat() for k, v in self.onsite.quantiles().items()}
        notified = {k: v.isoformat() for k, v in self.notification.quantiles().items()}
        return {
            "activity": self.activity,
            **quantiles,
            "notification": notified,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Forecast:
    """The forecast for one council as of ``on``: activities soonest first (by median)."""

    on: date
    history: tuple[HistoryEntry, ...]
    next: tuple[ActivityForecast, ...]
    after_last: PublicationForecast | None = None
    model: str = "calibrated"
    source: str = field(default="")
    #: Events of the cycle that are not inspections (self-evaluation, engagement meeting, the
    #: action planning visit), soonest first.
    events: tuple[ActivityForecast, ...] = ()

    def activity(self, name: str) -> ActivityForecast:
        """The forecast activity called ``name`` (e.g. ``"ilacs:short"``)."""
        names = tuple(a.activity for a in self.next)
        for item in self.next:
            if item.activity == name:
                return item
        raise UnknownNameError(
            "activity not in this forecast", key="activity", value=name, choices=names
        )

    def inspection(self) -> ActivityForecast:
        """The soonest graded inspection (ILACS short or standard first, when forecast)."""
        graded = ("ilacs:short", "ilacs:standard")
        for item in self.next:
            if item.activity in graded:
                return item
        return next(a for a in self.next if not a.activity.endswith(("visit", ":monitoring")))

    def notification_window(self, activity: str | None = None) -> DateDistribution:
        """Notification dates and weights for ``activity`` (default: the next inspection), for a
        simulation to draw notification dates from."""
        chosen = self.inspection() if activity is None else self.activity(activity)
        return chosen.notification

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``{"next": [...], "on": iso, ...}``."""
        data: dict[str, Any] = {
            "on": self.on.isoformat(),
            "model": self.model,
            "history": [str(entry) for entry in self.history],
            "next": [a.to_dict() for a in self.next],
            "source": self.source,
        }
        if self.after_last is not None:
            data["after_last"] = self.after_last.to_dict()
        if self.events:
            data["events"] = [a.to_dict() for a in self.events]
        return data

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON (keys in a fixed order)."""
        return json.dumps(self.to_dict(), indent=2)


@dataclass(frozen=True)
class _Context:
    on: date
    cal: WorkingCalendar
    rules: CycleRules
    calib: Calibration


def _onsite_days(start: date, fieldwork_days: int) -> list[date]:
    """The weekdays of a fieldwork period of ``fieldwork_days`` starting on ``start``."""
    days: list[date] = []
    day = start
    while len(days) < fieldwork_days:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _allowed(ctx: _Context, timing: Timing, start: date) -> bool:
    """False when the fieldwork would touch one of the type's periods without fieldwork (a
    pause, a season, a week holding a bank holiday): the rules' blackouts, as plans use them."""
    days = _onsite_days(start, timing.fieldwork_days)
    for rule in timing.blackouts:
        if rule.kind is BlackoutKind.BANK_HOLIDAY_WEEKS:
            monday = days[0] - timedelta(days=days[0].weekday())
            weekdays = _onsite_days(monday, 5 * (1 + (days[-1] - monday).days // 7))
            if not all(ctx.cal.is_working_day(day) for day in weekdays):
                return False
        elif any(rule.contains(day) for day in days):
            return False
    return True


def _on_weekday(ordinals: npt.NDArray[np.int64], weekday: int) -> npt.NDArray[np.int64]:
    """Each ordinal moved to ``weekday`` of its Monday-based week (ordinal 1 is a Monday)."""
    result: npt.NDArray[np.int64] = ordinals - (ordinals - 1) % 7 + weekday
    return result


def _build(
    ctx: _Context, activity: str, targets: npt.NDArray[np.int64], timing: Timing, basis: str
) -> ActivityForecast:
    """Weights per start date on the type's on-site weekday; nothing before ``on`` plus the
    type's notice; no mass on starts whose fieldwork the rules rule out."""
    earliest = ctx.on.toordinal() + timing.notification_days_before
    starts = _on_weekday(targets, timing.onsite_weekday)
    unique, counts = np.unique(starts, return_counts=True)
    weights = counts.astype(float)
    for i, ordinal in enumerate(unique):
        if ordinal < earliest or not _allowed(ctx, timing, date.fromordinal(int(ordinal))):
            weights[i] = 0.0
    if weights.sum() == 0:  # the window has passed or is closed: the next open weeks (overdue)
        unique = _open_weeks(ctx, earliest, timing)
        weights = np.ones(unique.size)
        basis += "; window passed or closed, spread over the next open weeks"
    onsite = DateDistribution.from_ordinals(unique, weights)
    notified = _notification(ctx, onsite, timing.notification_days_before)
    return ActivityForecast(activity, onsite, notified, basis)


def _open_weeks(ctx: _Context, earliest: int, timing: Timing) -> npt.NDArray[np.int64]:
    """The first ``overdue_weeks`` allowed start dates on the type's weekday from ``earliest``."""
    ordinal = int(_on_weekday(np.asarray([earliest + 6]), timing.onsite_weekday)[0])
    found: list[int] = []
    while len(found) < ctx.rules.overdue_weeks:
        if _allowed(ctx, timing, date.fromordinal(ordinal)):
            found.append(ordinal)
        ordinal += 7
    return np.asarray(found, dtype=np.int64)


def _notification(ctx: _Context, onsite: DateDistribution, days_before: int) -> DateDistribution:
    """Notification dates: ``days_before`` each start, rolled forward to a working day."""
    before = timedelta(days=days_before)
    ordinals = np.asarray([ctx.cal.roll_forward(d - before).toordinal() for d in onsite.dates])
    return DateDistribution.from_ordinals(ordinals, np.asarray(onsite.weights))


def _days(points_months: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    return np.rint(points_months * DAYS_PER_MONTH).astype(np.int64)


def _next_inspection(ctx: _Context, last: HistoryEntry, model: str) -> ActivityForecast:
    judgement = str(last.judgement)
    kind = ctx.rules.next_after[judgement]
    anniversary = ctx.rules.anniversary(last.start)
    regime = ctx.calib.queue.regime(last.start, anniversary, ctx.rules)
    if model == "framework" or regime == "before":
        window = ctx.rules.window_months
        points = np.linspace(-window, window, _POINTS)
        basis = f"framework window: {ctx.rules.anniversary_months} months +/- {window} (S3, S4)"
        if model != "framework":
            basis += "; the anniversary came before the pause, which no fit covers"
    else:
        queue = ctx.calib.queue
        shift, sigma, what = queue.offset_for(anniversary, judgement, regime)
        points = shift + sigma * _STANDARD_NORMAL
        basis = (
            f"{what}: {shift:+.1f} +/- {sigma:.1f} months (sd) from the "
            f"{'pause-adjusted ' if regime == 'pause' else ''}anniversary after '{judgement}' "
            f"(S13)"
        )
    targets = anniversary.toordinal() + _days(points)
    return _build(ctx, f"ilacs:{kind}", targets, ctx.rules.timing[kind], basis)


def _focused_visit(
    ctx: _Context, last: HistoryEntry, since: list[HistoryEntry]
) -> ActivityForecast | None:
    rules = ctx.rules.focused_visit
    done = sum(entry.type == "focused-visit" for entry in since)
    if last.judgement not in rules.after or _reached(done, rules.max_count):
        return None
    first = (last.start + relativedelta(months=rules.earliest_months)).toordinal()
    last_day = ctx.rules.anniversary(last.start, rules.latest_months).toordinal()
    earliest = ctx.on.toordinal() + rules.timing.notification_days_before
    first = max(first, earliest)
    if last_day - first < 7:
        return None
    targets = np.linspace(first, last_day, _POINTS).round().astype(np.int64)
    basis = "even over the months between inspections (seed 002; timing UNVERIFIED)"
    return _build(ctx, "ilacs:focused-visit", targets, rules.timing, basis)


def _reached(count: int, most: int | None) -> bool:
    return most is not None and count >= most


def _jitter(rules_weeks: int) -> npt.NDArray[np.int64]:
    return np.rint(np.linspace(-7 * rules_weeks, 7 * rules_weeks, 41)).astype(np.int64)


def _monitoring_visit(
    ctx: _Context, last: HistoryEntry, since: list[HistoryEntry]
) -> ActivityForecast | None:
    rules = ctx.rules.monitoring_visit
    visits = [entry for entry in since if entry.type == "monitoring-visit"]
    if last.judgement not in rules.after or _reached(len(visits), rules.max_count):
        return None
    jitter = _jitter(ctx.rules.monitoring_spread_weeks)
    if visits:
        anchor = (visits[-1].start + relativedelta(months=rules.interval_months)).toordinal()
        targets = anchor + jitter
        basis = "about quarterly after the last visit (S7, S14)"
    else:
        assert rules.first_weeks is not None  # checked when the rules were read
        published = forecast_publication(last.start, last.type, calendar=ctx.cal, calib=ctx.calib)
        deadlines = np.asarray([d.toordinal() for d in published.action_plan.dates])
        repeat = np.rint(np.asarray(published.action_plan.weights) * _POINTS).astype(np.int64)
        first = np.repeat(deadlines, repeat) + 7 * rules.first_weeks
        targets = (first[:, None] + jitter[None, :]).ravel()
        basis = (
            f"about {rules.first_weeks} weeks after the "
            f"{ctx.rules.action_plan_working_days}-working-day action plan (S6, S14)"
        )
    return _build(ctx, "ilacs:monitoring-visit", targets, rules.timing, basis)


def _other_framework(
    ctx: _Context, rules: OtherFramework, last: HistoryEntry
) -> list[ActivityForecast]:
    """Area SEND or HMIP activities: even over each rule's window after the last inspection,
    the clock stopped in that framework's own pauses; each with its own type's notice."""
    found = []
    for rule in rules.next:
        if last.judgement not in rule.after:
            continue
        first = rules.anniversary(last.start, rule.from_months).toordinal()
        final = rules.anniversary(last.start, rule.to_months).toordinal()
        targets = np.linspace(first, final, _POINTS).round().astype(np.int64)
        basis = (
            f"even from {rule.from_months} to {rule.to_months} months after the last "
            f"inspection ({rule.basis})"
        )
        found.append(_build(ctx, f"{rules.name}:{rule.activity}", targets, rule.timing, basis))
    return found


def _event_dates(
    ctx: _Context, event: Event, last: HistoryEntry, entries: tuple[HistoryEntry, ...]
) -> ActivityForecast | None:
    """A yearly event a year after its last record (or after the last inspection, stepped on
    by years to after ``on``), or an event after a judgement; spread evenly over its window."""
    if event.first_weeks is not None:
        if last.judgement not in event.after:
            return None
        published = forecast_publication(last.start, last.type, calendar=ctx.cal, calib=ctx.calib)
        centre = published.published.quantile(50) + timedelta(weeks=event.first_weeks)
        basis = f"about {event.first_weeks} weeks after publication ({event.provenance.label()})"
    else:
        assert event.interval_months is not None
        seen = [e.start for e in entries if e.type == event.id]
        centre = seen[-1] if seen else last.start
        step = 1
        while centre + relativedelta(months=event.interval_months * step) < ctx.on:
            step += 1
        centre = centre + relativedelta(months=event.interval_months * step)
        since = "the last one recorded" if seen else "the last inspection, a year at a time"
        basis = f"every {event.interval_months} months from {since} ({event.provenance.label()})"
    first = max(centre - timedelta(days=event.window_days), ctx.on)
    final = max(centre + timedelta(days=event.window_days), first)
    ordinals = np.arange(first.toordinal(), final.toordinal() + 1, dtype=np.int64)
    working = np.asarray([ctx.cal.is_working_day(date.fromordinal(int(o))) for o in ordinals])
    if not working.any():
        return None
    dist = DateDistribution.from_ordinals(ordinals[working], np.ones(int(working.sum())))
    return ActivityForecast(f"ilacs:{event.id}", dist, dist, basis)


def forecast(
    history: Iterable[str | HistoryEntry],
    on: date | None = None,
    *,
    model: str = "calibrated",
    calendar: WorkingCalendar | None = None,
    rules: CycleRules | None = None,
    calib: Calibration | None = None,
) -> Forecast:
    """Forecast a council's next inspection activities from its history.

    Args:
        history: entries ``start:type:judgement`` (see :mod:`.history`) or parsed entries.
        on: the date of the forecast; nothing is notified before it. Default: the day after the
            latest entry's start.
        model: one of :data:`MODELS`.
        calendar: the working-day calendar (default England and Wales).
        rules, calib: cycle rules and calibration (default: the shipped files).

    Returns:
        A :class:`Forecast` whose ``next`` lists activities soonest first.

    Raises:
        ForecastInputError: for a malformed history or a history entry after ``on``.
        UnknownNameError: for an unknown model, type or judgement.

    >>> f = forecast(["2024-03-11:short:good"], on=date(2026, 11, 23))
    >>> f.inspection().activity
    'ilacs:short'
    """
    if model not in MODELS:
        raise UnknownNameError("unknown forecast model", key="model", value=model, choices=MODELS)
    entries = parse_history(history)
    when = on if on is not None else entries[-1].start + timedelta(days=1)
    if not isinstance(when, date):
        raise ForecastInputError("on must be a datetime.date", key="on", value=when)
    if entries[-1].start > when:
        raise ForecastInputError(
            f"history entry {entries[-1]} starts after the forecast date {when.isoformat()}",
            key="on",
            value=when.isoformat(),
        )
    ctx = _Context(
        when, calendar or WorkingCalendar(), rules or cycle_rules(), calib or calibration()
    )
    found: list[ActivityForecast] = []
    events: list[ActivityForecast] = []
    after: PublicationForecast | None = None
    last = latest_inspection(entries, "ilacs")
    if last is not None:
        since = [entry for entry in entries if entry.start > last.start]
        found.append(_next_inspection(ctx, last, model))
        extras = [_focused_visit(ctx, last, since), _monitoring_visit(ctx, last, since)]
        found.extend(extra for extra in extras if extra is not None)
        dated = (_event_dates(ctx, event, last, entries) for event in ctx.rules.events)
        events.extend(event for event in dated if event is not None)
        after = forecast_publication(last.start, last.type, calendar=ctx.cal, calib=ctx.calib)
        if after.published.dates[-1] < when:
            after = None
    for framework in ctx.rules.others.values():
        other = latest_inspection(entries, framework.name)
        if other is not None:
            found.extend(_other_framework(ctx, framework, other))
    found.sort(key=lambda a: (a.onsite.quantile(50), a.activity))
    events.sort(key=lambda a: (a.onsite.quantile(50), a.activity))
    return Forecast(
        on=when,
        history=entries,
        next=tuple(found),
        after_last=after,
        model=model,
        source=ctx.calib.source_text(),
        events=tuple(events),
    )
