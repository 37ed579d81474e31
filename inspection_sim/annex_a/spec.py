"""The Annex A lists as rule data: columns, code sets, date-order and cross-list rules.

Read from ``rules/data/annex-a/lists.toml`` into frozen objects, once. Bad rule data fails at load
with every problem of the file at once, each naming the file, the key path, the value and the
valid choices, like every other rule file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspection_sim.annex_a.headers import name_key
from inspection_sim.errors import named
from inspection_sim.rules.base import Provenance
from inspection_sim.rules.fields import provenance, read_rule_file, rule_file_name, source_ids
from inspection_sim.toml_reader import Reading, Table

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
        columns = {column.name: column for column in self.columns}
        return named(columns, name, f"{self.label} has no such column", key="column")


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
    reading = Reading(annex_a_file("sources"))
    root = reading.table(read_annex_a_rules("sources"))
    root.only("sources")
    entries = root.tables("sources")
    for entry in entries:
        entry.only("title", "url", "date")
        entry.text("title")
    reading.check()
    return source_ids() | frozenset(entry.name for entry in entries)


def annex_a_provenance(table: Table, fields: tuple[str, ...]) -> Provenance:
    """``source``/``confidence``/``unverified``/``note`` of a table, checked against the sources."""
    return provenance(table, fields, known=annex_a_sources())


@cache
def load_annex_a_spec() -> AnnexASpec:
    """The Annex A lists (``rules/data/annex-a/lists.toml``), validated; cached."""
    return build_annex_a_spec(read_annex_a_rules("lists"), annex_a_file("lists"))


def build_annex_a_spec(data: Mapping[str, Any], file: str) -> AnnexASpec:
    """The lists of ``data`` (read from ``file``).

    Raises:
        RuleFileError: listing every problem of the file.
    """
    reading = Reading(file)
    root = reading.table(data)
    root.only("meta", "codes", "lists", "links", "uniqueness")
    meta = root.table("meta", required=True)
    meta.only("set", "title", *_PROVENANCE_KEYS)
    meta.choice("set", ("annex-a",))
    codes = {t.name: _codes(t) for t in root.tables("codes")}
    lists = {t.name: _list(t, codes) for t in root.tables("lists")}
    if not lists:
        root.problem("lists", "needs at least one list")
    # A link names lists: with none to name, its problems would all be that one.
    links = tuple(_link(t, lists) for t in root.tables("links")) if lists else ()
    uniqueness = root.table("uniqueness", required=True)
    uniqueness.only(*_PROVENANCE_KEYS)
    spec = AnnexASpec(
        lists=lists,
        codes=codes,
        links=links,
        uniqueness=annex_a_provenance(uniqueness, ("lists",)),
        provenance=annex_a_provenance(meta, ("title",)),
    )
    reading.check()
    return spec


def code_keys(code: str) -> tuple[str, ...]:
    """Ways of writing ``code``: in full, without its letter, by its short code."""
    keys = [name_key(code)]
    bare = _LETTER.sub("", code)
    keys.append(name_key(bare))
    short = _SHORT.match(bare)
    if short:
        keys.append(name_key(short.group(1)))
    return tuple(dict.fromkeys(key for key in keys if key))


def _codes(t: Table) -> CodeSet:
    t.only("values", "also")
    values = t.strings("values")
    if t.data.get("values") == []:
        t.problem("values", "a code set needs at least one code", [])
    lookup: dict[str, str] = {}
    for code in values:
        for key in code_keys(code):
            lookup.setdefault(key, code)
    also = t.table("also")
    for alias, code in also.data.items():
        if code in values:
            lookup[name_key(alias)] = code
        else:
            also.problem(alias, "names no code of this set", code, values)
    return CodeSet(t.name, values, lookup)


def _list(t: Table, codes: Mapping[str, CodeSet]) -> ListSpec:
    t.only("number", "title", "id", "unique", "columns", "order")
    if not t.has("columns"):
        t.problem("columns", "missing required key (a list of column tables)")
    columns = [_column(c, codes) for c in t.items("columns", "a list of column tables")]
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        t.problem("columns", "names a column twice", names)
    id_column = t.text("id")
    if isinstance(t.data.get("id"), str) and id_column not in names:
        t.problem("id", "names no column of this list", id_column, names)
    return ListSpec(
        id=t.name,
        number=t.integer("number", minimum=1),
        title=t.text("title"),
        id_column=id_column,
        unique=t.boolean("unique", False),
        columns=tuple(columns),
        order=_order(t, names),
    )


def _order(t: Table, names: list[str]) -> tuple[tuple[str, str], ...]:
    """``order = [[earlier, later], ...]``: pairs of date columns, earlier first."""
    raw = t.data.get("order", [])
    if not isinstance(raw, list):
        t.problem("order", "must be a list of [earlier, later] pairs", raw)
        return ()
    order = []
    for i, pair in enumerate(raw):
        if isinstance(pair, list) and len(pair) == 2 and all(p in names for p in pair):
            order.append((pair[0], pair[1]))
        else:
            t.reading.add(
                (*t.path, "order", i), "must be [earlier, later] column names", pair, names
            )
    return tuple(order)


def _column(c: Table, codes: Mapping[str, CodeSet]) -> Column:
    c.only("name", "type", "codes", "blank", "future", "also")
    kind = c.choice("type", COLUMN_TYPES)
    code_set = None
    if kind == "code":
        code_set = codes.get(c.choice("codes", tuple(codes)))
    elif c.has("codes") and c.data.get("type") == kind:
        c.problem("codes", "only a column of type 'code' has a code set", c.data["codes"])
    return Column(
        name=c.text("name"),
        type=kind,
        codes=code_set,
        blank=c.boolean("blank", False),
        future=c.boolean("future", False),
        also=c.strings("also", ()),
    )


def _link(t: Table, lists: Mapping[str, ListSpec]) -> LinkRule:
    keys = ("list", "open", "needs", "needs_open", "message", *_PROVENANCE_KEYS)
    t.only(*keys)
    first = lists[t.choice("list", tuple(lists))]
    needs = lists[t.choice("needs", tuple(lists))]
    return LinkRule(
        id=t.name,
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
    if len(pair) == 2 and all(p in names for p in pair):
        return pair[0], pair[1]
    if isinstance(t.data.get(key), list):  # else the reader reported it
        t.problem(key, f"must be [start, end] columns of {spec.label}", list(pair), names)
    return "", ""
