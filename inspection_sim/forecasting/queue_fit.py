"""The post-pause queue: how far a council's next inspection fell from its anniversary.

After the COVID suspension Ofsted worked through a backlog of councils whose inspections had fallen
due. Measured from the pause-adjusted anniversary ``A`` (months from the reference date), the next
on-site start of a council judged ``j`` is modelled as::

    offset = level[j] + slope * A + e,    e ~ Normal(0, sigma**2)        (months)

A negative slope is the queue catching up: the later the anniversary, the less it slipped, while
the mapping "anniversary -> actual date" (slope ``1 + slope``) stays monotone above -1.

Councils whose next inspection had not started by the data's cut-off are right-censored: their
offset is only known to exceed the cut-off's. Dropping them would bias the fit early (the slowest
councils of the backlog are exactly the ones missing), so the fit is censored normal regression
(a Tobit model) by expectation-maximisation: each censored offset is replaced by its conditional
mean and variance beyond the bound, then least squares and the variance are refitted, until a fixed
point. The normal tail keeps forecasts sensible even when most councils are still waiting.

A judgement with no re-inspection yet (early in the queue) has no level of its own: it is left out
of the fit and borrows the level of the judgement that leads to the same next inspection type
(outstanding and good both lead to a short inspection), else the latest level fitted.

``tools/derive.py`` writes the fitted figures into ``calibration.toml``; ``inspection-sim forecast
--history FILE`` refits them on a newer history (:mod:`.refit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

__all__ = ["Observation", "QueueFit", "fit_queue"]

_ITERATIONS = 5000
_TOLERANCE = 1e-10
_NORMAL = NormalDist()

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Observation:
    """One council: its anniversary (months from the reference date), judgement and offset.

    ``offset`` is months from the anniversary to the next on-site start when ``event`` is true,
    otherwise to the data's cut-off (the next start came later).
    """

    anniversary: float
    judgement: str
    offset: float
    event: bool


@dataclass(frozen=True)
class QueueFit:
    """Fitted levels, slope and residual spread, and the anniversaries they were fitted on;
    ``borrowed`` maps a judgement without a re-inspection to the one whose level it takes."""

    levels: dict[str, float]
    slope: float
    sigma: float
    anniversaries: tuple[float, float]
    events: int
    censored: int
    borrowed: dict[str, str]

    def offset(self, anniversary: float, judgement: str) -> float:
        """The expected offset; anniversaries outside the fitted range are clamped to it."""
        low, high = self.anniversaries
        return self.levels[judgement] + self.slope * min(max(anniversary, low), high)


def _beyond(bound: Floats, mean: Floats, sigma: float) -> tuple[Floats, Floats]:
    """Mean and variance of Normal(mean, sigma) given that it exceeds ``bound``."""
    a = (bound - mean) / sigma
    density = np.asarray([_NORMAL.pdf(v) for v in a])
    tail = np.maximum(np.asarray([1 - _NORMAL.cdf(v) for v in a]), 1e-300)
    ratio = density / tail  # inverse Mills ratio
    return mean + sigma * ratio, sigma**2 * np.maximum(1 + a * ratio - ratio**2, 0.0)


def fit_queue(
    observations: Sequence[Observation],
    judgements: Sequence[str],
    same_next: dict[str, str] | None = None,
) -> QueueFit:
    """Censored normal regression (see the module doc): a level per judgement, a common slope.

    Args:
        observations: the councils, events and right-censored ones.
        judgements: the judgements, one level each.
        same_next: judgement -> the next inspection type it leads to; a judgement without a
            re-inspection borrows the level of one leading to the same type.

    Returns:
        The maximum-likelihood fit; deterministic for the same observations.

    Raises:
        ValueError: when no judgement has a re-inspection (nothing is identified).
    """
    seen = [j for j in judgements if any(o.event and o.judgement == j for o in observations)]
    if not seen:
        raise ValueError("no re-inspection observed after any judgement")
    missing = [j for j in judgements if j not in seen]
    fit = _fit([o for o in observations if o.judgement in seen], seen)
    borrowed: dict[str, str] = {}
    for judgement in missing:
        nexts = same_next or {}
        alike = [
            j for j in seen if nexts.get(j) is not None and nexts.get(j) == nexts.get(judgement)
        ]
        borrowed[judgement] = alike[-1] if alike else max(seen, key=lambda j: fit.levels[j])
    levels = {j: fit.levels[borrowed.get(j, j)] for j in judgements}
    return QueueFit(
        levels, fit.slope, fit.sigma, fit.anniversaries, fit.events, fit.censored, borrowed
    )


def _fit(observations: Sequence[Observation], judgements: Sequence[str]) -> QueueFit:
    x = np.asarray(
        [[o.anniversary] + [float(o.judgement == j) for j in judgements] for o in observations]
    )
    y = np.asarray([o.offset for o in observations])
    events = np.asarray([o.event for o in observations])
    beta = np.linalg.lstsq(x[events], y[events], rcond=None)[0]
    sigma = float(np.std(y[events] - x[events] @ beta)) or 1.0
    for _ in range(_ITERATIONS):
        mean = x @ beta
        moved, spread = _beyond(y[~events], mean[~events], sigma)
        filled, variance = y.copy(), np.zeros_like(y)
        filled[~events], variance[~events] = moved, spread
        new = np.linalg.lstsq(x, filled, rcond=None)[0]
        new_sigma = float(np.sqrt(np.mean(variance + (filled - x @ new) ** 2)))
        done = max(np.max(np.abs(new - beta)), abs(new_sigma - sigma)) < _TOLERANCE
        beta, sigma = new, new_sigma
        if done:
            break
    return QueueFit(
        levels={j: float(b) for j, b in zip(judgements, beta[1:], strict=True)},
        slope=float(beta[0]),
        sigma=sigma,
        anniversaries=(float(x[:, 0].min()), float(x[:, 0].max())),
        events=int(events.sum()),
        censored=int((~events).sum()),
        borrowed={},
    )


def fit_level(observations: Sequence[Observation]) -> tuple[float, float]:
    """One level and residual sd for every observation (the regime after the restart), censored
    like :func:`fit_queue`; needs at least one event."""
    pooled = [Observation(0.0, "all", o.offset, o.event) for o in observations]
    fit = _fit(pooled, ["all"])
    return fit.levels["all"], fit.sigma
