"""Whether a filled-in tracker can be what happened: every problem of the file, all at once.

Checked against the plan the tracker was written for (the scenario called on the tracker's call
date) and the day of the run:

* **What the file is**: a real inspection's tracker (About: ``kind`` plan) of the scenario's
  inspection type, with its call date and plan identity.
* **Each row**: a task id of the plan (the closest one suggested), once (a row of a task the plan
  no longer has is left alone when nothing is recorded in it); a status from the list;
  dates that read as dates, none before the call or after today, a finish not before its start;
  a done task with the day it finished; a status that agrees with the dates (a task not started
  has no actual dates, one under way has no finish).
* **Framework dates**: as the rules set them. The inspectorate's dates are not the council's to
  move; if the inspectorate moved one (a new call), plan again from the new call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from inspection_sim.errors import Problem, TrackerError
from inspection_sim.plan.timeline import ScheduledTask, Timeline
from inspection_sim.tracker.columns import ABOUT_SHEET, MILESTONES_SHEET, STATUSES, TASKS_SHEET
from inspection_sim.tracking.entries import DONE, NOT_STARTED, Entry, read_entries
from inspection_sim.tracking.sheet import TrackerFile, Value

__all__ = ["About", "check_entries", "council_tasks", "read_about"]

#: The About sheet's kind of a real inspection's tracker.
PLAN_KIND = "plan"


@dataclass(frozen=True)
class About:
    """What a tracker says it tracks: its inspection type, its call and its plan identity."""

    inspection: str
    call: date
    plan_id: str
    title: str = ""


def read_about(tracker: TrackerFile, inspection: str) -> About:
    """The About sheet of ``tracker``, checked against the scenario's ``inspection`` type.

    Raises:
        TrackerError: the tracker is a rehearsal's, of another inspection type, or lacks its
            call date or plan identity; every problem is listed.
    """
    about = tracker.about
    problems: list[Problem] = []

    def problem(field: str, message: str, value: object = None) -> None:
        problems.append(Problem(message, tracker.source, f"{ABOUT_SHEET} {field}", value))

    kind = about.get("kind")
    if kind != PLAN_KIND:
        problem(
            "kind",
            "not a real inspection's tracker: track follows the plan of a real inspection "
            "(inspection-sim plan SCENARIO --notified DATE writes one)",
            kind,
        )
    if about.get("inspection") != inspection:
        problem(
            "inspection",
            f"the tracker is of another inspection type than the scenario ({inspection}); give "
            "the scenario the plan was made from with --scenario",
            about.get("inspection"),
        )
    call = _day(about.get("call"))
    if call is None:
        problem("call", "the call date is missing or not a date", about.get("call"))
    plan_id = about.get("plan_id")
    if not isinstance(plan_id, str) or not plan_id:
        problem("plan_id", "the plan identity is missing (the calendars' UIDs derive from it)")
    if problems:
        raise TrackerError(problems=problems)
    assert call is not None
    assert isinstance(plan_id, str)
    title = about.get("title")
    return About(str(inspection), call, plan_id, title if isinstance(title, str) else "")


def check_entries(tracker: TrackerFile, timeline: Timeline, today: date) -> dict[str, Entry]:
    """The planner's entries by task id, once every one of them is possible.

    Raises:
        TrackerError: every problem of the Tasks and Framework dates sheets.
    """
    problems: list[Problem] = []
    entries = read_entries(tracker, problems)
    council = {task.id: task for task in timeline.tasks if task.id in council_tasks(timeline)}
    framework = {task.id: task for task in timeline.tasks if task.id not in council}
    dated = {task.id: task for task in timeline.tasks if task.framework}
    call = timeline.notification.date()
    found: dict[str, Entry] = {}
    for entry in entries:
        _check_entry(tracker, entry, council, framework, found, call, today, problems)
    _check_framework(tracker, dated, problems)
    if problems:
        raise TrackerError(problems=problems)
    return found


def _check_entry(
    tracker: TrackerFile,
    entry: Entry,
    council: Mapping[str, ScheduledTask],
    framework: Mapping[str, ScheduledTask],
    found: dict[str, Entry],
    call: date,
    today: date,
    problems: list[Problem],
) -> None:
    def problem(
        column: str, message: str, value: object = None, choices: Sequence[str] = ()
    ) -> None:
        where = tracker.where(TASKS_SHEET, entry.row, column)
        problems.append(Problem(message, tracker.source, where, value, tuple(choices)))

    if entry.task_id in framework:
        problem(
            "task_id",
            "a framework date, not a council task: the Tasks sheet records the council's work",
            entry.task_id,
        )
    elif entry.task_id and entry.task_id not in council:
        if not entry.recorded:
            return  # a task the plan no longer has, with nothing recorded: nothing to keep
        problem(
            "task_id",
            "no such task in the plan (a task the scenario no longer has: clear its entries)",
            entry.task_id,
            sorted(council),
        )
    elif entry.task_id in found:
        first = found[entry.task_id].row
        problem(
            "task_id", f"the task is already on row {first}; keep one row per task", entry.task_id
        )
    elif entry.task_id:
        found[entry.task_id] = entry
    for column, day in (
        ("actual_start", entry.actual_start),
        ("actual_finish", entry.actual_finish),
    ):
        if day is None:
            continue
        if day < call:
            problem(
                column,
                f"before the call ({_text(call)}): it cannot belong to this inspection",
                day.isoformat(),
            )
        elif day > today:
            problem(
                column,
                f"after today ({_text(today)}, --today): it has not happened yet",
                day.isoformat(),
            )
    start, finish = entry.actual_start, entry.actual_finish
    if start is not None and finish is not None and finish < start:
        problem(
            "actual_finish", f"before the actual_start ({start.isoformat()})", finish.isoformat()
        )
    if entry.status not in STATUSES:
        return  # an unreadable status is a problem of its own
    if entry.status == DONE and finish is None:
        problem("actual_finish", "the task is Done: give the day it finished")
    elif entry.status == NOT_STARTED and (start or finish) is not None:
        column = "actual_start" if start is not None else "actual_finish"
        problem(
            "status",
            f"Not started, yet {column} is filled in: set the status or clear the date",
            entry.status,
        )
    elif entry.status not in (DONE, NOT_STARTED) and finish is not None:
        problem(
            "status",
            "the task has an actual_finish: set the status to Done, or clear the date",
            entry.status,
        )


def _check_framework(
    tracker: TrackerFile, framework: Mapping[str, ScheduledTask], problems: list[Problem]
) -> None:
    def problem(
        row: int, column: str, message: str, value: object, choices: Sequence[str] = ()
    ) -> None:
        where = tracker.where(MILESTONES_SHEET, row, column)
        problems.append(Problem(message, tracker.source, where, value, tuple(choices)))

    for row in tracker.framework:
        item = row.get("item_id")
        task = framework.get(str(item)) if item is not None else None
        if task is None:
            problem(
                row.number, "item_id", "no such framework date in the plan", item, sorted(framework)
            )
            continue
        for column, planned in (("date", task.start), ("last_date", task.end)):
            typed = row.get(column)
            if typed is None and column == "last_date":
                continue
            day = _day(typed)
            if day != planned:
                problem(
                    row.number,
                    column,
                    f"a framework date changed (the rules give {_text(planned)}): the "
                    "inspectorate sets it; put it back, or if the inspectorate moved the "
                    "inspection, plan again from the new call (inspection-sim plan --notified)",
                    day.isoformat() if day is not None else typed,
                )


def council_tasks(timeline: Timeline) -> frozenset[str]:
    """The council's own tasks, whose progress a planner records: every task the inspectorate's
    rules do not set, those bound to a framework window (the work on the days on site) included."""
    return frozenset(spec.id for spec in timeline.network.tasks if not spec.framework)


def _day(value: Value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _text(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"
