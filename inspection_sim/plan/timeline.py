"""The scheduled timeline of one inspection: dated tasks, milestones, slack and the critical path.

A :class:`Timeline` is what :func:`inspection_sim.plan` returns and what rehearsals, reports and
simulations start from. Dates are the council's working days; ``end`` is the task's **last** working
day (inclusive), and equals ``start`` for a milestone. ``start_index``/``finish_index`` are the same
in working-day time coordinates (see :mod:`inspection_sim.plan.network`): ``finish_index`` is
exclusive. A task's ``deadline`` is the last working day its finish-no-later-than allows.

Exports (:meth:`Timeline.to_json`, :meth:`~Timeline.to_csv`, :meth:`~Timeline.to_records`,
:meth:`~Timeline.to_dataframe`, :meth:`~Timeline.to_table`) are deterministic: the same timeline
gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.csvfile import Cell, csv_rows
from inspection_sim.plan.cpm import ConstraintKind, Infeasibility, Schedule
from inspection_sim.plan.level_problem import Levelled
from inspection_sim.plan.network import Network, TaskKind

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Fieldwork", "Risk", "ScheduledTask", "Timeline", "inspection_name"]


@dataclass(frozen=True)
class ScheduledTask:
    """One task or milestone with its computed dates."""

    id: str
    name: str
    team: str | None
    kind: TaskKind
    start: date
    end: date
    start_index: int
    finish_index: int
    duration: int
    depends_on: tuple[str, ...]
    slack_working_days: int
    critical: bool
    framework: bool = False
    deadline: date | None = None
    time_of_day: time | None = None
    minutes: int | None = None
    needs: str = ""
    source: str = ""
    description: str = ""

    @property
    def is_milestone(self) -> bool:
        return self.duration == 0


@dataclass(frozen=True)
class Fieldwork:
    """The on-site period: first and last day (inclusive) and every on-site day."""

    start: date
    end: date
    days: tuple[date, ...]


@dataclass(frozen=True)
class Risk:
    """A framework deadline a task misses: the task, the deadline and by how many working days."""

    task: str
    deadline: date
    working_days_late: int
    reason: str = ""

    def __str__(self) -> str:
        text = (
            f"task {self.task!r} misses {self.deadline.isoformat()} by "
            f"{self.working_days_late} working day(s)"
        )
        return f"{text}: {self.reason}" if self.reason else text


@dataclass(frozen=True)
class Timeline:
    """A planned inspection. Tasks are in topological order (ties in declaration order)."""

    inspection: str
    framework: str
    version: str
    calendar: WorkingCalendar
    network: Network
    notification: datetime
    fieldwork: Fieldwork
    tasks: tuple[ScheduledTask, ...]
    warnings: tuple[str, ...] = ()
    risks: tuple[Risk, ...] = ()
    sources: tuple[str, ...] = field(default=())

    # -- building ----------------------------------------------------------------------------------

    @classmethod
    def from_schedule(
        cls,
        schedule: Schedule | Levelled,
        calendar: WorkingCalendar,
        *,
        inspection: str,
        framework: str,
        version: str,
        notification: datetime,
        fieldwork: Fieldwork | None = None,
        warnings: tuple[str, ...] = (),
        risks: tuple[Risk, ...] = (),
        sources: tuple[str, ...] = (),
    ) -> Timeline:
        """A timeline from a critical-path (or levelled) schedule of a network.

        Args:
            schedule: the :func:`~inspection_sim.plan.cpm.cpm` result, or a
                :func:`~inspection_sim.plan.level.level` result (its levelled schedule is used).
            calendar: the council's calendar whose working-day indices the schedule uses.
            inspection: ``framework:type``, e.g. ``"ilacs:short"``.
            framework: the framework's id; ``version`` its version.
            notification: when the call comes (aware; a naive datetime is taken as UK time).
            fieldwork: the on-site period; by default the span of the fieldwork tasks, with their
                working days.
            warnings: messages for the planner, kept in order.
            risks: extra risks; every constraint the schedule misses is added as a risk.
            sources: the rule sources used.

        Raises:
            CalendarRangeError: when a date falls outside ``calendar``.
        """
        final = schedule.schedule if isinstance(schedule, Levelled) else schedule
        tasks = _scheduled_tasks(final, calendar)
        return cls(
            inspection=inspection,
            framework=framework,
            version=version,
            calendar=calendar,
            network=final.network,
            notification=_aware(notification),
            fieldwork=fieldwork if fieldwork is not None else _fieldwork(tasks, calendar),
            tasks=tasks,
            warnings=tuple(warnings),
            risks=tuple(risks) + tuple(_risk(p, calendar) for p in final.infeasible),
            sources=tuple(sources),
        )

    # -- queries -----------------------------------------------------------------------------------

    @property
    def milestones(self) -> tuple[ScheduledTask, ...]:
        """The tasks of zero duration, in topological order."""
        return tuple(t for t in self.tasks if t.is_milestone)

    def task(self, task_id: str) -> ScheduledTask:
        """The task with id ``task_id``.

        Raises:
            UnknownNameError: no such task (the closest id is suggested).
        """
        for task in self.tasks:
            if task.id == task_id:
                return task
        from inspection_sim.errors import UnknownNameError

        raise UnknownNameError(
            "no such task in the timeline",
            key="task",
            value=task_id,
            choices=sorted(t.id for t in self.tasks),
        )

    def critical_path(self) -> list[str]:
        """Ids of the critical tasks (slack equal to the plan's minimum) by start, then
        topological order."""
        ranked = sorted(enumerate(self.tasks), key=lambda it: (it[1].start_index, it[0]))
        return [task.id for _, task in ranked if task.critical]

    # -- exports -----------------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-safe dict per task (dates as ISO strings), in topological order."""
        return [_record(task) for task in self.tasks]

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract as a dict (see :meth:`to_json`)."""
        return _contract(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The stable JSON contract::

            {"framework", "version", "inspection", "notification": ISO datetime with offset,
             "fieldwork": {"start", "end", "days": [ISO dates]},
             "milestones": [{"id", "name", "date"}],
             "tasks": [{"id", "name", "team", "start", "end", "depends_on": [ids],
                        "slack_working_days", "critical"}],
             "warnings": [strings]}

        ``tasks`` holds the tasks with a duration (milestones are listed under ``milestones``),
        in topological order; ``end`` is the last working day (inclusive). ``warnings`` holds
        the planner's warnings, then one line per risk. Keys are sorted.
        """
        import json

        return json.dumps(self.to_dict(), indent=indent, sort_keys=True) + "\n"

    def to_csv(self) -> str:
        """Every task (milestones included) as CSV, one row per task in topological order."""
        return _csv_text(self.to_records())

    def to_dataframe(self) -> pd.DataFrame:
        """Every task as a pandas DataFrame (needs the ``pandas`` extra); dates as datetime64."""
        return _dataframe(self.to_records())

    def to_table(self) -> str:
        """A plain-text table for a terminal: dates, working days, slack, critical mark, team."""
        return _table(self)


def _scheduled_tasks(schedule: Schedule, calendar: WorkingCalendar) -> tuple[ScheduledTask, ...]:
    network = schedule.network
    order = network.order
    bounds = network.pred_start.tolist()
    pred_ids = [order[p] for p in network.pred.tolist()]
    result = []
    for i, spec in enumerate(network.tasks):
        start, finish = schedule.start[i], schedule.finish[i]
        first = calendar.date_at(start)
        preds = dict.fromkeys(pred_ids[bounds[i] : bounds[i + 1]])
        fnlt = spec.finish_no_later_than
        result.append(
            ScheduledTask(
                id=spec.id,
                name=spec.name or spec.id,
                team=spec.team,
                kind=spec.kind,
                start=first,
                end=calendar.date_at(finish - 1) if finish > start else first,
                start_index=start,
                finish_index=finish,
                duration=spec.duration,
                depends_on=tuple(preds),
                slack_working_days=schedule.slack[i],
                critical=schedule.critical[i],
                framework=spec.framework or spec.fixed_start is not None,
                deadline=None if fnlt is None else calendar.date_at(fnlt - 1),
                time_of_day=spec.time_of_day,
                minutes=spec.minutes,
                needs=spec.needs,
                source=spec.source,
                description=spec.description,
            )
        )
    return tuple(result)


def _fieldwork(tasks: tuple[ScheduledTask, ...], calendar: WorkingCalendar) -> Fieldwork:
    """The span of the fieldwork tasks (empty at the first task when there are none)."""
    onsite = [t for t in tasks if t.kind is TaskKind.FIELDWORK]
    if not onsite:
        first = min((t.start for t in tasks), default=calendar.date_at(0))
        return Fieldwork(first, first, ())
    days = sorted({day for t in onsite for day in calendar.working_days(t.start, t.end)})
    return Fieldwork(min(t.start for t in onsite), max(t.end for t in onsite), tuple(days))


def _risk(problem: Infeasibility, calendar: WorkingCalendar) -> Risk:
    """A missed constraint as a dated risk, named after the task that overruns."""
    if problem.constraint is ConstraintKind.FIXED_START:
        deadline = calendar.date_at(problem.limit)
        task = problem.cause or problem.task
        reason = f"pushes the fixed start of {problem.task!r}"
        if problem.cause is None:
            reason = "cannot start on its fixed date"
    else:
        deadline = calendar.date_at(problem.limit - 1)
        task = problem.task
        reason = (
            "finishes after its deadline"
            if problem.constraint is ConstraintKind.FINISH_NO_LATER_THAN
            else "finishes after the project finish"
        )
    return Risk(task, deadline, problem.working_days, reason)


# -- exports ----------------------------------------------------------------------------------------

#: The fields of a task record, in CSV column order.
COLUMNS = (
    "id",
    "name",
    "team",
    "kind",
    "start",
    "end",
    "start_index",
    "finish_index",
    "duration",
    "depends_on",
    "slack_working_days",
    "critical",
    "framework",
    "milestone",
    "deadline",
    "time_of_day",
    "minutes",
    "needs",
    "source",
    "description",
)

_UK = "Europe/London"


def _aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: a naive datetime is taken as UK local time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(_UK))


def _record(task: ScheduledTask) -> dict[str, Any]:
    """One task as a JSON-safe dict with the keys of :data:`COLUMNS`."""
    return {
        "id": task.id,
        "name": task.name,
        "team": task.team,
        "kind": str(task.kind.value),
        "start": task.start.isoformat(),
        "end": task.end.isoformat(),
        "start_index": task.start_index,
        "finish_index": task.finish_index,
        "duration": task.duration,
        "depends_on": list(task.depends_on),
        "slack_working_days": task.slack_working_days,
        "critical": task.critical,
        "framework": task.framework,
        "milestone": task.is_milestone,
        "deadline": None if task.deadline is None else task.deadline.isoformat(),
        "time_of_day": None if task.time_of_day is None else task.time_of_day.strftime("%H:%M"),
        "minutes": task.minutes,
        "needs": task.needs,
        "source": task.source,
        "description": task.description,
    }


def _contract(timeline: Timeline) -> dict[str, Any]:
    """The documented JSON contract (see :meth:`Timeline.to_json`)."""
    fieldwork = timeline.fieldwork
    return {
        "framework": timeline.framework,
        "version": timeline.version,
        "inspection": timeline.inspection,
        "notification": _aware(timeline.notification).isoformat(),
        "fieldwork": {
            "start": fieldwork.start.isoformat(),
            "end": fieldwork.end.isoformat(),
            "days": [day.isoformat() for day in fieldwork.days],
        },
        "milestones": [
            {"id": t.id, "name": t.name, "date": t.start.isoformat()} for t in timeline.milestones
        ],
        "tasks": [
            {
                "id": t.id,
                "name": t.name,
                "team": t.team,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "depends_on": list(t.depends_on),
                "slack_working_days": t.slack_working_days,
                "critical": t.critical,
            }
            for t in timeline.tasks
            if not t.is_milestone
        ],
        "warnings": [*timeline.warnings, *(str(risk) for risk in timeline.risks)],
    }


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return cast(Cell, value)


def _csv_text(records: list[dict[str, Any]]) -> str:
    """Records as CSV with a header row; lists joined with ``;``, booleans as true/false.

    Written by :mod:`inspection_sim.csvfile`: CRLF line ends, text guarded against formulas.
    """
    return csv_rows(COLUMNS, ([_cell(row[column]) for column in COLUMNS] for row in records))


def _dataframe(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a DataFrame, dates as ``datetime64``; needs pandas (imported here, lazily)."""
    try:
        import pandas as pd
    except ImportError:
        from inspection_sim.errors import MissingExtraError

        raise MissingExtraError(
            "to_dataframe needs pandas: pip install 'inspection_sim[pandas]'"
        ) from None
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for column in ("start", "end", "deadline"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _table(timeline: Timeline) -> str:
    """A fixed-width table in date order: start, end, working days, slack, ``*`` for critical,
    team, task."""
    fieldwork = timeline.fieldwork
    lines = [
        f"{inspection_name(timeline)} ({timeline.inspection}, rules {timeline.version})",
        f"notified   {_aware(timeline.notification).isoformat()}",
        f"fieldwork  {fieldwork.start.isoformat()} to {fieldwork.end.isoformat()} "
        f"({len(fieldwork.days)} days on site)",
        "",
    ]
    rows = [("start", "end", "days", "slack", "crit", "team", "task")]
    ranked = sorted(enumerate(timeline.tasks), key=lambda it: (it[1].start_index, it[0]))
    for _, t in ranked:  # in date order, ties in topological order
        rows.append(
            (
                t.start.isoformat(),
                t.end.isoformat() if not t.is_milestone else "",
                str(t.duration) if not t.is_milestone else "-",
                str(t.slack_working_days),
                "*" if t.critical else "",
                t.team or "",
                t.name if t.name == t.id else f"{t.name} [{t.id}]",
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(6)]
    right = {2, 3}
    for row in rows:
        cells = [
            row[k].rjust(widths[k]) if k in right else row[k].ljust(widths[k]) for k in range(6)
        ]
        lines.append(("  ".join(cells) + "  " + row[6]).rstrip())
    notes = [*timeline.warnings, *(str(risk) for risk in timeline.risks)]
    if notes:
        lines += ["", "warnings:"] + [f"  - {note}" for note in notes]
    return "\n".join(lines) + "\n"


def inspection_name(timeline: Timeline) -> str:
    """The rules' name of the timeline's inspection type ("ILACS short inspection"), never its
    rule id; the label itself when the rules have none (a hand-built timeline)."""
    from inspection_sim.errors import InspectionSimError
    from inspection_sim.rules import inspection

    label = timeline.inspection
    if ":" not in label:
        label = f"{timeline.framework}:{label}"
    try:
        return inspection(label, version=timeline.version).name
    except InspectionSimError:
        return timeline.inspection
