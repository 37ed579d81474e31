"""Reading rule files and the fields every rule shares: citations, offsets, enums, weekdays.

Packaged files are parsed once and cached. Every getter raises
:class:`~inspection_sim.errors.RuleFileError` naming the file, key path, value and valid choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from inspection_sim.errors import RuleFileError
from inspection_sim.rules.base import Confidence, Offset, Provenance, Unit
from inspection_sim.rules.reader import Table
from inspection_sim.weekmask import parse_weekday, parse_weekmask

__all__ = [
    "UNIT_KEYS",
    "enum_choice",
    "offset",
    "parse_toml",
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


def rule_file_name(group: str, version: str) -> str:
    """Display name of a packaged rule file, e.g. ``rules/data/ilacs/2024-12.toml``."""
    return f"rules/data/{group}/{version}.toml"


@cache
def _parse_packaged(relative: str) -> Mapping[str, Any]:
    name = f"rules/{relative}"
    try:
        text = resources.files("inspection_sim.rules").joinpath(relative).read_text("utf-8")
    except FileNotFoundError:
        raise RuleFileError("rule file not found", source=name) from None
    return parse_toml(text, name)


def parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a :class:`RuleFileError` naming ``name``."""
    import tomllib  # only when a file is read (keeps ``import inspection_sim`` quick)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"malformed TOML: {error}", source=name) from None


def read_rule_file(group: str, version: str) -> Mapping[str, Any]:
    """The parsed (cached, do not mutate) data of ``rules/data/<group>/<version>.toml``."""
    return _parse_packaged(f"data/{group}/{version}.toml")


@lru_cache(maxsize=1)
def source_ids() -> frozenset[str]:
    """Ids a rule may cite: ``S1``... and ``seed:000``... from ``rules/data/sources.toml``."""
    data = _parse_packaged("data/sources.toml")
    table = Table(data, (), {}, "rules/data/sources.toml")
    table.only("sources")
    for _, entry in table.tables("sources"):
        entry.only("title", "url", "date", "file")
        entry.text("title")
    return frozenset(data["sources"])


# -- provenance, offsets, small pieces -------------------------------------------------------------


def provenance(
    table: Table, fields: tuple[str, ...], inherit: Provenance | None = None
) -> Provenance:
    """The table's ``source``/``confidence``/``unverified``/``note``; ``inherit`` when absent."""
    if inherit is not None and not table.has("source"):
        for key in ("confidence", "unverified", "note"):
            if table.has(key):
                raise table.error(
                    key, "give 'source' too: a rule's citation is not inherited in part"
                )
        return inherit
    sources = table.strings("source")
    known = source_ids()
    for i, ref in enumerate(sources):
        if ref not in known:
            raise table.error(f"source[{i}]", "unknown source reference", ref, sorted(known))
    if not sources:
        raise table.error("source", "must cite at least one source", [])
    level = table.choice("confidence", [c.value for c in Confidence])
    unverified = table.strings("unverified", ())
    for i, name in enumerate(unverified):
        if name not in fields:
            raise table.error(f"unverified[{i}]", "names no field of this rule", name, fields)
    return Provenance(sources, Confidence(level), unverified, table.text("note", ""))


def offset(table: Table, key: str) -> Offset:
    """An inline table ``{ after = "notification", working_days = 1 }`` (one unit key)."""
    node = table.table(key)
    node.only("after", *UNIT_KEYS)
    units = [k for k in node.data if k in UNIT_KEYS]
    if len(units) != 1:
        raise node.error(None, "give exactly one unit key", sorted(node.data), UNIT_KEYS)
    return Offset(node.text("after"), node.integer(units[0]), Unit(units[0]))


def rule_fields(*names: str) -> tuple[str, ...]:
    return names + _PROVENANCE_KEYS


def enum_choice(table: Table, key: str, enum: type[Any], default: Any = None) -> Any:
    choices = [member.value for member in enum]
    if default is None:
        return enum(table.choice(key, choices))
    return enum(table.choice(key, choices, default.value))


def weekday_value(table: Table, key: str) -> int:
    value = table.get(key, object, "a weekday")
    try:
        return parse_weekday(value)  # type: ignore[arg-type]
    except ValueError:
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        raise table.error(key, "not a weekday", value, days) from None


def weekmask_value(table: Table, key: str) -> tuple[bool, ...]:
    value = table.get(key, str, "a weekmask such as 'Mon-Fri'")
    try:
        return parse_weekmask(value)
    except ValueError:
        raise table.error(
            key, "malformed weekmask; use a range like 'Mon-Fri' or a list like 'Mon,Wed'", value
        ) from None
