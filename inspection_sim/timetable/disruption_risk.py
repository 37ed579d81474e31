"""Monte Carlo of staff absence in the on-site days: how often the timetable holds.

Absences are the simulation's staff-absence event: each person starts one on a working day with
rate ``rate`` (a Poisson process: at least one start with probability ``1 - exp(-rate)``; the
same rate as a scenario's ``[simulation.events] staff-absence``), lasting the working days drawn
from the planning assumptions' ``[events.staff-absence] days`` (UNVERIFIED), rounded up. Absences
that start before the visit and run into it count; their changes are made before the visit. Each run rebooks the plan as
:func:`~.disruption.rebook_absences` does; a run no absence touches keeps the plan as it is.

Draws are made for everyone a session of the plan could book, with numpy, all runs at once; the
same plan, rate, runs and seed give the same result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.rules.base import DurationSpec
from inspection_sim.timetable.disruption import CaseShares, case_sessions, case_shares, notice_days
from inspection_sim.timetable.people import TimetableInputError
from inspection_sim.timetable.rebook import Spell, rebook_board
from inspection_sim.timetable.replay import board_of
from inspection_sim.timetable.result import Timetable

__all__ = ["AbsenceRisk", "Spread", "absence_length", "absence_risk"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Spread:
    """A quantity over the runs: its mean and 10th, 50th and 90th percentiles."""

    mean: float
    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Spread:
        data = np.asarray(values, dtype=float)
        p10, p50, p90 = np.percentile(data, [10, 50, 90])
        return cls(float(data.mean()), float(p10), float(p50), float(p90))


@dataclass(frozen=True)
class AbsenceRisk:
    """What random staff absence does to a planned timetable over ``runs`` runs.

    The shares are those of :class:`~.disruption.CaseShares`; ``load`` is the coordinator's
    rebooking load on each on-site day, ``before`` the changes made before the visit (absences
    known earlier), ``busiest`` the most changes on any one on-site day of a run and ``total``
    all of a run's changes.
    """

    plan: Timetable
    rate: float
    runs: int
    seed: int
    notice_days: int
    length: DurationSpec
    planned: CaseShares
    as_planned: Spread
    with_worker: Spread
    with_substitute: Spread
    not_discussed: Spread
    load: tuple[Spread, ...]
    before: Spread
    busiest: Spread
    total: Spread
    all_discussed: float
    all_with_worker: float
    disrupted: float

    @property
    def days(self) -> tuple[date, ...]:
        return self.plan.days


def absence_length() -> DurationSpec:
    """Working days one staff absence lasts (planning assumption, UNVERIFIED)."""
    from inspection_sim.rules import load_assumptions

    spec = load_assumptions().event("staff-absence").days
    assert spec is not None  # the shipped assumptions give it (a test checks)
    return spec


def absence_risk(
    plan: Timetable,
    *,
    rate: float,
    runs: int = 1000,
    seed: int = 0,
    notice: int | None = None,
) -> AbsenceRisk:
    """``runs`` runs of random staff absence over ``plan``'s on-site days, each rebooked.

    Args:
        rate: absences starting per person per working day (a scenario's ``staff-absence``).
        notice: working days' notice of each absence (default: the planning assumption, 0).

    Raises:
        TimetableInputError: a rate outside 0 to 1, fewer than one run, a negative seed.
    """
    _check(rate, runs, seed)
    lead = notice_days() if notice is None else notice
    spec = absence_length()
    board, sessions = board_of(plan)
    planned = {p.session.id: p for p in board.placements}
    cases = case_sessions(plan, sessions)
    n_days = len(plan.days)
    people = sorted(
        {
            pid
            for s in sessions
            for needs in (s.needs, s.substitute or ())
            for need in needs
            for pid in need.candidates
        }
        & set(plan.people)
    )
    before = _lead_in(spec, n_days)
    gen = np.random.default_rng(seed)
    starts = gen.random((runs, len(people), before + n_days)) < -math.expm1(-rate)
    run, who, at = (a.astype(np.int64) for a in np.nonzero(starts))
    length = np.maximum(np.ceil(_lengths(gen, spec, run.size)), 1).astype(np.int64)
    first = at - before
    end = np.minimum(first + length, n_days)
    keep = end > 0
    run, who, first, end = run[keep], who[keep], np.maximum(first[keep], 0), end[keep]
    known = at[keep] - before - lead
    hits = _hits(board.placements, people, n_days, who, first, end)
    order = np.lexsort((who, first, known, run))
    run, who, first, end, known = (a[order] for a in (run, who, first, end, known))
    hits = hits[order]
    touched = np.unique(run[hits])
    bounds = np.searchsorted(run, np.stack([touched, touched + 1]))
    shares = np.tile(np.array(_row(case_shares(cases, planned, planned))), (runs, 1))
    load = np.zeros((runs, n_days + 1), dtype=np.int64)  # the last column: before the visit
    for r, lo, hi in zip(touched.tolist(), bounds[0].tolist(), bounds[1].tolist(), strict=True):
        spells = [
            Spell(int(known[k]), people[int(who[k])], tuple(range(int(first[k]), int(end[k]))))
            for k in range(lo, hi)
        ]
        current = dict(planned)
        outcomes = rebook_board(board.copy(), current, spells, explain=False)
        shares[r] = _row(case_shares(cases, planned, current))
        for o in outcomes:
            load[r, o.known if o.known >= 0 else n_days] += 1
    complete = shares[:, 3] == 0
    return AbsenceRisk(
        plan=plan,
        rate=rate,
        runs=runs,
        seed=seed,
        notice_days=lead,
        length=spec,
        planned=case_shares(cases, planned, planned),
        as_planned=Spread.of(shares[:, 0]),
        with_worker=Spread.of(shares[:, 1]),
        with_substitute=Spread.of(shares[:, 2]),
        not_discussed=Spread.of(shares[:, 3]),
        load=tuple(Spread.of(load[:, d]) for d in range(n_days)),
        before=Spread.of(load[:, n_days]),
        busiest=Spread.of(load[:, :n_days].max(axis=1)),
        total=Spread.of(load.sum(axis=1)),
        all_discussed=float(complete.mean()),
        all_with_worker=float((shares[:, 1] == 1).mean()),
        disrupted=float((load.sum(axis=1) > 0).mean()),
    )


def _row(shares: CaseShares) -> tuple[float, float, float, float]:
    return (shares.as_planned, shares.with_worker, shares.with_substitute, shares.not_discussed)


def _check(rate: float, runs: int, seed: int) -> None:
    if (
        not isinstance(rate, (int, float))
        or isinstance(rate, bool)
        or not math.isfinite(rate)
        or not 0 <= rate <= 1
    ):
        raise TimetableInputError(
            "the absence rate is absences starting per person per working day, from 0 to 1",
            key="rate",
            value=rate,
        )
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        raise TimetableInputError("runs must be a whole number, 1 or more", key="runs", value=runs)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise TimetableInputError("seed must be a whole number, 0 or more", key="seed", value=seed)


def _lead_in(spec: DurationSpec, n_days: int) -> int:
    """Working days before the visit on which an absence can start and still reach it."""
    if spec.kind in ("fixed", "triangular", "pert"):
        return max(math.ceil(max(spec.params)) - 1, 0)
    return n_days


def _lengths(gen: np.random.Generator, spec: DurationSpec, size: int) -> FloatArray:
    p = spec.params
    if spec.kind == "fixed" or (spec.kind in ("triangular", "pert") and p[0] == p[2]):
        return np.full(size, float(p[0]))
    if spec.kind == "triangular":
        return gen.triangular(p[0], p[1], p[2], size)
    if spec.kind == "pert":
        width = p[2] - p[0]
        alpha = 1 + 4 * (p[1] - p[0]) / width
        beta = 1 + 4 * (p[2] - p[1]) / width
        return p[0] + width * gen.beta(alpha, beta, size)
    return gen.lognormal(math.log(p[0]), p[1], size)


def _hits(
    placements: Sequence[Any],
    people: Sequence[str],
    n_days: int,
    who: IntArray,
    first: IntArray,
    end: IntArray,
) -> npt.NDArray[np.bool_]:
    """Which absences cover a day on which their person has a booking in the plan."""
    index = {pid: k for k, pid in enumerate(people)}
    booked = np.zeros((len(people), n_days + 1), dtype=np.int64)
    for p in placements:
        for pid in p.people:
            if pid in index:
                booked[index[pid], p.day + 1] = 1
    before = np.cumsum(booked, axis=1)
    covered: npt.NDArray[np.bool_] = before[who, end] - before[who, first] > 0
    return covered
