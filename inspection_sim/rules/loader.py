"""Parse rule files into frozen rule objects, rejecting unknown keys and bad values.

A framework file may start from an earlier version (``[meta] extends = "2024-04"``) and an
inspection type from another type of the same version (``extends = "short"``): tables merge key by
key, anything else replaces. Errors name the file that supplied the bad value. Inspection types are
built by :mod:`inspection_sim.rules.inspection_loader`; shared fields live in
:mod:`inspection_sim.rules.fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from inspection_sim.rules.base import Unit
from inspection_sim.rules.fields import (
    UNIT_KEYS,
    enum_choice,
    parse_toml,
    provenance,
    read_rule_file,
    rule_fields,
    rule_file_name,
    source_ids,
)
from inspection_sim.rules.inspection_loader import build_inspection
from inspection_sim.rules.model import (
    Blackout,
    BlackoutKind,
    CycleRule,
    Framework,
    InspectionType,
)
from inspection_sim.rules.reader import Origins, Table, merge

__all__ = [
    "build_framework",
    "build_inspection",
    "parse_toml",
    "provenance",
    "read_rule_file",
    "rule_file_name",
    "source_ids",
]

# -- frameworks ----------------------------------------------------------------------------------------


def build_framework(
    data: Mapping[str, Any], origins: Origins, file: str, framework: str, version: str
) -> Framework:
    """Build a :class:`Framework` from a merged file (``extends`` already resolved)."""
    root = Table(data, (), origins, file)
    root.only("meta", "inspections", "blackouts", "cycle")
    meta = root.table("meta")
    meta_keys = rule_fields(
        "framework",
        "version",
        "title",
        "effective_from",
        "effective_to",
        "extends",
        "checked",
        "judgements",
    )
    meta.only(*meta_keys)
    for key, expected in (("framework", framework), ("version", version)):
        if meta.text(key) != expected:
            raise meta.error(
                key, f"does not match the registry entry {expected!r}", meta.text(key), [expected]
            )
    inspections = _inspections(root, framework, version, file)
    return Framework(
        id=framework,
        version=version,
        title=meta.text("title"),
        effective_from=meta.day("effective_from"),
        effective_to=meta.day("effective_to", None),
        judgements=meta.strings("judgements", ()),
        inspections=inspections,
        blackouts=tuple(_blackout(n, t) for n, t in root.tables("blackouts")),
        cycle=tuple(_cycle(n, t, framework, inspections) for n, t in root.tables("cycle")),
        provenance=provenance(meta, meta_keys),
        source_file=file,
    )


def _inspections(root: Table, framework: str, version: str, file: str) -> dict[str, InspectionType]:
    group = root.table("inspections")
    if not group.data:
        raise root.error("inspections", "a framework needs at least one inspection type")
    found: dict[str, InspectionType] = {}
    for name, table in root.tables("inspections"):
        found[name] = build_inspection(
            _resolve_extends(group, name, table), framework, version, file
        )
    return found


def _resolve_extends(group: Table, name: str, table: Table) -> Table:
    """Merge ``extends = "<other type>"`` (one level of the same file) under the table."""
    base_name = table.data.get("extends")
    if base_name is None:
        return table
    if not isinstance(base_name, str) or base_name not in group.data or base_name == name:
        raise table.error(
            "extends",
            "must name another inspection type of this file",
            base_name,
            sorted(group.data),
        )
    base = group.data[base_name]
    if "extends" in base:
        raise table.error("extends", "may not name a type that itself extends another", base_name)
    origins: Origins = {}
    merged: dict[str, Any] = {}
    merge(merged, base, table.source_of(group.path), origins)
    merge(
        merged,
        {k: v for k, v in table.data.items() if k != "extends"},
        table.source_of(table.path),
        origins,
    )
    paths = {(*table.path, *path): src for path, src in origins.items()}
    return Table(merged, table.path, {**table._origins, **paths}, table.source_of(table.path))


def _blackout(name: str, t: Table) -> Blackout:
    keys = rule_fields("name", "kind", "applies_to", "start", "end", "days")
    t.only(*keys)
    kind = enum_choice(t, "kind", BlackoutKind)
    start: str | date | None = None
    end: str | date | None = None
    if kind is BlackoutKind.ANNUAL:
        start, end = _month_day(t, "start"), _month_day(t, "end")
    elif kind is BlackoutKind.DATES:
        first, last = t.day("start"), t.day("end")
        if last < first:
            raise t.error("end", "is before start", last.isoformat())
        start, end = first, last
    days = t.integer("days", 1) if kind is BlackoutKind.PRE_ELECTION else None
    applies = t.choice("applies_to", ("fieldwork", "publication"))
    return Blackout(name, t.text("name"), kind, applies, start, end, days, provenance(t, keys))


def _month_day(t: Table, key: str) -> str:
    text = t.text(key)
    try:
        month, day = (int(part) for part in text.split("-"))
        date(2000, month, day)
    except ValueError:
        raise t.error(key, "must be a month and day 'MM-DD'", text) from None
    return f"{month:02d}-{day:02d}"


def _cycle(
    name: str, t: Table, framework: str, inspections: Mapping[str, InspectionType]
) -> CycleRule:
    keys = rule_fields(
        "when",
        "next",
        "interval",
        "window_before",
        "window_after",
        "unit",
        "max_count",
        "description",
    )
    t.only(*keys)
    target = t.text("next")
    fw, _, kind = target.partition(":")
    if not kind:
        raise t.error("next", "must be 'framework:type'", target)
    if fw == framework and kind not in inspections:
        raise t.error(
            "next", "unknown inspection type", target, [f"{framework}:{k}" for k in inspections]
        )
    return CycleRule(
        id=name,
        when=t.strings("when"),
        next=target,
        interval=t.integer("interval", 0),
        window_before=t.integer("window_before", 0, 0),
        window_after=t.integer("window_after", 0, 0),
        unit=Unit(t.choice("unit", UNIT_KEYS)),
        max_count=t.integer("max_count", 1, None),
        description=t.text("description", ""),
        provenance=provenance(t, keys),
    )
