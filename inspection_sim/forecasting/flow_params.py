"""Parameters of a practice-timescale flow: arrivals, capacity, the deadline, and what-ifs.

A flow TOML file holds one ``[flow]`` table with the fields of :class:`FlowParams` and any number
of ``[[flow.whatif]]`` tables (``kind = "capacity"`` or ``"arrivals"``, ``from`` a date,
``factor``). Deadlines come from the timescale's name: the framework rule data when it has the
timescale, otherwise ``data/flow.toml`` (both cite their sources).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from inspection_sim.errors import ForecastInputError, UnknownNameError
from inspection_sim.forecasting.tomldata import Table, load_package_toml, load_toml

__all__ = [
    "ARRIVALS",
    "SERVICES",
    "TIMESCALES",
    "FlowParams",
    "Timescale",
    "WhatIf",
    "load_flow",
    "timescale",
]

SERVICES = ("fixed", "exponential")
#: "poisson": random arrivals on every calendar day; "poisson-working-days": random arrivals on
#: working days only (the queue-theory case); "constant": evenly spaced arrivals.
ARRIVALS = ("poisson", "poisson-working-days", "constant")
TIMESCALES = ("initial-health-assessment", "single-assessment", "first-looked-after-review")
WHATIF_KINDS = ("capacity", "arrivals")


@dataclass(frozen=True)
class Timescale:
    """A deadline ``working_days`` after day 0, then follow-ups ``followup_months`` apart."""

    name: str
    working_days: int
    followup_months: tuple[int, ...]
    source: str


def _from_rules(name: str) -> tuple[int, tuple[int, ...], str] | None:
    """Working days, follow-up months and source from the framework rule data, when it has them."""
    try:
        from inspection_sim.timescales import timescales
    except ImportError:  # the rule data is optional for this model
        return None
    for item in timescales():
        unit = getattr(item.unit, "value", item.unit)
        if item.id != name or unit != "working_days":
            continue
        months = [c.value for c in item.then if getattr(c.unit, "value", c.unit) == "months"]
        if len(months) != len(item.then):
            return None
        sources = ", ".join(item.provenance.source)
        return int(item.value), tuple(months), f"framework rule data: timescales ({sources})"
    return None


def timescale(name: str) -> Timescale:
    """The named timescale (see :data:`TIMESCALES`): from the framework rule data
    (``inspection_sim.timescales``) when it has it, else from ``data/flow.toml``.

    Raises:
        UnknownNameError: for an unknown name (the closest is suggested).
    """
    if name not in TIMESCALES:
        raise UnknownNameError("unknown timescale", key="timescale", value=name, choices=TIMESCALES)
    found = _from_rules(name)
    if found is not None:
        return Timescale(name, found[0], found[1], found[2])
    table = load_package_toml("flow.toml").table(name)
    table.only("working_days", "followup_months")
    days = table.sourced("working_days", int)
    months = table.value("followup_months", list) if "followup_months" in table.data else []
    return Timescale(name, days.value, tuple(months), days.source)


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
        if not self.factor >= 0:
            raise ForecastInputError(
                "a what-if factor must be 0 or more", key="whatif.factor", value=self.factor
            )


def _positive(name: str, value: float, *, zero: bool = False) -> None:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not (value >= 0 if zero else value > 0)
    ):
        raise ForecastInputError(
            f"{name} must be a number {'0 or more' if zero else 'above 0'}", key=name, value=value
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
        timescale(self.timescale)
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
    def deadline(self) -> Timescale:
        """The timescale, with the working-day override applied."""
        found = timescale(self.timescale)
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
    return WhatIf(table.get("kind", str), table.get("from", date), table.get("factor", float))


def load_flow(path: Path) -> FlowParams:
    """Read a flow TOML file (see the module docstring).

    Raises:
        RuleFileError: for a malformed file or an unknown key (the closest is suggested).
        ForecastInputError, UnknownNameError: for invalid values, naming the key.
    """
    root = load_toml(path)
    root.only("flow")
    table = root.table("flow")
    table.only(*_FIELDS, "whatif")
    values: dict[str, Any] = {}
    for key, value in table.data.items():
        if key == "whatif":
            values["whatifs"] = tuple(_whatif(t) for t in table.tables("whatif"))
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    try:
        return FlowParams(**values)
    except (ForecastInputError, UnknownNameError) as error:
        problem = error.problems[0]
        raise type(error)(
            problem.message,
            source=str(path),
            key=f"flow.{problem.key}" if problem.key else "flow",
            value=problem.value,
            choices=problem.choices,
        ) from None
    except TypeError as error:
        raise ForecastInputError(f"invalid value: {error}", source=str(path), key="flow") from None
