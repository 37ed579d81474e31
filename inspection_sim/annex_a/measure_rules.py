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
    Column,
    ListSpec,
    annex_a_file,
    annex_a_provenance,
    load_annex_a_spec,
    read_annex_a_rules,
)
from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import Provenance, Unit
from inspection_sim.rules.timescale_rules import load_timescales
from inspection_sim.toml_reader import Reading, Table

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
    """The measures of ``data`` (read from ``file``), in file order.

    Raises:
        RuleFileError: listing every problem of the file.
    """
    spec = load_annex_a_spec()
    reading = Reading(file)
    root = reading.table(data)
    root.only("meta", "measures")
    meta = root.table("meta", required=True)
    meta.only("set", "title", *_PROVENANCE_KEYS)
    meta.choice("set", ("annex-a-measures",))
    annex_a_provenance(meta, ("title",))
    measures = {t.name: _measure(t, spec) for t in root.tables("measures")}
    reading.check()
    return measures


def _measure(t: Table, spec: AnnexASpec) -> Measure:
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
    list_id = t.choice("list", tuple(spec.lists))
    # The conditions name columns of the list: with the list wrong, they cannot be checked.
    listing = spec.lists[list_id] if t.data.get("list") == list_id else None
    unit = t.choice("unit", MEASURE_UNITS, "percentage")
    timescale = t.text("timescale", None)
    timescales = tuple(load_timescales().items)
    if timescale is not None and timescale not in timescales:
        t.problem("timescale", "unknown timescale", timescale, timescales)
    numerator = _conditions(t, "numerator", listing, required=unit == "percentage")
    if unit == "count" and t.data.get("numerator"):
        t.problem("numerator", "a count measure has no numerator", t.data["numerator"])
    trend = t.text("trend", None)
    if trend is not None and listing is not None:
        _column(t, "trend", trend, listing, date=True)
    low, high = _targets(t)
    return Measure(
        id=t.name,
        ref=t.text("ref"),
        name=t.text("name"),
        list=list_id,
        unit=unit,
        kind=t.choice("kind", MEASURE_KINDS),
        higher_is_better=t.boolean("higher_is_better", True),
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
        value = node.number(key)
        if not 0 <= value <= 1:
            node.problem(key, "must be a fraction between 0 and 1", value)
        values.append(value)
    return values[0], values[1]


def _conditions(
    t: Table, key: str, listing: ListSpec | None, *, required: bool
) -> tuple[Condition, ...]:
    if not t.has(key):
        if required:
            t.problem(key, "missing required key (a list of conditions)")
        return ()
    items = t.items(key, "a list of conditions")
    if listing is None:
        return ()
    return tuple(_condition(c, listing) for c in items)


def _condition(c: Table, listing: ListSpec) -> Condition:
    kinds = [k for k in CONDITIONS if c.has(k)]
    if len(kinds) != 1:
        c.problem(None, "give exactly one condition", sorted(c.data), CONDITIONS)
        return Condition(CONDITIONS[0], ())
    kind = kinds[0]
    if kind == "present":
        c.only("present")
        name = c.text(kind)
        if isinstance(c.data[kind], str):
            _column(c, kind, name, listing)
        return Condition(kind, (name,))
    if kind == "codes":
        return _codes_condition(c, listing)
    pair = c.strings(kind)
    if len(pair) != 2:
        if isinstance(c.data[kind], list):  # else the reader reported it
            c.problem(kind, "must be two columns", list(pair))
        return Condition(kind, ())
    for name in pair:
        if name != ON or kind == "open":
            _column(c, kind, name, listing, date=True)
    if kind == "open":
        c.only("open")
        return Condition(kind, pair)
    if kind == "review":
        c.only("review", "first", "then")
        return Condition(kind, pair, first=_step(c, "first"), then=_step(c, "then"))
    c.only(kind, "limit", "unit")
    return Condition(
        kind, pair, limit=c.integer("limit", minimum=0), unit=Unit(c.choice("unit", _LIMIT_UNITS))
    )


def _codes_condition(c: Table, listing: ListSpec) -> Condition:
    """``{ codes = "<coded column>", in = [codes...] }``."""
    c.only("codes", "in")
    name = c.text("codes")
    wanted = c.strings("in")
    column = _column(c, "codes", name, listing) if isinstance(c.data["codes"], str) else None
    if column is not None and column.codes is None:
        c.problem("codes", "is not a coded column", column.name)
    elif column is not None and column.codes is not None:
        for i, code in enumerate(wanted):
            if code not in column.codes.values:
                c.reading.add(
                    (*c.path, "in", i), "not a code of this column", code, column.codes.values
                )
    return Condition("codes", (name,), codes=frozenset(wanted))


def _step(c: Table, key: str) -> tuple[int, Unit]:
    """``[number, unit]``, e.g. ``[20, "working_days"]``."""
    value = c.data.get(key)
    if value is None:
        c.problem(key, "missing required key ([number, unit])")
    elif (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[1] in _LIMIT_UNITS
    ):
        return value[0], Unit(value[1])
    else:
        c.problem(key, "must be [number, unit]", value, _LIMIT_UNITS)
    return 0, Unit.CALENDAR_DAYS


def _column(
    c: Table, key: str, name: str, listing: ListSpec, *, date: bool = False
) -> Column | None:
    """The column ``name`` of ``listing``, given at ``key``; None after a problem."""
    names = [col.name for col in listing.columns]
    if name not in names:
        c.problem(key, f"names no column of {listing.label}", name, names)
        return None
    column = listing.column(name)
    if date and column.type != "date":
        c.problem(key, "must name a date column", name)
    return column


def measure(name: str) -> Measure:
    """The measure ``name``; an unknown name lists the valid ones and the closest."""
    found = load_measures()
    if name not in found:
        raise UnknownNameError("unknown measure", key="measure", value=name, choices=tuple(found))
    return found[name]
