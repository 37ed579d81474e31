"""Turning scheduled tasks into calendar events for a rehearsal.

Meetings and the notification call are timed events in working hours (times and lengths come from
the timeline, which takes them from the rule data; the rehearsal's settings fill any gap). Anything
that spans several days is shown on its working days only, never across a weekend, a bank holiday
or a closure: one daily RRULE event on the working weekdays, with an EXDATE for every other
non-working day in its span (the daily keep-in-touch meeting at its time; the fieldwork, the
off-site analysis and the council's work as all-day events). Titles and descriptions are plain
words (:mod:`inspection_sim.rehearsal.describe`); a framework date is in every team calendar that
lives by it (:mod:`inspection_sim.rehearsal.audience`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, ScheduleError
from inspection_sim.export import BusyStatus, CalendarEvent, Category, Frequency, Recurrence
from inspection_sim.plan.network import TaskKind
from inspection_sim.plan.teams import team_display
from inspection_sim.plan.timeline import ScheduledTask
from inspection_sim.rehearsal.describe import PREFIX, Words, reference_text
from inspection_sim.rehearsal.rule_words import RuleWords
from inspection_sim.rehearsal.shift import Shift
from inspection_sim.timeofday import (
    OFFSET_REFUSED,
    after,
    local_moment,
    skipped,
    written_wrongly,
)

__all__ = [
    "CATEGORIES",
    "EventSettings",
    "daily_recurrence",
    "planning_event",
    "task_event",
    "team_display",
]

#: How each kind of task shows in a calendar: category, and busy status (None: the category's).
#: Busy means people are taken up: the call, the meetings and the days on site. Work spread over
#: days, the inspectors' off-site analysis and every deadline are FREE, so that they do not block
#: whole diaries.
CATEGORIES: dict[TaskKind, tuple[Category, BusyStatus | None]] = {
    TaskKind.NOTIFICATION: (Category.NOTIFICATION, BusyStatus.BUSY),
    TaskKind.RETURN: (Category.RETURN, BusyStatus.FREE),
    TaskKind.PREPARATION: (Category.PREPARATION, BusyStatus.FREE),
    TaskKind.OFFSITE: (Category.OFFSITE, BusyStatus.FREE),
    TaskKind.FIELDWORK: (Category.FIELDWORK, BusyStatus.BUSY),
    TaskKind.MEETING: (Category.MEETING, BusyStatus.BUSY),
    TaskKind.MILESTONE: (Category.MILESTONE, None),
    TaskKind.DEADLINE: (Category.DEADLINE, None),
    TaskKind.POST_INSPECTION: (Category.POST_INSPECTION, BusyStatus.FREE),
}

_TIMED = frozenset({TaskKind.NOTIFICATION, TaskKind.MEETING})


@dataclass(frozen=True)
class EventSettings:
    """Rehearsal presentation settings.

    Args:
        call_time: the notification call's time (from the rules, via the timeline).
        kit_time: time of the daily keep-in-touch meetings; None keeps the timeline's.
        meeting_time: time for a meeting the timeline gives no time for.
        meeting_minutes: length of a meeting or call the timeline gives no length for.
        alarm_minutes: reminder before each timed event, or None for no reminder.
        team_names: display names of team ids.
        contacts: contact names per team id, added to descriptions.
        words: the titles and descriptions of the timeline's tasks.
        audience: framework task id to the team ids whose calendars hold it.
        fieldwork: the rehearsal's first and last day on site.
    """

    call_time: time
    kit_time: time | None
    meeting_time: time
    meeting_minutes: int
    alarm_minutes: int | None
    team_names: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    words: Words = field(default_factory=lambda: Words(RuleWords("", "")))
    audience: Mapping[str, frozenset[str]] = field(default_factory=dict)
    fieldwork: tuple[date, date] = (date.min, date.max)


def task_event(
    task: ScheduledTask,
    first: int,
    last: int,
    shift: Shift,
    settings: EventSettings,
    *,
    due: date | None = None,
) -> CalendarEvent:
    """The event for ``task``, whose first and last days are offsets ``first`` and ``last``, due by
    the end of ``due`` (a rehearsal date) when it has a deadline."""
    category, busy = CATEGORIES[task.kind]
    day_one, last_day = shift.day(first), shift.day(last)
    start: date = day_one
    end: date = day_one + timedelta(days=1)  # all-day DTEND is exclusive: the first day only
    alarm = None
    recurrence = daily_recurrence(shift.calendar, day_one, last_day) if last_day > day_one else None
    if task.kind in _TIMED:
        at, key = _time_of(task, settings)
        held = recurrence.dates(day_one) if recurrence else []
        minutes = task.minutes or settings.meeting_minutes
        start, end = _timed(task.name or task.id, [day_one, *held], at, minutes, key)
        alarm = settings.alarm_minutes
    owner = _team_name(settings, task.team)
    return CalendarEvent(
        key=task.id,
        summary=settings.words.title(task),
        start=start,
        end=end,
        category=category,
        team=owner,
        description=settings.words.description(task, first, due, settings.fieldwork),
        needs=task.needs,
        busy=busy,
        alarm_minutes=alarm,
        recurrence=recurrence,
        framework=task.framework,
        also_for=tuple(_team_name(settings, t) for t in settings.audience.get(task.id, ())),
        reference=_reference(task, settings),
    )


def _reference(task: ScheduledTask, settings: EventSettings) -> str:
    known = settings.words.rules.references.get(task.id)
    if known is not None:
        return known
    parts = [f"task {task.id}"]
    if task.source:
        parts.append(f"sources {reference_text(task.source)}")
    return " | ".join(parts)


def _time_of(task: ScheduledTask, settings: EventSettings) -> tuple[time, str]:
    """The task's time of day, and the key that gave it (for a message about it)."""
    if task.kind is TaskKind.NOTIFICATION:
        return task.time_of_day or settings.call_time, task.id
    if task.duration > 1 and settings.kit_time is not None:  # a daily meeting
        return settings.kit_time, "kit_time"
    return task.time_of_day or settings.meeting_time, task.id


def _timed(
    name: str, days: list[date], at: time, minutes: int, key: str
) -> tuple[datetime, datetime]:
    """Start and end of a timed event at ``at`` on each of ``days`` (the first is DTSTART).

    The end is ``minutes`` of real time after the start. A time the clocks skip on any of the
    days is refused, not moved: it is one setting for every day (moving the first occurrence
    would move them all), and no rehearsal meeting belongs in the night the clocks change. An
    end in the hour the clocks repeat is refused too: written as a local time, it would be read
    as the first pass of that hour, before the real end and possibly before the start.
    """
    if at.tzinfo is not None:
        raise ArgumentTypeError(f"{name}: {OFFSET_REFUSED}", key=key, value=at.isoformat())
    clock = at.strftime("%H:%M")
    for day in days:
        jump = skipped(day, at)
        if jump is not None:
            raise ScheduleError(
                f"{name} at {clock} on {day:%a %d %b %Y}: that time does not exist in "
                f"Europe/London (the clocks go forward {_length(jump)} that night); "
                f"choose another time{_option(key)}",
                key=key,
                value=clock,
            )
    start = local_moment(days[0], at)
    end = after(start, minutes)
    if written_wrongly(end):
        raise ScheduleError(
            f"{name} at {clock} on {days[0]:%a %d %b %Y} would end at {end:%H:%M} in the hour "
            "the clocks go back, which calendars read as the first of the two; "
            f"choose another time{_option(key)}",
            key=key,
            value=clock,
        )
    return start.astimezone(UTC), end.astimezone(UTC)


def _length(jump: timedelta) -> str:
    minutes = int(jump.total_seconds()) // 60
    return "an hour" if minutes == 60 else f"{minutes} minutes"


def _option(key: str) -> str:
    options = {
        "kit_time": " (--kit-time, or kit_time in the scenario's [rehearsal])",
        "planning_time": " for the planning meetings",
    }
    return options.get(key, " in the rule data")


def daily_recurrence(calendar: WorkingCalendar, first: date, last: date) -> Recurrence:
    """Every working weekday from ``first`` to ``last``; holidays and closures as EXDATEs."""
    weekdays = tuple(day for day, works in enumerate(calendar.weekmask_flags) if works)
    span = (first + timedelta(days=n) for n in range((last - first).days + 1))
    closed = tuple(d for d in span if d.weekday() in weekdays and not calendar.is_working_day(d))
    return Recurrence(Frequency.DAILY, last, weekdays=weekdays, exdates=closed)


def planning_event(
    start: date,
    count: int,
    calendar: WorkingCalendar,
    settings: EventSettings,
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
    dates = [first + timedelta(weeks=2 * n) for n in range(count)]
    cancelled = tuple(day for day in dates if not calendar.is_working_day(day))
    # DTSTART is the rule's first date, held or cancelled: its local time must exist too
    begin, end = _timed("The planning meeting", [first, *dates], at, minutes, "planning_time")
    return CalendarEvent(
        key="planning-meetings",
        summary=f"{PREFIX}fortnightly planning meeting",
        start=begin,
        end=end,
        category=Category.MEETING,
        team=_team_name(settings, team),
        description=(
            "Planning the rehearsal: every two weeks before it; a meeting that falls on a "
            "non-working day is cancelled."
        ),
        alarm_minutes=settings.alarm_minutes,
        recurrence=Recurrence(Frequency.WEEKLY, last, interval=2, exdates=cancelled),
    )


def _team_name(settings: EventSettings, team: str | None) -> str:
    return team_display(settings.team_names, team)
