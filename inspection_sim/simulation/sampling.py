"""Random draws first: every replication's durations and events as arrays, before any engine runs.

Streams. Replications come in fixed blocks of :data:`BLOCK`. Block ``b`` draws from its own
independent stream, ``numpy.random.SeedSequence(seed, spawn_key=(*key, b))`` (the ``b``-th child
of ``SeedSequence(seed).spawn(...)``; ``key`` names a sweep date). So a replication's draws depend
only on the seed, its key and its index: never on the number of runs asked for, the number of
workers or the order they finish in. (A stream per block rather than per replication keeps
generator set-up, about 10 µs a stream, out of the fast engines' budget.)

Within a block the draws come in a fixed order: durations by distribution kind (triangular, PERT,
log-normal, in network order within a kind), late data, the deferral, the notification date, then
absences and information requests, each as a ``(tasks, BLOCK)`` or ``(BLOCK, k)`` array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import DurationSpec
from inspection_sim.simulation.model import SimModel

__all__ = ["BLOCK", "Draws", "concat", "draw", "draw_spec"]

#: Replications per random stream.
BLOCK = 100

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Shape = int | tuple[int, ...]


@dataclass(frozen=True)
class Draws:
    """The random inputs of ``runs`` replications (columns or rows are replications).

    Attributes:
        duration: ``(tasks, runs)`` working durations.
        delay: ``(tasks, runs)`` late-data delays added to each task's release.
        shift: ``(runs,)`` working days every dated constraint moves (deferral + notification).
        deferred: ``(runs,)`` whether the inspection was deferred.
        incident_team: ``(runs, k)`` team index of each absence or request; -1 pads.
        incident_release: ``(runs, k)`` when it starts (shift included).
        incident_length: ``(runs, k)`` working days it takes.
        incident_due: ``(runs, k)`` when a request is due (``inf`` for absences).
    """

    duration: FloatArray
    delay: FloatArray
    shift: IntArray
    deferred: npt.NDArray[np.bool_]
    incident_team: IntArray
    incident_release: FloatArray
    incident_length: FloatArray
    incident_due: FloatArray

    @property
    def runs(self) -> int:
        return int(self.shift.size)


def draw_spec(gen: np.random.Generator, spec: DurationSpec, size: Shape) -> FloatArray:
    """Draws from one duration distribution (see :class:`~inspection_sim.plan.network.DurationSpec`).

    PERT ``(a, m, b)`` is ``a + (b - a) * Beta(1 + 4 (m - a) / (b - a), 1 + 4 (b - m) / (b - a))``;
    log-normal ``(median, sigma)`` is ``median * exp(sigma * N(0, 1))``.
    """
    p = spec.params
    if spec.kind == "fixed" or (spec.kind in ("triangular", "pert") and p[0] == p[2]):
        return np.full(size, float(p[0]))
    if spec.kind == "triangular":
        return _triangular(np.array(p[0]), np.array(p[1]), np.array(p[2]), gen.random(size))
    if spec.kind == "pert":
        return _pert(gen, np.array([p[0]]), np.array([p[1]]), np.array([p[2]]), size)
    return gen.lognormal(np.log(p[0]), p[1], size)


def _pert(
    gen: np.random.Generator, a: FloatArray, m: FloatArray, b: FloatArray, size: Shape
) -> FloatArray:
    width = b - a
    alpha = 1.0 + 4.0 * (m - a) / width
    beta = 1.0 + 4.0 * (b - m) / width
    result: FloatArray = a + width * gen.beta(alpha, beta, size)
    return result


def draw(
    model: SimModel, runs: int, seed: int, *, first: int = 0, key: Sequence[int] = ()
) -> Draws:
    """Draws for replications ``first .. first + runs - 1`` of stream family ``(seed, key)``."""
    b0, b1 = first // BLOCK, (first + runs - 1) // BLOCK + 1
    blocks = [_block(model, _generator(seed, (*key, b))) for b in range(b0, b1)]
    offset = first - b0 * BLOCK
    if len(blocks) == 1 and offset == 0 and runs == BLOCK:
        return blocks[0]
    return _concatenate(blocks, offset, offset + runs)


def _generator(seed: int, key: tuple[int, ...]) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _block(model: SimModel, gen: np.random.Generator) -> Draws:
    duration = _durations(model, gen)
    delay = _late_data(model, gen)
    shift, deferred = _shift(model, gen)
    team, release, length, due = _incidents(model, gen)
    return Draws(
        duration,
        delay,
        shift,
        deferred,
        team,
        release + shift[:, None],
        length,
        due + shift[:, None],
    )


def _durations(model: SimModel, gen: np.random.Generator) -> FloatArray:
    fixed, groups = _duration_plan(model)
    out = np.repeat(fixed[:, None], BLOCK, axis=1)
    for kind, rows, p in groups:
        out[rows] = _draw_kind(gen, kind, p, (len(rows), BLOCK))
    return out


_PLANS: dict[int, tuple[SimModel, Any]] = {}


def _duration_plan(
    model: SimModel,
) -> tuple[FloatArray, list[tuple[str, list[int], FloatArray]]]:
    """Fixed values and, per random kind, the rows and ``(3 or 2, rows, 1)`` parameters."""
    hit = _PLANS.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]  # type: ignore[no-any-return]
    specs = model.durations
    random = [
        s.kind == "lognormal" or (s.kind != "fixed" and s.params[0] != s.params[2]) for s in specs
    ]
    fixed = np.array([0.0 if r else s.params[0] for s, r in zip(specs, random, strict=True)])
    groups = []
    for kind in ("triangular", "pert", "lognormal"):
        rows = [i for i, s in enumerate(specs) if s.kind == kind and random[i]]
        if rows:
            groups.append((kind, rows, np.array([specs[i].params for i in rows]).T[:, :, None]))
    if len(_PLANS) > 32:
        _PLANS.clear()
    _PLANS[id(model)] = (model, (fixed, groups))
    return fixed, groups


def _draw_kind(
    gen: np.random.Generator, kind: str, p: FloatArray, size: tuple[int, int]
) -> FloatArray:
    if kind == "triangular":
        return _triangular(p[0], p[1], p[2], gen.random(size))
    if kind == "pert":
        return _pert(gen, p[0], p[1], p[2], size)
    return gen.lognormal(np.log(p[0]), p[1], size)


def _triangular(a: FloatArray, m: FloatArray, b: FloatArray, u: FloatArray) -> FloatArray:
    """Triangular ``(a, m, b)`` by its inverse distribution function of uniforms ``u``."""
    width = b - a
    left = np.sqrt(u * width * (m - a))
    right = np.sqrt((1.0 - u) * width * (b - m))
    result: FloatArray = np.where(u * width < m - a, a + left, b - right)
    return result


def _late_data(model: SimModel, gen: np.random.Generator) -> FloatArray:
    delay = np.zeros((len(model.durations), BLOCK))
    for late in model.uncertainty.late_data:
        hit = gen.random(BLOCK) < late.probability
        amount = draw_spec(gen, late.delay, BLOCK)
        delay[model.network.position[late.task]] += np.where(hit, amount, 0.0)
    return delay


def _shift(model: SimModel, gen: np.random.Generator) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    shift = np.zeros(BLOCK, dtype=np.int64)
    deferred = np.zeros(BLOCK, dtype=bool)
    deferral = model.uncertainty.deferral
    if deferral is not None:
        deferred = gen.random(BLOCK) < deferral.probability
        shift += np.where(deferred, deferral.working_days, 0)
    if model.candidates:
        shift += np.asarray(model.candidates, dtype=np.int64)[
            gen.integers(0, len(model.candidates), BLOCK)
        ]
    return shift, deferred


def _incidents(
    model: SimModel, gen: np.random.Generator
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    parts: list[tuple[IntArray, FloatArray, FloatArray, FloatArray]] = []
    events = model.uncertainty
    for absence in events.absences:
        parts.append(
            _poisson(
                model,
                gen,
                absence.team,
                absence.rate_per_day,
                absence.length,
                absence.window,
                due=False,
            )
        )
    for request in events.information_requests:
        parts.append(
            _poisson(
                model,
                gen,
                request.team,
                request.rate_per_day,
                request.effort,
                request.window,
                due=True,
            )
        )
    if not parts:
        empty = np.empty((BLOCK, 0))
        return np.empty((BLOCK, 0), dtype=np.int64), empty, empty, empty
    team, release, length, due = (
        np.concatenate(column, axis=1) for column in zip(*parts, strict=False)
    )
    return team, release, length, due


def _poisson(
    model: SimModel,
    gen: np.random.Generator,
    team: str,
    rate: float,
    spec: DurationSpec,
    window: tuple[float, float],
    *,
    due: bool,
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Arrivals of a Poisson process over ``window``, padded to the block's largest count."""
    span = window[1] - window[0]
    counts = gen.poisson(rate * span, BLOCK)
    k = int(counts.max(initial=0))
    release = window[0] + span * gen.random((BLOCK, k))
    length = draw_spec(gen, spec, (BLOCK, k))
    present = np.arange(k)[None, :] < counts[:, None]
    teams = np.where(present, model.team_position(team), -1).astype(np.int64)
    deadline = np.full((BLOCK, k), window[1] if due else np.inf)
    return teams, release, length, deadline


def _concatenate(blocks: list[Draws], lo: int, hi: int) -> Draws:
    joined = concat(blocks)
    return Draws(
        duration=joined.duration[:, lo:hi],
        delay=joined.delay[:, lo:hi],
        shift=joined.shift[lo:hi],
        deferred=joined.deferred[lo:hi],
        incident_team=joined.incident_team[lo:hi],
        incident_release=joined.incident_release[lo:hi],
        incident_length=joined.incident_length[lo:hi],
        incident_due=joined.incident_due[lo:hi],
    )


def concat(parts: Sequence[Draws]) -> Draws:
    """Replications of several draws side by side (incident columns padded)."""
    width = max(d.incident_team.shape[1] for d in parts)

    def rows(arrays: list[npt.NDArray[Any]], fill: float) -> npt.NDArray[Any]:
        return np.concatenate([_widen(a, width, fill) for a in arrays])

    return Draws(
        duration=np.concatenate([d.duration for d in parts], axis=1),
        delay=np.concatenate([d.delay for d in parts], axis=1),
        shift=np.concatenate([d.shift for d in parts]),
        deferred=np.concatenate([d.deferred for d in parts]),
        incident_team=rows([d.incident_team for d in parts], -1),
        incident_release=rows([d.incident_release for d in parts], np.inf),
        incident_length=rows([d.incident_length for d in parts], 0.0),
        incident_due=rows([d.incident_due for d in parts], np.inf),
    )


def _widen(array: npt.NDArray[Any], width: int, fill: float) -> npt.NDArray[Any]:
    extra = width - array.shape[1]
    return np.pad(array, ((0, 0), (0, extra)), constant_values=fill) if extra else array
