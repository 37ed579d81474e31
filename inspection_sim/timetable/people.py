"""The timetable's inputs: the council's people, rooms and sampled cases, and the inspectors.

All are frozen and checked when made, so a timetable never sees a half-valid input. The case
sample holds case ids and the people who hold each case: never anything else about a child.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspection_sim.errors import InspectionSimError, Problem, UnknownNameError
from inspection_sim.timetable.roles import ROLES, role_id
from inspection_sim.weekmask import parse_weekmask

__all__ = [
    "Inspector",
    "Person",
    "Room",
    "SampledCase",
    "TimetableInputError",
    "check_inputs",
]

_MON_FRI = (True, True, True, True, True, False, False)


class TimetableInputError(InspectionSimError, ValueError):
    """A staff list, case sample or room list is invalid; every problem is listed."""


def _text(value: object, what: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TimetableInputError(f"{what} must be a non-empty string", key=key, value=value)
    return value.strip()


@dataclass(frozen=True)
class Person:
    """A member of the council's staff (or a partner) who may be booked.

    Args:
        id: unique, stable identifier (used in bookings and file names).
        name: as shown in calendars.
        team: the team they work in.
        role: one of :data:`~inspection_sim.timetable.roles.ROLES` (``"Team manager"`` is read as
            ``"team-manager"``).
        weekdays: the weekdays they work, as a weekmask (``"Mon-Thu"``, ``"Mon,Wed,Fri"``) or
            seven flags, Monday first.
        leave: dates they are away.
    """

    id: str
    name: str
    team: str
    role: str
    weekdays: Any = _MON_FRI
    leave: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "id", _text(self.id, "a person's id", "id"))
        set_(self, "name", _text(self.name, f"person {self.id!r}: name", "name"))
        set_(self, "team", _text(self.team, f"person {self.id!r}: team", "team"))
        role = role_id(_text(self.role, f"person {self.id!r}: role", "role"))
        if role not in ROLES:
            raise UnknownNameError(
                f"person {self.id!r}: unknown role", key="role", value=self.role, choices=ROLES
            )
        set_(self, "role", role)
        set_(self, "weekdays", parse_weekmask(self.weekdays))
        leave = frozenset(self.leave)
        for day in leave:
            if not isinstance(day, date):
                raise TimetableInputError(
                    f"person {self.id!r}: leave must hold dates", key="leave", value=day
                )
        set_(self, "leave", leave)

    def works_on(self, day: date) -> bool:
        """True when ``day`` is one of their weekdays and they are not on leave."""
        return bool(self.weekdays[day.weekday()]) and day not in self.leave

    def away_reason(self, day: date) -> str:
        """Why they cannot be booked on ``day`` (empty when they can)."""
        if day in self.leave:
            return f"{self.label} is on leave on {day:%a %d %b %Y}"
        if not self.weekdays[day.weekday()]:
            return f"{self.label} does not work on {day:%A}s"
        return ""

    @property
    def label(self) -> str:
        """``"Ann Smith (social worker, Assessment)"``, for messages."""
        return f"{self.name} ({self.role.replace('-', ' ')}, {self.team})"


@dataclass(frozen=True)
class Room:
    """A room that holds up to ``capacity`` people."""

    name: str
    capacity: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text(self.name, "a room's name", "room"))
        if not isinstance(self.capacity, int) or isinstance(self.capacity, bool):
            raise TimetableInputError(
                f"room {self.name!r}: capacity must be a whole number", value=self.capacity
            )
        if self.capacity < 1:
            raise TimetableInputError(
                f"room {self.name!r}: capacity must be at least 1", value=self.capacity
            )


@dataclass(frozen=True)
class SampledCase:
    """A case the inspectors selected: its id and the ids of the people who hold it.

    ``team_manager`` may be left out: the team manager of the allocated worker's team is used
    when that team has exactly one.
    """

    case_id: str
    allocated_worker: str
    team_manager: str | None = None
    auditor: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "case_id", _text(self.case_id, "a case id", "case_id"))
        who = f"case {self.case_id!r}"
        set_(
            self,
            "allocated_worker",
            _text(self.allocated_worker, f"{who}: allocated worker", "allocated_worker"),
        )
        for key in ("team_manager", "auditor"):
            value = getattr(self, key)
            if value is not None:
                set_(self, key, _text(value, f"{who}: {key.replace('_', ' ')}", key))


@dataclass(frozen=True)
class Inspector:
    """One inspector slot: a member of an inspector group, on site on ``days``."""

    id: str
    name: str
    group: str
    lead: bool
    days: frozenset[date]


def check_inputs(
    people: Sequence[Person], cases: Sequence[SampledCase], rooms: Sequence[Room], source: str = ""
) -> tuple[dict[str, Person], tuple[SampledCase, ...]]:
    """People by id and the cases with each team manager filled in, or every problem at once.

    Raises:
        TimetableInputError: duplicate ids or room names, a case naming nobody on the staff list
            (the closest id is suggested), a team manager that cannot be worked out.
    """
    problems: list[Problem] = []
    where = source or None
    by_id: dict[str, Person] = {}
    for person in people:
        if not isinstance(person, Person):
            raise TimetableInputError("people must be Person objects", value=person)
        if person.id in by_id:
            problems.append(Problem("two people have the same id", where, "id", person.id))
        by_id[person.id] = person
    names: set[str] = set()
    for room in rooms:
        if not isinstance(room, Room):
            raise TimetableInputError("rooms must be Room objects", value=room)
        if room.name in names:
            problems.append(Problem("two rooms have the same name", where, "room", room.name))
        names.add(room.name)
    managers = _team_managers(by_id.values())
    resolved: list[SampledCase] = []
    seen: set[str] = set()
    for case in cases:
        if not isinstance(case, SampledCase):
            raise TimetableInputError("cases must be SampledCase objects", value=case)
        if case.case_id in seen:
            problems.append(Problem("the case is sampled twice", where, "case_id", case.case_id))
        seen.add(case.case_id)
        for key in ("allocated_worker", "team_manager", "auditor"):
            value = getattr(case, key)
            if value is not None and value not in by_id:
                problems.append(
                    Problem(
                        f"case {case.case_id!r}: {key.replace('_', ' ')} is not on the staff list",
                        where,
                        key,
                        value,
                        _nearest(value, by_id),
                    )
                )
        manager = case.team_manager
        worker = by_id.get(case.allocated_worker)
        if manager is None and worker is not None:
            found = managers.get(worker.team, ())
            manager = found[0] if len(found) == 1 else None
        resolved.append(SampledCase(case.case_id, case.allocated_worker, manager, case.auditor))
    if problems:
        raise TimetableInputError(problems=problems)
    return by_id, tuple(resolved)


def _team_managers(people: Iterable[Person]) -> Mapping[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for person in people:
        if person.role == "team-manager":
            found.setdefault(person.team, []).append(person.id)
    return {team: tuple(ids) for team, ids in found.items()}


def _nearest(value: str, by_id: Mapping[str, Person]) -> tuple[str, ...]:
    """The closest id as the only choice shown (a staff list is too long to list whole)."""
    from inspection_sim.errors import closest

    near = closest(value, by_id)
    return (near,) if near is not None else ()
