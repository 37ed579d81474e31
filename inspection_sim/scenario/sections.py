"""Readers for each section of a scenario file; each records problems and returns what it could read."""

from __future__ import annotations

from datetime import date
from typing import Any

from inspection_sim.calendar import DEFAULT_END, DEFAULT_START, REGIONS
from inspection_sim.scenario import names
from inspection_sim.scenario.limits import (
    MAX_OVERRIDES,
    MAX_PERIOD_DAYS,
    MAX_RUNS,
    MAX_TEAMS,
    MAX_WINDOW_DAYS,
)
from inspection_sim.scenario.model import (
    Closure,
    Council,
    Inspection,
    Leave,
    PastInspection,
    RehearsalSettings,
    Simulation,
    TaskAdd,
    TaskChange,
    TaskChanges,
    TaskDependency,
    Team,
    Window,
)
from inspection_sim.scenario.reader import Node
from inspection_sim.weekmask import parse_weekmask, weekmask_text

__all__ = [
    "read_council",
    "read_inspection",
    "read_overrides",
    "read_rehearsal",
    "read_simulation",
    "read_tasks",
    "read_teams",
]


def _in_range(node: Node, key: str, day: date | None) -> date | None:
    """Dates must lie in the range every calendar covers."""
    if day is not None and not DEFAULT_START <= day <= DEFAULT_END:
        node.problems.add(
            f"date outside the supported range {DEFAULT_START} to {DEFAULT_END}", node.key(key), day
        )
        return None
    return day


def _period(node: Node, longest: int = MAX_PERIOD_DAYS) -> tuple[date, date] | None:
    start_key, end_key = "from", "to"
    start = _in_range(node, start_key, node.day(start_key, required=True))
    end = _in_range(node, end_key, node.day(end_key, required=True))
    if start is None or end is None:
        return None
    if end < start:
        node.problems.add(f"ends before it starts ({start})", node.key(end_key), end)
        return None
    days = (end - start).days + 1
    if days > longest:
        node.problems.add(
            f"spans at most {longest:,} days; this one spans {days:,} days from {start}",
            node.key(end_key),
            end,
        )
        return None
    return start, end


def _weekmask(node: Node, key: str) -> str | None:
    return node.guard(key, lambda value: weekmask_text(parse_weekmask(value)))


def read_council(node: Node) -> Council:
    node.only(("name", "region", "weekmask", "closures"))
    closures = []
    for item in node.tables("closures"):
        item.only(("name", "from", "to"))
        name = item.string("name", "closure") or "closure"
        period = _period(item)
        if period is not None:
            closures.append(Closure(name, *period))
    return Council(
        name=node.string("name", "Council", required=True) or "Council",
        region=node.choice("region", tuple(REGIONS), "england") or "england",
        weekmask=_weekmask(node, "weekmask") or "Mon-Fri",
        closures=tuple(closures),
    )


def read_teams(node: Node) -> tuple[Team, ...]:
    teams = []
    for team_id, item in node.children(MAX_TEAMS):
        item.only(("name", "size", "weekmask", "leave", "contacts"))
        size = item.integer("size", 1, minimum=1, maximum=500) or 1
        teams.append(
            Team(
                id=team_id,
                name=item.string("name", team_id) or team_id,
                size=size,
                weekmask=_weekmask(item, "weekmask"),
                leave=tuple(_leave(entry, size) for entry in item.tables("leave")),
                contacts=tuple(item.strings("contacts")),
            )
        )
    return tuple(teams)


def _leave(node: Node, size: int) -> Leave:
    node.only(("from", "to", "people", "note"))
    period = _period(node) or (DEFAULT_START, DEFAULT_START)
    people = node.integer("people", minimum=1, maximum=size)
    return Leave(period[0], period[1], people, node.string("note", "") or "")


def read_inspection(node: Node) -> Inspection:
    node.only(("type", "version", "on", "notified", "window", "history"))
    kind = _inspection_type(node)
    if node.has("version") and node.has("on"):
        node.problems.add("give either version or on, not both", node.key("on"), node.data["on"])
    window = None
    window_node = node.table("window")
    if window_node is not None:
        window_node.only(("from", "to"))
        period = _period(window_node, MAX_WINDOW_DAYS)
        window = None if period is None else Window(*period)
    notified = _in_range(node, "notified", node.day("notified"))
    if not node.has("notified") and not node.has("window"):
        node.problems.add(
            "give the notification date (notified) or a window of dates (window)",
            node.key("notified"),
            has_value=False,
        )
    return Inspection(
        type=kind,
        version=node.string("version"),
        on=_in_range(node, "on", node.day("on")),
        notified=notified,
        window=window,
        history=tuple(_history(item) for item in node.tables("history")),
    )


def _inspection_type(node: Node) -> str:
    """A ``framework:type`` name; a bare framework name is answered with that framework's types."""
    valid = names.inspection_types()
    value = node.data.get("type")
    if isinstance(value, str) and ":" not in value:
        types = tuple(name for name in valid if name.split(":", 1)[0] == value)
        if types:
            node.problems.add(
                "name the type too, as framework:type", node.key("type"), value, types
            )
            return types[0]
    return node.choice("type", valid, required=True) or valid[0]


def _history(node: Node) -> PastInspection:
    node.only(("start", "type", "judgement"))
    kind = _inspection_type(node)
    valid = names.judgements_for(kind.split(":", 1)[0])
    judgement = node.choice("judgement", valid, required=True) or valid[0]
    start = _in_range(node, "start", node.day("start", required=True)) or DEFAULT_START
    return PastInspection(start, kind, judgement)


def read_rehearsal(node: Node) -> RehearsalSettings:
    node.only(("start", "mode", "fieldwork_days", "kit_time"))
    mode = node.choice("mode", names.MODES, "full") or "full"
    days = node.integer("fieldwork_days", minimum=1, maximum=20)
    if mode == "compressed" and days is None and not node.has("fieldwork_days"):
        node.problems.add(
            "a compressed rehearsal needs fieldwork_days",
            node.key("fieldwork_days"),
            has_value=False,
        )
    if mode == "full" and node.has("fieldwork_days"):
        node.problems.add(
            "fieldwork_days applies only to mode = 'compressed'",
            node.key("fieldwork_days"),
            node.data["fieldwork_days"],
        )
    return RehearsalSettings(
        start=_in_range(node, "start", node.day("start")),
        mode=mode,
        fieldwork_days=days,
        kit_time=node.time_of_day("kit_time"),
    )


def read_overrides(
    node: Node,
) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
    """Rule overrides as (dotted key, value) pairs: for the inspection type (keys of the rule
    file's ``[inspections.<type>]`` table) and for practice timescales (``<name>.<key>``). The
    rule registry checks them against validated copies of the rules."""
    node.only(("inspection", "timescales"))
    found: list[tuple[tuple[str, Any], ...]] = []
    for section in ("inspection", "timescales"):
        pairs: list[tuple[str, Any]] = []
        sub = node.table(section)
        if sub is not None:
            _flatten(sub.data, "", pairs)
        if len(pairs) > MAX_OVERRIDES:
            node.problems.add(
                f"at most {MAX_OVERRIDES} overrides; this one has {len(pairs):,}",
                node.key(section),
                has_value=False,
            )
            pairs = []
        found.append(tuple(pairs))
    return found[0], found[1]


def _flatten(data: Any, prefix: str, out: list[tuple[str, Any]]) -> None:
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(value, path, out)
        else:
            out.append((path, value))


def read_tasks(node: Node) -> TaskChanges:
    node.only(("add", "remove", "change"))
    adds = []
    for item in node.tables("add"):
        item.only(("id", "name", "team", "duration", "depends", "needs"))
        task_id = item.identifier("id", required=True) or ""
        adds.append(
            TaskAdd(
                id=task_id,
                name=item.string("name", task_id) or task_id,
                team=item.identifier("team", required=True) or "",
                duration=item.integer("duration", 1, minimum=0, maximum=500) or 0,
                depends=_dependencies(item),
                needs=item.string("needs", "") or "",
            )
        )
    changes = []
    change_node = node.table("change")
    for task_id, item in change_node.children() if change_node else []:
        item.only(("duration", "team", "depends"))
        changes.append(
            TaskChange(
                id=task_id,
                duration=item.integer("duration", minimum=0, maximum=500),
                team=item.identifier("team"),
                depends=_dependencies(item),
            )
        )
    return TaskChanges(tuple(adds), tuple(node.strings("remove")), tuple(changes))


def _dependencies(node: Node) -> tuple[TaskDependency, ...]:
    deps = []
    for path, item in node.array("depends"):
        if isinstance(item, str):
            deps.append(TaskDependency(item))
        elif isinstance(item, dict):
            sub = Node(item, path, node.problems)
            sub.only(("on", "type", "lag"))
            deps.append(
                TaskDependency(
                    on=sub.string("on", required=True) or "",
                    type=sub.choice("type", names.LINKS, "FS") or "FS",
                    lag=sub.integer("lag", 0, minimum=-500, maximum=500) or 0,
                )
            )
        else:
            node.problems.add("must be an id or a table {on, type, lag}", path, item)
    return tuple(deps)


def read_simulation(node: Node) -> Simulation:
    node.only(("runs", "seed", "duration", "spread", "events"))
    events: list[tuple[str, float]] = []
    events_node = node.table("events")
    if events_node is not None:
        events_node.only(names.EVENT_NAMES)
        for name, limit in names.EVENT_LIMITS.items():
            rate = events_node.number(name, minimum=0.0, maximum=limit)
            if rate is not None:
                events.append((name, rate))
    return Simulation(
        runs=node.integer("runs", 1000, minimum=1, maximum=MAX_RUNS) or 1000,
        seed=node.integer("seed", 0, minimum=0) or 0,
        duration=node.choice("duration", names.DURATION_KINDS, "fixed") or "fixed",
        spread=node.number("spread", 0.0, minimum=0.0, maximum=5.0) or 0.0,
        events=tuple(events),
    )
