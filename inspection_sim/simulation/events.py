"""Random events a simulation can draw: what each one does and how often it happens.

Every rate and effect is data (scenario files, and the planning assumptions in
``rules/data/assumptions.toml``); nothing here decides how likely an event is. Times are simulation times (see :mod:`.simtime`) on the plan as
built, before any deferral or drawn notification date moves it.

* :class:`InformationRequests`: inspectors ask for more information during fieldwork. Requests
  arrive as a Poisson process over a window; each is a piece of work for one team, due by the
  end of the window.
* :class:`StaffAbsence`: someone in a team is away. Absences start as a Poisson process over a
  window; each takes one unit of the team's capacity for its length (it has no effect on a team
  without a capacity limit).
* :class:`LateData`: a task's inputs arrive late, with a probability; the task's release waits
  for a drawn delay.
* :class:`Deferral`: the inspection is deferred, with a probability; every dated constraint of the
  plan moves by a number of working days.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from inspection_sim.errors import SimulationError
from inspection_sim.plan.network import DurationSpec
from inspection_sim.rules.base import DURATION_KINDS

__all__ = [
    "Deferral",
    "InformationRequests",
    "LateData",
    "StaffAbsence",
    "Uncertainty",
    "check_duration",
]


def check_duration(spec: DurationSpec, key: str) -> DurationSpec:
    """Validate a duration distribution; returns it unchanged.

    Raises:
        SimulationError: an unknown kind (closest suggested), the wrong number of parameters,
            a negative or non-finite value, ``low <= mode <= high`` broken, or a non-positive
            log-normal median.
    """
    if spec.kind not in DURATION_KINDS:
        raise SimulationError(
            "unknown duration distribution",
            key=f"{key}.kind",
            value=spec.kind,
            choices=tuple(DURATION_KINDS),
        )
    params = tuple(spec.params)
    if len(params) != DURATION_KINDS[spec.kind]:
        raise SimulationError(
            f"a {spec.kind} duration takes {DURATION_KINDS[spec.kind]} parameter(s)",
            key=f"{key}.params",
            value=params,
        )
    if any(not math.isfinite(p) or p < 0 for p in params):
        raise SimulationError(
            "duration parameters must be finite and non-negative",
            key=f"{key}.params",
            value=params,
        )
    if spec.kind in ("triangular", "pert") and not params[0] <= params[1] <= params[2]:
        raise SimulationError("needs low <= mode <= high", key=f"{key}.params", value=params)
    if spec.kind == "lognormal" and params[0] <= 0:
        raise SimulationError(
            "a log-normal median must be positive", key=f"{key}.params", value=params
        )
    return spec


def _check_probability(value: float, key: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise SimulationError("a probability must be between 0 and 1", key=key, value=value)


def _check_rate(value: float, key: str) -> None:
    if not (math.isfinite(value) and value >= 0.0):
        raise SimulationError("a rate must be finite and non-negative", key=key, value=value)


def _check_window(window: tuple[float, float], key: str) -> None:
    if not window[0] <= window[1]:
        raise SimulationError("a window needs start <= end", key=key, value=window)


@dataclass(frozen=True)
class InformationRequests:
    """Extra information requests: ``rate_per_day`` arrivals per working day of ``window``,
    each needing ``effort`` of ``team``'s working days and due by the end of the window."""

    team: str
    rate_per_day: float
    effort: DurationSpec
    window: tuple[float, float]

    def __post_init__(self) -> None:
        _check_rate(self.rate_per_day, "information_requests.rate_per_day")
        check_duration(self.effort, "information_requests.effort")
        _check_window(self.window, "information_requests.window")


@dataclass(frozen=True)
class StaffAbsence:
    """Absences in ``team``: ``rate_per_day`` starts per working day of ``window``, each taking
    one unit of the team's capacity for ``length`` working days."""

    team: str
    rate_per_day: float
    length: DurationSpec
    window: tuple[float, float]

    def __post_init__(self) -> None:
        _check_rate(self.rate_per_day, "staff_absence.rate_per_day")
        check_duration(self.length, "staff_absence.length")
        _check_window(self.window, "staff_absence.window")


@dataclass(frozen=True)
class LateData:
    """With ``probability``, ``task`` is released ``delay`` working days late."""

    task: str
    probability: float
    delay: DurationSpec

    def __post_init__(self) -> None:
        _check_probability(self.probability, f"late_data.{self.task}.probability")
        check_duration(self.delay, f"late_data.{self.task}.delay")


@dataclass(frozen=True)
class Deferral:
    """With ``probability``, every dated constraint moves ``working_days`` later."""

    probability: float
    working_days: int

    def __post_init__(self) -> None:
        _check_probability(self.probability, "deferral.probability")
        if self.working_days < 0:
            raise SimulationError(
                "a deferral moves the plan later: working_days must be >= 0",
                key="deferral.working_days",
                value=self.working_days,
            )


@dataclass(frozen=True)
class Uncertainty:
    """The random events of a model. The default has none."""

    information_requests: Sequence[InformationRequests] = ()
    absences: Sequence[StaffAbsence] = ()
    late_data: Sequence[LateData] = ()
    deferral: Deferral | None = None

    def moved(self, offset: int) -> Uncertainty:
        """The same events with their windows ``offset`` working days later."""
        if not offset:
            return self

        def later(window: tuple[float, float]) -> tuple[float, float]:
            return (window[0] + offset, window[1] + offset)

        return replace(
            self,
            information_requests=tuple(
                replace(e, window=later(e.window)) for e in self.information_requests
            ),
            absences=tuple(replace(e, window=later(e.window)) for e in self.absences),
        )

    @property
    def incident_teams(self) -> tuple[str, ...]:
        """Teams named by requests and absences, in declaration order."""
        return tuple(a.team for a in self.absences) + tuple(
            r.team for r in self.information_requests
        )

    def __bool__(self) -> bool:
        return bool(self.information_requests or self.absences or self.late_data or self.deferral)
