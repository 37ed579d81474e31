"""The post-pause queue: how far a council's next inspection fell from its anniversary.

After the COVID suspension Ofsted worked through a backlog of councils whose inspections had fallen
due. Measured from the pause-adjusted anniversary ``A`` (months from :data:`REFERENCE`), the next
on-site start of a council judged ``j`` is modelled as::

    offset = level[j] + slope * A + residual        (months)

A negative slope is the queue catching up: the later the anniversary, the less it slipped, so the
mapping "anniversary -> actual date" (slope ``1 + slope``) stays monotone while it is above -1.
Residuals have one empirical distribution per pool of judgements.

Councils whose next inspection had not started by the data's cut-off are right-censored: their
offset is only known to exceed the cut-off's. Leaving them out would bias the fit early (the
slowest councils of the backlog are exactly the ones missing), so the fit is the Buckley-James
estimator: least squares in which each censored offset is replaced by its expected value beyond
the bound under the Kaplan-Meier estimate of the residual distribution, iterated to a fixed point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

__all__ = [
    "REFERENCE",
    "Observation",
    "QueueFit",
    "fit_queue",
    "kaplan_meier",
    "weighted_quantiles",
]

#: Anniversaries are measured in months from this date (keeps the fitted level readable).
REFERENCE = date(2023, 1, 1)
_ITERATIONS = 200
_TOLERANCE = 1e-9

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Observation:
    """One council: its anniversary (months from :data:`REFERENCE`), judgement and offset.

    ``offset`` is months from the anniversary to the next on-site start when ``event`` is true,
    otherwise to the data's cut-off (the next start came later).
    """

    anniversary: float
    judgement: str
    offset: float
    event: bool


@dataclass(frozen=True)
class QueueFit:
    """Fitted levels and slope, the anniversaries they were fitted on, and residuals per pool."""

    levels: dict[str, float]
    slope: float
    anniversaries: tuple[float, float]
    residuals: dict[str, tuple[Floats, Floats]]
    counts: dict[str, tuple[int, int]]

    def offset(self, anniversary: float, judgement: str) -> float:
        """The expected offset; anniversaries outside the fitted range are clamped to it."""
        low, high = self.anniversaries
        return self.levels[judgement] + self.slope * min(max(anniversary, low), high)


def kaplan_meier(values: Floats, events: npt.NDArray[np.bool_]) -> tuple[Floats, Floats]:
    """Support points and weights of the Kaplan-Meier estimate of right-censored ``values``.

    At ties events come before censorings. Mass left after the last event (all larger values
    censored) sits on the largest censored value: a lower bound, which keeps it finite.
    """
    order = np.lexsort((~events, values))
    ordered, flags = values[order], events[order]
    survival, points, weights = 1.0, [], []
    for k, (value, event) in enumerate(zip(ordered, flags, strict=True)):
        if event:
            mass = survival / (ordered.size - k)
            points.append(float(value))
            weights.append(mass)
            survival -= mass
    if survival > 1e-12:
        points.append(float(ordered.max()))
        weights.append(survival)
    return np.asarray(points), np.asarray(weights)


def weighted_quantiles(points: Floats, weights: Floats, levels: Sequence[float]) -> list[float]:
    """Quantiles (levels 0 to 1) of a weighted sample, linear between mid-point cumulative
    weights; level 0 is the smallest point and level 1 the largest."""
    order = np.argsort(points, kind="stable")
    values, mass = points[order], weights[order] / weights.sum()
    middle = np.cumsum(mass) - mass / 2
    found = np.interp(np.asarray(levels, dtype=float), middle, values)
    found = np.where(np.asarray(levels) <= 0, values[0], found)
    found = np.where(np.asarray(levels) >= 1, values[-1], found)
    return [float(v) for v in found]


def _expected_beyond(points: Floats, weights: Floats, bound: float) -> float:
    """E[residual | residual > bound]; the bound itself when no mass lies beyond it."""
    beyond = points > bound
    mass = weights[beyond].sum()
    return float((points[beyond] * weights[beyond]).sum() / mass) if mass > 0 else bound


def _residuals(
    raw: Floats, events: npt.NDArray[np.bool_], pools: npt.NDArray[np.str_]
) -> dict[str, tuple[Floats, Floats]]:
    return {
        str(pool): kaplan_meier(raw[pools == pool], events[pools == pool])
        for pool in sorted(set(pools.tolist()))
    }


def fit_queue(
    observations: Sequence[Observation], judgements: Sequence[str], pool_of: Mapping[str, str]
) -> QueueFit:
    """Buckley-James fit of one level per judgement and a common slope (see the module doc).

    Args:
        observations: the councils, events and right-censored ones; every judgement needs one event.
        judgements: the judgements, one level each.
        pool_of: the residual pool of each judgement.

    Returns:
        The fit; deterministic for the same observations in the same order.
    """
    x = np.asarray([[o.anniversary] + [float(o.judgement == j) for j in judgements]
                    for o in observations])  # fmt: skip
    y = np.asarray([o.offset for o in observations])
    events = np.asarray([o.event for o in observations])
    pools = np.asarray([pool_of[o.judgement] for o in observations])
    beta = np.linalg.lstsq(x[events], y[events], rcond=None)[0]
    for step in range(_ITERATIONS):
        mean = x @ beta
        filled = y.copy()
        for pool, (points, weights) in _residuals(y - mean, events, pools).items():
            for i in np.flatnonzero((pools == pool) & ~events):
                filled[i] = mean[i] + _expected_beyond(points, weights, y[i] - mean[i])
        new = np.linalg.lstsq(x, filled, rcond=None)[0]
        # Buckley-James can cycle between two nearby points: damp the later steps.
        new = new if step < _ITERATIONS // 2 else (beta + new) / 2
        if np.max(np.abs(new - beta)) < _TOLERANCE:
            beta = new
            break
        beta = new
    residuals = _residuals(y - x @ beta, events, pools)
    counts = {
        str(pool): (int((events & (pools == pool)).sum()), int((~events & (pools == pool)).sum()))
        for pool in residuals
    }
    return QueueFit(
        levels={j: float(b) for j, b in zip(judgements, beta[1:], strict=True)},
        slope=float(beta[0]),
        anniversaries=(float(x[:, 0].min()), float(x[:, 0].max())),
        residuals=residuals,
        counts=counts,
    )
