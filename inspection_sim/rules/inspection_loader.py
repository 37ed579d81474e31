"""Building one ``[inspections.<type>]`` table into an :class:`InspectionType`.

Checks every part (notification, on-site rule, fieldwork, phases, returns, sampling, meetings,
post-inspection steps, the council's task template) and every reference between them: ids are
unique across groups, offsets name anchors or framework items, dependencies may also name tasks,
and offsets form no cycle.
"""

from __future__ import annotations

from collections.abc import Mapping

from inspection_sim.plan.network import Link, TaskKind
from inspection_sim.rules.base import ANCHORS, Provenance, Unit
from inspection_sim.rules.fields import (
    UNIT_KEYS,
    enum_choice,
    offset,
    provenance,
    rule_fields,
    weekday_value,
    weekmask_value,
)
from inspection_sim.rules.model import (
    DependencyRule,
    Fieldwork,
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
from inspection_sim.rules.reader import Table

__all__ = ["build_inspection"]


def build_inspection(table: Table, framework: str, version: str, file: str) -> InspectionType:
    """Build and validate one ``[inspections.<id>]`` table."""
    keys = rule_fields("name", "applies_to", "extends", "notification", "onsite", "fieldwork")
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
    keys = rule_fields("who", "method", "weekday", "time", "if_not_working_day")
    t.only(*keys)
    return Notification(
        who=t.strings("who"),
        method=t.text("method", ""),
        weekday=weekday_value(t, "weekday"),
        time=t.clock("time"),
        if_not_working_day=enum_choice(
            t, "if_not_working_day", NotWorkingDay, NotWorkingDay.NEXT_KEEP_ONSITE
        ),
        provenance=provenance(t, keys),
    )


def _onsite(t: Table) -> OnsiteStart:
    keys = rule_fields("rule", "weekday", "weeks_after", "working_days", "nominal_working_days")
    t.only(*keys)
    rule = enum_choice(t, "rule", OnsiteRule)
    if rule is OnsiteRule.WEEKDAY_OF_WEEK:
        weekday, weeks = weekday_value(t, "weekday"), t.integer("weeks_after", 0)
        days = None
    else:
        weekday, weeks, days = None, None, t.integer("working_days", 1)
    return OnsiteStart(
        rule, weekday, weeks, days, t.integer("nominal_working_days", 0, None), provenance(t, keys)
    )


def _fieldwork(t: Table) -> Fieldwork:
    keys = rule_fields("days", "weekmask", "inspectors")
    t.only(*keys)
    return Fieldwork(
        t.integer("days", 1),
        weekmask_value(t, "weekmask"),
        t.integer("inspectors", 1, None),
        provenance(t, keys),
    )


def _phase(name: str, t: Table) -> Phase:
    keys = rule_fields("name", "start", "end", "team")
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
    keys = rule_fields("name", "due", "content")
    t.only(*keys)
    return Return(
        name, t.text("name"), offset(t, "due"), t.text("content", ""), provenance(t, keys)
    )


def _sampling(t: Table) -> Sampling:
    keys = rule_fields("cases_min", "cases_max", "from", "description")
    t.only(*keys)
    return Sampling(
        t.integer("cases_min", 0, None),
        t.integer("cases_max", 0, None),
        t.text("from", None),
        t.text("description", ""),
        provenance(t, keys),
    )


def _meeting(name: str, t: Table) -> Meeting:
    keys = rule_fields("name", "during", "at", "time", "minutes", "attendees", "team")
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
    keys = rule_fields("name", "at", "condition")
    t.only(*keys)
    return PostStep(
        name, t.text("name"), offset(t, "at"), t.text("condition", ""), provenance(t, keys)
    )


def _task(name: str, t: Table, inherit: Provenance) -> TaskTemplate:
    keys = rule_fields("name", "team", "duration", "kind", "depends", "due", "needs")
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
        kind=enum_choice(t, "kind", TaskKind, TaskKind.PREPARATION),
        depends=tuple(depends),
        due=offset(t, "due") if t.has("due") else None,
        needs=t.text("needs", ""),
        provenance=provenance(t, keys, inherit),
    )


def _dependency(t: Table) -> DependencyRule:
    t.only("on", "type", "lag", "unit")
    unit = Unit(t.choice("unit", UNIT_KEYS, Unit.WORKING_DAYS.value))
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
