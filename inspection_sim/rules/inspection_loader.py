"""Building one ``[inspections.<type>]`` table into an :class:`InspectionType`.

Checks every part (notification, on-site rule, fieldwork, phases, returns, sampling, meetings,
post-inspection steps, the council's task template) and every reference between them: ids are
unique across groups, offsets name anchors or framework items, dependencies may also name tasks,
and offsets form no cycle.
"""

from __future__ import annotations

from dataclasses import replace

from inspection_sim.rules.base import ANCHORS, Link, Provenance, TaskKind, Unit
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
    FieldworkRule,
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
    TeamMember,
)
from inspection_sim.toml_reader import KeyPath, Table

__all__ = ["build_inspection"]


def build_inspection(table: Table, framework: str, version: str, file: str) -> InspectionType:
    """Build and validate one ``[inspections.<id>]`` table.

    Problems are recorded on the table's reading; the caller raises them all
    (:meth:`~inspection_sim.toml_reader.Reading.check`). References between items are checked only
    when every item was read without a problem, so that one bad value is reported once.
    """
    found_before = len(table.reading.problems)
    keys = rule_fields("name", "applies_to", "extends", "notification", "onsite", "fieldwork")
    table.only(*keys, "phases", "returns", "sampling", "meetings", "post", "tasks")
    own = provenance(table, keys)
    sampling = table.table("sampling")
    item = InspectionType(
        framework=framework,
        version=version,
        id=table.name,
        name=table.text("name"),
        applies_to=table.text("applies_to", ""),
        notification=_notification(table.table("notification")),
        onsite=_onsite(table.table("onsite")),
        fieldwork=_fieldwork(table.table("fieldwork"), file),
        phases=tuple(_phase(t) for t in table.tables("phases")),
        returns=tuple(_return(t) for t in table.tables("returns")),
        sampling=_sampling(sampling) if sampling.data else None,
        meetings=tuple(_meeting(t) for t in table.tables("meetings")),
        post=tuple(_post(t) for t in table.tables("post")),
        tasks=tuple(_task(t, own) for t in table.tables("tasks")),
        provenance=own,
        source_file=file,
        raw=table.data,
    )
    if len(table.reading.problems) == found_before:
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
        weekday, weeks = weekday_value(t, "weekday"), t.integer("weeks_after", minimum=0)
        days = None
    else:
        weekday, weeks, days = None, None, t.integer("working_days", minimum=1)
    nominal = t.integer("nominal_working_days", None, minimum=0)
    return OnsiteStart(rule, weekday, weeks, days, nominal, provenance(t, keys))


#: The keys that held inspector numbers before the team did: a copy must not come back.
_TEAM_KEYS = ("inspectors", "others")


def _fieldwork(t: Table, file: str) -> FieldworkRule:
    keys = rule_fields("days", "weekmask", "team")
    for key in _TEAM_KEYS:
        if t.has(key):
            t.problem(
                key,
                "the inspectors on site are the fieldwork's team: "
                "[...fieldwork.team.<id>] with role, count (and days when not every day)",
                t.data[key],
            )
    t.only(*keys, *_TEAM_KEYS)
    days = t.integer("days", minimum=1)
    prov = provenance(t, keys)
    cited = replace(prov, unverified=(), note="")  # a member cites the fieldwork's sources
    team = tuple(_member(m, days, cited, file) for m in t.tables("team"))
    return FieldworkRule(days, weekmask_value(t, "weekmask"), prov, team)


def _member(t: Table, fieldwork_days: int, inherit: Provenance, file: str) -> TeamMember:
    """One kind of inspector on site; its rule file is where the count was set."""
    keys = rule_fields("role", "count", "days")
    t.only(*keys)
    return TeamMember(
        id=t.name,
        role=t.text("role"),
        count=t.integer("count", minimum=1),
        days=t.integer("days", None, minimum=1, maximum=max(fieldwork_days, 1)),
        provenance=provenance(t, keys, inherit),
        defined_in=t.reading.origins.get((*t.path, "count"), file),
    )


def _phase(t: Table) -> Phase:
    keys = rule_fields("name", "start", "end", "team")
    t.only(*keys)
    return Phase(
        t.name,
        t.text("name"),
        offset(t, "start"),
        offset(t, "end"),
        t.text("team", None),
        provenance(t, keys),
    )


def _return(t: Table) -> Return:
    keys = rule_fields("name", "due", "content", "max_documents")
    t.only(*keys)
    return Return(
        t.name,
        t.text("name"),
        offset(t, "due"),
        t.text("content", ""),
        provenance(t, keys),
        t.integer("max_documents", None, minimum=1),
    )


def _sampling(t: Table) -> Sampling:
    keys = rule_fields("cases_min", "cases_max", "from", "description")
    t.only(*keys)
    return Sampling(
        t.integer("cases_min", None, minimum=0),
        t.integer("cases_max", None, minimum=0),
        t.text("from", None),
        t.text("description", ""),
        provenance(t, keys),
    )


def _meeting(t: Table) -> Meeting:
    keys = rule_fields("name", "during", "at", "time", "minutes", "attendees", "team")
    t.only(*keys)
    during = t.choice("during", ("fieldwork",), None)
    if t.has("during") == t.has("at"):
        t.problem(None, "give exactly one of 'during' or 'at'", sorted(t.data))
    return Meeting(
        id=t.name,
        name=t.text("name"),
        during=during,
        at=offset(t, "at") if t.has("at") else None,
        time=t.clock("time"),
        minutes=t.integer("minutes", minimum=1),
        attendees=t.strings("attendees", ()),
        team=t.text("team", None),
        provenance=provenance(t, keys),
    )


def _post(t: Table) -> PostStep:
    keys = rule_fields("name", "at", "condition")
    t.only(*keys)
    return PostStep(
        t.name, t.text("name"), offset(t, "at"), t.text("condition", ""), provenance(t, keys)
    )


def _task(t: Table, inherit: Provenance) -> TaskTemplate:
    keys = rule_fields(
        "name", "team", "duration", "window", "kind", "depends", "due", "needs", "books"
    )
    t.only(*keys)
    depends = [_dependency(d) for d in t.items("depends", "a list of inline tables")]
    window = t.text("window", None)
    if window is not None and t.has("duration"):
        t.problem(
            "duration",
            f"a task bound to a window takes the window's dates (window = {window!r}): "
            "give no duration",
            t.data["duration"],
        )
    books = t.text("books", None)
    if books is not None and not books.strip():
        t.problem("books", "must not be empty: say what is booked, e.g. 'base room'", books)
    return TaskTemplate(
        id=t.name,
        name=t.text("name"),
        team=t.text("team"),
        duration=0 if window is not None else t.integer("duration", minimum=0),
        kind=enum_choice(t, "kind", TaskKind, TaskKind.PREPARATION),
        depends=tuple(depends),
        due=offset(t, "due") if t.has("due") else None,
        needs=t.text("needs", ""),
        provenance=provenance(t, keys, inherit),
        window=window,
        books=books or None,
    )


def _dependency(t: Table) -> DependencyRule:
    t.only("on", "type", "lag", "unit")
    unit = Unit(t.choice("unit", UNIT_KEYS, Unit.WORKING_DAYS.value))
    if unit not in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.HOURS):
        t.problem(
            "unit", "a dependency lag must be in working_days, calendar_days or hours", unit.value
        )
    link = Link(t.choice("type", [link.value for link in Link], Link.FS.value))
    return DependencyRule(t.text("on"), link, t.integer("lag", 0), unit)


def _check_references(item: InspectionType, table: Table) -> None:
    """Every ``after``/``on``/``from`` names an anchor or an item; ids are unique; no cycles."""
    found_before = len(table.reading.problems)
    seen: set[str] = set()
    for group in ("phases", "returns", "meetings", "post", "tasks"):
        for name in table.table(group).data:
            if name in seen or name in ANCHORS or name == "fieldwork":
                table.reading.add(
                    (*table.path, group, name), "duplicate id (ids are shared by every group)", name
                )
            seen.add(name)
    everything = item.item_ids()
    framework = tuple(i for i in everything if i not in {t.id for t in item.tasks})
    for where, ref, is_task_dependency in _references(item):
        valid = everything if is_task_dependency else framework
        if ref not in valid:
            table.reading.add((*table.path, *where), "unknown reference", ref, valid)
    windows = ("fieldwork", *(p.id for p in item.phases))
    for task in item.tasks:
        if task.window is not None and task.window not in windows:
            table.reading.add(
                (*table.path, "tasks", task.id, "window"),
                "unknown window: the fieldwork or an off-site phase",
                task.window,
                windows,
            )
    if item.sampling and item.sampling.from_return not in (None, *(r.id for r in item.returns)):
        table.reading.add(
            (*table.path, "sampling", "from"),
            "unknown return",
            item.sampling.from_return,
            [r.id for r in item.returns],
        )
    if len(table.reading.problems) > found_before:
        return  # the order of the offsets needs every reference to be known
    from inspection_sim.errors import RuleFileError
    from inspection_sim.rules.order import item_order

    try:
        item_order(item)
    except RuleFileError as error:  # a cycle of offsets
        table.reading.absorb(table.path, error)


def _references(item: InspectionType) -> list[tuple[KeyPath, str, bool]]:
    """(key path within the type, referenced id, whether council tasks may be named) for every
    reference.

    Framework dates and task deadlines may name only anchors and framework items; task
    dependencies may also name other tasks."""
    refs: list[tuple[KeyPath, str, bool]] = []
    for p in item.phases:
        refs += [(("phases", p.id, "start", "after"), p.start.after, False)]
        refs += [(("phases", p.id, "end", "after"), p.end.after, False)]
    refs += [(("returns", r.id, "due", "after"), r.due.after, False) for r in item.returns]
    refs += [(("meetings", m.id, "at", "after"), m.at.after, False) for m in item.meetings if m.at]
    refs += [(("post", s.id, "at", "after"), s.at.after, False) for s in item.post]
    for task in item.tasks:
        if task.due is not None:
            refs.append((("tasks", task.id, "due", "after"), task.due.after, False))
        refs += [
            (("tasks", task.id, "depends", i, "on"), d.on, True) for i, d in enumerate(task.depends)
        ]
    return refs
