"""The inspection cycle as the forecast needs it, read from the framework rules.

Nothing here is data of its own: what follows each judgement and when comes from the frameworks'
``[cycle.*]`` rules, the notice, on-site weekday and fieldwork from their inspection types, the
pauses of the cycle from their ``dates`` blackouts, and the forecast's spreads from the planning
assumptions (all under ``rules/data``, read through :mod:`inspection_sim.rules`).

A history entry records an overall judgement (``overall:good`` in a cycle rule's ``when``) or an
area SEND outcome (``outcome:positive``). The forecast reads the newest version of each framework
whose cycle rules are keyed on that judgement: for ILACS, 2024-12, since the 2026-04 rules are keyed
on the leaders' judgement, which a history does not record.

Anniversaries move on by each framework's own pauses: the cycle clock stops while that
framework's inspections were suspended (its ``dates`` blackouts with ``pauses_cycle``; ``end`` is
the last day of a pause, inclusive). Each activity keeps its own inspection type's notice, on-site
weekday, fieldwork and periods without fieldwork.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.history import INSPECTION_TYPES, JUDGEMENT_KEYS, judgements_for
from inspection_sim.rules import Framework, InspectionType, Provenance, Unit
from inspection_sim.rules.model import Blackout, CycleEvent, CycleRule, OnsiteRule

__all__ = [
    "OTHER_FRAMEWORKS",
    "CycleRules",
    "Event",
    "NextRule",
    "OtherFramework",
    "Pause",
    "VisitRules",
    "build_cycle_rules",
    "cycle_rules",
    "keyed_version",
]

#: Frameworks besides ILACS whose next inspections are forecast from rule windows.
OTHER_FRAMEWORKS = ("area-send", "hmip-yj")
#: The graded ILACS inspections; the other cycle rules lead to visits.
_GRADED = INSPECTION_TYPES


@dataclass(frozen=True)
class Pause:
    """A national suspension that stopped the cycle clock, ``start`` to ``end`` inclusive."""

    start: date
    end: date
    provenance: Provenance


def _anniversary(start: date, months: int, pauses: Iterable[Pause]) -> date:
    """``start`` plus ``months`` of cycle time, the clock stopped during ``pauses``."""
    due: date = start + relativedelta(months=months)
    for pause in pauses:
        if pause.end < start or pause.start > due:
            continue
        stopped = pause.end - max(pause.start, start) + timedelta(days=1)
        due += stopped
    return due


@dataclass(frozen=True)
class Timing:
    """How an activity's fieldwork follows its call: the on-site weekday, the calendar days from
    the call to the first on-site day, the fieldwork days and the periods without fieldwork."""

    onsite_weekday: int
    notification_days_before: int
    fieldwork_days: int
    blackouts: tuple[Blackout, ...]


@dataclass(frozen=True)
class Event:
    """A yearly event of the cycle, or one after a judgement (``first`` weeks after the last
    inspection's publication), spread ``window`` units either side."""

    id: str
    name: str
    after: tuple[str, ...]
    interval_months: int | None
    first_weeks: int | None
    window_days: int
    provenance: Provenance


@dataclass(frozen=True)
class VisitRules:
    """Timing of an ungraded visit type (focused or monitoring visit).

    Visits come after the judgements in ``after``, at most ``max_count`` of them, from
    ``earliest_months`` to ``latest_months`` after the last inspection started; monitoring visits
    come every ``interval_months``, the first ``first_weeks`` after the action-plan deadline.
    """

    activity: str
    after: tuple[str, ...]
    onsite_weekday: int
    fieldwork_days: int
    timing: Timing
    interval_months: int
    earliest_months: int
    latest_months: int
    max_count: int | None
    first_weeks: int | None
    provenance: Provenance


@dataclass(frozen=True)
class NextRule:
    """After a judgement in ``after``, ``activity`` comes between the two month counts;
    ``basis`` says where the two ends come from."""

    after: tuple[str, ...]
    activity: str
    from_months: int
    to_months: int
    basis: str
    timing: Timing


@dataclass(frozen=True)
class OtherFramework:
    """Timing rules of a framework forecast from rule windows (area SEND, HMIP youth justice)."""

    name: str
    onsite_weekday: int
    notification_days_before: int
    fieldwork_days: int
    next: tuple[NextRule, ...]
    pauses: tuple[Pause, ...] = ()

    def anniversary(self, start: date, months: int) -> date:
        """``start`` plus ``months`` of this framework's cycle time (its own pauses stop it)."""
        return _anniversary(start, months, self.pauses)


@dataclass(frozen=True)
class CycleRules:
    """ILACS cycle rules (next inspection type, anniversary window, notice, pauses, visits) and
    the other frameworks' windows."""

    next_after: dict[str, str]
    anniversary_months: int
    window_months: int
    notice_working_days: int
    notification_days_before: int
    onsite_weekday: int
    fieldwork_days: dict[str, int]
    overdue_weeks: int
    monitoring_spread_weeks: int
    pauses: tuple[Pause, ...]
    focused_visit: VisitRules
    monitoring_visit: VisitRules
    action_plan_working_days: int
    others: dict[str, OtherFramework]
    timing: dict[str, Timing] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    publication_pauses: tuple[Blackout, ...] = ()

    def anniversary(self, start: date, months: int | None = None) -> date:
        """``start`` plus ``months`` (default: the cycle) of ILACS cycle time, the clock stopped
        in the ILACS pauses."""
        step = self.anniversary_months if months is None else months
        return _anniversary(start, step, self.pauses)


# -- reading the rules ---------------------------------------------------------------------------------


def _problem(rules: Framework, key: str, message: str, value: object = None) -> RuleFileError:
    if value is None:
        return RuleFileError(message, source=rules.source_file, key=key)
    return RuleFileError(message, source=rules.source_file, key=key, value=value)


def _matches(condition: str, framework: str, judgement: str) -> bool:
    return condition in ("any", f"{JUDGEMENT_KEYS[framework]}:{judgement}")


def keyed_version(versions: Iterable[Framework], framework: str) -> Framework:
    """The newest of ``versions`` whose cycle rules are keyed on the judgement a history records.

    Raises:
        RuleFileError: no version is.
    """
    found = list(versions)
    prefix = f"{JUDGEMENT_KEYS[framework]}:"
    for rules in reversed(found):
        conditions = [c for rule in rules.cycle for c in rule.when]
        if any(c == "any" or c.startswith(prefix) for c in conditions):
            return rules
    raise _problem(found[-1], "cycle", f"no cycle rule is keyed on '{prefix}' judgements")


def _check_conditions(rules: Framework, framework: str) -> None:
    """Every ``judgement:grade`` condition the forecast reads names a known grade."""
    prefix = f"{JUDGEMENT_KEYS[framework]}:"
    valid = tuple(prefix + j for j in judgements_for(framework))
    for rule in rules.cycle:
        for i, condition in enumerate(rule.when):
            if condition.startswith(prefix) and condition not in valid:
                raise RuleFileError(
                    "unknown judgement",
                    source=rules.source_file,
                    key=f"cycle.{rule.id}.when[{i}]",
                    value=condition,
                    choices=valid,
                )


def _months(rules: Framework, rule: CycleRule) -> CycleRule:
    if rule.unit is not Unit.MONTHS:
        raise _problem(rules, f"cycle.{rule.id}.unit", "the forecast needs months", rule.unit.value)
    return rule


def _after(rule: CycleRule, framework: str) -> tuple[str, ...]:
    return tuple(j for j in judgements_for(framework) if _any_match(rule, framework, j))


def _any_match(rule: CycleRule, framework: str, judgement: str) -> bool:
    return any(_matches(c, framework, judgement) for c in rule.when)


def _notice(rules: Framework, item: InspectionType) -> tuple[int, int]:
    """On-site weekday and calendar days from the call to the first on-site day, in a week
    without holidays."""
    n, o = item.notification, item.onsite
    if o.rule is OnsiteRule.WEEKDAY_OF_WEEK:
        assert o.weekday is not None
        assert o.weeks_after is not None
        return o.weekday, o.weekday - n.weekday + 7 * o.weeks_after
    assert o.working_days is not None
    day, left = n.weekday, o.working_days
    days = 0
    while left:
        days += 1
        day = (day + 1) % 7
        left -= day < 5
    return day, days


def _timing(rules: Framework, item: InspectionType) -> Timing:
    weekday, before = _notice(rules, item)
    return Timing(weekday, before, item.fieldwork.days, rules.fieldwork_blackouts(item.id))


def _target(rules: Framework, rule: CycleRule) -> InspectionType:
    return rules.inspection(rule.next.partition(":")[2])


def _visit(rules: Framework, rule: CycleRule) -> VisitRules:
    item = _target(rules, rule)
    timing = _timing(rules, item)
    weekday = timing.onsite_weekday if rule.onsite_weekday is None else rule.onsite_weekday
    first = None
    if rule.first is not None:
        if rule.first.unit is not Unit.WEEKS:
            key = f"cycle.{rule.id}.first"
            raise _problem(rules, key, "the forecast needs weeks", rule.first.unit.value)
        first = rule.first.value
    return VisitRules(
        activity=rule.next,
        after=_after(rule, "ilacs"),
        onsite_weekday=weekday,
        fieldwork_days=item.fieldwork.days,
        timing=timing,
        interval_months=rule.interval,
        earliest_months=rule.interval - rule.window_before,
        latest_months=rule.interval + rule.window_after,
        max_count=rule.max_count,
        first_weeks=first,
        provenance=rule.provenance,
    )


def _next_inspection(rules: Framework, cycle: list[CycleRule]) -> tuple[dict[str, str], int, int]:
    """The graded inspection after each judgement, the anniversary and the window (months)."""
    graded = {f"ilacs:{kind}" for kind in _GRADED}
    found: dict[str, CycleRule] = {}
    for judgement in judgements_for("ilacs"):
        rule = [r for r in cycle if r.next in graded and _any_match(r, "ilacs", judgement)]
        if len(rule) != 1:
            message = f"exactly one cycle rule must say which inspection follows '{judgement}'"
            raise _problem(rules, "cycle", message, [r.id for r in rule])
        found[judgement] = rule[0]
    timing = {(r.interval, r.window_before, r.window_after) for r in found.values()}
    interval, before, after = min(timing)
    if len(timing) != 1 or before != after:
        message = "the forecast needs one anniversary and a window as long either side"
        raise _problem(rules, "cycle", message, sorted(timing))
    return {j: r.next.partition(":")[2] for j, r in found.items()}, interval, before


def _action_plan_working_days(rules: Framework, main: InspectionType) -> int:
    """Working days from publication to the action plan, through the steps it is anchored on."""
    steps = {step.id: step for step in main.post}
    total, node = 0, "action-plan"
    while node != "publication":
        step = steps.get(node)
        if step is None or step.at.unit is not Unit.WORKING_DAYS:
            key = f"inspections.{main.id}.post.action-plan"
            raise _problem(rules, key, "the forecast needs working days after publication")
        total += step.at.value
        node = step.at.after
    return total


def _pauses(rules: Framework) -> tuple[Pause, ...]:
    found = [(b.cycle_pause(), b.provenance) for b in rules.blackouts]
    return tuple(sorted((Pause(*w, p) for w, p in found if w), key=lambda p: p.start))


def _other(rules: Framework) -> OtherFramework:
    _check_conditions(rules, rules.id)
    cycle = [_months(rules, rule) for rule in rules.cycle]
    first = _timing(rules, _target(rules, cycle[0]))
    return OtherFramework(
        name=rules.id,
        onsite_weekday=first.onsite_weekday,
        notification_days_before=first.notification_days_before,
        fieldwork_days=first.fieldwork_days,
        next=tuple(
            NextRule(
                after=_after(rule, rules.id),
                activity=rule.next.partition(":")[2],
                from_months=rule.interval - rule.window_before,
                to_months=rule.interval + rule.window_after,
                basis=rule.provenance.note or rule.provenance.label(),
                timing=_timing(rules, _target(rules, rule)),
            )
            for rule in cycle
        ),
        pauses=_pauses(rules),
    )


def _event(rules: Framework, event: CycleEvent) -> Event:
    key = f"events.{event.id}"
    days = {Unit.MONTHS: 365.25 / 12, Unit.WEEKS: 7.0, Unit.CALENDAR_DAYS: 1.0}
    if event.unit not in days:
        raise _problem(rules, f"{key}.unit", "the forecast needs months, weeks or calendar_days")
    first = None
    if event.first is not None:
        if event.first.unit is not Unit.WEEKS or event.first.after != "publication":
            raise _problem(rules, f"{key}.first", "the forecast needs weeks after publication")
        first = event.first.value
    interval = None
    if event.interval is not None:
        if event.unit is not Unit.MONTHS:
            raise _problem(rules, f"{key}.unit", "a yearly event's interval needs months")
        interval = event.interval
    return Event(
        id=event.id,
        name=event.name,
        after=tuple(
            j for j in judgements_for("ilacs") if any(_matches(c, "ilacs", j) for c in event.when)
        ),
        interval_months=interval,
        first_weeks=first,
        window_days=round(event.window * days[event.unit]),
        provenance=event.provenance,
    )


def build_cycle_rules(
    ilacs: Framework, others: Iterable[Framework], *, overdue_weeks: int, spread_weeks: int
) -> CycleRules:
    """The forecast's cycle from framework rules (and the forecast's two spreads, in weeks).

    The ILACS notice, on-site weekday and action plan are those of the inspection type its first
    cycle rule leads to (the short inspection), and they serve every ILACS activity; likewise
    each other framework's first cycle rule gives its timing.

    Raises:
        RuleFileError: a rule the forecast reads is missing or not in the form it needs.
    """
    _check_conditions(ilacs, "ilacs")
    cycle = [_months(ilacs, rule) for rule in ilacs.cycle]
    next_after, interval, window = _next_inspection(ilacs, cycle)
    main = _target(ilacs, cycle[0])
    onsite_weekday, days_before = _notice(ilacs, main)
    if main.onsite.nominal_working_days is None:
        key = f"inspections.{main.id}.onsite.nominal_working_days"
        raise _problem(ilacs, key, "the forecast needs the usual notice in working days")
    visits = {r.next: r for r in cycle if r.next.partition(":")[2] not in _GRADED}
    for kind in ("ilacs:focused-visit", "ilacs:monitoring-visit"):
        if kind not in visits:
            raise _problem(ilacs, "cycle", f"no cycle rule leads to {kind}")
    if visits["ilacs:monitoring-visit"].first is None:
        key = f"cycle.{visits['ilacs:monitoring-visit'].id}.first"
        raise _problem(ilacs, key, "the forecast needs the first monitoring visit's timing")
    return CycleRules(
        next_after=next_after,
        anniversary_months=interval,
        window_months=window,
        notice_working_days=main.onsite.nominal_working_days,
        notification_days_before=days_before,
        onsite_weekday=onsite_weekday,
        fieldwork_days={kind: ilacs.inspection(kind).fieldwork.days for kind in _GRADED},
        timing={kind: _timing(ilacs, ilacs.inspection(kind)) for kind in _GRADED},
        events=tuple(_event(ilacs, e) for e in ilacs.events),
        publication_pauses=ilacs.publication_pauses(),
        overdue_weeks=overdue_weeks,
        monitoring_spread_weeks=spread_weeks,
        pauses=_pauses(ilacs),
        focused_visit=_visit(ilacs, visits["ilacs:focused-visit"]),
        monitoring_visit=_visit(ilacs, visits["ilacs:monitoring-visit"]),
        action_plan_working_days=_action_plan_working_days(ilacs, main),
        others={rules.id: _other(rules) for rules in others},
    )


@functools.lru_cache(maxsize=1)
def cycle_rules() -> CycleRules:
    """The cycle from the shipped rules (read once)."""
    from inspection_sim.rules import load_assumptions, load_framework, versions

    def keyed(framework: str) -> Framework:
        found = (load_framework(framework, version=v) for v in versions(framework))
        return keyed_version(found, framework)

    spreads = load_assumptions().forecast
    return build_cycle_rules(
        keyed("ilacs"),
        [keyed(name) for name in OTHER_FRAMEWORKS],
        overdue_weeks=spreads.overdue_weeks,
        spread_weeks=spreads.monitoring_spread_weeks,
    )
