"""Turning scheduled tasks into calendar events for a rehearsal.

Meetings and the notification call are timed events in working hours (times and lengths come from
the timeline, which takes them from the rule data; the rehearsal's settings fill any gap). A
meeting that spans several days (the daily keep-in-touch meeting during fieldwork) becomes one
daily RRULE event with an EXDATE for every non-working day in its span. Everything else is an
all-day event from its first to its last day (DTEND exclusive). Descriptions say who owns the
event, what it needs, what it follows, and where it sits in the real inspection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.export import BusyStatus, CalendarEvent, Category, Frequency, Recurrence
from inspection_sim.export.events import LONDON
from inspection_sim.plan.network import TaskKind
from inspection_sim.plan.timeline import ScheduledTask
from inspection_sim.rehearsal.shift import Shift

__all__ = ["CATEGORIES", "Settings", "planning_event", "task_event"]

#: How each kind of task shows in a calendar: category, and busy status (None: the category's).
#: Work spread over days is shown FREE so that it does not block whole diaries; fieldwork is BUSY.
CATEGORIES: dict[TaskKind, tuple[Category, BusyStatus | None]] = {
    TaskKind.NOTIFICATION: (Category.NOTIFICATION, BusyStatus.BUSY),
    TaskKind.RETURN: (Category.RETURN, BusyStatus.FREE),
    TaskKind.PREPARATION: (Category.PREPARATION, BusyStatus.FREE),
    TaskKind.OFFSITE: (Category.FIELDWORK, BusyStatus.FREE),
    TaskKind.FIELDWORK: (Category.FIELDWORK, BusyStatus.BUSY),
    TaskKind.MEETING: (Category.MEETING, BusyStatus.BUSY),
    TaskKind.MILESTONE: (Category.MILESTONE, None),
    TaskKind.DEADLINE: (Category.DEADLINE, None),
    TaskKind.POST_INSPECTION: (Category.POST_INSPECTION, BusyStatus.FREE),
}

_TIMED = frozenset({TaskKind.NOTIFICATION, TaskKind.MEETING})


@dataclass(frozen=True)
class Settings:
    """Rehearsal presentation settings.

    Args:
        call_time: the notification call's time (from the rules, via the timeline).
        kit_time: time of the daily keep-in-touch meetings; None keeps the timeline's.
        meeting_time: time for a meeting the timeline gives no time for.
        meeting_minutes: length of a meeting or call the timeline gives no length for.
        alarm_minutes: reminder before each timed event, or None for no reminder.
        team_names: display names of team ids.
        contacts: contact names per team id, added to descriptions.
        task_names: names of every task id, for "After:" lines.
    """

    call_time: time
    kit_time: time | None
    meeting_time: time
    meeting_minutes: int
    alarm_minutes: int | None
    team_names: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    task_names: Mapping[str, str] = field(default_factory=dict)


def task_event(
    task: ScheduledTask, first: int, last: int, shift: Shift, settings: Settings
) -> CalendarEvent:
    """The event for ``task``, whose first and last days are offsets ``first`` and ``last``."""
    category, busy = CATEGORIES[task.kind]
    day_one, last_day = shift.day(first), shift.day(last)
    start: date = day_one
    end: date = last_day + timedelta(days=1)  # all-day DTEND is exclusive
    alarm, recurrence = None, None
    if task.kind in _TIMED:
        start = datetime.combine(day_one, _time_of(task, settings), tzinfo=LONDON)
        end = start + timedelta(minutes=task.minutes or settings.meeting_minutes)
        alarm = settings.alarm_minutes
        if last_day > day_one:
            recurrence = _daily(shift.calendar, day_one, last_day)
    return CalendarEvent(
        key=task.id,
        summary=f"Rehearsal: {task.name or task.id}",
        start=start,
        end=end,
        category=category,
        team=_team_name(settings, task.team),
        description=_description(task, first, settings),
        needs=task.needs,
        busy=busy,
        alarm_minutes=alarm,
        recurrence=recurrence,
    )


def _time_of(task: ScheduledTask, settings: Settings) -> time:
    if task.kind is TaskKind.NOTIFICATION:
        return task.time_of_day or settings.call_time
    if task.duration > 1 and settings.kit_time is not None:  # a daily meeting
        return settings.kit_time
    return task.time_of_day or settings.meeting_time


def _daily(calendar: WorkingCalendar, first: date, last: date) -> Recurrence:
    """Every working weekday from ``first`` to ``last``; holidays and closures as EXDATEs."""
    weekdays = tuple(day for day, works in enumerate(calendar.weekmask_flags) if works)
    span = (first + timedelta(days=n) for n in range((last - first).days + 1))
    skipped = tuple(d for d in span if d.weekday() in weekdays and not calendar.is_working_day(d))
    return Recurrence(Frequency.DAILY, last, weekdays=weekdays, exdates=skipped)


def _description(task: ScheduledTask, first: int, settings: Settings) -> str:
    lines = [task.description] if task.description else []
    if task.framework:
        lines.append("A framework date: set by the inspectorate's rules.")
    contacts = settings.contacts.get(task.team or "", ())
    if contacts:
        lines.append("Contacts: " + "; ".join(contacts))
    if task.depends_on:
        after = (settings.task_names.get(dep, dep) for dep in task.depends_on)
        lines.append("After: " + "; ".join(after))
    lines.append(f"Real-inspection timing: working day {first} (day 0 = the call).")
    if task.source:
        lines.append(f"Source: {task.source}")
    return "\n".join(lines)


def planning_event(
    start: date,
    count: int,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    at: time,
    minutes: int,
    team: str,
) -> CalendarEvent:
    """Fortnightly planning meetings on the weekday of ``start``, the last one two weeks before it.

    ``count`` meetings are scheduled with ``RRULE:FREQ=WEEKLY;INTERVAL=2``; an occurrence that
    falls on a non-working day is cancelled with an EXDATE rather than moved.
    """
    first = start - timedelta(weeks=2 * count)
    last = start - timedelta(weeks=2)
    dates = (first + timedelta(weeks=2 * n) for n in range(count))
    skipped = tuple(day for day in dates if not calendar.is_working_day(day))
    begin = datetime.combine(first, at, tzinfo=LONDON)
    return CalendarEvent(
        key="planning-meetings",
        summary="Rehearsal: fortnightly planning meeting",
        start=begin,
        end=begin + timedelta(minutes=minutes),
        category=Category.MEETING,
        team=_team_name(settings, team),
        description=(
            "Planning the rehearsal: every two weeks before it; a meeting that falls on a "
            "non-working day is cancelled."
        ),
        alarm_minutes=settings.alarm_minutes,
        recurrence=Recurrence(Frequency.WEEKLY, last, interval=2, exdates=skipped),
    )


def _team_name(settings: Settings, team: str | None) -> str:
    """The scenario's name for a team; a template team the scenario does not name is shown
    from its id ("facilities" as "Facilities", a short id such as "it" as "IT")."""
    if not team:
        return ""
    if team in settings.team_names:
        return settings.team_names[team]
    words = team.replace("-", " ")
    return words.upper() if len(team) <= 3 else words.capitalize()
