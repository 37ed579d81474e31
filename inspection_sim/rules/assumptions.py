"""Planning assumptions: figures simulations and forecasts need that no inspectorate publishes.

Read from ``rules/data/assumptions.toml``: what each random event of a scenario does (its rate is
the scenario's), how a scenario's duration spread becomes a distribution, how many of a team a
task bound to a framework window needs present, and how the forecast
spreads an overdue inspection or a monitoring visit, and when the on-site coordinator learns of
an absence to rebook around it. Every value cites ``assumption`` and is
marked UNVERIFIED, like any rule resting on no published source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import DurationSpec, Provenance
from inspection_sim.rules.fields import provenance, read_packaged, rule_fields
from inspection_sim.toml_reader import Reading, Table

__all__ = [
    "ASSUMPTIONS_FILE",
    "Assumptions",
    "CaseSample",
    "DurationSpread",
    "EventEffect",
    "ForecastSpread",
    "RebookingNotice",
    "WindowCover",
    "load_assumptions",
]

ASSUMPTIONS_FILE = "rules/data/assumptions.toml"


@dataclass(frozen=True)
class EventEffect:
    """What one kind of random event does: ``days`` drawn per event (working days of work, of
    absence or of delay), or a fixed number of ``working_days`` (a deferral)."""

    id: str
    name: str
    days: DurationSpec | None
    working_days: int | None
    provenance: Provenance


@dataclass(frozen=True)
class DurationSpread:
    """A council task of ``d`` working days with spread ``s`` runs from ``d * (1 + low * s)`` to
    ``d * (1 + high * s)`` (triangular or PERT, mode ``d``)."""

    low: float
    high: float
    provenance: Provenance


@dataclass(frozen=True)
class WindowCover:
    """A council task bound to a framework window (support on site, the evidence log) needs
    ``staff_needed`` of its team present at every moment of the window; it is missed, in a
    simulation, only when staff absences leave fewer."""

    staff_needed: int
    provenance: Provenance


@dataclass(frozen=True)
class RebookingNotice:
    """When the on-site coordinator learns of a staff absence: ``notice_days`` working days
    before it starts (0: on the morning of its first day), and rebooks its sessions then."""

    notice_days: int
    provenance: Provenance


@dataclass(frozen=True)
class CaseSample:
    """How many cases a rehearsal draws from an Annex A workbook when nobody says."""

    size: int
    provenance: Provenance


@dataclass(frozen=True)
class ForecastSpread:
    """How the forecast spreads what the rules leave open, in weeks."""

    overdue_weeks: int
    monitoring_spread_weeks: int
    provenance: Provenance


@dataclass(frozen=True)
class Assumptions:
    """Every planning assumption, each with its citation."""

    events: Mapping[str, EventEffect]
    durations: DurationSpread
    forecast: ForecastSpread
    source_file: str
    windows: WindowCover
    rebooking: RebookingNotice
    case_sample: CaseSample

    def event(self, name: str) -> EventEffect:
        """The effect of the event ``name`` (a key of a scenario's ``[simulation.events]``)."""
        try:
            return self.events[name]
        except KeyError:
            raise UnknownNameError(
                "unknown random event", key="event", value=name, choices=tuple(self.events)
            ) from None


@cache
def load_assumptions() -> Assumptions:
    """The shipped planning assumptions (read once).

    Raises:
        RuleFileError: listing every problem of the file.
    """
    reading = Reading(ASSUMPTIONS_FILE)
    root = reading.table(read_packaged("data/assumptions.toml"))
    root.only("events", "durations", "forecast", "windows", "rebooking", "case_sample")
    durations = root.table("durations", required=True)
    keys = rule_fields("low", "high")
    durations.only(*keys)
    forecast = root.table("forecast", required=True)
    forecast_keys = rule_fields("overdue_weeks", "monitoring_spread_weeks")
    forecast.only(*forecast_keys)
    windows = root.table("windows", required=True)
    window_keys = rule_fields("staff_needed")
    windows.only(*window_keys)
    rebooking = root.table("rebooking", required=True)
    rebooking_keys = rule_fields("notice_days")
    rebooking.only(*rebooking_keys)
    sample = root.table("case_sample", required=True)
    sample_keys = rule_fields("size")
    sample.only(*sample_keys)
    found = Assumptions(
        events={t.name: _event(t) for t in root.tables("events")},
        durations=DurationSpread(
            durations.number("low", maximum=0.0),
            durations.number("high", minimum=0.0),
            provenance(durations, keys),
        ),
        forecast=ForecastSpread(
            forecast.integer("overdue_weeks", minimum=1),
            forecast.integer("monitoring_spread_weeks", minimum=0),
            provenance(forecast, forecast_keys),
        ),
        source_file=ASSUMPTIONS_FILE,
        windows=WindowCover(
            windows.integer("staff_needed", minimum=1), provenance(windows, window_keys)
        ),
        rebooking=RebookingNotice(
            rebooking.integer("notice_days", minimum=0), provenance(rebooking, rebooking_keys)
        ),
        case_sample=CaseSample(sample.integer("size", minimum=1), provenance(sample, sample_keys)),
    )
    reading.check()
    return found


def _event(t: Table) -> EventEffect:
    keys = rule_fields("name", "days", "working_days")
    t.only(*keys)
    if t.has("days") == t.has("working_days"):
        t.problem(None, "give exactly one of 'days' or 'working_days'", sorted(t.data))
    return EventEffect(
        id=t.name,
        name=t.text("name"),
        days=_distribution(t.table("days")) if t.has("days") else None,
        working_days=t.integer("working_days", None, minimum=0),
        provenance=provenance(t, keys),
    )


def _distribution(t: Table) -> DurationSpec:
    """``{ kind = "triangular", params = [low, mode, high] }``; the simulation checks the kind
    and the parameters when it draws."""
    t.only("kind", "params")
    return DurationSpec(t.text("kind"), t.numbers("params"))
