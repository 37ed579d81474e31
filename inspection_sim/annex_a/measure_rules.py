"""The performance measures as rule data (``rules/data/annex-a/measures.toml``), validated.

Each measure names its list, its population and numerator conditions, its kind, whether higher is
better, the practice timescale it rests on and its default targets (seed 001's table).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspection_sim.annex_a.spec import (
    AnnexASpec,
    ListSpec,
    annex_a_file,
    annex_a_provenance,
    load_annex_a_spec,
    read_annex_a_rules,
)
from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import Provenance, Unit
from inspection_sim.rules.reader import Table
from inspection_sim.rules.timescale_rules import load_timescales

__all__ = ["CONDITIONS", "Condition", "Measure", "load_measures"]

#: Condition kinds a measure's population or numerator may use (see measures.toml).
CONDITIONS = ("present", "open", "codes", "within", "not_within", "review")
MEASURE_UNITS = ("percentage", "count")
MEASURE_KINDS = ("snapshot", "list-period")
_LIMIT_UNITS = ("working_days", "calendar_days", "weeks", "months", "years")
_PROVENANCE_KEYS = ("source", "confidence", "unverified", "note")
ON = "on"


@dataclass(frozen=True)
class Condition:
    """One test on a row. ``columns`` are list columns or ``"on"`` (the extract date)."""

    kind: str
    columns: tuple[str, ...]
    limit: int = 0
    unit: Unit = Unit.CALENDAR_DAYS
    codes: frozenset[str] = frozenset()
    first: tuple[int, Unit] | None = None
    then: tuple[int, Unit] | None = None


@dataclass(frozen=True)
class Measure:
    id: str
    ref: str
    name: str
    list: str
    unit: str
    kind: str
    higher_is_better: bool
    timescale: str | None
    population: tuple[Condition, ...]
    numerator: tuple[Condition, ...]
    trend: str | None
    min_target: float | None
    upper_target: float | None
    provenance: Provenance

    @property
    def is_count(self) -> bool:
        return self.unit == "count"


@cache
def load_measures() -> Mapping[str, Measure]:
    """Every measure of ``measures.toml`` in file order; cached."""
    return build_measures(read_annex_a_rules("measures"), annex_a_file("measures"))


def build_measures(data: Mapping[str, Any], file: str) -> dict[str, Measure]:
    spec = load_annex_a_spec()
    root = Table(data, (), {}, file)
    root.only("meta", "measures")
    meta = root.table("meta")
    meta.only("set", "title", *_PROVENANCE_KEYS)
    meta.choice("set", ("annex-a-measures",))
    annex_a_provenance(meta, ("title",))
    return {name: _measure(name, t, spec) for name, t in root.tables("measures")}


def _measure(name: str, t: Table, spec: AnnexASpec) -> Measure:
    keys = (
        "ref",
        "name",
        "list",
        "unit",
        "kind",
        "higher_is_better",
        "timescale",
        "population",
        "numerator",
        "trend",
        "targets",
        *_PROVENANCE_KEYS,
    )
    t.only(*keys)
    listing = spec.lists.get(t.choice("list", tuple(spec.lists)))
    assert listing is not None
    unit = t.choice("unit", MEASURE_UNITS, "percentage")
    timescale = t.text("timescale", None)
    if timescale is not None and timescale not in load_timescales().items:
        raise t.error("timescale", "unknown timescale", timescale, tuple(load_timescales().items))
    numerator = _conditions(t, "numerator", listing, required=unit == "percentage")
    if unit == "count" and numerator:
        raise t.error("numerator", "a count measure has no numerator", t.data["numerator"])
    trend = t.text("trend", None)
    if trend is not None:
        _column(t, "trend", trend, listing, date=True)
    low, high = _targets(t)
    return Measure(
        id=name,
        ref=t.text("ref"),
        name=t.text("name"),
        list=listing.id,
        unit=unit,
        kind=t.choice("kind", MEASURE_KINDS),
        higher_is_better=t.get("higher_is_better", bool, "true or false", True),
        timescale=timescale,
        population=_conditions(t, "population", listing, required=True),
        numerator=numerator,
        trend=trend,
        min_target=low,
        upper_target=high,
        provenance=annex_a_provenance(t, keys),
    )


def _targets(t: Table) -> tuple[float | None, float | None]:
    if not t.has("targets"):
        return None, None
    node = t.table("targets")
    node.only("min", "upper")
    values = []
    for key in ("min", "upper"):
        value: float = node.get(key, (int, float), "a fraction between 0 and 1")  # type: ignore[arg-type]
        if not 0 <= value <= 1:
            raise node.error(key, "must be a fraction between 0 and 1", value)
        values.append(float(value))
    return values[0], values[1]


def _conditions(t: Table, key: str, listing: ListSpec, *, required: bool) -> tuple[Condition, ...]:
    raw = t.get("numerator" if key == "numerator" else key, list, "a list of conditions", None)
    if raw is None:
        if required:
            raise t.error(key, "missing required key (a list of conditions)")
        return ()
    found = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise t.error(f"{key}[{i}]", "must be a condition table", item)
        found.append(_condition(t.child(f"{key}[{i}]", item), listing))
    return tuple(found)


def _condition(c: Table, listing: ListSpec) -> Condition:
    kinds = [k for k in CONDITIONS if c.has(k)]
    if len(kinds) != 1:
        raise c.error(None, "give exactly one condition", sorted(c.data), CONDITIONS)
    kind = kinds[0]
    if kind == "present":
        c.only("present")
        return Condition(kind, (_column(c, kind, c.text(kind), listing),))
    if kind == "codes":
        c.only("codes", "in")
        column = listing.column(_column(c, kind, c.text(kind), listing))
        if column.codes is None:
            raise c.error("codes", "is not a coded column", column.name)
        wanted = c.strings("in")
        for i, code in enumerate(wanted):
            if code not in column.codes.values:
                raise c.error(f"in[{i}]", "not a code of this column", code, column.codes.values)
        return Condition(kind, (column.name,), codes=frozenset(wanted))
    pair = c.strings(kind)
    if len(pair) != 2:
        raise c.error(kind, "must be two columns", list(pair))
    columns = tuple(
        p if p == ON and kind != "open" else _column(c, kind, p, listing, date=True) for p in pair
    )
    if kind == "open":
        c.only("open")
        return Condition(kind, columns)
    if kind == "review":
        c.only("review", "first", "then")
        return Condition(kind, columns, first=_step(c, "first"), then=_step(c, "then"))
    c.only(kind, "limit", "unit")
    return Condition(
        kind, columns, limit=c.integer("limit", 0), unit=Unit(c.choice("unit", _LIMIT_UNITS))
    )


def _step(c: Table, key: str) -> tuple[int, Unit]:
    value = c.get(key, list, "[number, unit]")
    if len(value) != 2 or not isinstance(value[0], int) or value[1] not in _LIMIT_UNITS:
        raise c.error(key, "must be [number, unit]", value, _LIMIT_UNITS)
    return value[0], Unit(value[1])


def _column(c: Table, key: str, name: str, listing: ListSpec, *, date: bool = False) -> str:
    names = [col.name for col in listing.columns]
    if name not in names:
        raise c.error(key, f"names no column of {listing.label}", name, names)
    if date and listing.column(name).type != "date":
        raise c.error(key, "must name a date column", name)
    return name


def measure(name: str) -> Measure:
    """The measure ``name``; an unknown name lists the valid ones and the closest."""
    found = load_measures()
    if name not in found:
        raise UnknownNameError("unknown measure", key="measure", value=name, choices=tuple(found))
    return found[name]
