"""The ILACS cycle rules the forecast needs, read from ``data/cycle.toml``.

Anniversaries move on by national pauses: the cycle clock stops while inspections are suspended
(``to`` is the last day of a pause, inclusive).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from inspection_sim.forecast.history import JUDGEMENTS
from inspection_sim.forecast.tomldata import Sourced, Table, load_package_toml, load_toml
from inspection_sim.weekmask import parse_weekday

__all__ = ["CycleRules", "Pause", "VisitRules", "cycle_rules", "load_cycle_rules"]


@dataclass(frozen=True)
class Pause:
    """A national suspension of inspections, ``start`` to ``end`` inclusive."""

    start: date
    end: date
    source: str


@dataclass(frozen=True)
class VisitRules:
    """Timing of an ungraded visit type (focused or monitoring visit)."""

    onsite_weekday: int
    fieldwork_days: int
    values: dict[str, Sourced]

    def number(self, key: str) -> int:
        """An integer parameter of this visit type, e.g. ``interval_months``."""
        value: int = self.values[key].value
        return value


@dataclass(frozen=True)
class CycleRules:
    """ILACS cycle rules: next inspection type, anniversary window, notice, pauses, visits."""

    next_after: dict[str, str]
    anniversary_months: int
    window_months: int
    notice_working_days: int
    notification_days_before: int
    onsite_weekday: int
    fieldwork_days: dict[str, int]
    overdue_weeks: int
    pauses: tuple[Pause, ...]
    focused_visit: VisitRules
    focused_visit_excluded_after: tuple[str, ...]
    monitoring_visit: VisitRules
    action_plan_working_days: int
    sources: dict[str, Sourced]

    def anniversary(self, start: date, months: int | None = None) -> date:
        """``start`` plus ``months`` (default: the cycle) of cycle time, the clock stopped in pauses."""
        step = self.anniversary_months if months is None else months
        due = start + relativedelta(months=step)
        for pause in self.pauses:
            if pause.end < start or pause.start > due:
                continue
            stopped = pause.end - max(pause.start, start) + timedelta(days=1)
            due += stopped
        return due


def _visit(table: Table, *, extra: tuple[str, ...]) -> VisitRules:
    table.only("onsite_weekday", "fieldwork_days", *extra)
    values = {key: table.sourced(key, int) for key in extra if key != "excluded_after"}
    weekday = parse_weekday(
        table.value("onsite_weekday", str), key=f"{table.path}.onsite_weekday", source=table.source
    )
    return VisitRules(weekday, table.value("fieldwork_days", int), values)


def _parse(root: Table) -> CycleRules:
    root.only("ilacs")
    ilacs = root.table("ilacs")
    ilacs.only(
        "next_after", "anniversary_months", "window_months", "notice_working_days",
        "notification_days_before", "onsite_weekday", "fieldwork_days", "overdue_weeks", "pauses",
        "focused-visit", "monitoring-visit", "post-inspection",
    )  # fmt: skip
    after = ilacs.table("next_after")
    after.only(*JUDGEMENTS)
    next_after = {j: after.value(j, str) for j in JUDGEMENTS}
    for judgement, kind in next_after.items():
        if kind not in ("short", "standard"):
            raise after.error("unknown inspection type", judgement, kind, ("short", "standard"))
    fieldwork = ilacs.table("fieldwork_days")
    fieldwork.only("short", "standard")
    pauses = []
    for item in ilacs.tables("pauses"):
        item.only("from", "to", "source", "confidence")
        pauses.append(Pause(item.get("from", date), item.get("to", date), item.get("source", str)))
    focused = ilacs.table("focused-visit")
    excluded = focused.value("excluded_after", list)
    post = ilacs.table("post-inspection")
    post.only("action_plan_working_days", "action_plan_anchor")
    sources = {
        key: ilacs.sourced(key, int)
        for key in ("anniversary_months", "window_months", "notice_working_days", "overdue_weeks")
    }
    sources["action_plan_working_days"] = post.sourced("action_plan_working_days", int)
    return CycleRules(
        next_after=next_after,
        anniversary_months=ilacs.value("anniversary_months", int),
        window_months=ilacs.value("window_months", int),
        notice_working_days=ilacs.value("notice_working_days", int),
        notification_days_before=ilacs.value("notification_days_before", int),
        onsite_weekday=parse_weekday(ilacs.value("onsite_weekday", str), source=ilacs.source),
        fieldwork_days={k: fieldwork.value(k, int) for k in ("short", "standard")},
        overdue_weeks=ilacs.value("overdue_weeks", int),
        pauses=tuple(sorted(pauses, key=lambda p: p.start)),
        focused_visit=_visit(
            focused,
            extra=(
                "max_between",
                "excluded_after",
                "earliest_months",
                "latest_months_before_anniversary",
            ),
        ),
        focused_visit_excluded_after=tuple(str(j) for j in excluded),
        monitoring_visit=_visit(
            ilacs.table("monitoring-visit"),
            extra=(
                "interval_months",
                "spread_weeks",
                "max_before_reinspection",
                "first_weeks_after_action_plan",
            ),
        ),
        action_plan_working_days=post.value("action_plan_working_days", int),
        sources=sources,
    )


def load_cycle_rules(path: Path | None = None) -> CycleRules:
    """Read cycle rules from ``path``, or the shipped ``cycle.toml`` when None.

    Raises:
        RuleFileError: naming the file, key path and value for anything malformed or unknown.
    """
    return _parse(load_toml(path) if path is not None else load_package_toml("cycle.toml"))


@functools.lru_cache(maxsize=1)
def cycle_rules() -> CycleRules:
    """The shipped cycle rules (read once)."""
    return load_cycle_rules()
