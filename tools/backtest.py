"""Backtests of the cycle and publication forecasts on the published inspections (S13).

Cycle: for each council with two inspections, forecast the second from the first as of the first
report's publication date. The ``calibrated`` model is scored leave-one-council-out (the queue
model is refitted without the council being forecast, whether it is a pair or a censored council);
the ``framework`` model uses rule data only.
Councils with one inspection are right-censored at the data cut-off: their next inspection started
on or after it, so an interval that ends before the cut-off is a known miss.

Publication: each inspection's publication date is forecast from lags of reports published before
its on-site start (the same period's when there are enough, otherwise all earlier ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.forecasting.calibration import (
    DAYS_PER_MONTH,
    Calibration,
    QuantileTable,
    calibration,
    period_of,
    with_queue_figures,
)
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import CycleRules, cycle_rules
from inspection_sim.forecasting.distribution import DateDistribution
from inspection_sim.forecasting.history import HistoryEntry
from inspection_sim.forecasting.publication import publication_from_lags
from inspection_sim.forecasting.refit import PublishedInspection, observations, pairs, queue_figures
from tools.derive import GRID, quantiles

__all__ = [
    "CUT_DATES",
    "Score",
    "backtest_cycle",
    "backtest_cycle_as_of",
    "backtest_publication",
    "pooled",
]

#: Out-of-time cut dates: quarterly and half-yearly from the first date with a fit (by
#: 1 Jul 2022 fewer than 10 councils had been re-inspected after the pause) to the data's end.
CUT_DATES = (
    date(2023, 1, 1),
    date(2023, 4, 1),
    date(2023, 7, 1),
    date(2023, 10, 1),
    date(2024, 1, 1),
    date(2024, 4, 1),
)

#: Fewer earlier reports than this and the publication backtest skips the inspection.
MIN_EARLIER = 10


@dataclass(frozen=True)
class Score:
    """Coverage and width of the 50% (p25-p75) and 80% (p10-p90) intervals."""

    label: str
    n: int
    cover50: float
    cover80: float
    width50: float
    width80: float
    unit: str
    censored: int = 0
    censored_misses80: int = 0
    skipped: int = 0

    def line(self) -> str:
        """One line of text for reports and test output."""
        text = (
            f"{self.label}: n={self.n}, 50% interval covers {self.cover50:.0%} "
            f"(median width {self.width50:.1f} {self.unit}), 80% interval covers "
            f"{self.cover80:.0%} (median width {self.width80:.1f} {self.unit})"
        )
        if self.censored:
            text += (
                f"; {self.censored} censored councils, {self.censored_misses80} known 80% misses"
            )
        if self.skipped:
            text += f"; {self.skipped} skipped (too few earlier reports)"
        return text


def _covers(dist: DateDistribution, truth: date, low: int, high: int) -> bool:
    return dist.quantile(low) <= truth <= dist.quantile(high)


def _score(
    label: str, rows: list[tuple[DateDistribution, date]], unit: str, scale: object
) -> tuple[float, float, float, float]:
    def width(dist: DateDistribution, low: int, high: int) -> float:
        return float(scale(dist.quantile(low), dist.quantile(high)))  # type: ignore[operator]

    cover50 = float(np.mean([_covers(d, t, 25, 75) for d, t in rows]))
    cover80 = float(np.mean([_covers(d, t, 10, 90) for d, t in rows]))
    width50 = float(np.median([width(d, 25, 75) for d, _ in rows]))
    width80 = float(np.median([width(d, 10, 90) for d, _ in rows]))
    return cover50, cover80, width50, width80


def _leave_out(
    calib: Calibration,
    inspections: Sequence[PublishedInspection],
    rules: CycleRules,
    council: str,
    censored_at: date,
) -> Calibration:
    """``calib`` with the queue model refitted on every council but ``council``."""
    kept = [i for i in inspections if i.council != council]
    figures = queue_figures(kept, rules, censored_at)
    return with_queue_figures(calib, figures, f"queue model refitted without {council}")


def backtest_cycle(
    inspections: Sequence[PublishedInspection],
    model: str = "calibrated",
    *,
    cutoff: date | None = None,
    rules: CycleRules | None = None,
    calib: Calibration | None = None,
    calendar: WorkingCalendar | None = None,
) -> Score:
    """Score next-inspection forecasts on every council with two inspections (see module doc)."""
    rules = rules or cycle_rules()
    base = calib or calibration()
    cal = calendar or WorkingCalendar()
    limit = cutoff or date.fromisoformat(str(base.source["started_before"]))
    found = pairs(inspections)
    fitted = {council for council, _ in observations(inspections, rules, limit)}
    cache: dict[str, Calibration] = {}

    def calibrated_for(council: str) -> Calibration:
        if model != "calibrated" or council not in fitted:
            return base
        if council not in cache:
            cache[council] = _leave_out(base, inspections, rules, council, limit)
        return cache[council]

    def predict(first: PublishedInspection) -> DateDistribution:
        entry = HistoryEntry(first.start, first.type, first.judgement)
        result = forecast(
            [entry],
            on=first.published,
            model=model,
            rules=rules,
            calib=calibrated_for(first.council),
            calendar=cal,
        )
        return result.inspection().onsite

    rows = [(predict(p.first), p.second.start) for p in found]
    last_seen = {i.council: i for i in inspections}
    censored = [i for i in last_seen.values() if i.judgement is not None]
    misses = sum(predict(i).quantile(90) < limit for i in censored)

    def months(a: date, b: date) -> float:
        return (b - a).days / DAYS_PER_MONTH

    c50, c80, w50, w80 = _score(model, rows, "months", months)
    return Score(f"cycle ({model})", len(rows), c50, c80, w50, w80, "months", len(censored), misses)


def backtest_cycle_as_of(
    inspections: Sequence[PublishedInspection],
    as_of: date,
    *,
    known_until: date | None = None,
    cutoff: date | None = None,
    rules: CycleRules | None = None,
    calib: Calibration | None = None,
    calendar: WorkingCalendar | None = None,
    model: str = "calibrated",
) -> Score:
    """Out-of-time check of the queue model, fitted only on what was known at ``as_of``
    (``model="framework"``: the rule of thumb, 36 months +/- 6, on the same councils).

    The model is fitted on the inspections that started before ``known_until`` (default
    ``as_of``; an earlier date stands for reports not yet published): councils re-inspected by then
    are events, the others right-censored there. Every council whose anniversary the pause moved
    and that was still waiting at ``as_of`` (it knows that of itself) is then forecast
    ``on=as_of`` (so nothing before it) and scored on its real next start; those still waiting at
    the data's cut-off are counted as censored, with a known miss when the 80% interval ends
    before the cut-off.
    """
    rules = rules or cycle_rules()
    base = calib or calibration()
    cal = calendar or WorkingCalendar()
    limit = cutoff or date.fromisoformat(str(base.source["started_before"]))
    until = known_until or as_of
    if until > as_of:
        raise ValueError("known_until must not be after as_of")
    fitted_on = [i for i in inspections if i.start < until]
    figures = queue_figures(fitted_on, rules, until)
    use = with_queue_figures(base, figures, f"queue model fitted before {until.isoformat()}")
    known = [i for i in inspections if i.start < as_of]
    waiting = {c for c, o in observations(known, rules, as_of) if not o.event}
    latest = {i.council: i for i in known}
    truth = {p.first.council: p.second.start for p in pairs(inspections) if p.first.start < as_of}
    rows, censored, misses = [], 0, 0
    for council in sorted(waiting):
        first = latest[council]
        entry = HistoryEntry(first.start, first.type, first.judgement)
        result = forecast([entry], on=as_of, model=model, rules=rules, calib=use, calendar=cal)
        dist = result.inspection().onsite
        if council in truth and truth[council] >= as_of:
            rows.append((dist, truth[council]))
        else:
            censored += 1
            misses += dist.quantile(90) < limit

    def months(a: date, b: date) -> float:
        return (b - a).days / DAYS_PER_MONTH

    c50, c80, w50, w80 = _score("as of", rows, "months", months)
    label = f"cycle ({model}, as of {as_of.isoformat()}, fitted on starts before {until})"
    return Score(label, len(rows), c50, c80, w50, w80, "months", censored, misses)


def backtest_publication(
    inspections: Sequence[PublishedInspection], *, calendar: WorkingCalendar | None = None
) -> Score:
    """Score publication-date forecasts using only reports published before each on-site start."""
    cal = calendar or WorkingCalendar()
    levels = tuple(g / 100 for g in GRID)
    lags = [
        (i.published, period_of(i.start), cal.working_days_between(i.end, i.published))
        for i in inspections
    ]
    rows, skipped = [], 0
    for item in sorted(inspections, key=lambda i: i.start):
        earlier = [(p, lag) for published, p, lag in lags if published < item.start]
        same = [lag for p, lag in earlier if p == period_of(item.start)]
        use = same if len(same) >= MIN_EARLIER else [lag for _, lag in earlier]
        if len(use) < MIN_EARLIER:
            skipped += 1
            continue
        table = QuantileTable(len(use), levels, tuple(quantiles(use, 1)))
        rows.append((publication_from_lags(item.end, table, cal), item.published))

    def working_days(a: date, b: date) -> float:
        return float(cal.working_days_between(a, b))

    c50, c80, w50, w80 = _score("publication", rows, "working days", working_days)
    return Score("publication", len(rows), c50, c80, w50, w80, "working days", skipped=skipped)


def pooled(scores: Sequence[Score]) -> tuple[float, float]:
    """80% coverage over every forecast scored (weighted by each cut's count) and the mean of the
    cuts' median widths."""
    total = sum(score.n for score in scores)
    cover = sum(score.cover80 * score.n for score in scores) / total
    return cover, float(np.mean([score.width80 for score in scores]))
