"""Rehearsals: a planned inspection replayed on a trial-run date, as calendar events.

The package is named ``rehearsal`` rather than ``rehearse`` so that the public function
``inspection_sim.rehearse`` is never shadowed by a submodule of the same name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ScheduleError
from inspection_sim.export import BusyStatus, CalendarEvent, Category
from inspection_sim.export.events import LONDON
from inspection_sim.plan.network import TaskKind
from inspection_sim.plan.timeline import ScheduledTask, Timeline
from inspection_sim.rehearsal.audience import audiences
from inspection_sim.rehearsal.bookings import (
    booking_events,
    on_site_days,
    part_time_days,
    team_line,
)
from inspection_sim.rehearsal.build import EventSettings, planning_event, task_event, team_display
from inspection_sim.rehearsal.describe import PREFIX, Words
from inspection_sim.rehearsal.injects import InjectSettings, draw_injects
from inspection_sim.rehearsal.model import Rehearsal
from inspection_sim.rehearsal.rule_words import RuleWords
from inspection_sim.rehearsal.shift import MODES, Shift, check_mode, check_start
from inspection_sim.rehearsal.tracked import tracked_item
from inspection_sim.tracker import TrackerData

if TYPE_CHECKING:
    from inspection_sim.rules.model import InspectionType

__all__ = ["MODES", "InjectSettings", "Rehearsal", "rehearse", "timeline_tracker"]


def rehearse(
    timeline: Timeline,
    start: date | None = None,
    *,
    mode: str | None = None,
    fieldwork_days: int | None = None,
    kit_time: time | None = None,
    meeting_time: time = time(10, 0),
    meeting_minutes: int = 30,
    alarm_minutes: int | None = 15,
    team_names: Mapping[str, str] | None = None,
    contacts: Mapping[str, Sequence[str]] | None = None,
    plan_id: str | None = None,
    calendar_name: str | None = None,
    planning_meetings: int = 0,
    planning_time: time = time(10, 0),
    planning_minutes: int = 60,
    planning_team: str | None = None,
    calendar: WorkingCalendar | None = None,
    rules: InspectionType | None = None,
    injects: InjectSettings | None = None,
) -> Rehearsal:
    """Replay ``timeline`` as a trial run whose notification call is on ``start``.

    Day 0 of the timeline (the call) goes to ``start``; every other task keeps its offset in
    working days of the timeline's calendar, so dependencies and working-day lags are kept. The
    rehearsal's own days are counted on ``calendar`` (the council's working days) when given.

    Args:
        timeline: a planned inspection (:func:`inspection_sim.plan`); a scenario is rehearsed
            with its team names, contacts and ``[rehearsal]`` settings by
            :func:`inspection_sim.workbench.rehearse_scenario`.
        start: the rehearsal's day 0; must be a working day.
        mode: ``"full"`` (the default) replays everything (call, returns, fieldwork, feedback and the
            post-inspection steps); ``"compressed"`` keeps the days before the fieldwork, shortens
            the fieldwork to ``fieldwork_days`` and stops at its end.
        fieldwork_days: compressed mode only: working days of fieldwork (default: half the real
            fieldwork, rounded up).
        kit_time: time of the daily keep-in-touch meetings (default: the rules' time).
        meeting_time: time for meetings the timeline gives no time for.
        meeting_minutes: length of meetings the timeline gives no length for.
        alarm_minutes: a reminder this many minutes before each timed event (None: none).
        team_names: display names of the timeline's team ids.
        contacts: contact names per team id, written into event descriptions.
        plan_id: identity for stable UIDs (default: built from the inspection and mode).
        calendar_name: the calendar's name in Outlook (default: names the inspection and date).
        planning_meetings: how many fortnightly planning meetings to hold before the rehearsal
            (one recurring event on its weekday, the last two weeks before day 0; 0 for none).
        planning_time: their time of day.
        planning_minutes: their length.
        planning_team: their owner team id (default: the owner of the first preparation task).
        calendar: the days the rehearsal's events may fall on, e.g. the council's calendar with
            its closures (default: the timeline's calendar). Offsets are read on the timeline's
            calendar and laid out on this one.
        rules: the inspection type the timeline was planned from (a scenario's, with its
            changes); it explains each framework date in words and says which team's work is due
            by which date (default: the registry's rules for the timeline's inspection and version,
            when there are any).
        injects: draw an exercise controller's injects from the timeline's simulation (one
            week at a level, with a seed); None for none.

    Returns:
        The rehearsal's events and summary.

    Raises:
        ScheduleError: ``start`` is not a working day (the nearest ones are named), or
            ``fieldwork_days`` is out of range or given for a full replay.
        UnknownNameError: an unknown mode.
    """
    if start is None:
        raise ScheduleError("a rehearsal needs a start date (its day 0, the call)", key="start")
    mode = check_mode(mode or "full")
    days = calendar or timeline.calendar  # where the rehearsal's events fall
    calendar = timeline.calendar  # where the timeline's offsets are read
    check_start(days, start)
    call = timeline.notification.astimezone(LONDON)
    base = calendar.index_of(call.date())
    shift = _shift(timeline, start, base, mode, fieldwork_days, days)
    fieldwork = tuple(
        sorted({shift.day(calendar.index_of(day) - base) for day in timeline.fieldwork.days})
    )
    if rules is None:
        rules = _rules_of(timeline)
    words = RuleWords.of(rules, timeline.framework, timeline.version)
    settings = _settings(
        timeline,
        words,
        call,
        kit_time,
        meeting_time,
        meeting_minutes,
        alarm_minutes,
        team_names or {},
        contacts or {},
        (fieldwork[0], fieldwork[-1]),
    )
    events, tracked, dropped = [], [], []
    bookers = {t.id: t for t in rules.tasks if t.books} if rules is not None else {}
    part_time = part_time_days(_label(timeline), timeline.version) if bookers else {}
    for task in timeline.tasks:
        first, last = _offsets(task, calendar, base)
        if not shift.keeps(first):
            dropped.append(task.id)
            continue
        due = None
        if task.deadline is not None:
            due = shift.day(calendar.index_of(task.deadline) - base)
        kept = _last_kept(shift, last)
        event = task_event(task, first, kept, shift, settings, due=due)
        if rules is not None and task.id in bookers:
            event = _with_team_line(event, team_line(rules, part_time, fieldwork))
            events += booking_events(
                bookers[task.id],
                on_site_days(rules, part_time, fieldwork),
                days,
                team=event.team,
                framework=words.framework,
                reference=event.reference,
            )
        events.append(event)
        tracked.append(tracked_item(task, event, shift.day(first), shift.day(kept), due, settings))
    if planning_meetings < 0:
        raise ScheduleError(
            "planning_meetings must be 0 or more", key="planning_meetings", value=planning_meetings
        )
    if planning_meetings:
        owner = planning_team if planning_team is not None else _preparation_team(timeline)
        events.append(
            planning_event(
                start,
                planning_meetings,
                days,
                settings,
                at=planning_time,
                minutes=planning_minutes,
                team=owner,
            )
        )
    exercise = None
    if injects is not None:
        exercise = draw_injects(
            timeline,
            shift,
            injects,
            team_names=team_names or {},
            contacts={team: tuple(names) for team, names in (contacts or {}).items()},
        )
    label = _label(timeline)
    end = max(_last_day(event) for event in events) if events else start
    banner = _banner(words.inspection or _plain_label(timeline), mode, start, end)
    return Rehearsal(
        events=tuple(sorted([banner, *events], key=CalendarEvent.sort_key)),
        inspection=label,
        mode=mode,
        start=start,
        end=end,
        fieldwork=fieldwork,
        calendar_name=calendar_name
        or f"Inspection rehearsal – {_plain_label(timeline)} – {start.isoformat()}",
        plan_id=plan_id or f"rehearsal:{label}:{timeline.version}:{mode}",
        dropped=tuple(dropped),
        warnings=_warnings(call.date(), start),
        exercise=exercise,
        alarm_minutes=alarm_minutes,
        tracked=tuple(tracked),
        rules_version=timeline.version,
    )


def _shift(
    timeline: Timeline,
    start: date,
    base: int,
    mode: str,
    fieldwork_days: int | None,
    days: WorkingCalendar,
) -> Shift:
    calendar = timeline.calendar
    first = calendar.index_of(timeline.fieldwork.start) - base
    span = calendar.index_of(timeline.fieldwork.end) - base - first + 1
    if mode == "full":
        if fieldwork_days is not None:
            raise ScheduleError(
                "applies to a compressed rehearsal only",
                key="fieldwork_days",
                value=fieldwork_days,
            )
        return Shift(days, start, first, span, span)
    kept = math.ceil(span / 2) if fieldwork_days is None else fieldwork_days
    if not 1 <= kept <= span:
        raise ScheduleError(
            f"compressed fieldwork must take 1 to {span} working days",
            key="fieldwork_days",
            value=kept,
        )
    return Shift(days, start, first, span, kept, compressed=True)


def _settings(
    timeline: Timeline,
    words: RuleWords,
    call: datetime,
    kit_time: time | None,
    meeting_time: time,
    meeting_minutes: int,
    alarm_minutes: int | None,
    team_names: Mapping[str, str],
    contacts: Mapping[str, Sequence[str]],
    fieldwork: tuple[date, date],
) -> EventSettings:
    names = dict(team_names)
    team_of = {task.id: team_display(names, task.team) for task in timeline.tasks if task.team}
    by_name = {team_display(names, team): tuple(people) for team, people in contacts.items()}
    returns = words.returns or frozenset(_returns(timeline))
    return EventSettings(
        call_time=call.time().replace(tzinfo=None),
        kit_time=kit_time,
        meeting_time=meeting_time,
        meeting_minutes=meeting_minutes,
        alarm_minutes=alarm_minutes,
        team_names=names,
        contacts={team: tuple(people) for team, people in contacts.items()},
        words=Words.build(
            words,
            timeline.tasks,
            timeline.network.dependencies,
            team_of=team_of,
            contacts=by_name,
        ),
        audience=audiences(timeline.tasks, timeline.network.dependencies, words.due_by, returns),
        fieldwork=fieldwork,
    )


def _rules_of(timeline: Timeline) -> InspectionType | None:
    """The registry's rules for a timeline, or None (a hand-built timeline of another shape)."""
    from inspection_sim.errors import InspectionSimError
    from inspection_sim.rules import inspection

    try:
        return inspection(_label(timeline), version=timeline.version)
    except InspectionSimError:
        return None


def _returns(timeline: Timeline) -> list[str]:
    """Without rules: the deadlines before the fieldwork stand for the data returns."""
    first = timeline.fieldwork.start
    return [t.id for t in timeline.tasks if t.kind is TaskKind.DEADLINE and t.start < first]


def _offsets(task: ScheduledTask, calendar: WorkingCalendar, base: int) -> tuple[int, int]:
    """First and last day of ``task`` as working-day offsets from the call (day 0)."""
    first = calendar.index_of(task.start) - base
    return first, max(first, calendar.index_of(task.end) - base)


def _with_team_line(event: CalendarEvent, line: str) -> CalendarEvent:
    """The event of a task that books for the inspectors, saying who is on site when (before
    the line on the real inspection's timing, which stays last)."""
    if not line:
        return event
    lines = event.description.split("\n")
    return replace(event, description="\n".join([*lines[:-1], line, lines[-1]]))


def _preparation_team(timeline: Timeline) -> str:
    kinds = (
        task.team for task in timeline.tasks if task.kind is TaskKind.PREPARATION and task.team
    )
    return next(kinds, "")


def _last_kept(shift: Shift, last: int) -> int:
    keep = shift.last_offset
    return last if keep is None else min(last, keep)


def _last_day(event: CalendarEvent) -> date:
    if event.recurrence is not None:
        return event.recurrence.until
    if event.all_day:
        return date.fromordinal(event.end.toordinal() - 1)
    return event.local_end().date()


def _label(timeline: Timeline) -> str:
    if ":" in timeline.inspection:
        return timeline.inspection
    return f"{timeline.framework}:{timeline.inspection}"


def _plain_label(timeline: Timeline) -> str:
    kind = timeline.inspection.rpartition(":")[2].replace("-", " ")
    return f"{timeline.framework.upper()} {kind} inspection"


def _banner(name: str, mode: str, start: date, end: date) -> CalendarEvent:
    run = f"{mode} run"
    return CalendarEvent(
        key="rehearsal",
        summary=f"{PREFIX}{name}, {run}",
        start=start,
        end=date.fromordinal(end.toordinal() + 1),
        category=Category.REHEARSAL,
        description=(
            "A trial run of the inspection timeline, not a real inspection. Day 0 is the "
            "notification call; every date keeps its working-day offset from it."
        ),
        busy=BusyStatus.FREE,
    )


def _warnings(call: date, start: date) -> tuple[str, ...]:
    if call.weekday() == start.weekday():
        return ()
    return (
        f"the real call comes on a {call:%A}; this rehearsal starts on a {start:%A}, so dates "
        "keep their working-day offsets but not their weekdays",
    )


def timeline_tracker(timeline: Timeline) -> TrackerData:
    """The tracker of a planned inspection, on its real dates (the registry's rules explain
    them)."""
    call = timeline.notification.date()
    plan = rehearse(timeline, call)
    title = f"Inspection plan – {plan.inspection} – call {call.isoformat()}"
    return replace(plan.tracker(kind="plan"), title=title)
