"""The run-sheet a coordinator reads each morning of the real week, in plain words.

Four parts: what each team has today and on the next working day (work to start, to carry on
with, to finish, and the framework dates of the day); what slipped against the plan as first made,
and by how many working days; the deadlines still to meet, those now at risk first with the
chance of meeting them from today (and at the plan) and what drives them; and the deadlines
already missed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from inspection_sim.plan.network import TaskKind
from inspection_sim.plan.timeline import ScheduledTask
from inspection_sim.simulation.result import REQUESTS
from inspection_sim.tracking.entries import BLOCKED
from inspection_sim.tracking.replan import DONE_STATE, UNDER_WAY, Replan
from inspection_sim.tracking.risk import DeadlineRisk

__all__ = ["Slip", "day_items", "runsheet", "slips"]

#: The group of the framework's own dates in a day's list.
FRAMEWORK_GROUP = "Framework dates"

#: Framework dates shown on every day they span (others on their first and last day only).
_DAILY = frozenset({TaskKind.FIELDWORK, TaskKind.MEETING})


@dataclass(frozen=True)
class Slip:
    """A council task that now finishes later than the plan as first made.

    Attributes:
        task: its id; ``name`` and ``team`` in words.
        planned: its last day in the plan as first made; ``now`` its last day now (actual, once
            done).
        working_days: how many working days later.
        state: ``done``, ``under way`` or ``not started``.
    """

    task: str
    name: str
    team: str
    planned: date
    now: date
    working_days: int
    state: str


def slips(plan: Replan, teams: Mapping[str, str]) -> list[Slip]:
    """The council tasks that finish later than first planned, most working days first."""
    calendar = plan.timeline.calendar
    found = []
    for task in plan.timeline.tasks:
        item = plan.progress.get(task.id)
        if item is None:
            continue
        planned = plan.baseline.task(task.id).end
        late = calendar.working_days_between(planned, task.end)
        if late > 0:
            found.append(
                Slip(
                    task.id, task.name, teams.get(task.id, ""), planned, task.end, late, item.state
                )
            )
    found.sort(key=lambda slip: (-slip.working_days, slip.planned, slip.task))
    return found


def day_items(plan: Replan, day: date, teams: Mapping[str, str]) -> dict[str, list[str]]:
    """What each team has on ``day`` (team name -> lines), framework dates last."""
    by_team: dict[str, list[str]] = {}
    framework: list[str] = []
    for task in plan.timeline.tasks:
        if not task.start <= day <= task.end:
            continue
        item = plan.progress.get(task.id)
        if item is None:
            if day in (task.start, task.end) or task.kind in _DAILY:
                framework.append(_name(task))
            continue
        if item.state == DONE_STATE:
            continue
        line = f"{_action(task, day)}: {_name(task)}{_note(task, day, item.entry.status)}"
        by_team.setdefault(teams.get(task.id) or "No team named", []).append(line)
    ordered = {team: by_team[team] for team in sorted(by_team)}
    if framework:
        ordered[FRAMEWORK_GROUP] = framework
    return ordered


def runsheet(
    *,
    title: str,
    plan: Replan,
    teams: Mapping[str, str],
    risks: Sequence[DeadlineRisk],
    at_plan: Mapping[str, float],
    at_risk_below: float,
    names: Mapping[str, str],
) -> str:
    """The whole run-sheet as text."""
    calendar = plan.timeline.calendar
    today = plan.today
    tomorrow = calendar.date_at(calendar.index_of(today) + 1)
    if not calendar.is_working_day(today):
        tomorrow = calendar.roll_forward(today)
    lines = [f"{title}: run-sheet for {_day(today)}", _counts(plan)]
    for label, day in (("Today", today), ("Next working day", tomorrow)):
        lines.append("")
        lines.append(f"{label}, {_day(day)}:")
        items = day_items(plan, day, teams)
        if not items:
            lines.append("  nothing planned")
        for team, entries in items.items():
            lines.append(f"  {team}")
            lines.extend(f"    - {entry}" for entry in entries)
    lines.append("")
    found = slips(plan, teams)
    lines.append(f"Slipped against the plan as first made: {len(found) or 'nothing'}")
    for slip in found:
        verb = "finished" if slip.state == DONE_STATE else "now finishes"
        lines.append(
            f"  - {slip.name} ({slip.team or 'no team'}): {verb} {_day(slip.now)}, "
            f"{_working_days(slip.working_days)} late (planned {_day(slip.planned)})"
        )
    lines.append("")
    lines.extend(_deadlines(plan, risks, at_plan, at_risk_below, names))
    return "\n".join(lines)


def _deadlines(
    plan: Replan,
    risks: Sequence[DeadlineRisk],
    at_plan: Mapping[str, float],
    at_risk_below: float,
    names: Mapping[str, str],
) -> list[str]:
    timeline = plan.timeline
    missed = [risk for risk in risks if risk.missed(plan.today)]
    open_ = [risk for risk in risks if not risk.missed(plan.today)]
    at_risk = [risk for risk in open_ if risk.p_met < at_risk_below]
    lines = [
        f"Deadlines at risk (the chance of meeting each from today, below {at_risk_below:.0%}; "
        f"in the plan as first made in brackets): {len(at_risk) or 'none'}"
    ]
    for risk in at_risk:
        was = at_plan.get(risk.name)
        before = "" if was is None else f" ({was:.0%})"
        when = "" if risk.due is None else f", due {_day(risk.due)}"
        lines.append(f"  - {_deadline_name(risk.name, names)}{when}: {risk.p_met:.0%}{before}")
        if risk.drivers:
            lines.append(f"      drivers: {'; '.join(risk.drivers)}")
    rest = len(open_) - len(at_risk)
    if rest:
        lines.append(
            f"  {rest} more deadline(s) still to meet, each {at_risk_below:.0%} likely or more"
        )
    if missed:
        lines.append("Deadlines already missed:")
    for risk in missed:
        assert risk.due is not None
        end = timeline.task(risk.name).end
        late = timeline.calendar.working_days_between(risk.due, end)
        lines.append(
            f"  - {_deadline_name(risk.name, names)}: due {_day(risk.due)}, now finishes "
            f"{_day(end)} ({_working_days(late)} late)"
        )
    return lines


def _deadline_name(name: str, names: Mapping[str, str]) -> str:
    if name == REQUESTS:
        return "Answer the inspectors' extra information requests by the last day on site"
    return names.get(name, name)


def _counts(plan: Replan) -> str:
    states = [item.state for item in plan.progress.values()]
    blocked = sum(item.entry.status == BLOCKED for item in plan.progress.values())
    parts = [
        f"{states.count(DONE_STATE)} done",
        f"{states.count(UNDER_WAY)} under way",
        f"{len(states) - states.count(DONE_STATE) - states.count(UNDER_WAY)} not started",
    ]
    if blocked:
        parts.append(f"{blocked} blocked")
    return f"Council tasks: {', '.join(parts)}"


def _action(task: ScheduledTask, day: date) -> str:
    if task.start == day == task.end:
        return "start and finish"
    if task.start == day:
        return "start"
    if task.end == day:
        return "finish"
    return "carry on with"


def _note(task: ScheduledTask, day: date, status: str) -> str:
    notes = []
    if task.deadline == day:
        notes.append("its deadline")
    if status == BLOCKED:
        notes.append("blocked")
    return f" ({', '.join(notes)})" if notes else ""


def _name(task: ScheduledTask) -> str:
    return task.name or task.id


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _working_days(count: int) -> str:
    return f"{count} working day" + ("" if count == 1 else "s")
