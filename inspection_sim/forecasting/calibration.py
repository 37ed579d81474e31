"""The calibration figures in ``data/calibration.toml``: publication-lag quantile tables and the
model of the next inspection by regime (the post-pause queue; after the restart).

Periods without fieldwork are rules, not figures: the forecast reads them from the framework rules
(``rules/data``), and a test checks them against the dataset.

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
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from inspection_sim.forecasting.history import JUDGEMENTS
from inspection_sim.toml_reader import Reading, Table, read_toml

__all__ = [
    "DAYS_PER_MONTH",
    "PERIODS",
    "Calibration",
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
class AfterRestart:
    """The regime after the restart: inspections that started after the cycle's pause ended.
    The next start falls ``level`` months after the (plain) anniversary, normal residual
    ``sigma``; fitted on ``pairs`` re-inspections and ``censored`` councils still waiting."""

    level: float
    sigma: float
    pairs: int
    censored: int


#: Regimes of the cycle: the anniversary before the pause; moved by the pause (the queue);
#: the last inspection after the restart.
REGIMES = ("before", "pause", "after")


@dataclass(frozen=True)
class QueueModel:
    """Where the next inspection falls from the anniversary, before the residual, by regime.

    Pause regime: ``offset(a, j) = levels[j] + slope * a`` months, ``a`` the pause-adjusted
    anniversary in months from ``reference``, clamped to ``anniversaries`` (the range the model
    was fitted on); the residual is normal with standard deviation ``sigma`` months. Levels in
    ``borrowed`` had no re-inspection in the fit and take the level named there. After the
    restart: ``after`` when re-inspections after the restart were fitted, else the pause model at
    the end of its fitted range (an assumption that later data replaces).
    """

    reference: date
    slope: float
    sigma: float
    anniversaries: tuple[float, float]
    levels: dict[str, float]
    pairs: int
    censored: int
    after: AfterRestart | None = None
    borrowed: dict[str, str] = dataclasses.field(default_factory=dict)

    def offset(self, anniversary: date, judgement: str) -> float:
        """Months from ``anniversary`` to the expected next start after ``judgement``."""
        months = (anniversary.toordinal() - self.reference.toordinal()) / DAYS_PER_MONTH
        low, high = self.anniversaries
        return self.levels[judgement] + self.slope * min(max(months, low), high)

    def regime(self, start: date, anniversary: date, rules: Any) -> str:
        """``before`` (the rule window closed before the pause), ``pause`` (the queue), or
        ``after`` (the last inspection started after the restart)."""
        pauses = rules.pauses
        if pauses and start > pauses[-1].end:
            return "after"
        months = rules.anniversary_months + rules.window_months
        if pauses and start + relativedelta(months=months) < pauses[0].start:
            return "before"
        return "pause"

    def offset_for(
        self, anniversary: date, judgement: str, regime: str
    ) -> tuple[float, float, str]:
        """(offset months, residual sd, a description) for ``regime``."""
        if regime == "after" and self.after is not None:
            a = self.after
            what = f"after the restart: fitted on {a.pairs} re-inspections, {a.censored} waiting"
            return a.level, a.sigma, what
        shift = self.offset(anniversary, judgement)
        what = (
            f"post-pause queue model, fitted on {self.pairs} pairs and {self.censored} councils "
            "not yet re-inspected"
        )
        if judgement in self.borrowed:
            what += f"; no re-inspection after '{judgement}' yet: the level of '{self.borrowed[judgement]}'"
        if regime == "after":
            what += (
                "; after the restart, with no re-inspection after it in the data: the delay at "
                "the end of the observed backlog (an assumption; refit with --history)"
            )
        return shift, self.sigma, what


@dataclass(frozen=True)
class Calibration:
    """Every figure the forecast is calibrated on, with its source."""

    source: dict[str, str | int]
    publication: dict[str, QuantileTable]
    queue: QueueModel

    def source_text(self) -> str:
        """One line naming the source, snapshot commit and date."""
        s = self.source
        return (
            f"{s['name']} ({s['dataset']}, snapshot {s['snapshot_commit']} of {s['snapshot_date']})"
        )


def _quantiles(table: Table, key: str, levels: tuple[float, ...], field: str) -> QuantileTable:
    entry = table.table(key, required=True)
    entry.only("n", field)
    values = entry.numbers(field)
    if entry.has(field) and len(values) != len(levels):
        entry.problem(field, f"must hold {len(levels)} numbers, one per grid level", values)
    elif any(b < a for a, b in itertools.pairwise(values)):
        entry.problem(field, "quantiles must not decrease", values)
    return QuantileTable(entry.integer("n", minimum=0), levels, values)


def _levels(root: Table) -> tuple[float, ...]:
    grid = root.numbers("grid")
    levels = tuple(g / 100 for g in grid)
    if root.has("grid") and (not levels or levels[0] != 0 or levels[-1] != 1):
        root.problem("grid", "must run from 0 to 100", list(grid))
    return levels


def _queue(root: Table) -> QueueModel:
    queue = root.table("queue", required=True)
    queue.only(
        "method", "reference", "censored_at", "pairs", "censored", "slope", "sigma",
        "anniversary_from", "anniversary_to", "level", "borrowed", "after",
    )  # fmt: skip
    low, high = queue.number("anniversary_from"), queue.number("anniversary_to")
    if high < low:
        queue.problem("anniversary_to", "anniversary_to is before anniversary_from", high)
    slope = queue.number("slope")
    if queue.has("slope") and slope <= -1:
        queue.problem("slope", "slope must be above -1 (the mapping must not go back)", slope)
    sigma = queue.number("sigma")
    if queue.has("sigma") and sigma <= 0:
        queue.problem("sigma", "sigma must be positive", sigma)
    level = queue.table("level", required=True)
    level.only(*JUDGEMENTS)
    borrowed = queue.table("borrowed")
    borrowed.only(*JUDGEMENTS)
    after = queue.table("after")
    after.only("level", "sigma", "pairs", "censored")
    return QueueModel(
        reference=queue.day("reference"),
        slope=slope,
        sigma=sigma,
        anniversaries=(low, high),
        levels={j: level.number(j) for j in JUDGEMENTS},
        pairs=queue.integer("pairs", minimum=0),
        censored=queue.integer("censored", minimum=0),
        after=AfterRestart(
            after.number("level"),
            after.number("sigma", minimum=0.01),
            after.integer("pairs", minimum=1),
            after.integer("censored", minimum=0),
        )
        if after.data
        else None,
        borrowed={j: borrowed.choice(j, JUDGEMENTS) for j in borrowed.data if j in JUDGEMENTS},
    )


def with_queue_figures(calib: Calibration, figures: dict[str, Any], source: str) -> Calibration:
    """``calib`` with its queue model replaced (e.g. refitted without a council).

    Args:
        figures: the ``queue`` table as ``calibration.toml`` holds it.
        source: names the figures in errors.
    """
    reading = Reading(source)
    queue = _queue(reading.table({"queue": figures}))
    reading.check()
    return dataclasses.replace(calib, queue=queue)


def _parse(reading: Reading, data: dict[str, Any]) -> Calibration:
    root = reading.table(data)
    root.only("grid", "source", "publication", "queue")
    levels = _levels(root)
    source = root.table("source", required=True)
    publication = root.table("publication", required=True)
    publication.only(*PERIODS)
    found = Calibration(
        source=dict(source.data),
        publication={p: _quantiles(publication, p, levels, "working_days") for p in PERIODS},
        queue=_queue(root),
    )
    reading.check()
    return found


def load_calibration(path: Path | None = None) -> Calibration:
    """Read calibration figures from ``path``, or the shipped ``calibration.toml`` when None.

    Raises:
        RuleFileError: naming the file, key path and value of every problem.
    """
    if path is None:
        name = "inspection_sim/forecasting/data/calibration.toml"
        file = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")
        return _parse(Reading(name), read_toml(file, name))
    return _parse(Reading(str(path)), read_toml(path))


@functools.lru_cache(maxsize=1)
def calibration() -> Calibration:
    """The shipped calibration (read once)."""
    return load_calibration()
