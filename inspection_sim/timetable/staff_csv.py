"""Reading a staff list, a case sample and a room list from CSV files.

Staff: ``name, team, role`` and optionally ``id``, ``working days`` (a weekmask such as ``Mon-Thu``;
default Mon-Fri) and ``leave`` (dates and ranges separated by ``;``:
``2027-06-08; 2027-06-10..2027-06-11``). Without an ``id`` column, ids are made from the names.
Cases: ``case id, allocated worker`` and optionally ``team manager`` and ``auditor``, each a person's
id or name. Rooms: ``name, capacity``. Headers are matched ignoring case, spaces, hyphens and
underscores. Every problem names the file, the row, the column and the value.

Files are read as the package writes them (:mod:`inspection_sim.csvfile`) and as spreadsheets save
them: CRLF or LF line ends, a line break inside a quoted cell kept in the cell, a UTF-8 byte-order
mark dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from inspection_sim.errors import InspectionSimError, Problem, WeekmaskError
from inspection_sim.timetable.people import (
    Person,
    Room,
    SampledCase,
    TimetableInputError,
)

__all__ = ["parse_leave", "parse_rooms", "read_cases", "read_rooms", "read_staff"]

_STAFF = ("id", "name", "team", "role", "working_days", "leave")
_CASES = ("case_id", "allocated_worker", "team_manager", "auditor")
_ROOMS = ("name", "capacity")
_MAX_LEAVE_DAYS = 366


def _column(header: str) -> str:
    return "_".join(re.split(r"[\s_\-]+", header.strip().lower())).strip("_")


def _rows(
    path: str | Path, allowed: Sequence[str], required: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    """``(row number, {column: text})`` for each non-blank row, numbered as a spreadsheet shows
    them (the header is row 1); unknown or missing columns fail."""
    name = str(path)
    try:
        # bytes, not text: reading text would turn a CR inside a quoted cell into a line end
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise TimetableInputError("file not found", source=name) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TimetableInputError(f"cannot read the file: {error}", source=name) from None
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise TimetableInputError(f"not a readable CSV file: {error}", source=name) from None
    reader = iter(table)
    header = next(reader, None)
    if header is None:
        raise TimetableInputError("the file is empty; it needs a header row", source=name)
    columns = [_column(h) for h in header]
    for raw, col in zip(header, columns, strict=True):
        if col not in allowed:
            raise TimetableInputError(
                "unknown column", source=name, key="header", value=raw, choices=allowed
            )
    missing = [c for c in required if c not in columns]
    if missing:
        raise TimetableInputError(
            "missing column", source=name, key="header", value=", ".join(missing), choices=allowed
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}
        rows.append((number, row))
    return rows


def parse_leave(text: str) -> frozenset[date]:
    """``"2027-06-08; 2027-06-10..2027-06-11"`` -> the dates (ranges inclusive).

    Raises:
        ValueError: a part that is not a date or a range, or a range that runs backwards.
    """
    days: set[date] = set()
    for part in re.split(r"[;\s]+", text.strip()):
        if not part:
            continue
        first_text, sep, last_text = part.partition("..")
        first = date.fromisoformat(first_text)
        last = date.fromisoformat(last_text) if sep else first
        if last < first:
            raise ValueError(f"the range {part} runs backwards")
        if (last - first).days > _MAX_LEAVE_DAYS:
            raise ValueError(f"the range {part} is longer than a year")
        days.update(first + timedelta(n) for n in range((last - first).days + 1))
    return frozenset(days)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def read_staff(path: str | Path) -> list[Person]:
    """The people of a staff CSV, or every problem in it at once.

    Raises:
        TimetableInputError: naming the file, row, column and value of each problem.
    """
    name = str(path)
    rows = _rows(path, _STAFF, ("name", "team", "role"))
    people: list[Person] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        where = f"row {number}"
        person_id = row.get("id") or _slug(row.get("name", ""))
        if person_id in first_row:
            hint = "" if row.get("id") else "; add an id column to tell them apart"
            problems.append(
                Problem(
                    f"the same id as row {first_row[person_id]}{hint}",
                    name,
                    f"{where}, id",
                    person_id,
                )
            )
            continue
        first_row[person_id] = number
        try:
            leave = parse_leave(row.get("leave", ""))
        except ValueError as error:
            problems.append(
                Problem(
                    f"leave must be dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD separated by ';' ({error})",
                    name,
                    f"{where}, column 'leave'",
                    row.get("leave", ""),
                )
            )
            continue
        try:
            people.append(
                Person(
                    id=person_id,
                    name=row.get("name", ""),
                    team=row.get("team", ""),
                    role=row.get("role", ""),
                    weekdays=row.get("working_days") or "Mon-Fri",
                    leave=leave,
                )
            )
        except WeekmaskError:
            problems.append(
                Problem(
                    "working days must be a weekmask such as 'Mon-Fri' or 'Mon,Tue,Thu'",
                    name,
                    f"{where}, column 'working days'",
                    row.get("working_days", ""),
                )
            )
        except InspectionSimError as error:
            problems.extend(
                Problem(
                    p.message, name, f"{where}, {p.key}" if p.key else where, p.value, p.choices
                )
                for p in error.problems
            )
    if problems:
        raise TimetableInputError(problems=problems)
    return people


def read_cases(path: str | Path, people: Sequence[Person]) -> list[SampledCase]:
    """The case sample of a CSV; people are named by id or by name (ignoring case).

    Raises:
        TimetableInputError: naming the file, row, column and value of each problem.
    """
    name = str(path)
    rows = _rows(path, _CASES, ("case_id", "allocated_worker"))
    ids = {p.id for p in people}
    by_name: dict[str, list[str]] = {}
    for person in people:
        by_name.setdefault(person.name.casefold(), []).append(person.id)
    cases: list[SampledCase] = []
    problems: list[Problem] = []
    for number, row in rows:
        found: dict[str, str | None] = {}
        for key in ("allocated_worker", "team_manager", "auditor"):
            text = row.get(key, "")
            if not text:
                found[key] = None
                continue
            person_id, problem = _person(text, ids, by_name)
            if problem:
                label = key.replace("_", " ")
                choices = _near(text, ids, by_name)
                problems.append(
                    Problem(problem, name, f"row {number}, column '{label}'", text, choices)
                )
            found[key] = person_id
        if not row.get("case_id"):
            problems.append(Problem("a case id is needed", name, f"row {number}, column 'case id'"))
            continue
        if found["allocated_worker"] is None:
            if row.get("allocated_worker", "") == "":
                problems.append(
                    Problem(
                        "an allocated worker is needed",
                        name,
                        f"row {number}, column 'allocated worker'",
                    )
                )
            continue
        cases.append(
            SampledCase(
                row["case_id"], found["allocated_worker"], found["team_manager"], found["auditor"]
            )
        )
    if problems:
        raise TimetableInputError(problems=problems)
    return cases


def _person(text: str, ids: set[str], by_name: Mapping[str, list[str]]) -> tuple[str | None, str]:
    if text in ids:
        return text, ""
    matches = by_name.get(text.casefold(), [])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, f"more than one person has this name ({', '.join(matches)}); give the id"
    return None, "no one on the staff list has this id or name"


def _near(text: str, ids: set[str], by_name: Mapping[str, list[str]]) -> tuple[str, ...]:
    from inspection_sim.errors import closest

    near = closest(text, [*ids, *by_name])
    return (near,) if near else ()


def read_rooms(path: str | Path) -> list[Room]:
    """The rooms of a CSV with columns ``name, capacity``."""
    name = str(path)
    rooms: list[Room] = []
    problems: list[Problem] = []
    for number, row in _rows(path, _ROOMS, _ROOMS):
        capacity = row.get("capacity", "")
        if not capacity.isdigit() or int(capacity) < 1:
            problems.append(
                Problem(
                    "capacity must be a whole number of people, at least 1",
                    name,
                    f"row {number}, column 'capacity'",
                    capacity,
                )
            )
            continue
        try:
            rooms.append(Room(row.get("name", ""), int(capacity)))
        except InspectionSimError as error:
            problems.extend(
                Problem(p.message, name, f"row {number}", p.value) for p in error.problems
            )
    if problems:
        raise TimetableInputError(problems=problems)
    return rooms


def parse_rooms(text: str) -> list[Room]:
    """``"Room 1=6,Room 2=4"`` -> rooms, or a CSV file of ``name, capacity`` when ``text`` is one.

    Raises:
        TimetableInputError: naming the option and the part that is wrong.
    """
    if text.lower().endswith(".csv") or Path(text).is_file():
        return read_rooms(text)
    rooms = []
    for part in text.split(","):
        room, sep, capacity = part.rpartition("=")
        if not sep or not room.strip() or not capacity.strip().isdigit() or int(capacity) < 1:
            raise TimetableInputError(
                "each room is NAME=CAPACITY (e.g. 'Room 1=6,Room 2=4'), or give a CSV file",
                key="--rooms",
                value=part,
            )
        rooms.append(Room(room.strip(), int(capacity)))
    return rooms
