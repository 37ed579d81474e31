"""After the inspection: when the report is published, and the action-plan deadline that follows.

Publication is a number of working days after the last on-site day (day 0), drawn from the
calibrated lags of the inspection's period (2018-2020 or 2021+, source S13), counted on the
publication clock: the working days of the Christmas publication pause (the rules) do not count. The action plan is due
a number of working days after publication (the ILACS rules, S6: 70), so its quantiles follow
from publication's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.forecasting.calibration import (
    Calibration,
    QuantileTable,
    calibration,
    period_of,
)
from inspection_sim.forecasting.cycle_rules import CycleRules, cycle_rules
from inspection_sim.forecasting.distribution import DateDistribution
from inspection_sim.rules.order import publication_calendar

__all__ = ["PublicationForecast", "forecast_publication", "onsite_end"]

_POINTS = 2000


@dataclass(frozen=True)
class PublicationForecast:
    """Publication-date and action-plan-deadline distributions for one inspection."""

    onsite_end: date
    period: str
    published: DateDistribution
    action_plan: DateDistribution
    action_plan_working_days: int

    def to_dict(self) -> dict[str, Any]:
        """ISO quantiles of both dates, with the on-site end and the period used."""
        return {
            "onsite_end": self.onsite_end.isoformat(),
            "period": self.period,
            "published": {k: v.isoformat() for k, v in self.published.quantiles().items()},
            "action_plan_due": {k: v.isoformat() for k, v in self.action_plan.quantiles().items()},
            "action_plan_working_days": self.action_plan_working_days,
        }


def onsite_end(start: date, fieldwork_days: int, calendar: WorkingCalendar) -> date:
    """The last on-site day: ``fieldwork_days`` working days counting ``start`` as the first."""
    return calendar.add_working_days(calendar.roll_forward(start), fieldwork_days - 1)


def publication_from_lags(
    end: date, lags: QuantileTable, calendar: WorkingCalendar
) -> DateDistribution:
    """Publication dates ``lag`` working days after ``end`` (day 0), lags from a quantile table."""
    steps = np.rint(lags.sample_points(_POINTS)).astype(np.int64)
    days = calendar.add_working_days_batch([end] * steps.size, steps)
    ordinals = (days - np.datetime64("0001-01-01", "D")).astype(np.int64) + 1
    return DateDistribution.from_ordinals(ordinals, np.ones(_POINTS))


def forecast_publication(
    start: date,
    kind: str,
    *,
    end: date | None = None,
    calendar: WorkingCalendar | None = None,
    calib: Calibration | None = None,
    rules: CycleRules | None = None,
) -> PublicationForecast:
    """Publication and action-plan distributions for an inspection that started on ``start``.

    Args:
        start: first on-site day.
        kind: ``short`` or ``standard`` (sets the on-site length when ``end`` is not given).
        end: the last on-site day, when known.
        calendar, calib, rules: defaults are England and Wales and the shipped data files.

    >>> p = forecast_publication(date(2024, 3, 11), "short")
    >>> p.onsite_end, p.period
    (datetime.date(2024, 3, 15), '2021+')
    """
    cal = calendar or WorkingCalendar()
    rule = rules or cycle_rules()
    figures = calib or calibration()
    last = end if end is not None else onsite_end(start, rule.fieldwork_days.get(kind, 5), cal)
    period = period_of(start)
    clock = publication_calendar(cal, rule.publication_pauses)
    published = publication_from_lags(last, figures.publication[period], clock)
    n = rule.action_plan_working_days
    due = cal.add_working_days_batch(list(published.dates), n)
    ordinals = (due - np.datetime64("0001-01-01", "D")).astype(np.int64) + 1
    plan = DateDistribution.from_ordinals(ordinals, np.asarray(published.weights))
    return PublicationForecast(last, period, published, plan, n)
