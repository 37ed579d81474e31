"""Aggregates of a simulation, gathered block by block so that memory does not grow with the
number of replications.

A result's tables need only: each deadline's lateness and each team's utilisation per
replication (kept whole: a few rows, and exact percentiles need every value), the random inputs
per replication (kept whole as 32-bit floats: rank correlations need every value, see
:mod:`.drivers`), and per task the number of replications on the critical path and on each
deadline's chain, the sum of its delays and the distribution of its last working day. The last
four are added up block by block:

* **Critical path and chain counts**: whole numbers, exact.
* **P10/P50/P90 end dates**: exact. A task's end day at a quantile is
  ``max(ceil(f) - 1, floor(s))`` of the quantiles ``f`` of its finishes and ``s`` of its starts
  (``method="lower"``: order statistics, which commute with ``ceil`` and ``floor``), so
  histograms of the whole days ``ceil(finish)`` and ``floor(start)`` give the same dates as
  the full arrays.
* **Delay sums**: the delays of each block of :data:`~.sampling.BLOCK` replications (the draws'
  blocks, the same whatever the engine call) are summed by numpy and the block sums added
  exactly with :func:`math.fsum`. The result depends only on the seed and the replications,
  never on how they were split; it differs from the exact sum by at most a few units in the
  last place of each block's sum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from inspection_sim.simulation.chains import chains
from inspection_sim.simulation.des import planned_times
from inspection_sim.simulation.sampling import BLOCK

if TYPE_CHECKING:
    from inspection_sim.simulation.model import SimModel

__all__ = ["QUANTILES", "Accumulator", "Aggregates", "Part"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

#: The percentiles of the end-date columns.
QUANTILES = (10, 50, 90)


@dataclass(frozen=True)
class Aggregates:
    """What a result's tables read (see the module docstring). Arrays: ``late``
    ``(deadlines, runs)``, ``utilisation`` ``(teams, runs)``, ``critical`` and ``delay_sum``
    ``(tasks,)``, ``end_day`` ``(len(QUANTILES), tasks)`` working-day indices,
    ``deadline_critical`` ``(deadlines, tasks)`` replications on each deadline's chain, and
    ``inputs`` ``(inputs, runs)`` the random inputs of :func:`~.drivers.driver_rows` (None when
    the parts carried none)."""

    late: FloatArray
    utilisation: FloatArray
    critical: IntArray
    delay_sum: FloatArray
    end_day: IntArray
    deadline_critical: IntArray
    inputs: Float32Array | None


#: Replications per pass when tracing chains (their flags take deadlines x tasks x this bytes).
CHAIN_COLUMNS = 1024


class Part(Protocol):
    """What :meth:`Accumulator.add` reads of one part's result (a
    :class:`~inspection_sim.simulation.result.SimulationResult`, which builds on these tables)."""

    @property
    def runs(self) -> int: ...

    @property
    def start(self) -> FloatArray: ...

    @property
    def finish(self) -> FloatArray: ...

    @property
    def shift(self) -> IntArray: ...

    @property
    def late(self) -> FloatArray: ...

    @property
    def utilisation(self) -> FloatArray: ...

    @property
    def inputs(self) -> Float32Array | None: ...

    @property
    def deadline_tasks(self) -> tuple[int, ...]: ...


class Accumulator:
    """Adds up the replications of one simulation, part by part, in any order of parts."""

    def __init__(self, model: SimModel, runs: int, deadlines: int) -> None:
        tasks, teams = len(model.network), len(model.network.teams)
        self.model = model
        self.runs = runs
        self.late = np.empty((deadlines, runs))
        self.utilisation = np.empty((teams, runs))
        self.critical = np.zeros(tasks, dtype=np.int64)
        self.deadline_critical = np.zeros((deadlines, tasks), dtype=np.int64)
        self.inputs: Float32Array | None = None
        self.blocks = np.zeros((-(-runs // BLOCK), tasks))  # each block's delay sums
        self.finish_days = _Histogram(tasks)
        self.start_days = _Histogram(tasks)
        self.planned_finish = planned_times(model)[1][:, None]

    def add(self, first: int, part: Part) -> None:
        """Replications ``first .. first + part.runs - 1``; ``first`` starts a block."""
        if first % BLOCK:
            raise ValueError("a part must start at a block of replications")
        span = slice(first, first + part.runs)
        self.late[:, span] = part.late
        self.utilisation[:, span] = part.utilisation
        if part.inputs is not None:
            if self.inputs is None:
                self.inputs = np.zeros((part.inputs.shape[0], self.runs), dtype=np.float32)
            self.inputs[:, span] = part.inputs
        seeds = part.deadline_tasks
        for lo in range(0, part.runs, CHAIN_COLUMNS):
            columns = slice(lo, lo + CHAIN_COLUMNS)
            on = chains(
                self.model,
                part.start[:, columns],
                part.finish[:, columns],
                part.shift[columns],
                seeds,
            )
            self.critical += on[0].sum(axis=1)
            self.deadline_critical[: len(seeds)] += on[1:].sum(axis=2)
        delay = part.finish - self.planned_finish
        for lo in range(0, part.runs, BLOCK):
            block = np.ascontiguousarray(delay[:, lo : lo + BLOCK])  # one layout, one sum order
            self.blocks[(first + lo) // BLOCK] = block.sum(axis=1)
        self.finish_days.add(np.ceil(part.finish))
        self.start_days.add(np.floor(part.start))

    def result(self) -> Aggregates:
        ranks = np.floor((self.runs - 1) * np.true_divide(QUANTILES, 100)).astype(np.intp)
        last = self.finish_days.order_statistics(ranks) - 1
        end_day = np.maximum(last, self.start_days.order_statistics(ranks))
        delay_sum = np.array([math.fsum(column) for column in self.blocks.T.tolist()])
        return Aggregates(
            self.late,
            self.utilisation,
            self.critical,
            delay_sum,
            end_day,
            self.deadline_critical,
            self.inputs,
        )


class _Histogram:
    """Counts of whole-number values per task, over a range of values that grows as needed."""

    def __init__(self, tasks: int) -> None:
        self.low = 0
        self.counts = np.zeros((tasks, 0), dtype=np.int64)

    def add(self, values: FloatArray) -> None:
        """Whole-number values ``(tasks, replications)``."""
        if not values.size:
            return
        days = values.astype(np.int64)
        low, high = int(days.min()), int(days.max())
        if not self.counts.shape[1]:
            self.low = low
        start, stop = min(self.low, low), max(self.low + self.counts.shape[1], high + 1)
        if (start, stop) != (self.low, self.low + self.counts.shape[1]):
            grown = np.zeros((self.counts.shape[0], stop - start), dtype=np.int64)
            grown[:, self.low - start : self.low - start + self.counts.shape[1]] = self.counts
            self.low, self.counts = start, grown
        width = self.counts.shape[1]
        rows = np.arange(days.shape[0])[:, None] * width
        self.counts += np.bincount((rows + days - self.low).ravel(), minlength=self.counts.size)[
            : self.counts.size
        ].reshape(self.counts.shape)

    def order_statistics(self, ranks: npt.NDArray[np.intp]) -> IntArray:
        """``(len(ranks), tasks)``: each task's ``rank``-th smallest value (0 is the least)."""
        below = np.cumsum(self.counts, axis=1)  # values at or below each day
        found = (below[None, :, :] <= ranks[:, None, None]).sum(axis=2)
        result: IntArray = (found + self.low).astype(np.int64)
        return result
