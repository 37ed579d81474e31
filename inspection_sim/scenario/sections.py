"""Readers for each section of a scenario file; each records problems and returns what it could read.

They read through :mod:`inspection_sim.toml_reader`, the reader of every TOML file of the library, so
a scenario's problems name the key path, the value and the valid choices as the rule files' do.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from inspection_sim.calendar import DEFAULT_END, DEFAULT_START, REGIONS
from inspection_sim.scenario import names
from inspection_sim.scenario.limits import (
    MAX_ITEMS,
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
from inspection_sim.toml_reader import Table
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


#: A team or task id: letters, digits, ``-`` and ``_``.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_NOT_AN_ID = "a name may hold only letters, digits, '-' and '_'"


def _identifier(t: Table, key: str, *, required: bool = False) -> str | None:
    """A name made of letters, digits, ``-`` and ``_`` (a task or team id)."""
    value = t.text(key, None, required=required)
    if value is not None and not _IDENTIFIER.fullmatch(value):
        t.problem(key, _NOT_AN_ID, value)
        return None
    return value


def _named(t: Table, key: str, most: int = MAX_ITEMS) -> list[Table]:
    """The named sub-tables of ``key`` (``[teams.performance]``) whose names are ids."""
    found = []
    for table in t.tables(key, most=most):
        if _IDENTIFIER.fullmatch(table.name):
            found.append(table)
        else:
            t.reading.add(table.path, _NOT_AN_ID, table.name)
    return found


def _in_range(t: Table, key: str, day: date | None) -> date | None:
    """Dates must lie in the range every calendar covers."""
    if day is not None and not DEFAULT_START <= day <= DEFAULT_END:
        t.problem(key, f"date outside the supported range {DEFAULT_START} to {DEFAULT_END}", day)
        return None
    return day


def _period(t: Table, longest: int = MAX_PERIOD_DAYS) -> tuple[date, date] | None:
    start_key, end_key = "from", "to"
    start = _in_range(t, start_key, t.day(start_key, None, required=True))
    end = _in_range(t, end_key, t.day(end_key, None, required=True))
    if start is None or end is None:
        return None
    if end < start:
        t.problem(end_key, f"ends before it starts ({start})", end)
        return None
    days = (end - start).days + 1
    if days > longest:
        t.problem(
            end_key,
            f"spans at most {longest:,} days; this one spans {days:,} days from {start}",
            end,
        )
        return None
    return start, end


def _weekmask(t: Table, key: str) -> str | None:
    return t.parse(key, lambda value: weekmask_text(parse_weekmask(value)), None, required=False)


def read_council(t: Table) -> Council:
    t.only("name", "region", "weekmask", "closures")
    closures = []
    for item in t.items("closures"):
        item.only("name", "from", "to")
        name = item.text("name", "closure") or "closure"
        period = _period(item)
        if period is not None:
            closures.append(Closure(name, *period))
    return Council(
        name=t.text("name", "Council", required=True) or "Council",
        region=t.choice("region", tuple(REGIONS), "england") or "england",
        weekmask=_weekmask(t, "weekmask") or "Mon-Fri",
        closures=tuple(closures),
    )


def read_teams(root: Table) -> tuple[Team, ...]:
    """The named tables of ``[teams]`` (a missing section is no team)."""
    teams = []
    for item in _named(root, "teams", MAX_TEAMS):
        team_id = item.name
        item.only("name", "size", "weekmask", "leave", "contacts")
        size = item.integer("size", 1, minimum=1, maximum=500) or 1
        teams.append(
            Team(
                id=team_id,
                name=item.text("name", team_id) or team_id,
                size=size,
                weekmask=_weekmask(item, "weekmask"),
                leave=tuple(_leave(entry, size) for entry in item.items("leave")),
                contacts=item.strings("contacts", ()),
            )
        )
    return tuple(teams)


def _leave(t: Table, size: int) -> Leave:
    t.only("from", "to", "people", "note")
    period = _period(t) or (DEFAULT_START, DEFAULT_START)
    people = t.integer("people", None, minimum=1, maximum=size)
    return Leave(period[0], period[1], people, t.text("note", "") or "")


def read_inspection(t: Table) -> Inspection:
    t.only("type", "version", "on", "notified", "window", "history")
    kind = _inspection_type(t)
    if t.has("version") and t.has("on"):
        t.problem("on", "give either version or on, not both", t.data["on"])
    window = None
    window_table = t.section("window")
    if window_table is not None:
        window_table.only("from", "to")
        period = _period(window_table, MAX_WINDOW_DAYS)
        window = None if period is None else Window(*period)
    notified = _in_range(t, "notified", t.day("notified", None))
    if not t.has("notified") and not t.has("window"):
        t.problem("notified", "give the notification date (notified) or a window of dates (window)")
    return Inspection(
        type=kind,
        version=t.text("version", None),
        on=_in_range(t, "on", t.day("on", None)),
        notified=notified,
        window=window,
        history=tuple(_history(item) for item in t.items("history")),
    )


def _inspection_type(t: Table) -> str:
    """A ``framework:type`` name; a bare framework name is answered with that framework's types."""
    valid = names.inspection_types()
    value = t.data.get("type")
    if isinstance(value, str) and ":" not in value:
        types = tuple(name for name in valid if name.split(":", 1)[0] == value)
        if types:
            t.problem("type", "name the type too, as framework:type", value, types)
            return types[0]
    return t.choice("type", valid, None, required=True) or valid[0]


def _history(t: Table) -> PastInspection:
    t.only("start", "type", "judgement")
    kind = _inspection_type(t)
    valid = names.judgements_for(kind.split(":", 1)[0])
    judgement = t.choice("judgement", valid, None, required=True) or valid[0]
    start = _in_range(t, "start", t.day("start", None, required=True)) or DEFAULT_START
    return PastInspection(start, kind, judgement)


def read_rehearsal(t: Table) -> RehearsalSettings:
    t.only("start", "mode", "fieldwork_days", "kit_time")
    mode = t.choice("mode", names.MODES, "full") or "full"
    days = t.integer("fieldwork_days", None, minimum=1, maximum=20)
    if mode == "compressed" and days is None and not t.has("fieldwork_days"):
        t.problem("fieldwork_days", "a compressed rehearsal needs fieldwork_days")
    if mode == "full" and t.has("fieldwork_days"):
        t.problem(
            "fieldwork_days",
            "fieldwork_days applies only to mode = 'compressed'",
            t.data["fieldwork_days"],
        )
    return RehearsalSettings(
        start=_in_range(t, "start", t.day("start", None)),
        mode=mode,
        fieldwork_days=days,
        kit_time=t.clock("kit_time", None),
    )


def read_overrides(
    t: Table,
) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]]:
    """Rule overrides as (dotted key, value) pairs: for the inspection type (keys of the rule
    file's ``[inspections.<type>]`` table) and for practice timescales (``<name>.<key>``). The
    rule registry checks them against validated copies of the rules."""
    t.only("inspection", "timescales")
    found: list[tuple[tuple[str, Any], ...]] = []
    for section in ("inspection", "timescales"):
        pairs: list[tuple[str, Any]] = []
        sub = t.section(section)
        if sub is not None:
            _flatten(sub.data, "", pairs)
        if len(pairs) > MAX_OVERRIDES:
            t.problem(section, f"at most {MAX_OVERRIDES} overrides; this one has {len(pairs):,}")
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


def read_tasks(t: Table) -> TaskChanges:
    t.only("add", "remove", "change")
    adds = []
    for item in t.items("add"):
        item.only("id", "name", "team", "duration", "depends", "needs")
        task_id = _identifier(item, "id", required=True) or ""
        adds.append(
            TaskAdd(
                id=task_id,
                name=item.text("name", task_id) or task_id,
                team=_identifier(item, "team", required=True) or "",
                duration=item.integer("duration", 1, minimum=0, maximum=500) or 0,
                depends=_dependencies(item),
                needs=item.text("needs", "") or "",
            )
        )
    changes = []
    for item in _named(t, "change"):
        item.only("duration", "team", "depends")
        changes.append(
            TaskChange(
                id=item.name,
                duration=item.integer("duration", None, minimum=0, maximum=500),
                team=_identifier(item, "team"),
                depends=_dependencies(item),
            )
        )
    return TaskChanges(tuple(adds), t.strings("remove", ()), tuple(changes))


def _dependencies(t: Table) -> tuple[TaskDependency, ...]:
    deps = []
    for path, item in t.values("depends"):
        if isinstance(item, str):
            deps.append(TaskDependency(item))
        elif isinstance(item, dict):
            sub = t.at(path, item)
            sub.only("on", "type", "lag")
            on: str | None = sub.text("on", None, required=True)
            deps.append(
                TaskDependency(
                    on=on or "",
                    type=sub.choice("type", names.LINKS, "FS") or "FS",
                    lag=sub.integer("lag", 0, minimum=-500, maximum=500) or 0,
                )
            )
        else:
            t.reading.add(path, "must be an id or a table {on, type, lag}", item)
    return tuple(deps)


def read_simulation(t: Table) -> Simulation:
    t.only("runs", "seed", "duration", "spread", "events")
    events: list[tuple[str, float]] = []
    events_table = t.section("events")
    if events_table is not None:
        events_table.only(*names.EVENT_NAMES)
        for name, limit in names.EVENT_LIMITS.items():
            rate = events_table.number(name, None, minimum=0.0, maximum=limit)
            if rate is not None:
                events.append((name, rate))
    return Simulation(
        runs=t.integer("runs", 1000, minimum=1, maximum=MAX_RUNS) or 1000,
        seed=t.integer("seed", 0, minimum=0) or 0,
        duration=t.choice("duration", names.DURATION_KINDS, "fixed") or "fixed",
        spread=t.number("spread", 0.0, minimum=0.0, maximum=5.0) or 0.0,
        events=tuple(events),
    )
