"""Practice timescales as a rule set: frozen objects, loading and validated overrides.

Statutory timescales come from regulations or statutory guidance and cannot be overridden; local
standards (``kind = "local"``) can, per council, as a validated copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from inspection_sim.errors import RuleFileError, ScheduleError, UnknownNameError
from inspection_sim.rules.base import Provenance, Unit
from inspection_sim.rules.loader import provenance, read_rule_file, rule_file_name
from inspection_sim.toml_reader import Origins, Reading, Table, merge

__all__ = ["TIMESCALE_VERSIONS", "Cadence", "Timescale", "TimescaleSet", "load_timescales"]

#: Registered versions of the timescale rule set, oldest first (``rules/data/timescales/``).
TIMESCALE_VERSIONS: tuple[str, ...] = ("2023-12",)
_UNITS = tuple(unit.value for unit in Unit)


@dataclass(frozen=True)
class Cadence:
    """A later occurrence: ``value`` ``unit`` after the previous one; ``repeat`` repeats it."""

    value: int
    unit: Unit
    repeat: bool = False


@dataclass(frozen=True)
class Timescale:
    """One timescale: due ``value`` ``unit`` after ``start_event`` (day 0), then ``then``."""

    id: str
    name: str
    value: int
    unit: Unit
    start_event: str
    kind: str
    then: tuple[Cadence, ...]
    provenance: Provenance

    @property
    def local(self) -> bool:
        """True for a local standard that a council may override."""
        return self.kind == "local"

    def step(self, occurrence: int) -> tuple[int, Unit]:
        """Value and unit of the gap before ``occurrence`` (1 is the first, from the start).

        Raises:
            ScheduleError: ``occurrence`` is beyond the timescale's cadence.
        """
        if occurrence <= 1:
            return self.value, self.unit
        index = occurrence - 2
        if index < len(self.then):
            return self.then[index].value, self.then[index].unit
        if self.then and self.then[-1].repeat:
            return self.then[-1].value, self.then[-1].unit
        raise ScheduleError(
            f"timescale {self.id!r} has {len(self.then) + 1} occurrence(s); occurrence is beyond them",
            key="occurrence",
            value=occurrence,
        )


@dataclass(frozen=True)
class TimescaleSet:
    """A version of the timescale rules."""

    version: str
    title: str
    effective_from: date
    items: Mapping[str, Timescale]
    provenance: Provenance
    source_file: str
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def get(self, name: str) -> Timescale:
        """The timescale ``name``; an unknown name lists the valid ones and the closest."""
        try:
            return self.items[name]
        except KeyError:
            raise UnknownNameError(
                "unknown timescale", key="timescale", value=name, choices=tuple(self.items)
            ) from None

    def with_overrides(
        self, changes: Mapping[str, Mapping[str, Any]], source: str = "override"
    ) -> TimescaleSet:
        """A validated copy with local standards changed, e.g.
        ``{"child-protection-visit": {"value": 15}}``.

        Raises:
            RuleFileError: for a statutory timescale, an unknown key or a bad value.
        """
        for name, change in changes.items():
            item = self.get(name)
            if not item.local:
                raise RuleFileError(
                    "only local timescales can be overridden; this one is statutory",
                    source=source,
                    key=f"timescales.{name}",
                    value=dict(change),
                )
        data = dict(self.raw.items())
        origins: Origins = {}
        merged: dict[str, Any] = {}
        merge(merged, data, self.source_file, origins)
        merge(merged, {"timescales": changes}, source, origins)
        return build_timescales(merged, origins, self.source_file, self.version)


def load_timescales(version: str | None = None) -> TimescaleSet:
    """The timescale rules of ``version`` (default: the latest); cached."""
    if version is None:
        version = TIMESCALE_VERSIONS[-1]
    if version not in TIMESCALE_VERSIONS:
        raise UnknownNameError(
            "unknown timescale version", key="version", value=version, choices=TIMESCALE_VERSIONS
        )
    return _load(version)


@cache
def _load(version: str) -> TimescaleSet:
    data = read_rule_file("timescales", version)
    file = rule_file_name("timescales", version)
    origins: Origins = {}
    merged: dict[str, Any] = {}
    merge(merged, data, file, origins)
    return build_timescales(merged, origins, file, version)


def build_timescales(
    data: Mapping[str, Any], origins: Origins, file: str, version: str
) -> TimescaleSet:
    """Validate a parsed timescale file.

    Raises:
        RuleFileError: listing every problem.
    """
    reading = Reading(file, origins=origins)
    root = reading.table(data)
    root.only("meta", "timescales")
    meta = root.table("meta")
    keys = (
        "set",
        "version",
        "title",
        "effective_from",
        "source",
        "confidence",
        "unverified",
        "note",
    )
    meta.only(*keys)
    found = meta.text("version")
    if isinstance(meta.data.get("version"), str) and found != version:
        meta.problem("version", "does not match the registry entry", found, [version])
    meta.choice("set", ("timescales",))
    items = {t.name: _timescale(t) for t in root.tables("timescales")}
    rules = TimescaleSet(
        version,
        meta.text("title"),
        meta.day("effective_from"),
        items,
        provenance(meta, keys),
        file,
        data,
    )
    reading.check()
    return rules


def _timescale(t: Table) -> Timescale:
    keys = (
        "name",
        "value",
        "unit",
        "from",
        "kind",
        "then",
        "source",
        "confidence",
        "unverified",
        "note",
    )
    t.only(*keys)
    then = []
    for step in t.items("then", "a list of inline tables like { value = 6, unit = 'months' }"):
        step.only("value", "unit", "repeat")
        then.append(
            Cadence(
                step.integer("value", minimum=1),
                Unit(step.choice("unit", _UNITS)),
                step.boolean("repeat", False),
            )
        )
    return Timescale(
        id=t.name,
        name=t.text("name"),
        value=t.integer("value", minimum=0),
        unit=Unit(t.choice("unit", _UNITS)),
        start_event=t.text("from"),
        kind=t.choice("kind", ("statutory", "local")),
        then=tuple(then),
        provenance=provenance(t, keys),
    )
