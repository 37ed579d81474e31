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

from inspection_sim.forecasting.history import JUDGEMENTS
from inspection_sim.forecasting.tomldata import Sourced, Table, load_package_toml, load_toml
from inspection_sim.weekmask import parse_weekday

__all__ = [
    "CycleRules",
    "NextRule",
    "OtherFramework",
    "Pause",
    "VisitRules",
    "cycle_rules",
    "load_cycle_rules",
]

#: Frameworks besides ILACS whose next inspections are forecast from rule windows.
OTHER_FRAMEWORKS = ("area-send", "hmip-yj")


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
class NextRule:
    """After a judgement in ``after``, ``activity`` comes between the two month counts."""

    after: tuple[str, ...]
    activity: str
    from_months: Sourced
    to_months: Sourced


@dataclass(frozen=True)
class OtherFramework:
    """Timing rules of a framework forecast from rule windows (area SEND, HMIP youth justice)."""

    name: str
    onsite_weekday: int
    notification_days_before: int
    fieldwork_days: int
    next: tuple[NextRule, ...]


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
    others: dict[str, OtherFramework]

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


def _next_rule(table: Table, framework: str) -> NextRule:
    from inspection_sim.forecasting.history import judgements_for

    table.only("after", "activity", "from_months", "to_months")
    after = table.get("after", list)
    valid = judgements_for(framework)
    for item in after:
        if item not in valid:
            raise table.error("unknown judgement", "after", item, valid)
    low, high = table.sourced("from_months", int), table.sourced("to_months", int)
    if high.value < low.value:
        raise table.error("to_months is before from_months", "to_months", high.value)
    return NextRule(tuple(after), table.get("activity", str), low, high)


def _other(table: Table, name: str) -> OtherFramework:
    table.only("onsite_weekday", "notification_days_before", "fieldwork_days", "next")
    weekday = parse_weekday(
        table.value("onsite_weekday", str), key=f"{name}.onsite_weekday", source=table.source
    )
    return OtherFramework(
        name=name,
        onsite_weekday=weekday,
        notification_days_before=table.value("notification_days_before", int),
        fieldwork_days=table.value("fieldwork_days", int),
        next=tuple(_next_rule(item, name) for item in table.tables("next")),
    )


def _pauses(root: Table) -> tuple[Pause, ...]:
    pauses = []
    for item in root.tables("pauses"):
        item.only("from", "to", "source", "confidence")
        pauses.append(Pause(item.get("from", date), item.get("to", date), item.get("source", str)))
    return tuple(sorted(pauses, key=lambda p: p.start))


def _parse(root: Table) -> CycleRules:
    root.only("pauses", "ilacs", *OTHER_FRAMEWORKS)
    ilacs = root.table("ilacs")
    ilacs.only(
        "next_after", "anniversary_months", "window_months", "notice_working_days",
        "notification_days_before", "onsite_weekday", "fieldwork_days", "overdue_weeks",
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
        pauses=_pauses(root),
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
        others={name: _other(root.table(name), name) for name in OTHER_FRAMEWORKS},
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
