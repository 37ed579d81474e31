"""What the on-site days are made of, as rule data: ``rules/data/onsite/<framework>/<version>.toml``.

Each file gives the council's working hours and breaks, the default rooms, and per inspection type
the inspector groups and the activities to book (case discussions, audit discussions, observation
of practice, meetings, keep-in-touch meetings, feedback). A later file may ``extends`` an earlier
one and change only what changed. How many inspectors come is not here: each inspector group names
a member of the framework rules' team (``[inspections.<type>.fieldwork.team.<id>]``), which gives
the count and, for a member on site part of the time, how many days; the group says which days. The on-site rules for a framework version are those of the
latest on-site file not newer than it. Bad data fails at load with the file, the key path, the
value and the valid choices; a council's changes (:meth:`OnsiteRules.with_overrides`) are checked
the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import cache
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import Problem, RuleFileError, UnknownNameError, named
from inspection_sim.rules.base import Provenance
from inspection_sim.rules.fields import provenance, read_rule_file, rule_file_name
from inspection_sim.timetable.roles import ROLES
from inspection_sim.toml_reader import Origins, Reading, Table, merge, parse_toml

if TYPE_CHECKING:
    from inspection_sim.rules.model import InspectionType, TeamMember

__all__ = [
    "ACTIVITY_KINDS",
    "ONSITE_VERSIONS",
    "Activity",
    "AttendeeRule",
    "Break",
    "Hours",
    "InspectorGroup",
    "OnsiteRules",
    "RoomDefaults",
    "load_onsite",
    "onsite_from_text",
    "split_inspection",
]

#: Framework id -> its on-site rule versions, oldest first (``rules/data/onsite/<id>/<v>.toml``).
ONSITE_VERSIONS: Mapping[str, tuple[str, ...]] = {
    "ilacs": ("2018-01", "2020-09", "2021-06"),
    "jtai": ("2016-02", "2022-04"),
    "area-send": ("2023-01",),
    "hmip-yj": ("2018-05", "2020-07"),
}

ACTIVITY_KINDS = (
    "case-discussion",
    "audit-discussion",
    "observation",
    "manager-meeting",
    "leader-meeting",
    "partner-meeting",
    "kit",
    "feedback",
)
#: How many sessions an activity has: one per sampled case, one per on-site day, or ``sessions``.
PER = ("case", "day", "visit")
#: The people of a sampled case an activity can be held with.
CASE_PEOPLE = ("allocated-worker", "team-manager", "auditor")
DAY_CHOICES = ("any", "first", "last")
_PROVENANCE = ("source", "confidence", "unverified", "note")


@dataclass(frozen=True)
class Break:
    """A daily break in which nothing is booked, e.g. lunch from 12:30 for 45 minutes."""

    name: str
    start: time
    minutes: int


@dataclass(frozen=True)
class Hours:
    """The working day sessions are booked in, on a grid of ``slot_minutes``.

    ``gap_minutes`` is the time an inspector keeps free after each session (to write up).
    """

    start: time
    end: time
    slot_minutes: int
    gap_minutes: int
    breaks: tuple[Break, ...]
    provenance: Provenance

    def minute(self, at: time) -> int:
        """Minutes from the start of the working day to ``at``."""
        return (at.hour * 60 + at.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def length(self) -> int:
        """Minutes in the working day."""
        return self.minute(self.end)


@dataclass(frozen=True)
class RoomDefaults:
    """The rooms used when a council gives none: ``per_inspector`` rooms each, of ``capacity``."""

    per_inspector: int
    capacity: int
    provenance: Provenance


@dataclass(frozen=True)
class InspectorGroup:
    """Inspectors of one kind: ``count`` of them, on the on-site days ``on_days`` (1 is the first
    day; empty means every day), each with at most ``sessions_per_day`` sessions a day."""

    id: str
    name: str
    count: int
    lead: bool
    on_days: tuple[int, ...]
    sessions_per_day: int
    provenance: Provenance


@dataclass(frozen=True)
class AttendeeRule:
    """``count`` people with ``role`` (from ``team`` when given) attend each session."""

    role: str
    count: int
    team: str | None = None


@dataclass(frozen=True)
class Activity:
    """One kind of session to book.

    Attributes:
        per: ``case`` (one per sampled case), ``day`` (one per on-site day) or ``visit``
            (``sessions`` in the visit).
        with_person: for ``per = "case"``, who of the case attends (``allocated-worker``,
            ``auditor``); ``substitute`` attends instead when that person cannot (flagged).
        by: the inspector group that holds it; ``inspectors`` of them attend (with the lead
            inspector when ``lead``).
        per_inspector_per_day: at most this many sessions of this activity per inspector a day.
        day: ``any``, ``first`` or ``last`` on-site day; ``time``: a fixed start, else any time.
        room: whether a room is booked (observation happens where the team works).
    """

    id: str
    name: str
    kind: str
    per: str
    sessions: int
    minutes: int
    by: str
    inspectors: int
    lead: bool
    with_person: str | None
    substitute: str | None
    per_inspector_per_day: int | None
    room: bool
    day: str
    time: time | None
    attendees: tuple[AttendeeRule, ...]
    provenance: Provenance


@dataclass(frozen=True)
class OnsiteRules:
    """The on-site rules of one inspection type in one version."""

    framework: str
    version: str
    inspection: str
    title: str
    hours: Hours
    rooms: RoomDefaults
    inspectors: tuple[InspectorGroup, ...]
    activities: tuple[Activity, ...]
    provenance: Provenance
    source_file: str
    raw: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)
    origins: Origins = field(repr=False, compare=False, default_factory=dict)
    framework_rules: Mapping[str, InspectionType] = field(
        repr=False, compare=False, default_factory=dict
    )

    @property
    def key(self) -> str:
        """``"ilacs:short"``."""
        return f"{self.framework}:{self.inspection}"

    @property
    def name(self) -> str:
        """The inspection as the framework's rules name it ("ILACS short inspection"); the key
        when they are not loaded."""
        found = self.framework_rules.get(self.inspection)
        return found.name if found is not None else self.key

    @property
    def lead_group(self) -> InspectorGroup:
        """The inspector group the lead inspector belongs to."""
        return next(group for group in self.inspectors if group.lead)

    def activity(self, name: str) -> Activity:
        activities = {item.id: item for item in self.activities}
        return named(activities, name, f"{self.key} has no such on-site activity", key="activity")

    def unverified(self) -> list[tuple[str, tuple[str, ...]]]:
        """``(where, fields)`` for every rule with UNVERIFIED fields (planning assumptions)."""
        found = [("hours", self.hours.provenance.unverified)]
        found.append(("rooms", self.rooms.provenance.unverified))
        found += [(f"inspectors.{g.id}", g.provenance.unverified) for g in self.inspectors]
        found += [(f"activities.{a.id}", a.provenance.unverified) for a in self.activities]
        return [(where, fields) for where, fields in found if fields]

    def with_overrides(self, changes: Mapping[str, Any], source: str = "override") -> OnsiteRules:
        """A validated copy with ``changes`` applied: dotted key paths relative to the inspection
        type (``"activities.case-discussion.minutes": 90``, ``"inspectors.social-care.count": 3``),
        or to the file for ``hours.*`` and ``rooms.*`` (``"hours.start": "08:30"``).

        Raises:
            RuleFileError: every unknown key and bad value at once, naming ``source`` for the
                values it supplied, and the key path.
        """
        reading = Reading(self.source_file)
        overlay: dict[str, Any] = {}
        for dotted, value in changes.items():
            parts = self._override_path(str(dotted), value, source, reading)
            if parts is None:
                continue
            node = overlay
            for part in parts[:-1]:
                node = node.setdefault(part, {})
                if not isinstance(node, dict):
                    _problem(reading, "key path crosses a value", source, str(dotted), value)
                    break
            else:
                node[parts[-1]] = value
        data: dict[str, Any] = {}
        merge(data, self.raw, self.source_file, reading.origins)
        reading.origins.update(self.origins)
        merge(data, overlay, source, reading.origins)
        return build_onsite(
            data,
            reading.origins,
            self.source_file,
            self.framework,
            self.inspection,
            self.framework_rules,
            reading=reading,
        )

    def _override_path(
        self, dotted: str, value: Any, source: str, reading: Reading
    ) -> list[str] | None:
        """The key path in the file of one change, or None after recording why it has none."""
        parts = [part for part in dotted.split(".") if part]
        if not parts:
            _problem(reading, "empty key path", source, dotted, dotted)
            return None
        named = {
            "activities": [a.id for a in self.activities],
            "inspectors": [g.id for g in self.inspectors],
        }
        if parts[0] in named and len(parts) > 2 and parts[1] not in named[parts[0]]:
            what = "activity" if parts[0] == "activities" else "inspector group"
            _problem(
                reading, f"{self.key} has no such {what}", source, dotted, parts[1], named[parts[0]]
            )
            return None
        if parts[0] in ("hours", "rooms"):
            return parts
        return ["inspections", self.inspection, *parts]


def _problem(
    reading: Reading,
    message: str,
    source: str,
    key: str,
    value: Any,
    choices: Iterable[str] = (),
) -> None:
    """Record a problem with a change as its caller wrote it (not a key path of the file)."""
    reading.problems.append(Problem(message, source, key, value, tuple(choices)))


def split_inspection(key: str) -> tuple[str, str]:
    """``"ilacs:short"`` -> ``("ilacs", "short")``; an unknown framework suggests the closest."""
    framework, sep, kind = key.partition(":")
    if framework not in ONSITE_VERSIONS:
        raise UnknownNameError(
            "unknown framework (write framework:type, e.g. ilacs:short)",
            key="inspection type",
            value=framework if sep else key,
            choices=tuple(ONSITE_VERSIONS),
        )
    if not sep or not kind:
        raise UnknownNameError(
            "write the inspection type as framework:type, e.g. ilacs:short",
            key="inspection type",
            value=key,
        )
    return framework, kind


def load_onsite(
    inspection: str, *, version: str | None = None, on: date | None = None
) -> OnsiteRules:
    """The on-site rules of ``inspection`` (``"ilacs:short"``) for the framework ``version`` (or
    the version in force ``on`` a date; default: the latest), with that version's inspection team.
    Cached.

    Raises:
        UnknownNameError: an unknown framework, version or inspection type (closest suggested).
        RuleFileError: the on-site data is wrong or does not match the framework rules' team.
    """
    from inspection_sim.rules import load_framework

    framework, kind = split_inspection(inspection)
    framework_version = load_framework(framework, version=version, on=on).version
    chosen = [v for v in ONSITE_VERSIONS[framework] if v <= framework_version]
    if not chosen:
        first = ONSITE_VERSIONS[framework][0]
        raise UnknownNameError(
            f"no on-site rules for {framework} {framework_version}; the earliest are for {first}",
            key="version",
            value=framework_version,
        )
    return _load(framework, chosen[-1], kind, framework_version)


@cache
def _load(framework: str, version: str, kind: str, framework_version: str) -> OnsiteRules:
    data, origins = _merged(framework, version, ())
    types = _framework_types(framework, framework_version)
    file = _file(framework, version)
    return build_onsite(data, origins, file, framework, kind, types, version)


def _framework_types(framework: str, version: str | None) -> Mapping[str, InspectionType]:
    from inspection_sim.rules import load_framework

    return load_framework(framework, version=version).inspections


def onsite_from_text(
    text: str, *, name: str, inspection: str, version: str | None = None
) -> OnsiteRules:
    """Parse and validate on-site rule text that is not registered (a draft, a test case) against
    the team of the framework ``version`` (default: the latest); ``[meta] extends`` may name a
    registered version of the same framework."""
    framework, kind = split_inspection(inspection)
    raw = parse_toml(text, name)
    _no_team_numbers(raw, name)
    data: dict[str, Any] = {}
    origins: Origins = {}
    base = _extends(raw)
    if base is not None:
        if base not in ONSITE_VERSIONS[framework]:
            raise RuleFileError(
                "extends must name a registered on-site version",
                source=name,
                key="meta.extends",
                value=base,
                choices=ONSITE_VERSIONS[framework],
            )
        data, origins = _merged(framework, base, ())
    merge(data, raw, name, origins)
    return build_onsite(data, origins, name, framework, kind, _framework_types(framework, version))


def _file(framework: str, version: str) -> str:
    return rule_file_name(f"onsite/{framework}", version)


def _extends(raw: Mapping[str, Any]) -> Any:
    meta = raw.get("meta", {})
    return meta.get("extends") if isinstance(meta, Mapping) else None


def _no_team_numbers(raw: Mapping[str, Any], file: str) -> None:
    """An on-site file gives no inspector numbers: they live in the framework rules' team, and a
    second copy could disagree with it. (A council's change may still set a count.)"""
    reading = Reading(file)
    inspections = raw.get("inspections", {})
    for kind, table in inspections.items() if isinstance(inspections, Mapping) else ():
        groups = table.get("inspectors", {}) if isinstance(table, Mapping) else {}
        for group, rule in groups.items() if isinstance(groups, Mapping) else ():
            if isinstance(rule, Mapping) and "count" in rule:
                reading.add(
                    ("inspections", kind, "inspectors", group, "count"),
                    "the number of inspectors lives in the framework rules' team "
                    f"([inspections.{kind}.fieldwork.team.{group}] count); remove it here",
                    rule["count"],
                )
    reading.check()


def _merged(framework: str, version: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], Origins]:
    raw = read_rule_file(f"onsite/{framework}", version)
    _no_team_numbers(raw, _file(framework, version))
    data: dict[str, Any] = {}
    origins: Origins = {}
    base = _extends(raw)
    if base is not None:
        earlier = ONSITE_VERSIONS[framework][: ONSITE_VERSIONS[framework].index(version)]
        if base not in earlier or base in seen:
            raise RuleFileError(
                "extends must name an earlier registered on-site version",
                source=_file(framework, version),
                key="meta.extends",
                value=base,
                choices=earlier,
            )
        data, origins = _merged(framework, base, (*seen, version))
    merge(data, raw, _file(framework, version), origins)
    return data, origins


# -- validation ------------------------------------------------------------------------------------


def build_onsite(
    data: Mapping[str, Any],
    origins: Origins,
    file: str,
    framework: str,
    kind: str,
    types: Mapping[str, InspectionType],
    version: str | None = None,
    reading: Reading | None = None,
) -> OnsiteRules:
    """Validate merged on-site rule data and return the rules of inspection type ``kind``.

    Every inspection type of the file is validated, so a mistake anywhere is found whichever type
    is asked for, and every problem is reported at once. Each inspector group is joined to the
    member of the same id in the team of ``types`` (the framework version's inspection types):
    a group with no member, a member with no group, or on-site days that do not match the
    member's are problems naming both files.

    Raises:
        RuleFileError: every problem of the data (with those already in ``reading``).
        UnknownNameError: the data is sound but has no type ``kind`` (the closest suggested).
    """
    if reading is None:
        reading = Reading(file, origins=origins)
    root = reading.table(data)
    root.only("meta", "hours", "rooms", "inspections")
    meta = root.table("meta")
    meta_keys = ("set", "framework", "version", "extends", "title")
    meta.only(*meta_keys, *_PROVENANCE)
    meta.choice("set", ("onsite",))
    meta.choice("framework", (framework,))
    found_version = meta.text("version")
    if (
        version is not None
        and isinstance(meta.data.get("version"), str)
        and found_version != version
    ):
        meta.problem("version", "does not match the registry entry", found_version, [version])
    title = meta.text("title")
    meta_provenance = provenance(meta, ("title",))
    hours = _hours(root.table("hours"))
    rooms = _rooms(root.table("rooms"))
    built = {
        t.name: _inspection(t, hours, meta_provenance, types) for t in root.tables("inspections")
    }
    reading.check()
    if kind not in built:
        raise UnknownNameError(
            f"no on-site rules for this {framework} inspection type",
            source=file,
            key="inspection type",
            value=kind,
            choices=tuple(built),
        )
    groups, activities, prov = built[kind]
    assert hours is not None  # its problems were raised above
    return OnsiteRules(
        framework=framework,
        version=found_version,
        inspection=kind,
        title=title,
        hours=hours,
        rooms=rooms,
        inspectors=groups,
        activities=activities,
        provenance=prov,
        source_file=file,
        raw=data,
        origins=origins,
        framework_rules=types,
    )


def _clean(t: Table) -> Callable[[], bool]:
    """Whether no problem was recorded since this call: checks that combine values run only on
    values that were read cleanly, so one mistake is reported once, not again as a consequence."""
    before = len(t.reading.problems)
    return lambda: len(t.reading.problems) == before


def _hours(t: Table) -> Hours | None:
    """The working day, or None when it is too wrong to place sessions and breaks in."""
    keys = ("start", "end", "slot_minutes", "gap_minutes", "breaks")
    t.only(*keys, *_PROVENANCE)
    clean = _clean(t)
    start, end = t.clock("start"), t.clock("end")
    slot = t.integer("slot_minutes", minimum=1)
    if 60 % slot:
        t.problem("slot_minutes", "must divide an hour (5, 10, 15, 20, 30 or 60)", slot)
    gap = t.integer("gap_minutes", minimum=0)
    read = clean()
    hours = Hours(start, end, slot, gap, (), provenance(t, keys))
    if not read:
        _inline_tables(t, "breaks", _BREAK)  # reported, not placed in a day that is wrong
        return None
    if hours.length <= 0:
        t.problem("end", "must be after the start of the working day", end.isoformat("minutes"))
        return None
    _on_grid(t, "start", hours, 0)
    _on_grid(t, "end", hours, hours.length)
    breaks = []
    for b in _inline_tables(t, "breaks", _BREAK):
        b.only("name", "start", "minutes")
        clean = _clean(b)
        item = Break(b.text("name"), b.clock("start"), b.integer("minutes", minimum=1))
        if not clean():
            continue
        at = hours.minute(item.start)
        if at < 0 or at + item.minutes > hours.length:
            b.problem(
                "start",
                "the break must fall within the working day",
                item.start.isoformat("minutes"),
            )
            continue
        _on_grid(b, "start", hours, at)
        breaks.append(item)
    return replace(hours, breaks=tuple(breaks))


_BREAK = "a table like { name = 'Lunch', start = '12:30', minutes = 45 }"
_ATTENDEE = "a table like { role = 'team-manager', count = 2 }"


def _inline_tables(t: Table, key: str, what: str) -> list[Table]:
    """The inline tables of the array ``key`` (empty when missing); any other item is a problem
    that shows what an item looks like."""
    value = t.data.get(key, [])
    if not isinstance(value, list):
        t.problem(key, "must be a list of inline tables", value)
        return []
    found = []
    for i, item in enumerate(value):
        if isinstance(item, Mapping):
            found.append(Table(item, (*t.path, key, i), t.reading))
        else:
            t.reading.add((*t.path, key, i), f"must be {what}", item)
    return found


def _on_grid(t: Table, key: str, hours: Hours, minute: int) -> None:
    if minute % hours.slot_minutes:
        t.problem(
            key, f"must fall on the {hours.slot_minutes}-minute grid of the working day", minute
        )


def _rooms(t: Table) -> RoomDefaults:
    keys = ("per_inspector", "capacity")
    t.only(*keys, *_PROVENANCE)
    return RoomDefaults(
        t.integer("per_inspector", minimum=1), t.integer("capacity", minimum=2), provenance(t, keys)
    )


def _inspection(
    t: Table, hours: Hours | None, meta: Provenance, types: Mapping[str, InspectionType]
) -> tuple[tuple[InspectorGroup, ...], tuple[Activity, ...], Provenance]:
    t.only("inspectors", "activities", *_PROVENANCE)
    prov = provenance(t, (), meta)
    tables = t.tables("inspectors")
    rules = types.get(t.name)
    if rules is None:
        t.problem(None, "no such inspection type in the framework rules", t.name, tuple(types))
        return (), (), prov
    team = {member.id: member for member in rules.fieldwork.team}
    where = f"inspections.{t.name}.fieldwork.team"
    groups = tuple(_group(g, team, rules.source_file, where, rules.fieldwork.days) for g in tables)
    for member in team.values():
        if member.id not in {g.id for g in groups}:
            t.problem(
                "inspectors",
                f"the framework's team has {member.id!r} ({member.defined_in} "
                f"inspections.{t.name}.fieldwork.team.{member.id}): give it an inspector group",
                member.id,
            )
    if not groups:
        if _empty(t, "inspectors"):
            t.problem("inspectors", "give at least one inspector group")
        return groups, (), prov  # activities name a group: they cannot be checked without one
    leads = [g.id for g in groups if g.lead]
    if len(leads) != 1 and all(isinstance(g.data.get("lead", False), bool) for g in tables):
        t.problem("inspectors", "exactly one inspector group must have lead = true", leads)
    lead = next((g for g in groups if g.lead), groups[0])
    activities = tuple(_activity(a, groups, lead, hours) for a in t.tables("activities"))
    if _empty(t, "activities"):
        t.problem("activities", "give at least one activity")
    return groups, activities, prov


def _empty(t: Table, key: str) -> bool:
    """Whether the table ``key`` is missing or empty (a value that is not a table is reported
    as such by :meth:`Table.tables`)."""
    value = t.data.get(key, {})
    return isinstance(value, Mapping) and not value


def _group(
    g: Table, team: Mapping[str, TeamMember], rules_file: str, where: str, days: int
) -> InspectorGroup:
    """One inspector group, joined to the member of the framework's ``team`` (at ``where``) of the
    same id: the count is the member's (or a council's change); the on-site days must match."""
    keys = ("name", "count", "lead", "on_days", "sessions_per_day")
    g.only(*keys, *_PROVENANCE)
    prov = provenance(g, keys)
    clean = _clean(g)
    on_days = _day_numbers(g, "on_days")
    days_read = clean()
    member = team.get(g.name)
    if member is None:
        g.problem(
            None,
            f"names no member of the framework's team ({rules_file} {where})",
            g.name,
            tuple(team),
        )
        count = g.integer("count", 1, minimum=1)
    else:
        count = g.integer("count", member.count, minimum=1)
        if days_read:
            _same_days(g, member, on_days, f"{member.defined_in} {where}.{member.id}", days)
        if "count" in member.provenance.unverified and "count" not in prov.unverified:
            prov = replace(prov, unverified=(*prov.unverified, "count"))
    return InspectorGroup(
        id=g.name,
        name=g.text("name"),
        count=count,
        lead=g.boolean("lead", False),
        on_days=on_days,
        sessions_per_day=g.integer("sessions_per_day", minimum=1),
        provenance=prov,
    )


def _same_days(
    g: Table, member: TeamMember, on_days: tuple[int, ...], where: str, fieldwork_days: int
) -> None:
    """A part-time member's on-site days are chosen here, as many as the framework rules say."""
    value = g.data.get("on_days", [])
    if member.days is None and on_days:
        g.problem(
            "on_days", f"the framework rules put this inspector on site every day ({where})", value
        )
    elif member.days is not None and len(on_days) != member.days:
        g.problem(
            "on_days",
            f"the framework rules put this inspector on site for {member.days} day(s) ({where}): "
            f"give {member.days} day number(s)",
            value,
        )
    late = [day for day in on_days if day > fieldwork_days]
    if late:
        g.problem("on_days", f"the fieldwork has {fieldwork_days} day(s)", value)


def _day_numbers(g: Table, key: str) -> tuple[int, ...]:
    value = g.data.get(key, [])
    if not isinstance(value, list):
        g.problem(key, "must be a list of on-site day numbers (1 is the first)", value)
        return ()
    days = set()
    for i, day in enumerate(value):
        if not isinstance(day, int) or isinstance(day, bool) or day < 1:
            g.reading.add((*g.path, key, i), "must be an on-site day number >= 1", day)
        else:
            days.add(day)
    return tuple(sorted(days))


def _activity(
    a: Table, groups: tuple[InspectorGroup, ...], lead_group: InspectorGroup, hours: Hours | None
) -> Activity:
    keys = (
        "name", "kind", "per", "sessions", "minutes", "by", "inspectors", "lead", "with",
        "substitute", "per_inspector_per_day", "room", "day", "time", "attendees",
    )  # fmt: skip
    a.only(*keys, *_PROVENANCE)
    clean = _clean(a)
    per = a.choice("per", PER)
    per_read = clean()
    clean = _clean(a)
    by = a.choice("by", [g.id for g in groups], lead_group.id)
    by_read = clean()
    group = next(g for g in groups if g.id == by)
    lead = a.boolean("lead", False)
    if lead and by != lead_group.id and by_read:
        a.problem("lead", f"the lead inspector is in group {lead_group.id!r}, not {by!r}", lead)
    inspectors = a.integer("inspectors", 1, minimum=1)
    if inspectors > group.count and by_read:
        a.problem("inspectors", f"group {by!r} has only {group.count} inspector(s)", inspectors)
    minutes = a.integer("minutes", minimum=1)
    if hours is not None and minutes > hours.length:
        a.problem("minutes", f"longer than the working day ({hours.length} minutes)", minutes)
    with_person = a.choice("with", CASE_PEOPLE, None)
    substitute = a.choice("substitute", CASE_PEOPLE, None)
    if per_read:
        _fits_per(a, per, with_person, substitute)
    if substitute is not None and substitute == with_person:
        a.problem("substitute", "must differ from 'with'", substitute)
    day = a.choice("day", DAY_CHOICES, "any")
    if per_read and per == "day" and day != "any":
        a.problem("day", "an activity held every day cannot name a day", day)
    clean = _clean(a)
    at = a.clock("time", None)
    if at is not None and hours is not None and clean():
        _fixed_time(a, hours, at, minutes)
    attendees = _attendees(a)
    if per_read and per == "case" and a.data.get("attendees"):
        a.problem(
            "attendees", "an activity per case takes its people from the case (with, substitute)"
        )
    return Activity(
        id=a.name,
        name=a.text("name"),
        kind=a.choice("kind", ACTIVITY_KINDS),
        per=per,
        sessions=a.integer("sessions", 1, minimum=1),
        minutes=minutes,
        by=by,
        inspectors=inspectors,
        lead=lead,
        with_person=with_person,
        substitute=substitute,
        per_inspector_per_day=a.integer("per_inspector_per_day", None, minimum=1),
        room=a.boolean("room", True),
        day=day,
        time=at,
        attendees=attendees,
        provenance=provenance(a, keys),
    )


def _fits_per(a: Table, per: str, with_person: str | None, substitute: str | None) -> None:
    """Who attends, and how many sessions there are, must fit what the activity is held per."""
    if per == "case" and with_person is None and not a.has("with"):
        a.problem(
            "with", "an activity per case must say who of the case attends", None, CASE_PEOPLE
        )
    if per != "case":
        for key in ("with", "substitute"):
            if a.has(key):
                a.problem(
                    key, "only an activity per case is held with a case's people", a.data[key]
                )
    if per != "visit" and a.has("sessions"):
        a.problem(
            "sessions", f"an activity per {per} has one session per {per}", a.data["sessions"]
        )


def _fixed_time(a: Table, hours: Hours, at: time, minutes: int) -> None:
    start = hours.minute(at)
    if start < 0 or start + minutes > hours.length:
        a.problem(
            "time",
            f"the session must fit in the working day ({hours.start:%H:%M}-{hours.end:%H:%M})",
            at.isoformat("minutes"),
        )
        return
    _on_grid(a, "time", hours, start)
    for item in hours.breaks:
        b = hours.minute(item.start)
        if start < b + item.minutes and b < start + minutes:
            a.problem(
                "time", f"the session overlaps the break {item.name!r}", at.isoformat("minutes")
            )


def _attendees(a: Table) -> tuple[AttendeeRule, ...]:
    found = []
    for t in _inline_tables(a, "attendees", _ATTENDEE):
        t.only("role", "count", "team")
        role = t.choice("role", ROLES)
        found.append(AttendeeRule(role, t.integer("count", 1, minimum=1), t.text("team", None)))
    return tuple(found)
