"""Parse rule files into frozen rule objects, rejecting unknown keys and bad values.

A framework file may start from an earlier version (``[meta] extends = "2024-04"``) and an
inspection type from another type of the same version (``extends = "short"``): tables merge key by
key, anything else replaces. Errors name the file that supplied the bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from inspection_sim.errors import RuleFileError
from inspection_sim.plan.network import Link, TaskKind
from inspection_sim.rules.base import ANCHORS, Confidence, Offset, Provenance, Unit
from inspection_sim.rules.model import (
    Blackout,
    BlackoutKind,
    CycleRule,
    DependencyRule,
    Fieldwork,
    Framework,
    InspectionType,
    Meeting,
    Notification,
    NotWorkingDay,
    OnsiteRule,
    OnsiteStart,
    Phase,
    PostStep,
    Return,
    Sampling,
    TaskTemplate,
)
from inspection_sim.rules.reader import Origins, Table, merge
from inspection_sim.weekmask import parse_weekday, parse_weekmask

__all__ = [
    "build_framework",
    "build_inspection",
    "read_rule_file",
    "rule_file_name",
    "source_ids",
]

_PROVENANCE_KEYS = ("source", "confidence", "unverified", "note")
_UNIT_KEYS = tuple(unit.value for unit in Unit)


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
    node.only("after", *_UNIT_KEYS)
    units = [k for k in node.data if k in _UNIT_KEYS]
    if len(units) != 1:
        raise node.error(None, "give exactly one unit key", sorted(node.data), _UNIT_KEYS)
    return Offset(node.text("after"), node.integer(units[0]), Unit(units[0]))


def _fields(*names: str) -> tuple[str, ...]:
    return names + _PROVENANCE_KEYS


def _kind(table: Table, key: str, enum: type[Any], default: Any = None) -> Any:
    choices = [member.value for member in enum]
    if default is None:
        return enum(table.choice(key, choices))
    return enum(table.choice(key, choices, default.value))


def _weekday(table: Table, key: str) -> int:
    value = table.get(key, object, "a weekday")
    try:
        return parse_weekday(value)  # type: ignore[arg-type]
    except ValueError:
        days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        raise table.error(key, "not a weekday", value, days) from None


def _weekmask(table: Table, key: str) -> tuple[bool, ...]:
    value = table.get(key, str, "a weekmask such as 'Mon-Fri'")
    try:
        return parse_weekmask(value)
    except ValueError:
        raise table.error(
            key, "malformed weekmask; use a range like 'Mon-Fri' or a list like 'Mon,Wed'", value
        ) from None


# -- inspection types --------------------------------------------------------------------------------


def build_inspection(table: Table, framework: str, version: str, file: str) -> InspectionType:
    """Build and validate one ``[inspections.<id>]`` table."""
    keys = _fields("name", "applies_to", "extends", "notification", "onsite", "fieldwork")
    table.only(*keys, "phases", "returns", "sampling", "meetings", "post", "tasks")
    own = provenance(table, keys)
    sampling = table.table("sampling")
    item = InspectionType(
        framework=framework,
        version=version,
        id=table.path[-1],
        name=table.text("name"),
        applies_to=table.text("applies_to", ""),
        notification=_notification(table.table("notification")),
        onsite=_onsite(table.table("onsite")),
        fieldwork=_fieldwork(table.table("fieldwork")),
        phases=tuple(_phase(n, t) for n, t in table.tables("phases")),
        returns=tuple(_return(n, t) for n, t in table.tables("returns")),
        sampling=_sampling(sampling) if sampling.data else None,
        meetings=tuple(_meeting(n, t) for n, t in table.tables("meetings")),
        post=tuple(_post(n, t) for n, t in table.tables("post")),
        tasks=tuple(_task(n, t, own) for n, t in table.tables("tasks")),
        provenance=own,
        source_file=file,
        raw=table.data,
    )
    _check_references(item, table)
    return item


def _notification(t: Table) -> Notification:
    keys = _fields("who", "method", "weekday", "time", "if_not_working_day")
    t.only(*keys)
    return Notification(
        who=t.strings("who"),
        method=t.text("method", ""),
        weekday=_weekday(t, "weekday"),
        time=t.clock("time"),
        if_not_working_day=_kind(
            t, "if_not_working_day", NotWorkingDay, NotWorkingDay.NEXT_KEEP_ONSITE
        ),
        provenance=provenance(t, keys),
    )


def _onsite(t: Table) -> OnsiteStart:
    keys = _fields("rule", "weekday", "weeks_after", "working_days", "nominal_working_days")
    t.only(*keys)
    rule = _kind(t, "rule", OnsiteRule)
    if rule is OnsiteRule.WEEKDAY_OF_WEEK:
        weekday, weeks = _weekday(t, "weekday"), t.integer("weeks_after", 0)
        days = None
    else:
        weekday, weeks, days = None, None, t.integer("working_days", 1)
    return OnsiteStart(
        rule, weekday, weeks, days, t.integer("nominal_working_days", 0, None), provenance(t, keys)
    )


def _fieldwork(t: Table) -> Fieldwork:
    keys = _fields("days", "weekmask", "inspectors")
    t.only(*keys)
    return Fieldwork(
        t.integer("days", 1),
        _weekmask(t, "weekmask"),
        t.integer("inspectors", 1, None),
        provenance(t, keys),
    )


def _phase(name: str, t: Table) -> Phase:
    keys = _fields("name", "start", "end", "team")
    t.only(*keys)
    return Phase(
        name,
        t.text("name"),
        offset(t, "start"),
        offset(t, "end"),
        t.text("team", None),
        provenance(t, keys),
    )


def _return(name: str, t: Table) -> Return:
    keys = _fields("name", "due", "content")
    t.only(*keys)
    return Return(
        name, t.text("name"), offset(t, "due"), t.text("content", ""), provenance(t, keys)
    )


def _sampling(t: Table) -> Sampling:
    keys = _fields("cases_min", "cases_max", "from", "description")
    t.only(*keys)
    return Sampling(
        t.integer("cases_min", 0, None),
        t.integer("cases_max", 0, None),
        t.text("from", None),
        t.text("description", ""),
        provenance(t, keys),
    )


def _meeting(name: str, t: Table) -> Meeting:
    keys = _fields("name", "during", "at", "time", "minutes", "attendees", "team")
    t.only(*keys)
    during = t.choice("during", ("fieldwork",), None) if t.has("during") else None
    if (during is None) == (not t.has("at")):
        raise t.error(None, "give exactly one of 'during' or 'at'", sorted(t.data))
    return Meeting(
        id=name,
        name=t.text("name"),
        during=during,
        at=offset(t, "at") if t.has("at") else None,
        time=t.clock("time"),
        minutes=t.integer("minutes", 1),
        attendees=t.strings("attendees", ()),
        team=t.text("team", None),
        provenance=provenance(t, keys),
    )


def _post(name: str, t: Table) -> PostStep:
    keys = _fields("name", "at", "condition")
    t.only(*keys)
    return PostStep(
        name, t.text("name"), offset(t, "at"), t.text("condition", ""), provenance(t, keys)
    )


def _task(name: str, t: Table, inherit: Provenance) -> TaskTemplate:
    keys = _fields("name", "team", "duration", "kind", "depends", "due", "needs")
    t.only(*keys)
    depends = []
    for i, entry in enumerate(t.get("depends", list, "a list of inline tables", [])):
        if not isinstance(entry, Mapping):
            raise t.error(
                f"depends[{i}]", "must be an inline table like { on = 'x', type = 'FS' }", entry
            )
        depends.append(_dependency(t.child(f"depends[{i}]", entry)))
    return TaskTemplate(
        id=name,
        name=t.text("name"),
        team=t.text("team"),
        duration=t.integer("duration", 0),
        kind=_kind(t, "kind", TaskKind, TaskKind.PREPARATION),
        depends=tuple(depends),
        due=offset(t, "due") if t.has("due") else None,
        needs=t.text("needs", ""),
        provenance=provenance(t, keys, inherit),
    )


def _dependency(t: Table) -> DependencyRule:
    t.only("on", "type", "lag", "unit")
    unit = Unit(t.choice("unit", _UNIT_KEYS, Unit.WORKING_DAYS.value))
    if unit not in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.HOURS):
        raise t.error(
            "unit", "a dependency lag must be in working_days, calendar_days or hours", unit.value
        )
    link = Link(t.choice("type", [link.value for link in Link], Link.FS.value))
    return DependencyRule(t.text("on"), link, t.integer("lag", None, 0), unit)


def _check_references(item: InspectionType, table: Table) -> None:
    """Every ``after``/``on``/``from`` names an anchor or an item; ids are unique; no cycles."""
    seen: set[str] = set()
    for group in ("phases", "returns", "meetings", "post", "tasks"):
        for name in table.table(group).data:
            if name in seen or name in ANCHORS or name == "fieldwork":
                raise table.error(
                    f"{group}.{name}", "duplicate id (ids are shared by every group)", name
                )
            seen.add(name)
    everything = item.item_ids()
    framework = tuple(i for i in everything if i not in {t.id for t in item.tasks})
    for where, ref, is_task_dependency in _references(item):
        valid = everything if is_task_dependency else framework
        if ref not in valid:
            raise table.error(where, "unknown reference", ref, valid)
    if item.sampling and item.sampling.from_return not in (None, *(r.id for r in item.returns)):
        raise table.error(
            "sampling.from",
            "unknown return",
            item.sampling.from_return,
            [r.id for r in item.returns],
        )
    from inspection_sim.rules.order import item_order

    item_order(item)  # raises on a cycle of offsets


def _references(item: InspectionType) -> list[tuple[str, str, bool]]:
    """(key path, referenced id, whether council tasks may be named) for every reference.

    Framework dates and task deadlines may name only anchors and framework items; task
    dependencies may also name other tasks."""
    refs: list[tuple[str, str, bool]] = []
    for p in item.phases:
        refs += [(f"phases.{p.id}.start.after", p.start.after, False)]
        refs += [(f"phases.{p.id}.end.after", p.end.after, False)]
    refs += [(f"returns.{r.id}.due.after", r.due.after, False) for r in item.returns]
    refs += [(f"meetings.{m.id}.at.after", m.at.after, False) for m in item.meetings if m.at]
    refs += [(f"post.{s.id}.at.after", s.at.after, False) for s in item.post]
    for task in item.tasks:
        if task.due is not None:
            refs.append((f"tasks.{task.id}.due.after", task.due.after, False))
        refs += [
            (f"tasks.{task.id}.depends[{i}].on", d.on, True) for i, d in enumerate(task.depends)
        ]
    return refs


# -- frameworks ----------------------------------------------------------------------------------------


def build_framework(
    data: Mapping[str, Any], origins: Origins, file: str, framework: str, version: str
) -> Framework:
    """Build a :class:`Framework` from a merged file (``extends`` already resolved)."""
    root = Table(data, (), origins, file)
    root.only("meta", "inspections", "blackouts", "cycle")
    meta = root.table("meta")
    meta_keys = _fields(
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
    keys = _fields("name", "kind", "applies_to", "start", "end", "days")
    t.only(*keys)
    kind = _kind(t, "kind", BlackoutKind)
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
    keys = _fields(
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
        unit=Unit(t.choice("unit", _UNIT_KEYS)),
        max_count=t.integer("max_count", 1, None),
        description=t.text("description", ""),
        provenance=provenance(t, keys),
    )
