"""A rehearsal's on-site week as files: each person's and each room's calendar and the master
timetable.

* ``people/<name>.ics``: one calendar per person with at least one session, holding exactly their
  sessions (a name two people share gets each one's id too);
* ``rooms/<room>.ics``: one per room with a booking;
* ``timetable.csv``: every session, booked or not, with the reason it could not be booked; when
  the week was rebooked around a what-if's absences, the week after the changes, with a ``change``
  column marking each session moved, held with someone else, with a substitute or missed.

Titles start with the rehearsal's prefix, so nobody takes a trial session for a real one. Names
and case ids only: nothing about a child beyond its id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from inspection_sim.csvfile import Cell, csv_records
from inspection_sim.export.events import CalendarEvent
from inspection_sim.export.files import ExtraFile, calendar_bytes, team_slug
from inspection_sim.export.folder import Previous
from inspection_sim.rehearsal.describe import PREFIX
from inspection_sim.timetable.disruption import Disruption
from inspection_sim.timetable.disruption_text import change_sentences
from inspection_sim.timetable.onsite_week import CHANGE_COLUMNS, changed_rows, what_if_line
from inspection_sim.timetable.result import (
    COLUMNS,
    Timetable,
    person_events,
    room_events,
    timetable_csv,
    timetable_rows,
)

__all__ = [
    "PEOPLE_FOLDER",
    "ROOMS_FOLDER",
    "TIMETABLE_COLUMNS",
    "TIMETABLE_NAME",
    "onsite_files",
    "onsite_summary",
    "person_file_names",
    "room_file_names",
    "timetable_columns",
    "timetable_sheet_rows",
    "what_if_summary",
]

PEOPLE_FOLDER = "people"
ROOMS_FOLDER = "rooms"
TIMETABLE_NAME = "timetable.csv"
#: The columns of timetable.csv and of the tracker's on-site sheet.
TIMETABLE_COLUMNS = COLUMNS


def person_file_names(tt: Timetable) -> dict[str, str]:
    """Person id -> ``people/<name>.ics`` for each person with a session; a name that would
    clash with another's file gets the person's id, so nobody receives someone else's diary."""
    ids = sorted(person_events(tt))
    return _unique(ids, lambda pid: tt.people[pid].name, PEOPLE_FOLDER)


def room_file_names(tt: Timetable) -> dict[str, str]:
    """Room name -> ``rooms/<room>.ics`` for each room with a booking."""
    return _unique(sorted(room_events(tt)), str, ROOMS_FOLDER)


def _unique(keys: Sequence[str], name_of: Callable[[str], str], folder: str) -> dict[str, str]:
    """A file per key, named after ``name_of(key)``; clashing names get the key, then a number
    (file names are compared ignoring case, as Windows and macOS do)."""
    slugs = {key: team_slug(name_of(key)) for key in keys}
    counts = Counter(slugs.values())
    found: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        name = slugs[key]
        if counts[name] > 1 and team_slug(key) != name:
            name = f"{name}-{team_slug(key)}"
        stem, n = name, 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.casefold())
        found[key] = f"{folder}/{name}.ics"
    return found


def _marked(events: Sequence[CalendarEvent]) -> list[CalendarEvent]:
    return [replace(event, summary=PREFIX + event.summary) for event in events]


def onsite_files(
    tt: Timetable,
    previous: Previous,
    *,
    calendar_name: str,
    plan_id: str,
    stamp: datetime,
    what_if: Disruption | None = None,
) -> dict[str, ExtraFile]:
    """The people's and rooms' calendars and ``timetable.csv`` of a rehearsal's on-site week
    (``tt``: after the what-if's changes, when there is one); each calendar continues the one it
    replaces (its SEQUENCE numbers)."""
    files: dict[str, ExtraFile] = {}
    uid_base = f"{plan_id}:onsite"
    groups: list[tuple[Mapping[str, str], Mapping[str, list[CalendarEvent]], Callable[[str], str]]]
    groups = [
        (person_file_names(tt), person_events(tt), tt.person_name),
        (room_file_names(tt), room_events(tt), str),
    ]
    for names, events, label in groups:
        for key, name in names.items():
            marked = _marked(events[key])
            data = calendar_bytes(
                marked,
                previous(name),
                calendar_name=f"{calendar_name} – {label(key)}",
                stamp=stamp,
                plan_id=uid_base,
            )
            files[name] = ExtraFile(data, len(marked), "session")
    rows = len(tt.bookings) + len(tt.unbooked)
    text = (
        timetable_csv(tt) if what_if is None else csv_records(CHANGE_COLUMNS, changed_rows(what_if))
    )
    files[TIMETABLE_NAME] = ExtraFile(text.encode("utf-8"), rows, "session")
    return files


def timetable_columns(what_if: Disruption | None) -> tuple[str, ...]:
    """The columns of ``timetable.csv`` and the tracker's sheet: ``change`` too after a what-if."""
    return COLUMNS if what_if is None else CHANGE_COLUMNS


def timetable_sheet_rows(
    tt: Timetable, what_if: Disruption | None = None
) -> tuple[tuple[Cell, ...], ...]:
    """The rows of the tracker's on-site sheet: the same as ``timetable.csv``."""
    rows = timetable_rows(tt) if what_if is None else changed_rows(what_if)
    columns = timetable_columns(what_if)
    return tuple(tuple(row[column] for column in columns) for row in rows)


def onsite_summary(tt: Timetable) -> str:
    """One line for people: sessions booked, stand-ins, sessions not booked, calendars written."""
    booked, stand_ins, missing = len(tt.bookings), len(tt.substitutes), len(tt.unbooked)
    people, rooms = len(person_events(tt)), len(room_events(tt))
    text = f"on-site timetable: {_count(booked, 'session')} booked"
    if stand_ins:
        text += f" ({stand_ins} with a manager standing in for a worker who is away)"
    text += (
        f", {missing} not booked (the reasons are in {TIMETABLE_NAME})"
        if missing
        else ", none left unbooked"
    )
    return (
        f"{text}; calendars for {_count(people, 'person', 'people')} in {PEOPLE_FOLDER}/ "
        f"and {_count(rooms, 'room')} in {ROOMS_FOLDER}/"
    )


def what_if_summary(what_if: Disruption) -> list[str]:
    """Lines for people: the what-if's changes and shares, each change in a sentence, and where
    they are marked."""
    lines = [f"{what_if_line(what_if)}:"]
    lines += [f"  - {sentence}" for sentence in change_sentences(what_if)]
    lines.append(
        f"  each change is marked in the change column of {TIMETABLE_NAME}; people's and rooms' "
        "calendars show the week after the changes"
    )
    return lines


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
