"""Exports of a :class:`~inspection_sim.plan.timeline.Timeline`: records, the JSON contract, CSV,
a pandas DataFrame and a terminal table. Deterministic: no clocks, no set or dict-order surprises.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from inspection_sim.csvfile import Cell, csv_rows

if TYPE_CHECKING:
    import pandas as pd

    from inspection_sim.plan.timeline import ScheduledTask, Timeline

__all__ = ["COLUMNS", "aware", "contract", "csv_text", "dataframe", "record", "table"]

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


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: a naive datetime is taken as UK local time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(_UK))


def record(task: ScheduledTask) -> dict[str, Any]:
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


def contract(timeline: Timeline) -> dict[str, Any]:
    """The documented JSON contract (see :meth:`Timeline.to_json`)."""
    fieldwork = timeline.fieldwork
    return {
        "framework": timeline.framework,
        "version": timeline.version,
        "inspection": timeline.inspection,
        "notification": aware(timeline.notification).isoformat(),
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


def csv_text(records: list[dict[str, Any]]) -> str:
    """Records as CSV with a header row; lists joined with ``;``, booleans as true/false.

    Written by :mod:`inspection_sim.csvfile`: CRLF line ends, text guarded against formulas.
    """
    return csv_rows(COLUMNS, ([_cell(row[column]) for column in COLUMNS] for row in records))


def dataframe(records: list[dict[str, Any]]) -> pd.DataFrame:
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


def table(timeline: Timeline) -> str:
    """A fixed-width table in date order: start, end, working days, slack, ``*`` for critical,
    team, task."""
    fieldwork = timeline.fieldwork
    lines = [
        f"{timeline.inspection} ({timeline.framework} {timeline.version})",
        f"notified   {aware(timeline.notification).isoformat()}",
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
