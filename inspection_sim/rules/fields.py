"""Reading rule files and the fields every rule shares: citations, offsets, enums, weekdays.

Packaged files are parsed once and cached. Getters record problems on the file's
:class:`~inspection_sim.toml_reader.Reading` (file, key path, value, valid choices) and return a
stand-in, so that one load reports every problem of a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

from inspection_sim.rules.base import Confidence, Offset, Provenance, Unit
from inspection_sim.toml_reader import Table, read_toml
from inspection_sim.weekmask import parse_weekday, parse_weekmask

__all__ = [
    "UNIT_KEYS",
    "enum_choice",
    "offset",
    "provenance",
    "read_rule_file",
    "rule_fields",
    "rule_file_name",
    "source_ids",
    "weekday_value",
    "weekmask_value",
]

_PROVENANCE_KEYS = ("source", "confidence", "unverified", "note")
UNIT_KEYS = tuple(unit.value for unit in Unit)
E = TypeVar("E", bound=StrEnum)


def rule_file_name(group: str, version: str) -> str:
    """Display name of a packaged rule file, e.g. ``rules/data/ilacs/2024-12.toml``."""
    return f"rules/data/{group}/{version}.toml"


@cache
def read_packaged(relative: str) -> Mapping[str, Any]:
    """The parsed (cached, do not mutate) packaged file ``rules/<relative>``."""
    file = resources.files("inspection_sim.rules").joinpath(relative)
    return read_toml(file, f"rules/{relative}")


def read_rule_file(group: str, version: str) -> Mapping[str, Any]:
    """The parsed (cached, do not mutate) data of ``rules/data/<group>/<version>.toml``."""
    return read_packaged(f"data/{group}/{version}.toml")


@lru_cache(maxsize=1)
def source_ids() -> frozenset[str]:
    """Ids a rule may cite: ``S1``..., ``seed:000``... and ``assumption``, from
    ``rules/data/sources.toml``."""
    from inspection_sim.toml_reader import Reading

    data = read_packaged("data/sources.toml")
    reading = Reading("rules/data/sources.toml")
    root = reading.table(data)
    root.only("sources")
    for entry in root.tables("sources"):
        entry.only("title", "url", "date", "file")
        entry.text("title")
    reading.check()
    return frozenset(data["sources"])


# -- provenance, offsets, small pieces -------------------------------------------------------------


def provenance(
    table: Table,
    fields: tuple[str, ...],
    inherit: Provenance | None = None,
    *,
    known: frozenset[str] | None = None,
) -> Provenance:
    """The table's ``source``/``confidence``/``unverified``/``note``; ``inherit`` when absent.
    ``source`` cites ids of ``known`` (the project's :func:`source_ids` by default)."""
    if inherit is not None and not table.has("source"):
        for key in ("confidence", "unverified", "note"):
            if table.has(key):
                table.problem(key, "give 'source' too: a rule's citation is not inherited in part")
        return inherit
    sources = table.strings("source")
    known = source_ids() if known is None else known
    for i, ref in enumerate(sources):
        if ref not in known:
            table.reading.add(
                (*table.path, "source", i), "unknown source reference", ref, sorted(known)
            )
    if table.data.get("source") == []:
        table.problem("source", "must cite at least one source", [])
    level = table.choice("confidence", [c.value for c in Confidence])
    unverified = table.strings("unverified", ())
    for i, name in enumerate(unverified):
        if name not in fields:
            table.reading.add(
                (*table.path, "unverified", i), "names no field of this rule", name, fields
            )
    return Provenance(sources, Confidence(level), unverified, table.text("note", ""))


def offset(table: Table, key: str) -> Offset:
    """An inline table ``{ after = "notification", working_days = 1 }`` (one unit key)."""
    node = table.table(key, required=True)
    node.only("after", *UNIT_KEYS)
    units = [k for k in node.data if k in UNIT_KEYS]
    if len(units) != 1:
        if node.data:
            node.problem(None, "give exactly one unit key", sorted(node.data), UNIT_KEYS)
        return Offset(node.text("after", ""), 0, Unit.WORKING_DAYS)
    return Offset(node.text("after"), node.integer(units[0]), Unit(units[0]))


def rule_fields(*names: str) -> tuple[str, ...]:
    return names + _PROVENANCE_KEYS


def enum_choice(table: Table, key: str, enum: type[E], default: E | None = None) -> E:
    choices = [member.value for member in enum]
    if default is None:
        return enum(table.choice(key, choices))
    return enum(table.choice(key, choices, default.value))


def weekday_value(table: Table, key: str) -> int:
    return table.parse(key, parse_weekday, 0)


def weekmask_value(table: Table, key: str) -> tuple[bool, ...]:
    monday_to_friday = (True,) * 5 + (False,) * 2
    if table.has(key) and not isinstance(table.data[key], str):
        table.problem(key, "must be a weekmask such as 'Mon-Fri'", table.data[key])
        return monday_to_friday
    return table.parse(key, parse_weekmask, monday_to_friday)
