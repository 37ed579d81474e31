"""The Annex A lists as rule data: columns, code sets, date-order and cross-list rules.

Read from ``rules/data/annex-a/lists.toml`` into frozen objects, once. Bad rule data fails at load
with the file, the key path, the value and the valid choices, like every other rule file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspection_sim.annex_a.headers import name_key
from inspection_sim.errors import UnknownNameError
from inspection_sim.rules.base import Confidence, Provenance
from inspection_sim.rules.fields import read_rule_file, rule_file_name, source_ids
from inspection_sim.rules.reader import Table

__all__ = [
    "ANNEX_A_RULE_FILES",
    "COLUMN_TYPES",
    "AnnexASpec",
    "CodeSet",
    "Column",
    "LinkRule",
    "ListSpec",
    "annex_a_provenance",
    "annex_a_sources",
    "load_annex_a_spec",
    "read_annex_a_rules",
]

#: The rule files of ``rules/data/annex-a/`` (each ``<name>.toml``).
ANNEX_A_RULE_FILES: tuple[str, ...] = ("sources", "lists", "measures", "planning")
COLUMN_TYPES = ("id", "text", "date", "integer", "code")
_GROUP = "annex-a"
_PROVENANCE_KEYS = ("source", "confidence", "unverified", "note")
_LETTER = re.compile(r"^[a-z]{1,2}\d?\)\s*", re.IGNORECASE)
_SHORT = re.compile(r"^([A-Za-z]{0,2}\d{1,2}[A-Za-z]?)\s*(?::|\s-\s)")


@dataclass(frozen=True)
class CodeSet:
    """The valid codes of a column and every accepted way of writing each."""

    id: str
    values: tuple[str, ...]
    lookup: Mapping[str, str]

    def match(self, text: str) -> str | None:
        """The canonical code written as ``text``, or None when it is not one of them."""
        return self.lookup.get(name_key(text))


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    codes: CodeSet | None = None
    blank: bool = False
    future: bool = False
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """One list: its number, title, header-row column, columns and date-order pairs."""

    id: str
    number: int
    title: str
    id_column: str
    unique: bool
    columns: tuple[Column, ...]
    order: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """``"List 7"``, as sheets are named."""
        return f"List {self.number}"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise UnknownNameError(
            f"{self.label} has no such column",
            key="column",
            value=name,
            choices=[c.name for c in self.columns],
        )


@dataclass(frozen=True)
class LinkRule:
    """A child whose episode in ``list`` is open needs an open episode in ``needs``."""

    id: str
    list: str
    open: tuple[str, str]
    needs: str
    needs_open: tuple[str, str]
    message: str
    provenance: Provenance


@dataclass(frozen=True)
class AnnexASpec:
    lists: Mapping[str, ListSpec]
    codes: Mapping[str, CodeSet]
    links: tuple[LinkRule, ...]
    uniqueness: Provenance
    provenance: Provenance

    def by_number(self, number: int) -> ListSpec | None:
        for spec in self.lists.values():
            if spec.number == number:
                return spec
        return None


def read_annex_a_rules(name: str) -> Mapping[str, Any]:
    """The parsed (cached, do not mutate) ``rules/data/annex-a/<name>.toml``."""
    return read_rule_file(_GROUP, name)


def annex_a_file(name: str) -> str:
    return rule_file_name(_GROUP, name)


@cache
def annex_a_sources() -> frozenset[str]:
    """Source ids an Annex A rule may cite: the project's and ``annex-a/sources.toml``'s."""
    data = read_annex_a_rules("sources")
    table = Table(data, (), {}, annex_a_file("sources"))
    table.only("sources")
    for _, entry in table.tables("sources"):
        entry.only("title", "url", "date")
        entry.text("title")
    return source_ids() | frozenset(data["sources"])


def annex_a_provenance(table: Table, fields: tuple[str, ...]) -> Provenance:
    """``source``/``confidence``/``unverified``/``note`` of a table, checked against the sources."""
    sources = table.strings("source")
    known = annex_a_sources()
    if not sources:
        raise table.error("source", "must cite at least one source", [])
    for i, ref in enumerate(sources):
        if ref not in known:
            raise table.error(f"source[{i}]", "unknown source reference", ref, sorted(known))
    level = table.choice("confidence", [c.value for c in Confidence])
    unverified = table.strings("unverified", ())
    for i, name in enumerate(unverified):
        if name not in fields:
            raise table.error(f"unverified[{i}]", "names no field of this rule", name, fields)
    return Provenance(sources, Confidence(level), unverified, table.text("note", ""))


@cache
def load_annex_a_spec() -> AnnexASpec:
    """The Annex A lists (``rules/data/annex-a/lists.toml``), validated; cached."""
    return build_annex_a_spec(read_annex_a_rules("lists"), annex_a_file("lists"))


def build_annex_a_spec(data: Mapping[str, Any], file: str) -> AnnexASpec:
    root = Table(data, (), {}, file)
    root.only("meta", "codes", "lists", "links", "uniqueness")
    meta = root.table("meta")
    meta.only("set", "title", *_PROVENANCE_KEYS)
    meta.choice("set", ("annex-a",))
    codes = {name: _codes(name, t) for name, t in root.tables("codes")}
    lists = {name: _list(name, t, codes) for name, t in root.tables("lists")}
    links = tuple(_link(name, t, lists) for name, t in root.tables("links"))
    uniqueness = root.table("uniqueness")
    uniqueness.only(*_PROVENANCE_KEYS)
    return AnnexASpec(
        lists=lists,
        codes=codes,
        links=links,
        uniqueness=annex_a_provenance(uniqueness, ("lists",)),
        provenance=annex_a_provenance(meta, ("title",)),
    )


def code_keys(code: str) -> tuple[str, ...]:
    """Ways of writing ``code``: in full, without its letter, by its short code."""
    keys = [name_key(code)]
    bare = _LETTER.sub("", code)
    keys.append(name_key(bare))
    short = _SHORT.match(bare)
    if short:
        keys.append(name_key(short.group(1)))
    return tuple(dict.fromkeys(key for key in keys if key))


def _codes(name: str, t: Table) -> CodeSet:
    t.only("values", "also")
    values = t.strings("values")
    if not values:
        raise t.error("values", "a code set needs at least one code", [])
    lookup: dict[str, str] = {}
    for code in values:
        for key in code_keys(code):
            lookup.setdefault(key, code)
    also = t.get("also", dict, "a table of alias = code", {})
    for alias, code in also.items():
        if code not in values:
            raise t.error(f"also.{alias}", "names no code of this set", code, values)
        lookup[name_key(alias)] = code
    return CodeSet(name, values, lookup)


def _list(name: str, t: Table, codes: Mapping[str, CodeSet]) -> ListSpec:
    t.only("number", "title", "id", "unique", "columns", "order")
    number = t.integer("number", 1)
    columns = []
    for i, raw in enumerate(t.get("columns", list, "a list of column tables")):
        if not isinstance(raw, Mapping):
            raise t.error(f"columns[{i}]", "must be a table like { name = ..., type = ... }", raw)
        columns.append(_column(t.child(f"columns[{i}]", raw), codes))
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise t.error("columns", "names a column twice", names)
    id_column = t.text("id")
    if id_column not in names:
        raise t.error("id", "names no column of this list", id_column, names)
    order = []
    for i, pair in enumerate(t.get("order", list, "a list of [earlier, later] pairs", [])):
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in names for p in pair)):
            raise t.error(f"order[{i}]", "must be [earlier, later] column names", pair, names)
        order.append((pair[0], pair[1]))
    return ListSpec(
        id=name,
        number=number,
        title=t.text("title"),
        id_column=id_column,
        unique=t.get("unique", bool, "true or false", False),
        columns=tuple(columns),
        order=tuple(order),
    )


def _column(c: Table, codes: Mapping[str, CodeSet]) -> Column:
    c.only("name", "type", "codes", "blank", "future", "also")
    kind = c.choice("type", COLUMN_TYPES)
    code_set = None
    if kind == "code":
        code_set = codes.get(c.choice("codes", tuple(codes)))
    elif c.has("codes"):
        raise c.error("codes", "only a column of type 'code' has a code set", c.data["codes"])
    return Column(
        name=c.text("name"),
        type=kind,
        codes=code_set,
        blank=c.get("blank", bool, "true or false", False),
        future=c.get("future", bool, "true or false", False),
        also=c.strings("also", ()),
    )


def _link(name: str, t: Table, lists: Mapping[str, ListSpec]) -> LinkRule:
    keys = ("list", "open", "needs", "needs_open", "message", *_PROVENANCE_KEYS)
    t.only(*keys)
    first = lists.get(t.choice("list", tuple(lists)))
    needs = lists.get(t.choice("needs", tuple(lists)))
    assert first is not None
    assert needs is not None
    return LinkRule(
        id=name,
        list=first.id,
        open=_pair(t, "open", first),
        needs=needs.id,
        needs_open=_pair(t, "needs_open", needs),
        message=t.text("message"),
        provenance=annex_a_provenance(t, keys),
    )


def _pair(t: Table, key: str, spec: ListSpec) -> tuple[str, str]:
    pair = t.strings(key)
    names = [c.name for c in spec.columns]
    if len(pair) != 2 or any(p not in names for p in pair):
        raise t.error(key, f"must be [start, end] columns of {spec.label}", list(pair), names)
    return pair[0], pair[1]
