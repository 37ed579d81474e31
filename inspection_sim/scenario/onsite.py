"""Reading ``[onsite]``: the people, rooms and case sample of the days on site.

Each of ``people``, ``rooms`` and ``cases`` is either the name of a CSV file, relative to the
scenario file (read by :mod:`inspection_sim.timetable.staff_csv`, so a scenario's CSV is the same
file ``inspection-sim timetable`` reads), or an array of tables written in the scenario itself::

    [onsite]
    people = "people/northbridge-staff.csv"
    rooms = [{ name = "Room 1", capacity = 6 }]

    [[onsite.cases]]
    case_id = "C-1001"
    allocated_worker = "p0012"

    [[onsite.absent]]          # what if: away after the week was booked
    person = "p0012"
    from = 2027-06-15
    to = 2027-06-16

Problems in a CSV file name that file, its row and column; problems written in the scenario name
its key path. Cases and absences name people by id or by name, and one naming nobody on the staff
list is refused with the closest id and the staff list named. An absence's dates are checked
against the on-site days when the scenario is checked as a whole (:mod:`.reach`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from inspection_sim.errors import InspectionSimError, Problem, closest
from inspection_sim.scenario.annex_cases import MAX_SAMPLE, sample_annex_a_cases
from inspection_sim.scenario.limits import MAX_PERIOD_DAYS
from inspection_sim.scenario.model import Onsite, OnsiteAbsence
from inspection_sim.timetable.people import Person, Room, SampledCase, check_inputs
from inspection_sim.timetable.roles import ROLES, role_id
from inspection_sim.timetable.staff_csv import read_cases, read_rooms, read_staff
from inspection_sim.toml_reader import MAX_BYTES, KeyPath, Table
from inspection_sim.weekmask import parse_weekmask, weekmask_text

__all__ = ["KEYS", "read_onsite"]

#: The keys of ``[onsite]``.
KEYS = ("people", "rooms", "cases", "sample", "absent")
_PERSON_KEYS = ("id", "name", "team", "role", "working_days", "leave")
_ROOM_KEYS = ("name", "capacity")
_CASE_KEYS = ("case_id", "allocated_worker", "team_manager", "auditor")
_PEOPLE_REFS = ("allocated_worker", "team_manager", "auditor")
_ABSENCE_KEYS = ("person", "from", "to")
_MAX_CAPACITY = 500
_FORMS = "must be a CSV file name (relative to the scenario file) or an array of tables"

T = TypeVar("T")


def read_onsite(t: Table, folder: Path, *, seed: int = 0) -> Onsite:
    """The ``[onsite]`` table; file names are read relative to ``folder``, and a case sample
    drawn from an Annex A workbook is drawn with ``seed`` (the scenario's)."""
    t.only(*KEYS)
    if not t.has("people"):
        t.problem(
            "people", "missing required key (the staff list: a CSV file or [[onsite.people]])"
        )
        return Onsite()
    before = len(t.reading.problems)
    sources: list[tuple[str, str]] = []
    people = _list(t, "people", folder, sources, read_staff, _person)
    people_read = len(t.reading.problems) == before
    rooms = None
    if t.has("rooms"):
        rooms = _list(t, "rooms", folder, sources, read_rooms, _room)
    cases: list[SampledCase] = []
    notes: list[str] = []
    sample = t.integer("sample", None, minimum=1, maximum=MAX_SAMPLE, required=False)
    workbook = _is_workbook(t.data.get("cases"))
    if sample is not None and not workbook:
        t.problem("sample", 'draws from an Annex A workbook: give cases = "FILE.xlsx"', sample)
    if t.has("cases") and people_read:  # cases are checked against a whole staff list
        staff = dict(sources)["people"]
        if workbook:
            cases = _annex_a_cases(t, folder, sources, people, sample, seed, notes)
        else:
            cases = _cases(t, folder, sources, people, staff)
    if len(t.reading.problems) == before:
        try:
            _, resolved = check_inputs(people, cases, rooms or [])
        except InspectionSimError as error:
            _record(t, error, dict(sources))
        else:
            cases = list(resolved)
    absent: list[OnsiteAbsence] = []
    if t.has("absent") and people_read:
        absent = _absences(t, people, dict(sources)["people"])
    return Onsite(
        people=tuple(people),
        rooms=None if rooms is None else tuple(rooms),
        cases=tuple(cases),
        absent=tuple(absent),
        sources=tuple(sources),
        notes=tuple(notes),
    )


def _is_workbook(value: object) -> bool:
    """``cases = "annex-a.xlsx"``: a file name ending .xlsx is an Annex A workbook."""
    return isinstance(value, str) and value.strip().lower().endswith(".xlsx")


def _annex_a_cases(
    t: Table,
    folder: Path,
    sources: list[tuple[str, str]],
    people: Sequence[Person],
    sample: int | None,
    seed: int,
    notes: list[str],
) -> list[SampledCase]:
    """A seeded draw from an Annex A workbook; the cases left out are noted, not dropped."""
    path = _csv_path(t, "cases", str(t.data["cases"]), folder, limit=None)
    if path is None:
        return []
    sources.append(("cases", str(path)))
    try:
        drawn = sample_annex_a_cases(path, people, sample=sample, seed=seed)
    except InspectionSimError as error:
        t.reading.problems.extend(error.problems)
        return []
    if drawn.note:
        notes.append(drawn.note)
    return list(drawn.cases)


#: Which list a problem of the staff, room and case check is about, by the key it names.
_LIST_OF_KEY = {"id": "people", "room": "rooms"}


def _record(t: Table, error: InspectionSimError, sources: Mapping[str, str]) -> None:
    """The problems of the check across the lists, each at the list it is about."""
    for problem in error.problems:
        key = _LIST_OF_KEY.get(problem.key or "", "cases")
        where = sources.get(key, "")
        if where.startswith("onsite."):
            t.reading.add((*t.path, key), problem.message, problem.value, problem.choices)
        else:  # a CSV file: the file is named, as for its own problems
            t.reading.problems.append(
                Problem(problem.message, where, problem.key, problem.value, problem.choices)
            )


def _list(
    t: Table,
    key: str,
    folder: Path,
    sources: list[tuple[str, str]],
    read: Callable[[Path], list[T]],
    item: Callable[[Table], T | None],
) -> list[T]:
    """A list given as a CSV file name or as an array of tables."""
    value = t.data[key]
    if isinstance(value, str):
        path = _csv_path(t, key, value, folder)
        if path is None:
            return []
        sources.append((key, str(path)))
        try:
            return read(path)
        except InspectionSimError as error:
            t.reading.problems.extend(error.problems)
            return []
    if not isinstance(value, list):
        t.problem(key, _FORMS, value)
        return []
    sources.append((key, f"onsite.{key}"))
    return [found for entry in t.items(key) if (found := item(entry)) is not None]


def _csv_path(
    t: Table, key: str, value: str, folder: Path, *, limit: int | None = MAX_BYTES
) -> Path | None:
    """The file ``value`` names, when it is a regular file small enough to read (``limit``
    bytes; None for a workbook, which its reader reads within its own limits)."""
    if not value.strip():
        t.problem(key, _FORMS, value)
        return None
    path = folder / value
    try:
        info = os.stat(path)
    except OSError as error:
        reason = "file not found" if isinstance(error, FileNotFoundError) else "cannot read it"
        t.problem(key, f"{reason}: {path}", value)
        return None
    if not stat.S_ISREG(info.st_mode):
        t.problem(key, f"not a regular file: {path}", value)
        return None
    if limit is not None and info.st_size > limit:
        t.problem(key, f"the file is larger than {MAX_BYTES:,} bytes: {path}", value)
        return None
    return path


def _person(t: Table) -> Person | None:
    t.only(*_PERSON_KEYS)
    name = t.text("name", None, required=True)
    team = t.text("team", None, required=True)
    role_text = t.text("role", None, required=True)
    role = None
    if role_text is not None:
        role = role_id(role_text)
        if role not in ROLES:
            t.problem("role", "unknown role", role_text, ROLES)
            role = None
    person_id = t.text("id", None)
    weekdays = t.parse(
        "working_days", lambda v: weekmask_text(parse_weekmask(v)), None, required=False
    )
    leave = _leave(t)
    if name is None or team is None or role is None or leave is None:
        return None
    try:
        return Person(
            person_id or _slug(name), name, team, role, weekdays or "Mon-Fri", frozenset(leave)
        )
    except InspectionSimError as error:
        t.reading.absorb(t.path, error, keep_keys=True)
        return None


def _slug(name: str) -> str:
    """An id made from a name, as the staff CSV makes one when it has no id column."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "person"


def _leave(t: Table) -> set[date] | None:
    """``leave = [2027-06-15, { from = 2027-06-16, to = 2027-06-18 }]``: dates and periods."""
    days: set[date] = set()
    good = True
    for path, item in t.values("leave", "an array of dates and { from, to } periods"):
        if isinstance(item, Mapping):
            period = _period(t.at(path, item))
            if period is None:
                good = False
            else:
                days.update(period)
            continue
        day = _date(item)
        if day is None:
            t.reading.add(path, "must be a date (YYYY-MM-DD) or a period { from, to }", item)
            good = False
        else:
            days.add(day)
    return days if good else None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _period(t: Table) -> list[date] | None:
    t.only("from", "to")
    first = t.day("from", None, required=True)
    last = t.day("to", None, required=True)
    if first is None or last is None:
        return None
    if last < first:
        t.problem("to", f"ends before it starts ({first})", last)
        return None
    count = (last - first).days + 1
    if count > MAX_PERIOD_DAYS:
        t.problem("to", f"spans at most {MAX_PERIOD_DAYS} days; this one spans {count:,}", last)
        return None
    return [first + timedelta(n) for n in range(count)]


def _room(t: Table) -> Room | None:
    t.only(*_ROOM_KEYS)
    name = t.text("name", None, required=True)
    capacity = t.integer("capacity", None, minimum=1, maximum=_MAX_CAPACITY, required=True)
    if name is None or capacity is None or not name.strip():
        if name is not None and not name.strip():
            t.problem("name", "a room needs a name", name)
        return None
    return Room(name, capacity)


def _absences(t: Table, people: Sequence[Person], staff: str) -> list[OnsiteAbsence]:
    """``[[onsite.absent]]``: a person (id or name) and, optionally, the first and last day."""
    ids, by_name = _lookup(people)
    found = []
    for entry in t.items("absent"):
        entry.only(*_ABSENCE_KEYS)
        text = entry.text("person", None, required=True)
        person = None if text is None else _reference(entry, "person", text, ids, by_name, staff)
        first = entry.day("from", None, required=False)
        last = entry.day("to", None, required=False)
        if first is not None and last is not None and last < first:
            entry.problem("to", f"ends before it starts ({first})", last)
            continue
        if person is not None:
            found.append(OnsiteAbsence(person, first, last))
    return found


def _lookup(people: Sequence[Person]) -> tuple[set[str], dict[str, list[str]]]:
    """The staff ids, and the ids of each name (folded), to find who a reference names."""
    by_name: dict[str, list[str]] = {}
    for person in people:
        by_name.setdefault(person.name.casefold(), []).append(person.id)
    return {person.id for person in people}, by_name


def _cases(
    t: Table,
    folder: Path,
    sources: list[tuple[str, str]],
    people: Sequence[Person],
    staff: str,
) -> list[SampledCase]:
    def from_csv(path: Path) -> list[SampledCase]:
        try:
            return read_cases(path, people)
        except InspectionSimError as error:
            raise type(error)(problems=[_naming_staff(p, staff) for p in error.problems]) from None

    ids, by_name = _lookup(people)

    def item(entry: Table) -> SampledCase | None:
        return _case(entry, ids, by_name, staff)

    return _list(t, "cases", folder, sources, from_csv, item)


def _naming_staff(problem: Problem, staff: str) -> Problem:
    """A problem of the case CSV that mentions the staff list names it."""
    message = problem.message.replace("the staff list", f"the staff list ({staff})")
    return Problem(message, problem.source, problem.key, problem.value, tuple(problem.choices))


def _case(
    t: Table, ids: set[str], by_name: Mapping[str, list[str]], staff: str
) -> SampledCase | None:
    t.only(*_CASE_KEYS)
    case_id = t.text("case_id", None, required=True)
    found: dict[str, str | None] = {}
    good = case_id is not None and bool(case_id.strip())
    if case_id is not None and not case_id.strip():
        t.problem("case_id", "a case needs an id", case_id)
    for key in _PEOPLE_REFS:
        text = t.text(key, None, required=key == "allocated_worker")
        found[key] = None if text is None else _reference(t, key, text, ids, by_name, staff)
        good = good and (text is None or found[key] is not None)
    worker = found["allocated_worker"]
    if not good or case_id is None or worker is None:
        return None
    return SampledCase(case_id, worker, found["team_manager"], found["auditor"])


def _reference(
    t: Table,
    key: str,
    text: str,
    ids: set[str],
    by_name: Mapping[str, list[str]],
    staff: str,
) -> str | None:
    """The id of the person ``text`` names (an id, or a name only one person has)."""
    if text in ids:
        return text
    matches = by_name.get(text.casefold(), [])
    if len(matches) == 1:
        return matches[0]
    what = key.replace("_", " ")
    case = t.data.get("case_id")
    label = f"case {case!r}: " if isinstance(case, str) else ""
    path: KeyPath = (*t.path, key)
    if matches:
        t.reading.add(
            path,
            f"{label}more than one person on the staff list ({staff}) has this name "
            f"({', '.join(matches)}); give the id",
            text,
        )
        return None
    near = closest(text, [*ids, *by_name])
    t.reading.add(
        path,
        f"{label}the {what} is not on the staff list ({staff})",
        text,
        (near,) if near else (),
    )
    return None
