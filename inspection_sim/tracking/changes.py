"""The change log (``changes.csv``): every change a ``track`` run found, appended, never rewritten.

One row per change: when the run was (its stamp), the day it tracked (``--today``), which task or
event, which field, from what, to what. The fields are the planner's entries (``status``,
``actual_start``, ``actual_finish``, ``notes``) and the dates the calendars show (``planned_start``,
``planned_finish``: the plan from today, the actual days once done); an event that no longer
happens is logged as ``event`` from ``scheduled`` to ``cancelled``.

The log is also the record of what was known before: a field's "from" is the last "to" the log
holds for it, or, when the log has none, its value in the plan as first made (a task not started,
on its planned days). Written by the package's one CSV writer (:mod:`inspection_sim.csvfile`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from inspection_sim.csvfile import FORMULA_STARTS, csv_rows
from inspection_sim.errors import OutputError

__all__ = ["CHANGES_NAME", "COLUMNS", "LoggedChange", "appended", "changes_between", "last_known"]

CHANGES_NAME = "changes.csv"

COLUMNS = ("when", "today", "item", "field", "from", "to")


@dataclass(frozen=True)
class LoggedChange:
    """One change: ``field`` of ``item`` went from ``old`` to ``new``."""

    item: str
    field: str
    old: str
    new: str


#: A field's value, by (item, field).
State = Mapping[tuple[str, str], str]


def last_known(log: bytes | None, *, source: str = CHANGES_NAME) -> dict[tuple[str, str], str]:
    """The last value the log gives each (item, field) it names.

    Raises:
        OutputError: the log is not a change log (its header is not :data:`COLUMNS`).
    """
    if not log:
        return {}
    rows = csv.reader(io.StringIO(log.decode("utf-8-sig"), newline=""))
    header = next(rows, [])
    if tuple(header) != COLUMNS:
        raise OutputError(
            "not a change log inspection-sim wrote (its header changed)",
            source=source,
            value=",".join(header),
        )
    known: dict[tuple[str, str], str] = {}
    for row in rows:
        if len(row) == len(COLUMNS):
            known[(_unguarded(row[2]), row[3])] = _unguarded(row[5])
    return known


def changes_between(
    before: State, after: Iterable[tuple[tuple[str, str], str]]
) -> list[LoggedChange]:
    """The changes from ``before`` to ``after`` (a field ``before`` lacks counts as empty)."""
    return [
        LoggedChange(item, field, before.get((item, field), ""), value)
        for (item, field), value in after
        if before.get((item, field), "") != value
    ]


def appended(
    log: bytes | None, changes: Sequence[LoggedChange], *, when: datetime, today: date
) -> bytes:
    """``log`` with one row per change added (a new log when there is none)."""
    stamp = when.isoformat().replace("+00:00", "Z")
    rows = [(stamp, today.isoformat(), c.item, c.field, c.old, c.new) for c in changes]
    text = csv_rows(COLUMNS, rows)
    if not log:
        return text.encode("utf-8")
    body = text.split("\r\n", 1)[1]  # the header is there already
    head = log if log.endswith(b"\r\n") else log + b"\r\n"
    return head + body.encode("utf-8")


def _unguarded(text: str) -> str:
    """A cell as it was before the formula guard (a note may start with ``-``)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
