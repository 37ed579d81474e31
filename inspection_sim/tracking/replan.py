"""Planning the rest of an inspection from today, with what happened fixed.

The plan's network (:mod:`inspection_sim.plan.network`) is changed task by task, then scheduled
again by the critical path method from the call:

* **Done**: the task is a fact. It starts on its actual start and lasts to its actual finish
  (a fixed start, no team calendar to count on, nothing it waits for, no deadline left to meet).
* **Under way** (In progress, or Blocked with an actual start): the work done before today is
  kept. What is left, the planned duration less the working days since it started, and at least
  today, starts today and cannot move; it no longer waits for anything.
* **Not started** (or Blocked without a start): as planned, but no earlier than today; work bound
  to a framework window (the support on the days on site) stays on the window's days.
* **Framework dates** never move.

The re-planned :class:`~inspection_sim.plan.timeline.Timeline` shows each task as the calendars
should: as planned (its team, links, deadline and words, the plan's network), on its new days;
done work on its actual days, work under way from its actual start. So an event whose days did not
move is written exactly as before, and keeps its SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from inspection_sim.plan.cpm import cpm
from inspection_sim.plan.network import Network, TaskSpec
from inspection_sim.plan.timeline import ScheduledTask, Timeline
from inspection_sim.tracking.entries import DONE, NOT_STARTED, Entry

__all__ = ["TODAY", "Replan", "TaskProgress", "replan"]

#: Working days a task still under way takes at the least: today.
TODAY = 1


@dataclass(frozen=True)
class TaskProgress:
    """Where one council task stands today.

    Attributes:
        task: its id.
        state: ``done``, ``under way`` or ``not started``.
        entry: what the planner recorded.
        elapsed: working days worked before today (under way only).
        remaining: working days left, today included (under way only).
    """

    task: str
    state: str
    entry: Entry
    elapsed: int = 0
    remaining: int = 0


DONE_STATE, UNDER_WAY, WAITING = "done", "under way", "not started"


@dataclass(frozen=True)
class Replan:
    """The plan from today.

    Attributes:
        baseline: the plan as first made (the scenario called on the same day).
        timeline: the plan from today, with what happened fixed (its network is the plan's).
        network: the network it was scheduled from (done and started work fixed), which the
            simulation from today runs on.
        today: the day of the re-plan; ``first`` its working-day index (today rolled forward to
            a working day).
        progress: where each council task stands, by task id.
    """

    baseline: Timeline
    timeline: Timeline
    network: Network
    today: date
    first: int
    progress: Mapping[str, TaskProgress]


def replan(baseline: Timeline, entries: Mapping[str, Entry], today: date) -> Replan:
    """Fix what ``entries`` say happened in ``baseline`` and plan the rest from ``today``."""
    calendar = baseline.calendar
    network = baseline.network
    first = calendar.index_of(today)
    progress: dict[str, TaskProgress] = {}
    specs: list[TaskSpec] = []
    fixed_now: set[str] = set()
    for spec in network.tasks:
        entry = entries.get(spec.id, Entry(spec.id))
        if spec.framework:
            specs.append(spec)
            continue
        item, changed = _progress(spec, entry, baseline, first)
        progress[spec.id] = item
        specs.append(changed)
        if item.state != WAITING:
            fixed_now.add(spec.id)
    dependencies = [dep for dep in network.dependencies if dep.successor not in fixed_now]
    rebuilt = Network.build(specs, dependencies, team_calendars=network.team_calendars)
    schedule = cpm(rebuilt, start=calendar.index_of(baseline.notification.date()))
    timeline = Timeline.from_schedule(
        schedule,
        calendar,
        inspection=baseline.inspection,
        framework=baseline.framework,
        version=baseline.version,
        notification=baseline.notification,
        fieldwork=baseline.fieldwork,
        warnings=baseline.warnings,
        sources=baseline.sources,
    )
    scheduled = {task.id: task for task in timeline.tasks}
    shown = tuple(_as_happened(task, scheduled[task.id], progress) for task in baseline.tasks)
    timeline = replace(timeline, network=network, tasks=shown)
    return Replan(baseline, timeline, rebuilt, today, first, progress)


def _progress(
    spec: TaskSpec, entry: Entry, baseline: Timeline, first: int
) -> tuple[TaskProgress, TaskSpec]:
    calendar = baseline.calendar
    if entry.status == DONE and entry.actual_finish is not None:
        finish = calendar.index_of(entry.actual_finish + timedelta(days=1))
        planned = baseline.task(spec.id).start
        start = entry.actual_start or min(planned, entry.actual_finish)
        begin = min(calendar.index_of(start), finish)
        done = replace(
            spec,
            duration=finish - begin,
            team=None,
            fixed_start=begin,
            start_no_earlier_than=None,
            finish_no_later_than=None,
            uncertainty=None,
        )
        return TaskProgress(spec.id, DONE_STATE, entry), done
    if entry.status != NOT_STARTED and entry.actual_start is not None:
        elapsed = max(first - calendar.index_of(entry.actual_start), 0)
        remaining = max(spec.duration - elapsed, TODAY)
        going = replace(spec, duration=remaining, fixed_start=first, start_no_earlier_than=None)
        return TaskProgress(spec.id, UNDER_WAY, entry, elapsed, remaining), going
    if spec.fixed_start is not None:  # bound to a framework window: on its days, as planned
        return TaskProgress(spec.id, WAITING, entry), spec
    earliest = max(spec.start_no_earlier_than or first, first)
    return TaskProgress(spec.id, WAITING, entry), replace(spec, start_no_earlier_than=earliest)


def _as_happened(
    planned: ScheduledTask, scheduled: ScheduledTask, progress: Mapping[str, TaskProgress]
) -> ScheduledTask:
    """The task as the calendars show it: as planned (team, links, deadline, words) on its new
    days, done work on its actual days and work under way from its actual start."""
    shown = replace(
        planned,
        start=scheduled.start,
        end=scheduled.end,
        start_index=scheduled.start_index,
        finish_index=scheduled.finish_index,
        slack_working_days=scheduled.slack_working_days,
        critical=scheduled.critical,
    )
    item = progress.get(planned.id)
    if item is None or item.state == WAITING:
        return shown
    entry = item.entry
    start = entry.actual_start or shown.start
    if item.state == DONE_STATE:
        assert entry.actual_finish is not None
        return replace(shown, start=min(start, entry.actual_finish), end=entry.actual_finish)
    return replace(shown, start=start)
