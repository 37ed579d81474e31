"""The calibration figures in ``data/calibration.toml``: publication-lag quantile tables, the
post-pause queue model of the next inspection and no-fieldwork periods.

The figures come from the published-inspections CSV (source S13); ``tools/derive.py`` in the
repository fits and writes them (it is not installed: users need only the figures). A quantile
table is read as a piecewise-linear quantile function between its levels.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.forecasting.history import JUDGEMENTS
from inspection_sim.forecasting.tomldata import Table, load_package_toml, load_toml

__all__ = [
    "DAYS_PER_MONTH",
    "PERIODS",
    "Calibration",
    "NoFieldwork",
    "QuantileTable",
    "QueueModel",
    "calibration",
    "load_calibration",
    "period_of",
    "with_queue_figures",
]

#: Publication-lag periods by on-site start: before 2021, and from 2021 (RULES §12 item 10).
PERIODS = ("2018-2020", "2021+")
_PERIOD_SPLIT = date(2021, 1, 1)
#: Mean Gregorian month (the unit of the cycle figures).
DAYS_PER_MONTH = 365.25 / 12


def period_of(start: date) -> str:
    """The publication-lag period of an inspection that started on ``start``."""
    return PERIODS[0] if start < _PERIOD_SPLIT else PERIODS[1]


@dataclass(frozen=True)
class QuantileTable:
    """Values at increasing probability levels (0 to 1) from ``n`` observations."""

    n: int
    levels: tuple[float, ...]
    values: tuple[float, ...]

    def ppf(self, p: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The quantile function: linear between the shipped levels."""
        result: npt.NDArray[np.float64] = np.interp(
            np.asarray(p, dtype=float), self.levels, self.values
        )
        return result

    def sample_points(self, count: int = 2000) -> npt.NDArray[np.float64]:
        """``count`` equally weighted points spread over the distribution (mid-point quantiles)."""
        return self.ppf((np.arange(count) + 0.5) / count)


@dataclass(frozen=True)
class NoFieldwork:
    """A yearly period without on-site fieldwork, ``start`` to ``end`` inclusive, as (month, day).

    A period whose end comes before its start in the year wraps over New Year.
    """

    name: str
    start: tuple[int, int]
    end: tuple[int, int]

    def contains(self, day: date) -> bool:
        """True when ``day`` falls in the period."""
        key = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


@dataclass(frozen=True)
class QueueModel:
    """Where the next inspection falls from the anniversary, before the residual.

    ``offset(a, j) = levels[j] + slope * a`` months, ``a`` the pause-adjusted anniversary in months
    from ``reference``, clamped to ``anniversaries`` (the range the model was fitted on); the
    residual around it is normal with standard deviation ``sigma`` months.
    """

    reference: date
    slope: float
    sigma: float
    anniversaries: tuple[float, float]
    levels: dict[str, float]
    pairs: int
    censored: int

    def offset(self, anniversary: date, judgement: str) -> float:
        """Months from ``anniversary`` to the expected next start after ``judgement``."""
        months = (anniversary.toordinal() - self.reference.toordinal()) / DAYS_PER_MONTH
        low, high = self.anniversaries
        return self.levels[judgement] + self.slope * min(max(months, low), high)


@dataclass(frozen=True)
class Calibration:
    """Every figure the forecast is calibrated on, with its source."""

    source: dict[str, str | int]
    no_fieldwork: tuple[NoFieldwork, ...]
    avoid_bank_holidays: bool
    publication: dict[str, QuantileTable]
    queue: QueueModel

    def in_no_fieldwork(self, day: date) -> bool:
        """True when ``day`` is in a yearly period without fieldwork."""
        return any(period.contains(day) for period in self.no_fieldwork)

    def source_text(self) -> str:
        """One line naming the source, snapshot commit and date."""
        s = self.source
        return (
            f"{s['name']} ({s['dataset']}, snapshot {s['snapshot_commit']} of {s['snapshot_date']})"
        )


def _month_day(table: Table, key: str) -> tuple[int, int]:
    text = table.get(key, str)
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2024, month, day)  # a leap year accepts every real month-day
    except ValueError:
        raise table.error("expected a month-day like '07-30'", key, text) from None
    return (month, day)


def _quantiles(table: Table, key: str, levels: tuple[float, ...], field: str) -> QuantileTable:
    entry = table.table(key)
    entry.only("n", field)
    values = entry.get(field, list)
    if len(values) != len(levels) or not all(isinstance(v, int | float) for v in values):
        raise entry.error(f"expected {len(levels)} numbers, one per grid level", field, values)
    if any(b < a for a, b in itertools.pairwise(values)):
        raise entry.error("quantiles must not decrease", field, values)
    return QuantileTable(entry.get("n", int), levels, tuple(float(v) for v in values))


def _levels(root: Table) -> tuple[float, ...]:
    grid = root.get("grid", list)
    levels = tuple(float(g) / 100 for g in grid)
    if not levels or levels[0] != 0 or levels[-1] != 1:
        raise root.error("grid must run from 0 to 100", "grid", grid)
    return levels


def _queue(root: Table) -> QueueModel:
    queue = root.table("queue")
    queue.only(
        "method", "reference", "censored_at", "pairs", "censored", "slope", "sigma",
        "anniversary_from", "anniversary_to", "level",
    )  # fmt: skip
    reference = queue.get("reference", str)
    try:
        when = date.fromisoformat(reference)
    except ValueError:
        raise queue.error("expected an ISO date", "reference", reference) from None
    slope = queue.get("slope", float)
    if slope <= -1:
        raise queue.error("slope must be above -1 (the mapping must not go back)", "slope", slope)
    sigma = queue.get("sigma", float)
    if sigma <= 0:
        raise queue.error("sigma must be positive", "sigma", sigma)
    low, high = queue.get("anniversary_from", float), queue.get("anniversary_to", float)
    if high < low:
        raise queue.error("anniversary_to is before anniversary_from", "anniversary_to", high)
    level = queue.table("level")
    level.only(*JUDGEMENTS)
    return QueueModel(
        reference=when,
        slope=slope,
        sigma=sigma,
        anniversaries=(low, high),
        levels={j: level.get(j, float) for j in JUDGEMENTS},
        pairs=queue.get("pairs", int),
        censored=queue.get("censored", int),
    )


def with_queue_figures(calib: Calibration, figures: dict[str, Any], source: str) -> Calibration:
    """``calib`` with its queue model replaced (e.g. refitted without a council).

    Args:
        figures: the ``queue`` table as ``calibration.toml`` holds it.
        source: names the figures in errors.
    """
    root = Table({"queue": figures}, source=source, path="")
    return dataclasses.replace(calib, queue=_queue(root))


def _parse(root: Table) -> Calibration:
    root.only("grid", "source", "no_fieldwork", "publication", "queue")
    levels = _levels(root)
    source = root.table("source")
    blackout = root.table("no_fieldwork")
    blackout.only("summer", "christmas", "bank_holidays")
    periods = []
    for name in ("summer", "christmas"):
        table = blackout.table(name)
        table.only("from", "to", "latest_end_before", "earliest_start_after")
        periods.append(NoFieldwork(name, _month_day(table, "from"), _month_day(table, "to")))
    holidays = blackout.table("bank_holidays")
    holidays.only("onsite_periods_with_bank_holiday", "onsite_periods")
    publication = root.table("publication")
    publication.only(*PERIODS)
    return Calibration(
        source=dict(source.data),
        no_fieldwork=tuple(periods),
        avoid_bank_holidays=holidays.get("onsite_periods_with_bank_holiday", int) == 0,
        publication={p: _quantiles(publication, p, levels, "working_days") for p in PERIODS},
        queue=_queue(root),
    )


def load_calibration(path: Path | None = None) -> Calibration:
    """Read calibration figures from ``path``, or the shipped ``calibration.toml`` when None.

    Raises:
        RuleFileError: naming the file, key path and value for anything malformed or unknown.
    """
    return _parse(load_toml(path) if path is not None else load_package_toml("calibration.toml"))


@functools.lru_cache(maxsize=1)
def calibration() -> Calibration:
    """The shipped calibration (read once)."""
    return load_calibration()
