"""A hand-built ILACS short-inspection timeline for rehearsal tests (no planner needed).

Offsets are working days after the Monday call (day 0), as the 2018+ ILACS rule data gives them:
returns on days 1-2, fieldwork on days 5-9 (the following Monday to Friday), daily keep-in-touch
meetings at 16:30 during fieldwork, final feedback at 14:00 on the last day, then the report steps.
"""

from __future__ import annotations

from datetime import date, datetime, time

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.export.events import LONDON
from inspection_sim.plan.network import Dependency, Network, TaskKind, TaskSpec
from inspection_sim.plan.timeline import Fieldwork, ScheduledTask, Timeline

CALENDAR = WorkingCalendar()

# id, name, team, kind, first offset, last offset, depends on, time, minutes, needs
TASKS: tuple[
    tuple[str, str, str, TaskKind, int, int, tuple[str, ...], time | None, int | None, str], ...
] = (
    (
        "call",
        "Notification call from the lead inspector",
        "leadership",
        TaskKind.NOTIFICATION,
        0,
        0,
        (),
        time(9, 30),
        30,
        "DCS available",
    ),
    (
        "coordination-team",
        "Stand up the coordination team",
        "coordination",
        TaskKind.PREPARATION,
        0,
        0,
        ("call",),
        None,
        None,
        "coordinator, business support",
    ),
    (
        "annex-a",
        "Annex A child-level data",
        "performance",
        TaskKind.RETURN,
        0,
        1,
        ("call",),
        None,
        None,
        "case management system extracts",
    ),
    (
        "case-list",
        "Audited-case list",
        "quality-assurance",
        TaskKind.RETURN,
        1,
        1,
        ("call",),
        None,
        None,
        "audit records",
    ),
    (
        "base-room",
        "Base room and IT access ready",
        "coordination",
        TaskKind.PREPARATION,
        2,
        4,
        ("coordination-team",),
        None,
        None,
        "room for 4 inspectors, laptops, system logins",
    ),
    (
        "fieldwork",
        "On-site fieldwork",
        "social-care",
        TaskKind.FIELDWORK,
        5,
        9,
        ("base-room",),
        None,
        None,
        "social workers and managers available",
    ),
    (
        "kit",
        "Keep-in-touch meeting with the DCS",
        "leadership",
        TaskKind.MEETING,
        5,
        9,
        ("fieldwork",),
        time(16, 30),
        30,
        "DCS",
    ),
    (
        "final-feedback",
        "Final feedback to the council",
        "leadership",
        TaskKind.MEETING,
        9,
        9,
        ("fieldwork",),
        time(14, 0),
        90,
        "DCS, chief executive, lead member",
    ),
    (
        "draft-report",
        "Draft report received",
        "leadership",
        TaskKind.MILESTONE,
        21,
        21,
        ("fieldwork",),
        None,
        None,
        "",
    ),
    (
        "factual-accuracy",
        "Factual-accuracy comments due",
        "quality-assurance",
        TaskKind.DEADLINE,
        26,
        26,
        ("draft-report",),
        None,
        None,
        "draft report",
    ),
    (
        "action-plan",
        "Action plan",
        "leadership",
        TaskKind.POST_INSPECTION,
        31,
        100,
        ("draft-report",),
        None,
        None,
        "improvement board",
    ),
)


def timeline(notified: date = date(2027, 3, 1), calendar: WorkingCalendar = CALENDAR) -> Timeline:
    """The ILACS short timeline with its call on ``notified`` (a working Monday)."""
    base = calendar.index_of(notified)
    specs, deps, scheduled = [], [], []
    for task_id, name, team, kind, first, last, after, at, minutes, needs in TASKS:
        milestone = kind in (TaskKind.MILESTONE, TaskKind.DEADLINE)
        duration = 0 if milestone else last - first + 1
        specs.append(
            TaskSpec(
                task_id, name, duration, team, kind, time_of_day=at, minutes=minutes, needs=needs
            )
        )
        deps.extend(Dependency(pred, task_id) for pred in after)
        scheduled.append(
            ScheduledTask(
                id=task_id,
                name=name,
                team=team,
                kind=kind,
                start=calendar.date_at(base + first),
                end=calendar.date_at(base + last),
                start_index=base + first,
                finish_index=base + first + duration,
                duration=duration,
                depends_on=after,
                slack_working_days=0,
                critical=True,
                time_of_day=at,
                minutes=minutes,
                needs=needs,
                source="test timeline",
            )
        )
    days = tuple(calendar.date_at(base + k) for k in range(5, 10))
    return Timeline(
        inspection="short",
        framework="ilacs",
        version="2024-12",
        calendar=calendar,
        network=Network.build(specs, deps),
        notification=datetime.combine(notified, time(9, 30), tzinfo=LONDON),
        fieldwork=Fieldwork(days[0], days[-1], days),
        tasks=tuple(scheduled),
    )
