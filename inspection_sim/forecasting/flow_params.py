"""Parameters of a practice-timescale flow: arrivals, capacity, the deadline, and what-ifs.

A flow TOML file holds one ``[flow]`` table with the fields of :class:`FlowParams` and any number
of ``[[flow.whatif]]`` tables (``kind = "capacity"`` or ``"arrivals"``, ``from`` a date,
``factor``). Deadlines come from the timescale's name, in the practice timescales of the rule data
(``rules/data/timescales``, with their sources).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from inspection_sim.errors import ForecastInputError, RuleFileError, UnknownNameError
from inspection_sim.rules import Unit
from inspection_sim.toml_reader import Reading, Table, read_toml

__all__ = [
    "ARRIVALS",
    "SERVICES",
    "TIMESCALES",
    "FlowDeadline",
    "FlowParams",
    "WhatIf",
    "flow_deadline",
    "load_flow",
]

SERVICES = ("fixed", "exponential")
#: "poisson": random arrivals on every calendar day; "poisson-working-days": random arrivals on
#: working days only (the queue-theory case); "constant": evenly spaced arrivals.
ARRIVALS = ("poisson", "poisson-working-days", "constant")
#: The practice timescales a flow can follow: a deadline in working days, then follow-ups months
#: apart.
TIMESCALES = ("initial-health-assessment", "single-assessment", "first-looked-after-review")
WHATIF_KINDS = ("capacity", "arrivals")


@dataclass(frozen=True)
class FlowDeadline:
    """A deadline ``working_days`` after day 0, then follow-ups ``followup_months`` apart."""

    name: str
    working_days: int
    followup_months: tuple[int, ...]
    source: str


def flow_deadline(name: str) -> FlowDeadline:
    """The deadline of the practice timescale ``name`` (see :data:`TIMESCALES`), from the rule
    data (``inspection_sim.timescales``).

    Raises:
        UnknownNameError: for an unknown name (the closest is suggested).
        RuleFileError: the rule data gives the timescale in other units.
    """
    if name not in TIMESCALES:
        raise UnknownNameError("unknown timescale", key="timescale", value=name, choices=TIMESCALES)
    from inspection_sim.rules import load_timescales

    rules = load_timescales()
    item = rules.get(name)
    months = tuple(c.value for c in item.then if c.unit is Unit.MONTHS)
    if item.unit is not Unit.WORKING_DAYS or len(months) != len(item.then):
        raise RuleFileError(
            "a flow needs working days, then follow-ups in months",
            source=rules.source_file,
            key=f"timescales.{name}",
        )
    sources = ", ".join(item.provenance.source)
    return FlowDeadline(name, item.value, months, f"framework rule data: timescales ({sources})")


@dataclass(frozen=True)
class WhatIf:
    """From ``start`` on, multiply capacity or arrivals by ``factor`` (2/3: "falls by a third")."""

    kind: str
    start: date
    factor: float

    def __post_init__(self) -> None:
        if self.kind not in WHATIF_KINDS:
            raise UnknownNameError(
                "unknown what-if", key="whatif.kind", value=self.kind, choices=WHATIF_KINDS
            )
        if not (math.isfinite(self.factor) and self.factor >= 0):
            raise ForecastInputError(
                "a what-if factor must be a finite number, 0 or more",
                key="whatif.factor",
                value=self.factor,
            )


def _positive(name: str, value: float, *, zero: bool = False) -> None:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not (value >= 0 if zero else value > 0)
    ):
        raise ForecastInputError(
            f"{name} must be a finite number {'0 or more' if zero else 'above 0'}",
            key=name,
            value=value,
        )


def _probability(name: str, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ForecastInputError(f"{name} must be a probability from 0 to 1", key=name, value=value)


@dataclass(frozen=True)
class FlowParams:
    """A cohort flowing through one timescale.

    Attributes:
        timescale: one of :data:`TIMESCALES`; sets the deadline and any follow-ups.
        start: first day simulated.
        arrivals_per_week: children entering (care, or referrals) per calendar week.
        capacity_per_week: appointments (or completions) per working week (the working days of
            the calendar's weekmask: 5 for Mon-Fri).
        servers: clinicians or workers sharing that capacity; each appointment lasts
            ``servers * days_per_week / capacity_per_week`` working days.
        seasonality: 12 arrival multipliers, January first.
        availability: per-week probability that a slot is staffed, cycled over the weeks.
        no_show: probability that a child misses a staffed appointment (rebooked with priority).
        service: ``fixed`` or ``exponential`` appointment length.
        arrivals: one of :data:`ARRIVALS`.
        lead_working_days: how early a follow-up enters the queue before its due date.
        whatifs: capacity or arrival changes from a date.
        deadline_working_days: override the timescale's working-day count.
    """

    timescale: str = "initial-health-assessment"
    start: date = date(2027, 1, 4)
    arrivals_per_week: float = 10.0
    capacity_per_week: float = 12.0
    servers: int = 1
    seasonality: tuple[float, ...] = (1.0,) * 12
    availability: tuple[float, ...] = (1.0,)
    no_show: float = 0.0
    service: str = "fixed"
    arrivals: str = "poisson"
    lead_working_days: int = 10
    whatifs: tuple[WhatIf, ...] = ()
    deadline_working_days: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        flow_deadline(self.timescale)
        if not isinstance(self.start, date):
            raise ForecastInputError("start must be a date", key="start", value=self.start)
        _positive("arrivals_per_week", self.arrivals_per_week, zero=True)
        _positive("capacity_per_week", self.capacity_per_week)
        if not isinstance(self.servers, int) or self.servers < 1:
            raise ForecastInputError(
                "servers must be a whole number, 1 or more", key="servers", value=self.servers
            )
        if len(self.seasonality) != 12:
            raise ForecastInputError(
                "seasonality needs 12 monthly multipliers",
                key="seasonality",
                value=self.seasonality,
            )
        for value in self.seasonality:
            _positive("seasonality", value, zero=True)
        if not self.availability:
            raise ForecastInputError(
                "availability needs at least one weekly value", key="availability", value=()
            )
        for value in self.availability:
            _probability("availability", value)
        _probability("no_show", self.no_show)
        if self.no_show >= 1:
            raise ForecastInputError("no_show must be below 1", key="no_show", value=self.no_show)
        if self.service not in SERVICES:
            raise UnknownNameError(
                "unknown service", key="service", value=self.service, choices=SERVICES
            )
        if self.arrivals not in ARRIVALS:
            raise UnknownNameError(
                "unknown arrival process", key="arrivals", value=self.arrivals, choices=ARRIVALS
            )

    @property
    def deadline(self) -> FlowDeadline:
        """The timescale's deadline, with the working-day override applied."""
        found = flow_deadline(self.timescale)
        if self.deadline_working_days is None:
            return found
        return dataclasses.replace(
            found, working_days=self.deadline_working_days, source="override"
        )

    def with_whatif(self, *changes: WhatIf) -> FlowParams:
        """A copy with more what-ifs."""
        return dataclasses.replace(self, whatifs=self.whatifs + changes)

    def factor(self, kind: str, day: date) -> float:
        """The product of the ``kind`` what-if factors in force on ``day``."""
        result = 1.0
        for change in self.whatifs:
            if change.kind == kind and day >= change.start:
                result *= change.factor
        return result


_FIELDS = tuple(
    f.name for f in dataclasses.fields(FlowParams) if f.name not in ("whatifs", "extra")
)


def _whatif(table: Table) -> WhatIf:
    table.only("kind", "from", "factor")
    return WhatIf(
        table.choice("kind", WHATIF_KINDS), table.day("from"), table.number("factor", minimum=0)
    )


def load_flow(path: Path) -> FlowParams:
    """Read a flow TOML file (see the module docstring).

    Raises:
        ForecastInputError, UnknownNameError: for a malformed file, an unknown key (the closest is
            suggested) or an invalid value, naming the file and the key.
    """
    reading = Reading(str(path), error=ForecastInputError)
    root = reading.table(read_toml(path, error=ForecastInputError))
    root.only("flow")
    table = root.table("flow", required=True)
    table.only(*_FIELDS, "whatif")
    values: dict[str, Any] = {}
    for key, value in table.data.items():
        if key == "whatif":
            values["whatifs"] = tuple(_whatif(t) for t in table.items("whatif"))
        elif key in _FIELDS:
            values[key] = tuple(value) if isinstance(value, list) else value
    reading.check()
    try:
        return FlowParams(**values)
    except (ForecastInputError, UnknownNameError) as error:
        for problem in error.problems:
            where = tuple(problem.key.split(".")) if problem.key else ()
            reading.add(("flow", *where), problem.message, problem.value, problem.choices)
        raise type(error)(problems=reading.problems) from None
    except TypeError as error:
        reading.fail(("flow",), f"invalid value: {error}")
