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
from inspection_sim.forecasting.cycle_rules import CycleRules, OtherFramework, cycle_rules
from inspection_sim.forecasting.distribution import DateDistribution
from inspection_sim.forecasting.history import HistoryEntry, latest_inspection, parse_history
from inspection_sim.forecasting.publication import PublicationForecast, forecast_publication

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


def _allowed(ctx: _Context, start: date, fieldwork_days: int) -> bool:
    """False when the fieldwork would touch a pause, a no-fieldwork period or a bank holiday."""
    if any(pause.start <= start <= pause.end for pause in ctx.rules.pauses):
        return False
    for day in _onsite_days(start, fieldwork_days):
        if ctx.calib.in_no_fieldwork(day):
            return False
        if ctx.calib.avoid_bank_holidays and not ctx.cal.is_working_day(day):
            return False
    return True


def _on_weekday(ordinals: npt.NDArray[np.int64], weekday: int) -> npt.NDArray[np.int64]:
    """Each ordinal moved to ``weekday`` of its Monday-based week (ordinal 1 is a Monday)."""
    result: npt.NDArray[np.int64] = ordinals - (ordinals - 1) % 7 + weekday
    return result


def _build(
    ctx: _Context,
    activity: str,
    targets: npt.NDArray[np.int64],
    *,
    weekday: int,
    fieldwork_days: int,
    basis: str,
    notify_before: int | None = None,
) -> ActivityForecast:
    """Weights per start date; ``notify_before`` (calendar days) defaults to the ILACS rule, whose
    earliest start is the ILACS notice in working days after ``on``."""
    if notify_before is None:
        notify_before = ctx.rules.notification_days_before
        earliest = ctx.cal.add_working_days(ctx.on, ctx.rules.notice_working_days).toordinal()
    else:
        earliest = ctx.on.toordinal() + notify_before
    starts = _on_weekday(targets, weekday)
    unique, counts = np.unique(starts, return_counts=True)
    weights = counts.astype(float)
    for i, ordinal in enumerate(unique):
        if ordinal < earliest or not _allowed(ctx, date.fromordinal(int(ordinal)), fieldwork_days):
            weights[i] = 0.0
    if weights.sum() == 0:  # the window has passed or is closed: the next open weeks (overdue)
        unique = _open_weeks(ctx, earliest, weekday, fieldwork_days)
        weights = np.ones(unique.size)
        basis += "; window passed or closed, spread over the next open weeks"
    onsite = DateDistribution.from_ordinals(unique, weights)
    return ActivityForecast(activity, onsite, _notification(ctx, onsite, notify_before), basis)


def _open_weeks(
    ctx: _Context, earliest: int, weekday: int, fieldwork_days: int
) -> npt.NDArray[np.int64]:
    """The first ``overdue_weeks`` allowed start dates on ``weekday`` from ``earliest`` on."""
    ordinal = int(_on_weekday(np.asarray([earliest + 6]), weekday)[0])
    found: list[int] = []
    while len(found) < ctx.rules.overdue_weeks:
        if _allowed(ctx, date.fromordinal(ordinal), fieldwork_days):
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
    if model == "framework":
        window = ctx.rules.window_months
        points = np.linspace(-window, window, _POINTS)
        basis = f"framework window: {ctx.rules.anniversary_months} months +/- {window} (S3, S4)"
    else:
        queue = ctx.calib.queue
        shift = queue.offset(anniversary, judgement)
        points = shift + queue.sigma * _STANDARD_NORMAL
        basis = (
            f"post-pause queue model: {shift:+.1f} +/- {queue.sigma:.1f} months (sd) from the "
            f"pause-adjusted anniversary after '{judgement}', fitted on {queue.pairs} pairs and "
            f"{queue.censored} councils not yet re-inspected (S13)"
        )
    targets = anniversary.toordinal() + _days(points)
    return _build(
        ctx,
        f"ilacs:{kind}",
        targets,
        weekday=ctx.rules.onsite_weekday,
        fieldwork_days=ctx.rules.fieldwork_days[kind],
        basis=basis,
    )


def _focused_visit(
    ctx: _Context, last: HistoryEntry, since: list[HistoryEntry]
) -> ActivityForecast | None:
    rules = ctx.rules.focused_visit
    done = sum(entry.type == "focused-visit" for entry in since)
    if last.judgement not in rules.after or _reached(done, rules.max_count):
        return None
    first = (last.start + relativedelta(months=rules.earliest_months)).toordinal()
    last_day = ctx.rules.anniversary(last.start, rules.latest_months).toordinal()
    earliest = ctx.cal.add_working_days(ctx.on, ctx.rules.notice_working_days).toordinal()
    first = max(first, earliest)
    if last_day - first < 7:
        return None
    targets = np.linspace(first, last_day, _POINTS).round().astype(np.int64)
    return _build(
        ctx,
        "ilacs:focused-visit",
        targets,
        weekday=rules.onsite_weekday,
        fieldwork_days=rules.fieldwork_days,
        basis="even over the months between inspections (seed 002; timing UNVERIFIED)",
    )


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
    return _build(
        ctx,
        "ilacs:monitoring-visit",
        targets,
        weekday=rules.onsite_weekday,
        fieldwork_days=rules.fieldwork_days,
        basis=basis,
    )


def _other_framework(
    ctx: _Context, rules: OtherFramework, last: HistoryEntry
) -> list[ActivityForecast]:
    """Area SEND or HMIP activities: even over each rule's window after the last inspection."""
    found = []
    for rule in rules.next:
        if last.judgement not in rule.after:
            continue
        first = ctx.rules.anniversary(last.start, rule.from_months).toordinal()
        final = ctx.rules.anniversary(last.start, rule.to_months).toordinal()
        targets = np.linspace(first, final, _POINTS).round().astype(np.int64)
        basis = (
            f"even from {rule.from_months} to {rule.to_months} months after the last "
            f"inspection ({rule.basis})"
        )
        found.append(
            _build(
                ctx,
                f"{rules.name}:{rule.activity}",
                targets,
                weekday=rules.onsite_weekday,
                fieldwork_days=rules.fieldwork_days,
                basis=basis,
                notify_before=rules.notification_days_before,
            )
        )
    return found


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
    after: PublicationForecast | None = None
    last = latest_inspection(entries, "ilacs")
    if last is not None:
        since = [entry for entry in entries if entry.start > last.start]
        found.append(_next_inspection(ctx, last, model))
        for extra in (_focused_visit(ctx, last, since), _monitoring_visit(ctx, last, since)):
            if extra is not None:
                found.append(extra)
        after = forecast_publication(last.start, last.type, calendar=ctx.cal, calib=ctx.calib)
        if after.published.dates[-1] < when:
            after = None
    for framework in ctx.rules.others.values():
        other = latest_inspection(entries, framework.name)
        if other is not None:
            found.extend(_other_framework(ctx, framework, other))
    found.sort(key=lambda a: (a.onsite.quantile(50), a.activity))
    return Forecast(
        on=when,
        history=entries,
        next=tuple(found),
        after_last=after,
        model=model,
        source=ctx.calib.source_text(),
    )
