"""What a tracker holds: one record per task or framework date, dated and described."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from inspection_sim.csvfile import Cell

__all__ = ["TrackedItem", "TrackerData"]


@dataclass(frozen=True)
class TrackedItem:
    """A council task (a row of the Tasks sheet) or a framework date (a row of Framework dates).

    Attributes:
        id: the task or rule item id.
        name: its name, in words.
        team: the owner team's name ("" for a framework date nobody owns).
        contacts: the owner team's contacts, ``"; "``-separated.
        start, finish: first and last day (inclusive).
        due: the day it must be done by, when a deadline applies.
        depends_on: ids of the tasks it depends on.
        depends_in_words: the same as a coordinator writes it ("After: ...; Starts with: ...").
        framework: a date the inspectorate's rules set.
        kind: notification, return, preparation, fieldwork, meeting, deadline...
        at: the time of day of a timed event.
        why: why the rules put it there, in words (framework dates).
        calendars: the team calendars that hold it, ``"; "``-separated.
        reference: ids and rule sources.
    """

    id: str
    name: str
    team: str
    contacts: str
    start: date
    finish: date
    due: date | None
    depends_on: tuple[str, ...]
    depends_in_words: str
    framework: bool
    kind: str
    at: time | None = None
    why: str = ""
    calendars: str = ""
    reference: str = ""


@dataclass(frozen=True)
class TrackerData:
    """Everything a tracker workbook shows.

    Attributes:
        title: what is tracked, e.g. the rehearsal's calendar name.
        kind: ``rehearsal`` or ``plan``.
        inspection: ``framework:type``; ``version`` the rules' version.
        call: day 0, the notification call.
        plan_id: the identity the calendars' UIDs derive from.
        items: the tasks and framework dates.
        inject_columns, injects: the exercise controller's injects (none: no Injects sheet).
        timetable_columns, timetable: the on-site timetable's sessions, booked or not (none: no
            On-site timetable sheet).
    """

    title: str
    kind: str
    inspection: str
    version: str
    call: date
    plan_id: str
    items: tuple[TrackedItem, ...]
    inject_columns: tuple[str, ...] = ()
    injects: tuple[tuple[Cell, ...], ...] = ()
    timetable_columns: tuple[str, ...] = ()
    timetable: tuple[tuple[Cell, ...], ...] = ()
