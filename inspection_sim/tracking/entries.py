"""What a planner typed into one row of the Tasks sheet: a status, actual dates and notes.

A status is one of the drop-down's (:data:`~inspection_sim.tracker.columns.STATUSES`), read without
regard to case or spaces; an empty one is "Not started". A date is a date cell, or text written
``2027-06-08`` or ``08/06/2027`` (day first, as in England); a bare number is refused, since it is
usually a date cell that lost its format. Every problem of every row is collected, never only the
first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from inspection_sim.errors import Problem
from inspection_sim.tracker.columns import STATUSES, TASKS_SHEET
from inspection_sim.tracking.sheet import Row, TrackerFile, Value

__all__ = ["BLOCKED", "DONE", "IN_PROGRESS", "NOT_STARTED", "Entry", "read_entries"]

NOT_STARTED, IN_PROGRESS, DONE, BLOCKED = STATUSES

#: Reports a problem with a cell: ``(message, value)``.
_Report = Callable[[str, object], None]

_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Entry:
    """A planner's record of one task.

    Attributes:
        task_id: the task, as typed.
        status: one of the statuses.
        actual_start, actual_finish: the first and last day the work happened (inclusive).
        notes: free text.
        row: the spreadsheet row it came from (0: not from a file).
    """

    task_id: str
    status: str = NOT_STARTED
    actual_start: date | None = None
    actual_finish: date | None = None
    notes: str = ""
    row: int = 0

    @property
    def recorded(self) -> bool:
        """Whether the planner recorded anything: a status other than Not started, a date or a
        note."""
        return self.fields() != Entry(self.task_id).fields()

    def fields(self) -> dict[str, str]:
        """The entries as text, by tracker column: what the change log compares and records."""
        return {
            "status": self.status,
            "actual_start": "" if self.actual_start is None else self.actual_start.isoformat(),
            "actual_finish": "" if self.actual_finish is None else self.actual_finish.isoformat(),
            "notes": self.notes,
        }


def read_entries(tracker: TrackerFile, problems: list[Problem]) -> list[Entry]:
    """The rows of the Tasks sheet as entries; what cannot be read goes to ``problems``."""
    return [_entry(tracker, row, problems) for row in tracker.tasks]


def _entry(tracker: TrackerFile, row: Row, problems: list[Problem]) -> Entry:
    def problem(column: str, message: str, value: object, choices: tuple[str, ...] = ()) -> None:
        where = tracker.where(TASKS_SHEET, row.number, column)
        problems.append(Problem(message, tracker.source, where, value, choices))

    task_id = row.get("task_id")
    if task_id is None:
        problem("task_id", "a row with entries but no task id", None)
    status = _status(row.get("status"))
    if status is None:
        problem("status", "not a status", _shown(row.get("status")), STATUSES)
    start = _date(
        row.get("actual_start"), lambda message, value: problem("actual_start", message, value)
    )
    finish = _date(
        row.get("actual_finish"), lambda message, value: problem("actual_finish", message, value)
    )
    notes = row.get("notes")
    return Entry(
        task_id="" if task_id is None else str(task_id),
        status=status if status is not None else str(row.get("status")),
        actual_start=start,
        actual_finish=finish,
        notes="" if notes is None else str(notes),
        row=row.number,
    )


def _status(value: Value) -> str | None:
    if value is None:
        return NOT_STARTED
    if not isinstance(value, str):
        return None
    wanted = " ".join(value.split()).casefold()
    return next((status for status in STATUSES if status.casefold() == wanted), None)


def _date(value: Value, problem: _Report) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):  # bool too
        problem("a number, not a date: format the cell as a date (for example 2027-06-08)", value)
        return None
    text = str(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.fullmatch(text)
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    problem("not a date; write it as 2027-06-08 or 08/06/2027", text)
    return None


def _shown(value: Value) -> object:
    return value.isoformat() if isinstance(value, date) else value
