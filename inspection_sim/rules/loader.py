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
    offset,
    provenance,
    read_rule_file,
    rule_fields,
    rule_file_name,
    source_ids,
    weekday_value,
)
from inspection_sim.rules.inspection_loader import build_inspection
from inspection_sim.rules.model import (
    Blackout,
    BlackoutKind,
    CycleEvent,
    CycleRule,
    Framework,
    InspectionType,
)
from inspection_sim.toml_reader import Origins, Reading, Table, merge

__all__ = [
    "build_framework",
    "build_inspection",
    "provenance",
    "read_rule_file",
    "rule_file_name",
    "source_ids",
]

# -- frameworks ----------------------------------------------------------------------------------------


def build_framework(
    data: Mapping[str, Any], origins: Origins, file: str, framework: str, version: str
) -> Framework:
    """Build a :class:`Framework` from a merged file (``extends`` already resolved).

    Raises:
        RuleFileError: listing every problem of the file (and of the files it extends).
    """
    reading = Reading(file, origins=origins)
    root = reading.table(data)
    root.only("meta", "inspections", "blackouts", "cycle", "events")
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
        found = meta.text(key)
        if isinstance(meta.data.get(key), str) and found != expected:
            meta.problem(key, f"does not match the registry entry {expected!r}", found, [expected])
    inspections = _inspections(root, framework, version, file)
    rules = Framework(
        id=framework,
        version=version,
        title=meta.text("title"),
        effective_from=meta.day("effective_from"),
        effective_to=meta.day("effective_to", None),
        judgements=meta.strings("judgements", ()),
        inspections=inspections,
        blackouts=tuple(_blackout(t, inspections) for t in root.tables("blackouts")),
        cycle=tuple(_cycle(t, framework, inspections) for t in root.tables("cycle")),
        provenance=provenance(meta, meta_keys),
        source_file=file,
        events=tuple(_event(t) for t in root.tables("events")),
    )
    reading.check()
    return rules


def _inspections(root: Table, framework: str, version: str, file: str) -> dict[str, InspectionType]:
    group = root.table("inspections")
    if not group.data:
        root.problem("inspections", "a framework needs at least one inspection type")
    found: dict[str, InspectionType] = {}
    problems = root.reading.problems
    for table in root.tables("inspections"):
        before = len(problems)
        merged = _resolve_extends(group, table)
        found[table.name] = build_inspection(merged, framework, version, file)
        if merged is not table:  # what it inherits was reported for the type it extends
            base = f"inspections.{table.data['extends']}."
            own = f"inspections.{table.name}."
            earlier = {_seen(p.message, p.value, p.key) for p in problems[:before]}
            problems[before:] = [
                p
                for p in problems[before:]
                if _seen(p.message, p.value, (p.key or "").replace(own, base, 1)) not in earlier
            ]
    return found


def _seen(message: str, value: object, key: str | None) -> tuple[str, str, str | None]:
    return message, repr(value), key


def _resolve_extends(group: Table, table: Table) -> Table:
    """Merge ``extends = "<other type>"`` (one level of the same file) under the table."""
    base_name = table.data.get("extends")
    if base_name is None:
        return table
    if not isinstance(base_name, str) or base_name not in group.data or base_name == table.name:
        choices = [name for name in group.data if name != table.name]
        table.problem(
            "extends", "must name another inspection type of this file", base_name, choices
        )
        return table
    base = group.data[base_name]
    if not isinstance(base, Mapping) or "extends" in base:
        table.problem("extends", "may not name a type that itself extends another", base_name)
        return table
    merged: dict[str, Any] = {}
    merge(merged, base, "", {})
    merge(merged, {k: v for k, v in table.data.items() if k != "extends"}, "", {})
    # Each value keeps the file it came from: the base type's, unless the type sets it itself.
    origins = table.reading.origins
    base_path, size = (*group.path, base_name), len(group.path) + 1
    inherited = {
        (*table.path, *path[size:]): source
        for path, source in origins.items()
        if path[:size] == base_path and len(path) > size
    }
    own = {
        path: source for path, source in origins.items() if path[: len(table.path)] == table.path
    }
    origins.update(inherited)
    origins.update(own)
    return Table(merged, table.path, table.reading)


def _blackout(t: Table, inspections: Mapping[str, InspectionType]) -> Blackout:
    keys = rule_fields(
        "name", "kind", "applies_to", "start", "end", "days", "inspections", "pauses_cycle"
    )
    t.only(*keys)
    kind = enum_choice(t, "kind", BlackoutKind)
    start: str | date | None = None
    end: str | date | None = None
    if kind is BlackoutKind.ANNUAL:
        start, end = _month_day(t, "start"), _month_day(t, "end")
    elif kind is BlackoutKind.DATES:
        first, last = t.day("start"), t.day("end")
        if last < first:
            t.problem("end", "is before start", last.isoformat())
        start, end = first, last
    pauses = t.boolean("pauses_cycle", False)
    if pauses and kind is not BlackoutKind.DATES:
        t.problem("pauses_cycle", "only a 'dates' blackout pauses the inspection cycle", pauses)
    types = t.strings("inspections", ())
    for i, name in enumerate(types):
        if name not in inspections:
            t.reading.add(
                (*t.path, "inspections", i), "unknown inspection type", name, tuple(inspections)
            )
    days = t.integer("days", minimum=1) if kind is BlackoutKind.PRE_ELECTION else None
    applies = t.choice("applies_to", ("fieldwork", "publication"))
    return Blackout(
        t.name,
        t.text("name"),
        kind,
        applies,
        start,
        end,
        days,
        provenance(t, keys),
        inspections=types,
        pauses_cycle=pauses,
    )


def _event(t: Table) -> CycleEvent:
    keys = rule_fields("name", "when", "interval", "window", "unit", "first", "description")
    t.only(*keys)
    if not t.has("interval") and not t.has("first"):
        t.problem(None, "give 'interval', 'first' or both", sorted(t.data))
    return CycleEvent(
        id=t.name,
        name=t.text("name"),
        when=t.strings("when"),
        interval=t.integer("interval", None, minimum=1),
        window=t.integer("window", 0, minimum=0),
        unit=Unit(t.choice("unit", UNIT_KEYS)),
        first=offset(t, "first") if t.has("first") else None,
        description=t.text("description", ""),
        provenance=provenance(t, keys),
    )


def _month_day(t: Table, key: str) -> str:
    month, day = t.month_day(key)
    return f"{month:02d}-{day:02d}"


def _cycle(t: Table, framework: str, inspections: Mapping[str, InspectionType]) -> CycleRule:
    keys = rule_fields(
        "when",
        "next",
        "interval",
        "window_before",
        "window_after",
        "unit",
        "max_count",
        "first",
        "onsite_weekday",
        "description",
    )
    t.only(*keys)
    target = t.text("next")
    fw, _, kind = target.partition(":")
    if t.has("next") and not kind:
        t.problem("next", "must be 'framework:type'", target)
    elif fw == framework and kind not in inspections:
        choices = [f"{framework}:{k}" for k in inspections]
        t.problem("next", "unknown inspection type", target, choices)
    return CycleRule(
        id=t.name,
        when=t.strings("when"),
        next=target,
        interval=t.integer("interval", minimum=0),
        window_before=t.integer("window_before", 0, minimum=0),
        window_after=t.integer("window_after", 0, minimum=0),
        unit=Unit(t.choice("unit", UNIT_KEYS)),
        max_count=t.integer("max_count", None, minimum=1),
        first=offset(t, "first") if t.has("first") else None,
        onsite_weekday=weekday_value(t, "onsite_weekday") if t.has("onsite_weekday") else None,
        description=t.text("description", ""),
        provenance=provenance(t, keys),
    )
