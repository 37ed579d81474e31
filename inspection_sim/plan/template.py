"""Rules to network tasks: the framework's fixed items and the council's task template.

Framework items get fixed starts on the dates the rules give. References to the anchors map onto
the ``notification`` milestone and the ``fieldwork`` task: ``onsite`` is the fieldwork's start,
``fieldwork-end`` its finish (the end of the last on-site day).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.network import Dependency, Link, TaskKind, TaskSpec
from inspection_sim.rules.base import Offset, Provenance, Unit
from inspection_sim.rules.model import DependencyRule, InspectionType, TaskTemplate

__all__ = ["commitment", "council_tasks", "framework_tasks"]

Dates = Mapping[str, tuple[date, date]]

#: How a link on an anchor reads on the fieldwork task: ``onsite`` is a point at its start,
#: ``fieldwork-end`` a point at its finish.
_AT_START = {Link.FS: Link.SS, Link.SS: Link.SS, Link.FF: Link.SF, Link.SF: Link.SF}
_AT_FINISH = {Link.FS: Link.FS, Link.SS: Link.FS, Link.FF: Link.FF, Link.SF: Link.FF}


def _spec(
    id_: str,
    name: str,
    first: date,
    last: date,
    kind: TaskKind,
    prov: Provenance,
    calendar: WorkingCalendar,
    **extra: object,
) -> TaskSpec:
    start = calendar.index_of(first)
    duration = (
        0
        if kind
        in (TaskKind.NOTIFICATION, TaskKind.DEADLINE, TaskKind.MILESTONE, TaskKind.POST_INSPECTION)
        else calendar.index_of(last) - start + 1
    )
    return TaskSpec(
        id=id_,
        name=name,
        duration=max(duration, 0),
        kind=kind,
        fixed_start=start,
        framework=True,
        source=prov.label(),
        description=prov.note,
        **extra,  # type: ignore[arg-type]
    )


def framework_tasks(
    item: InspectionType, dates: Dates, calendar: WorkingCalendar
) -> tuple[list[TaskSpec], list[Dependency]]:
    """Fixed tasks and milestones for the call, phases, returns, fieldwork, meetings and steps."""
    note, field = item.notification, item.fieldwork
    call = dates["notification"][0]
    onsite, end = dates["onsite"][0], dates["fieldwork-end"][0]
    deadlines = {t.due.after for t in item.tasks if t.due is not None}
    tasks = [
        _spec(
            "notification",
            f"Notification call to {', '.join(note.who)}",
            call,
            call,
            TaskKind.NOTIFICATION,
            note.provenance,
            calendar,
            time_of_day=note.time,
        ),
        _spec(
            "fieldwork",
            f"Fieldwork: {item.name} on site",
            onsite,
            end,
            TaskKind.FIELDWORK,
            field.provenance,
            calendar,
        ),
    ]
    offsets: dict[str, Offset] = {}
    for phase in item.phases:
        first, last = dates[phase.id]
        tasks.append(
            _spec(
                phase.id,
                phase.name,
                first,
                last,
                TaskKind.OFFSITE,
                phase.provenance,
                calendar,
                team=phase.team,
            )
        )
        offsets[phase.id] = phase.start
    for ret in item.returns:
        day = dates[ret.id][0]
        tasks.append(
            _spec(
                ret.id,
                f"Due: {ret.name}",
                day,
                day,
                TaskKind.DEADLINE,
                ret.provenance,
                calendar,
                needs=ret.content,
            )
        )
        offsets[ret.id] = ret.due
    for meeting in item.meetings:
        first, last = dates[meeting.id]
        if meeting.at is not None:
            last = first
            offsets[meeting.id] = meeting.at
        else:
            offsets[meeting.id] = Offset("onsite", 0, Unit.WORKING_DAYS)
        tasks.append(
            _spec(
                meeting.id,
                meeting.name,
                first,
                last,
                TaskKind.MEETING,
                meeting.provenance,
                calendar,
                team=meeting.team,
                time_of_day=meeting.time,
                minutes=meeting.minutes,
                needs=", ".join(meeting.attendees),
            )
        )
    for step in item.post:
        day = dates[step.id][0]
        kind = TaskKind.DEADLINE if step.id in deadlines else TaskKind.POST_INSPECTION
        name = f"{step.name} [if {step.condition}]" if step.condition else step.name
        tasks.append(_spec(step.id, name, day, day, kind, step.provenance, calendar))
        offsets[step.id] = step.at
    by_id = {t.id: t for t in tasks}
    fieldwork = by_id["fieldwork"]
    assert fieldwork.fixed_start is not None
    deps = [
        Dependency(
            "notification",
            "fieldwork",
            Link.SS,
            fieldwork.fixed_start - _start(by_id["notification"]),
        )
    ]
    for node, off in offsets.items():
        dep = _exact(off.after, by_id[node], by_id)
        if _start(by_id[node]) >= _start(by_id[dep.predecessor]):  # no edges back in time
            deps.append(dep)
    return tasks, deps


def _start(spec: TaskSpec) -> int:
    assert spec.fixed_start is not None
    return spec.fixed_start


def _exact(after: str, task: TaskSpec, by_id: Mapping[str, TaskSpec]) -> Dependency:
    """A dependency that the fixed dates meet exactly (lag = the gap), for the graph's edges."""
    if after == "onsite":
        return Dependency("fieldwork", task.id, Link.SS, _start(task) - _start(by_id["fieldwork"]))
    if after == "fieldwork-end":
        field = by_id["fieldwork"]
        return Dependency(
            "fieldwork", task.id, Link.FS, _start(task) - _start(field) - field.duration
        )
    pred = by_id[after]
    return Dependency(after, task.id, Link.SS, _start(task) - _start(pred))


@dataclass(frozen=True)
class _Prepared:
    """The date-independent part of one council task: its fields and working-day links."""

    fields: dict[str, Any]
    due: Offset | None
    links: tuple[Dependency, ...]
    other: tuple[DependencyRule, ...]  # links whose lag is in calendar days or hours
    window: str | None


_PREPARED: dict[int, tuple[InspectionType, tuple[_Prepared, ...]]] = {}


def _prepared(item: InspectionType) -> tuple[_Prepared, ...]:
    """Council tasks prepared once per inspection type (cached by identity; rules are frozen)."""
    hit = _PREPARED.get(id(item))
    if hit is not None and hit[0] is item:
        return hit[1]
    found = []
    for template in item.tasks:
        fields = {
            "id": template.id,
            "name": _capped_name(item, template),
            "duration": template.duration,
            "team": template.team,
            "kind": template.kind,
            "needs": template.needs,
            "source": template.provenance.label(),
            "window": template.window,
            "commitment": commitment(item, template.due),
        }
        links = tuple(
            _link(rule.on, template.id, rule.type, rule.lag)
            for rule in template.depends
            if rule.unit is Unit.WORKING_DAYS
        )
        other = tuple(rule for rule in template.depends if rule.unit is not Unit.WORKING_DAYS)
        found.append(_Prepared(fields, template.due, links, other, template.window))
    if len(_PREPARED) >= 64:
        del _PREPARED[next(iter(_PREPARED))]  # the oldest entry
    _PREPARED[id(item)] = (item, tuple(found))
    return tuple(found)


def _capped_name(item: InspectionType, template: TaskTemplate) -> str:
    """The task's name, saying the rules' cap when it prepares a return with one ("Choose and
    send the supporting documents (at most 3)"): the number is the return's, never the name's."""
    if template.due is None:
        return template.name
    for ret in item.returns:
        if ret.id == template.due.after and ret.max_documents is not None:
            return f"{template.name} (at most {ret.max_documents})"
    return template.name


def commitment(item: InspectionType, due: Offset | None) -> str:
    """Whom a council task's deadline is owed to, by what it is counted from: ``"inspectors"``
    for a return, the on-site days, a meeting or an off-site phase (what the inspection team
    asks for and uses); ``"framework"`` for a post-inspection step (the framework's timescales,
    such as factual-accuracy comments and the action plan); ``"council"`` for a deadline
    counted from the call alone (the council's own arrangements); empty without a deadline."""
    if due is None:
        return ""
    if due.after in {step.id for step in item.post}:
        return "framework"
    if due.after == "notification":
        return "council"
    return "inspectors"


def _window(name: str, dates: Dates) -> tuple[date, date]:
    """First and last day of a framework window: the fieldwork or an off-site phase."""
    if name == "fieldwork":
        return dates["onsite"][0], dates["fieldwork-end"][0]
    return dates[name]


def _link(on: str, task: str, link: Link, lag: int) -> Dependency:
    if on == "onsite":
        return Dependency("fieldwork", task, _AT_START[link], lag)
    if on == "fieldwork-end":
        return Dependency("fieldwork", task, _AT_FINISH[link], lag)
    return Dependency(on, task, link, lag)


def council_tasks(
    item: InspectionType, dates: Dates, calendar: WorkingCalendar
) -> tuple[list[TaskSpec], list[Dependency]]:
    """The council's task template: free tasks with dependencies and framework deadlines.

    A deadline ``due`` is the end of the day it names: ``finish_no_later_than`` is the next
    working-day index (a non-working due day counts as the working day before it). A task bound
    to a framework window starts on the window's first day and lasts its working days (a fixed
    start: it never moves).
    """
    from inspection_sim.rules.order import shift

    tasks: list[TaskSpec] = []
    deps: list[Dependency] = []
    call = dates["notification"][0]
    for prep in _prepared(item):
        deadline = None
        if prep.due is not None:
            base = dates[prep.due.after][1]
            if prep.due.unit is Unit.WORKING_DAYS and calendar.is_working_day(base):
                deadline = calendar.index_of(base) + prep.due.value + 1  # index arithmetic
            else:
                due = shift(base, prep.due.value, prep.due.unit, calendar)
                deadline = calendar.index_of(calendar.roll_backward(due)) + 1
        fields = prep.fields
        if prep.window is not None:
            first, last = _window(prep.window, dates)
            start = calendar.index_of(calendar.roll_forward(first))
            length = max(calendar.index_of(calendar.roll_backward(last)) - start + 1, 0)
            fields = {**fields, "fixed_start": start, "duration": length}
        tasks.append(TaskSpec(finish_no_later_than=deadline, **fields))
        deps.extend(prep.links)
        for rule in prep.other:
            ref = dates[rule.on][0] if rule.on in dates else call
            lag = _lag_working_days(rule.lag, rule.unit, ref, calendar)
            deps.append(_link(rule.on, prep.fields["id"], rule.type, lag))
    return tasks, deps


def _lag_working_days(lag: int, unit: Unit, ref: date, calendar: WorkingCalendar) -> int:
    """A lag in working days. Calendar days count from ``ref``; hours are rounded down to whole
    calendar days (plans are in days: a 4-hour lag still allows a start later that day)."""
    if unit is Unit.WORKING_DAYS:
        return lag
    days = lag if unit is Unit.CALENDAR_DAYS else lag // 24
    return calendar.working_days_between(ref, ref + timedelta(days=days))
