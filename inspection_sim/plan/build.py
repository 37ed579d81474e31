"""``plan()``: an inspection type's rules and one anchor date to a scheduled :class:`Timeline`.

The framework's items (the call, returns, off-site phases, fieldwork, meetings, post-inspection
steps) get fixed dates from the rules; the council's task template is scheduled around them by
the critical path method on the council's working days. Framework dates never move; a council task
that cannot meet its deadline is reported as a risk (which task, by how many working days).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, StrictModeError
from inspection_sim.plan.anchors import (
    anchor_warnings,
    election_warnings,
    resolve,
    unverified_notes,
)
from inspection_sim.plan.caps import document_cap_warnings
from inspection_sim.plan.cpm import Schedule, cpm
from inspection_sim.plan.network import Network
from inspection_sim.plan.teams import team_calendars, team_sizes
from inspection_sim.plan.template import council_tasks, framework_tasks
from inspection_sim.plan.timeline import Fieldwork, Timeline
from inspection_sim.rules import inspection as rule_inspection
from inspection_sim.rules import load_framework
from inspection_sim.rules.model import Framework, InspectionType
from inspection_sim.rules.order import framework_dates

if TYPE_CHECKING:
    from inspection_sim.plan.level_problem import Levelled

__all__ = ["plan"]

LONDON = ZoneInfo("Europe/London")


@cache
def _default_calendar() -> WorkingCalendar:
    return WorkingCalendar()


def plan(
    inspection: str | InspectionType,
    *,
    notified: date | None = None,
    onsite: date | None = None,
    calendar: WorkingCalendar | None = None,
    teams: Mapping[str, Any] | None = None,
    version: str | None = None,
    on: date | None = None,
    level: bool | str = False,
    strict: bool = False,
    elections: Sequence[date] = (),
) -> Timeline:
    """Plan an inspection from its rules and one anchor date.

    Args:
        inspection: ``"framework:type"`` (e.g. ``"ilacs:short"``) or an :class:`InspectionType`
            (for example a council's validated copy from ``with_overrides``); a scenario is
            planned by :func:`inspection_sim.workbench.plan_scenario`.
        notified: plan forward from the day of the call.
        onsite: plan backward from the first on-site day (what date would the call come?).
        calendar: the planning calendar, on which the framework's dates are counted (default:
            England and Wales, Mon-Fri, 2015-2040).
        teams: team id -> a :class:`WorkingCalendar`, or a mapping with ``leave`` (dates),
            ``weekmask`` and ``size``; a team's calendar moves its tasks.
        version: the framework version; by default the one in force on ``on``, else on the
            anchor date.
        on: choose the version in force on this date.
        level: level the council's tasks within team capacity (``size``): True for the serial
            schedule generation answer, or a method name (``"sgs"``, ``"cp-sat"``).
        strict: raise :class:`StrictModeError` instead of returning warnings.
        elections: election days in the area; a publication in the pre-election hold before one
            gives a warning (publication, not inspection, is held).

    Returns:
        The :class:`Timeline`: tasks in topological order with dates, slack and the critical path;
        warnings (a call on another weekday than the rule's, fieldwork in a period the rules say is
        not used: each naming the nearest valid dates) and risks (deadlines council tasks miss).

    >>> timeline = plan("ilacs:short", notified=date(2026, 3, 2))
    >>> timeline.fieldwork.start, timeline.fieldwork.end
    (datetime.date(2026, 3, 9), datetime.date(2026, 3, 13))
    """
    item, framework, calendar, teams, notified, onsite = _inputs(
        inspection, notified, onsite, calendar, teams, version, on
    )
    anchors = resolve(item, calendar, notified=notified, onsite=onsite)
    warnings = anchor_warnings(item, framework, anchors, calendar, notified=notified, onsite=onsite)
    warnings += document_cap_warnings(item)
    if strict and warnings:
        raise StrictModeError(warnings[0], key="--strict")
    dates = framework_dates(
        item,
        {
            "notification": anchors.call,
            "onsite": anchors.fieldwork[0],
            "fieldwork-end": anchors.fieldwork[-1],
        },
        calendar,
        framework.publication_pauses(),
    )
    warnings += election_warnings(item, framework, dates, elections)
    if strict and warnings:
        raise StrictModeError(warnings[0], key="--strict")
    warnings += unverified_notes(item)
    fixed, fixed_deps = framework_tasks(item, dates, calendar)
    tasks, deps = council_tasks(item, dates, calendar)
    network = Network.build(
        [*fixed, *tasks], [*fixed_deps, *deps], team_calendars=team_calendars(teams, calendar)
    )
    first = calendar.index_of(anchors.call)
    schedule: Schedule | Levelled = cpm(network, start=first)
    if level:
        from inspection_sim.plan.level import level as levelled

        method = level if isinstance(level, str) else "sgs"
        schedule = levelled(network, team_sizes(teams), start=first, method=method)
    timeline = Timeline.from_schedule(
        schedule,
        calendar,
        inspection=item.key,
        framework=item.framework,
        version=item.version,
        notification=datetime.combine(anchors.call, item.notification.time, LONDON),
        fieldwork=Fieldwork(anchors.fieldwork[0], anchors.fieldwork[-1], anchors.fieldwork),
        warnings=tuple(warnings),
        sources=_sources(item),
    )
    if strict and timeline.risks:
        raise StrictModeError(str(timeline.risks[0]), key="--strict")
    return timeline


def _inputs(
    inspection: str | InspectionType,
    notified: date | None,
    onsite: date | None,
    calendar: WorkingCalendar | None,
    teams: Mapping[str, Any] | None,
    version: str | None,
    on: date | None,
) -> tuple[InspectionType, Framework, WorkingCalendar, Mapping[str, Any], date | None, date | None]:
    """Normalise the arguments: the rules, their framework, the calendar, the teams, the anchor."""
    if (notified is None) == (onsite is None):
        raise ArgumentTypeError(
            "give exactly one anchor: notified=date or onsite=date", key="anchor"
        )
    anchor = notified if notified is not None else onsite
    if not isinstance(anchor, date):
        raise ArgumentTypeError("the anchor must be a datetime.date", key="anchor", value=anchor)
    if isinstance(inspection, InspectionType):
        item = inspection
    elif isinstance(inspection, str):
        item = rule_inspection(inspection, on=on or (None if version else anchor), version=version)
    else:
        raise ArgumentTypeError(
            "inspection must be 'framework:type' or an InspectionType", value=inspection
        )
    framework = load_framework(item.framework, version=item.version)
    return item, framework, calendar or _default_calendar(), teams or {}, notified, onsite


def _sources(item: InspectionType) -> tuple[str, ...]:
    """The rule file and every source the plan's rules cite, in first-seen order."""
    refs: dict[str, None] = {item.source_file: None}
    groups = (item.phases, item.returns, item.meetings, item.post, item.tasks)
    provs = [item.notification.provenance, item.onsite.provenance, item.fieldwork.provenance]
    for group in groups:
        provs.extend(x.provenance for x in group)
    for prov in provs:
        refs.update(dict.fromkeys(prov.source))
    return tuple(refs)
