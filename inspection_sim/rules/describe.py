"""Rule objects as plain data (for JSON) and as readable text lines (for a terminal)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, time
from enum import Enum
from typing import Any

from inspection_sim.rules.base import Offset, Provenance
from inspection_sim.rules.model import InspectionType
from inspection_sim.weekmask import DAY_NAMES, weekmask_text

__all__ = ["inspection_lines", "to_data"]

_WEEKDAY_FIELDS = frozenset({"weekday"})


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
    team = f", {f.inspectors} inspectors" if f.inspectors else ""
    lines.append(
        f"  fieldwork: {f.days} days, {weekmask_text(f.weekmask)}{team}  {_cite(f.provenance)}"
    )
    for p in item.phases:
        lines.append(
            f"  phase {p.id}: {p.name}: {_when(p.start)} to {_when(p.end)}  {_cite(p.provenance)}"
        )
    for r in item.returns:
        lines.append(f"  return {r.id}: {r.name}: due {_when(r.due)}  {_cite(r.provenance)}")
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
        lines.append(f"    {t.id}: {t.name} [{t.team}, {t.duration} wd; {deps}{due}]")
    return lines
