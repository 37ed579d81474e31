"""Rule objects as plain data (for JSON) and as readable text lines (for a terminal)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, time
from enum import Enum
from typing import Any

from inspection_sim.rules.assumptions import Assumptions
from inspection_sim.rules.base import Offset, Provenance
from inspection_sim.rules.model import Blackout, CycleEvent, CycleRule, Framework, InspectionType
from inspection_sim.rules.timescale_rules import TimescaleSet
from inspection_sim.weekmask import DAY_NAMES, weekmask_text

__all__ = ["assumption_lines", "framework_lines", "inspection_lines", "timescale_lines", "to_data"]

_WEEKDAY_FIELDS = frozenset({"weekday", "onsite_weekday"})


def to_data(value: Any, name: str = "") -> Any:
    """JSON-ready data: dataclasses become dicts (``raw`` dropped), enums their values, dates ISO
    text, weekday numbers and weekmasks their names."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_data(getattr(value, f.name), f.name)
            for f in dataclasses.fields(value)
            if f.name != "raw"
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        if name == "weekmask" and len(value) == 7 and all(isinstance(v, bool) for v in value):
            return weekmask_text(value)
        return [to_data(v) for v in value]
    if name in _WEEKDAY_FIELDS and isinstance(value, int):
        return DAY_NAMES[value]
    return value


def _cite(prov: Provenance) -> str:
    return f"[{prov.label()}]"


def _when(off: Offset) -> str:
    return str(off)


def inspection_lines(item: InspectionType) -> list[str]:
    """A readable summary of an inspection type, every rule with its citation."""
    n, o, f = item.notification, item.onsite, item.fieldwork
    lines = [
        f"{item.key}  {item.name}  (version {item.version}, {item.source_file})",
        f"  applies to: {item.applies_to}",
        f"  notification: {DAY_NAMES[n.weekday]} {n.time:%H:%M} to {', '.join(n.who)} "
        f"({n.method}); not a working day: {n.if_not_working_day.value}  {_cite(n.provenance)}",
    ]
    if o.weekday is not None:
        start = f"{DAY_NAMES[o.weekday]} of the week {o.weeks_after} week(s) after notification"
    else:
        start = f"{o.working_days} working days after notification"
    if o.nominal_working_days is not None:
        start += f" (usually {o.nominal_working_days} working days' notice)"
    lines.append(f"  on site: {start}  {_cite(o.provenance)}")
    lines.append(f"  fieldwork: {f.days} days, {weekmask_text(f.weekmask)}  {_cite(f.provenance)}")
    for member in f.team:
        when = f"for {member.days} of the days" if member.days else "every day"
        lines.append(
            f"  inspectors: {member.count} {member.role} {when}  {_cite(member.provenance)}"
        )
    for p in item.phases:
        lines.append(
            f"  phase {p.id}: {p.name}: {_when(p.start)} to {_when(p.end)}  {_cite(p.provenance)}"
        )
    for r in item.returns:
        cap = f" (at most {r.max_documents} documents)" if r.max_documents else ""
        lines.append(f"  return {r.id}: {r.name}: due {_when(r.due)}{cap}  {_cite(r.provenance)}")
    if item.sampling is not None:
        s = item.sampling
        lines.append(f"  sampling: {s.description}  {_cite(s.provenance)}")
    for m in item.meetings:
        when = "daily during fieldwork" if m.during else _when(m.at) if m.at else ""
        lines.append(
            f"  meeting {m.id}: {m.name}: {when} at {m.time:%H:%M} ({m.minutes} min)  {_cite(m.provenance)}"
        )
    for step in item.post:
        cond = f" [if {step.condition}]" if step.condition else ""
        lines.append(
            f"  post {step.id}: {step.name}: {_when(step.at)}{cond}  {_cite(step.provenance)}"
        )
    lines.append("  council tasks (default template):")
    for t in item.tasks:
        deps = ", ".join(
            f"{d.type.value} {d.on}{d.lag:+d}" if d.lag else f"{d.type.value} {d.on}"
            for d in t.depends
        )
        due = f"; due {_when(t.due)}" if t.due else ""
        length = f"the {t.window} window" if t.window else f"{t.duration} wd"
        lines.append(f"    {t.id}: {t.name} [{t.team}, {length}; {deps}{due}]")
    return lines


def framework_lines(rules: Framework) -> list[str]:
    """A readable summary of a framework version: its types, periods without fieldwork (and the
    pauses of the cycle) and its cycle rules, each with its citation."""
    lines = [
        f"{rules.id} {rules.version}: {rules.title} (from {rules.effective_from.isoformat()})",
        f"  inspection types: {', '.join(rules.inspections)}",
    ]
    for b in rules.blackouts:
        lines.append(f"  no {b.applies_to}: {b.name} ({_window(b)})  {_cite(b.provenance)}")
    for c in rules.cycle:
        lines.append(
            f"  cycle {c.id}: {', '.join(c.when)} -> {c.next} {_timing(c)}: {c.description}  "
            f"{_cite(c.provenance)}"
        )
    for e in rules.events:
        lines.append(
            f"  event {e.id}: {e.name} ({', '.join(e.when)}) {_event_timing(e)}: "
            f"{e.description}  {_cite(e.provenance)}"
        )
    return lines


def _event_timing(e: CycleEvent) -> str:
    unit = e.unit.value.replace("_", " ")
    parts = []
    if e.first is not None:
        parts.append(f"the first {e.first}")
    if e.interval is not None:
        parts.append(f"every {e.interval} {unit}")
    if e.window:
        parts.append(f"+/- {e.window} {unit}")
    return ", ".join(parts)


def _window(b: Blackout) -> str:
    window = f"{b.start} to {b.end}" if b.start else (f"{b.days} days" if b.days else "")
    text = f"{b.kind.value} {window}"
    if b.inspections:
        text += f"; for {', '.join(b.inspections)}"
    if b.pauses_cycle:
        text += "; the cycle's clock stops"
    if b.applies_to == "publication" and b.kind.value == "annual":
        text += "; its working days do not count towards publication"
    return text


def _timing(c: CycleRule) -> str:
    unit = c.unit.value.replace("_", " ")
    text = f"at {c.interval} {unit}"
    if c.window_before or c.window_after:
        text += f" (-{c.window_before}/+{c.window_after})"
    if c.max_count is not None:
        text += f", at most {c.max_count}"
    if c.first is not None:
        text += f", the first {c.first}"
    if c.onsite_weekday is not None:
        text += f", on site from a {DAY_NAMES[c.onsite_weekday]}"
    return text


def timescale_lines(rules: TimescaleSet) -> list[str]:
    """A readable summary of the practice timescales, each with its citation."""
    lines = [f"timescales {rules.version}: {rules.title} (from {rules.effective_from.isoformat()})"]
    for t in rules.items.values():
        unit = t.unit.value.replace("_", " ")
        then = "".join(
            f", then {c.value} {c.unit.value.replace('_', ' ')}{' repeatedly' if c.repeat else ''}"
            for c in t.then
        )
        lines.append(
            f"  {t.id}: {t.name}: {t.value} {unit} from {t.start_event}{then} ({t.kind})  "
            f"{_cite(t.provenance)}"
        )
    return lines


def assumption_lines(found: Assumptions) -> list[str]:
    """A readable summary of the planning assumptions, each with its citation."""
    lines = [f"planning assumptions ({found.source_file})"]
    for e in found.events.values():
        if e.days is not None:
            what = f"{e.days.kind} {tuple(e.days.params)} working days"
        else:
            what = f"{e.working_days} working days"
        lines.append(f"  event {e.id}: {e.name}: {what}  {_cite(e.provenance)}")
    d, f, w = found.durations, found.forecast, found.windows
    lines.append(
        f"  durations: a task of d days with spread s runs from d * (1 {_signed(d.low)} * s) to "
        f"d * (1 {_signed(d.high)} * s)  {_cite(d.provenance)}"
    )
    lines.append(
        f"  windows: a task bound to a framework window needs {w.staff_needed} of its team "
        f"present throughout  {_cite(w.provenance)}"
    )
    r = found.rebooking
    lines.append(
        f"  rebooking: the on-site coordinator learns of an absence {r.notice_days} working "
        f"day(s) before it starts (0: that morning)  {_cite(r.provenance)}"
    )
    c = found.case_sample
    lines.append(
        f"  case sample: {c.size} cases drawn from an Annex A workbook when no number is given  "
        f"{_cite(c.provenance)}"
    )
    lines.append(
        f"  forecast: an overdue inspection spread over {f.overdue_weeks} weeks; a monitoring "
        f"visit within {f.monitoring_spread_weeks} weeks of its date  {_cite(f.provenance)}"
    )
    return lines


def _signed(value: float) -> str:
    return f"{'-' if value < 0 else '+'} {abs(value):g}"
