"""A discrete probability distribution over dates, with quantiles and seeded sampling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

__all__ = ["LEVELS", "DateDistribution"]

#: The quantiles reported everywhere: p10, p25, p50, p75, p90.
LEVELS = (10, 25, 50, 75, 90)


@dataclass(frozen=True)
class DateDistribution:
    """Dates in increasing order with weights that sum to 1.

    Quantiles are lower quantiles: ``quantile(p)`` is the first date whose cumulative weight reaches
    ``p``, so it is always one of ``dates``.
    """

    dates: tuple[date, ...]
    weights: tuple[float, ...]

    @classmethod
    def from_ordinals(
        cls, ordinals: npt.NDArray[np.int64], weights: npt.NDArray[np.float64]
    ) -> DateDistribution:
        """Merge equal dates, drop zero weights and normalise."""
        keep = weights > 0
        unique, inverse = np.unique(ordinals[keep], return_inverse=True)
        summed = np.bincount(inverse, weights=weights[keep], minlength=unique.size)
        total = summed.sum()
        return cls(
            tuple(date.fromordinal(int(o)) for o in unique),
            tuple(float(w) for w in summed / total),
        )

    def __post_init__(self) -> None:
        if not self.dates or len(self.dates) != len(self.weights):
            raise ValueError("a DateDistribution needs as many weights as dates, at least one")

    def quantile(self, percent: float) -> date:
        """The first date whose cumulative weight reaches ``percent`` / 100."""
        cumulative = np.cumsum(self.weights)
        index = int(np.searchsorted(cumulative, percent / 100 - 1e-12, side="left"))
        return self.dates[min(index, len(self.dates) - 1)]

    def quantiles(self, levels: Sequence[int] = LEVELS) -> dict[str, date]:
        """``{"p10": date, ...}`` at the given percent levels."""
        return {f"p{level}": self.quantile(level) for level in levels}

    def sample(self, rng: np.random.Generator, size: int) -> list[date]:
        """``size`` dates drawn with these weights from ``rng``."""
        picks = rng.choice(len(self.dates), size=size, p=np.asarray(self.weights))
        return [self.dates[int(i)] for i in picks]

    def restricted(self, first: date, last: date) -> DateDistribution:
        """The distribution conditioned on ``[first, last]`` (e.g. a scenario's notification window).

        Raises:
            ForecastInputError: when no date of the distribution falls in the window.
        """
        from inspection_sim.errors import ForecastInputError

        kept = [(d, w) for d, w in zip(self.dates, self.weights, strict=True) if first <= d <= last]
        total = sum(w for _, w in kept)
        if not kept or total <= 0:
            raise ForecastInputError(
                f"no forecast date falls between {first.isoformat()} and {last.isoformat()}",
                key="window",
                value=(first.isoformat(), last.isoformat()),
            )
        return DateDistribution(tuple(d for d, _ in kept), tuple(w / total for _, w in kept))

    def to_dict(self) -> dict[str, list[str] | list[float]]:
        """``{"dates": [iso, ...], "weights": [...]}``."""
        return {"dates": [d.isoformat() for d in self.dates], "weights": list(self.weights)}
