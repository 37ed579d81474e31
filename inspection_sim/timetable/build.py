"""``build_timetable``: the on-site rules, the council's people, rooms and case sample, booked."""

from __future__ import annotations

import time as clock
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError, ScheduleError, UnknownNameError
from inspection_sim.timetable.board import Board, Placement
from inspection_sim.timetable.greedy import Unplaced, book_greedy
from inspection_sim.timetable.onsite_rules import OnsiteRules, load_onsite
from inspection_sim.timetable.people import (
    Inspector,
    Person,
    Room,
    SampledCase,
    TimetableInputError,
    check_inputs,
)
from inspection_sim.timetable.replay import booking_of
from inspection_sim.timetable.result import SolverReport, Timetable, Unbooked
from inspection_sim.timetable.sessions import Grid, expand_sessions

__all__ = ["SOLVERS", "build_timetable", "default_inspectors", "onsite_days"]

SOLVERS = ("greedy", "cp-sat")


def build_timetable(
    inspection: str | OnsiteRules,
    *,
    people: Sequence[Person],
    start: date,
    cases: Sequence[SampledCase] = (),
    rooms: Sequence[Room] | None = None,
    calendar: WorkingCalendar | None = None,
    version: str | None = None,
    days: int | Sequence[date] | None = None,
    inspectors: Sequence[Inspector] | None = None,
    overrides: Mapping[str, Any] | None = None,
    solver: str = "greedy",
    time_limit: float = 10.0,
    previous: Timetable | None = None,
) -> Timetable:
    """Book every on-site session of ``inspection`` (``"ilacs:short"``) from ``start``.

    Args:
        people: the council's staff (and partners) who may be booked.
        start: the first on-site day; must be a working day of ``calendar``.
        cases: the sampled cases; each is discussed with its allocated worker, or its team
            manager when the worker cannot be booked (flagged).
        rooms: rooms to book; default: the rules' ``[rooms]`` (one per inspector), noted.
        calendar: the council's working days (default: England and Wales, Mon-Fri).
        version: the framework version (default: the one in force on ``start``).
        days: the number of on-site days, or the dates themselves (default: the framework's
            fieldwork days on the council's working days).
        inspectors: the inspector slots (default: from the rules' inspector groups).
        overrides: changes to the on-site rules, e.g. ``{"activities.case-discussion.minutes": 90}``.
        solver: ``"greedy"`` or ``"cp-sat"`` (the optional ortools extra): CP-SAT starts from the
            greedy timetable (or ``previous``) and books more sessions with fewer substitutes,
            moving as few bookings as it can, within ``time_limit`` seconds.

    Raises:
        TimetableInputError: bad people, cases or rooms (every problem listed).
        UnknownNameError: an unknown inspection type, version or solver.
        ScheduleError: ``start`` (or a given day) is not a working day.
    """
    if solver not in SOLVERS:
        raise UnknownNameError("unknown solver", key="solver", value=solver, choices=SOLVERS)
    if isinstance(start, datetime) or not isinstance(start, date):
        raise ArgumentTypeError("start must be a date", key="start", value=start)
    rules = _rules(inspection, version, start)
    if overrides:
        rules = rules.with_overrides(overrides)
    cal = calendar if calendar is not None else WorkingCalendar()
    on_site = onsite_days(rules, start, cal, days, version)
    notes: list[str] = []
    slots = (
        tuple(inspectors) if inspectors is not None else default_inspectors(rules, on_site, notes)
    )
    _check_inspectors(rules, slots)
    if rooms is None:
        count = rules.rooms.per_inspector * len(slots)
        rooms = [Room(f"Room {k}", rules.rooms.capacity) for k in range(1, count + 1)]
        notes.append(
            f"no rooms given: {count} rooms for {rules.rooms.capacity} people assumed "
            "(give --rooms)"
        )
    by_id, resolved = check_inputs(people, cases, rooms)
    grid = Grid.of(rules.hours)
    sessions = expand_sessions(rules, on_site, by_id, resolved, grid)
    board = Board(rules, on_site, by_id, slots, rooms, grid)
    began = clock.perf_counter()
    unplaced = book_greedy(board, sessions)
    report = SolverReport("greedy", "FEASIBLE", None, clock.perf_counter() - began)
    if solver == "cp-sat":
        from inspection_sim.timetable.cpsat_run import improve

        board, unplaced, report = improve(
            board, sessions, unplaced, previous=previous, time_limit=time_limit
        )
    return Timetable(
        rules=rules,
        days=on_site,
        bookings=tuple(booking_of(board, p) for p in _ordered(board.placements)),
        unbooked=tuple(_unbooked(u) for u in sorted(unplaced, key=lambda u: u.session.order)),
        people=by_id,
        inspectors=slots,
        rooms=tuple(rooms),
        cases=resolved,
        solver=report,
        notes=tuple(notes),
    )


def _rules(inspection: str | OnsiteRules, version: str | None, start: date) -> OnsiteRules:
    if isinstance(inspection, OnsiteRules):
        return inspection
    if not isinstance(inspection, str):
        raise ArgumentTypeError(
            "the inspection type must be text like 'ilacs:short'",
            key="inspection",
            value=inspection,
        )
    if version is not None:
        return load_onsite(inspection, version=version)
    return load_onsite(inspection, on=start)


def onsite_days(
    rules: OnsiteRules,
    start: date,
    calendar: WorkingCalendar,
    days: int | Sequence[date] | None = None,
    version: str | None = None,
) -> tuple[date, ...]:
    """The on-site dates: ``days`` given, or the framework's fieldwork days from ``start`` on the
    council's working days that fall on the fieldwork weekdays.

    Raises:
        ScheduleError: ``start`` or a given date is not a working day (nearest ones named).
    """
    _working(calendar, start, "start")
    if days is not None and not isinstance(days, int):
        found = tuple(sorted(set(days)))
        if not found:
            raise ScheduleError("give at least one on-site day", key="days")
        for day in found:
            _working(calendar, day, "days")
        return found
    from inspection_sim.rules import load_framework

    framework = load_framework(rules.framework, version=version, on=None if version else start)
    fieldwork = framework.inspection(rules.inspection).fieldwork
    count = fieldwork.days if days is None else days
    if count < 1:
        raise ScheduleError(
            "the number of on-site days must be at least 1", key="days", value=count
        )
    found_days: list[date] = []
    day = start
    while len(found_days) < count:
        if fieldwork.weekmask[day.weekday()]:
            found_days.append(day)
        day = calendar.add_working_days(day, 1)
    return tuple(found_days)


def _working(calendar: WorkingCalendar, day: date, key: str) -> None:
    if not calendar.is_working_day(day):
        before, after = calendar.roll_backward(day), calendar.roll_forward(day)
        raise ScheduleError(
            f"{day:%a %d %b %Y} is not a working day of the council; nearest: "
            f"{before.isoformat()} or {after.isoformat()}",
            key=key,
            value=day.isoformat(),
        )


def default_inspectors(
    rules: OnsiteRules, days: Sequence[date], notes: list[str] | None = None
) -> tuple[Inspector, ...]:
    """One slot per inspector of each group; the first of the lead group is the lead inspector.
    A group's ``on_days`` beyond the visit are left out (and noted)."""
    found = []
    for group in rules.inspectors:
        present = list(days)
        if group.on_days:
            present = [days[n - 1] for n in group.on_days if n <= len(days)]
            dropped = [n for n in group.on_days if n > len(days)]
            if dropped and notes is not None:
                notes.append(
                    f"the {group.name.lower()}'s on-site day(s) {', '.join(map(str, dropped))} "
                    f"fall after a {len(days)}-day visit"
                )
        for k in range(1, group.count + 1):
            lead = group.lead and k == 1
            name = f"{group.name} {k}" + (" (lead)" if lead else "")
            found.append(Inspector(f"{group.id}-{k}", name, group.id, lead, frozenset(present)))
    return tuple(found)


def _check_inspectors(rules: OnsiteRules, slots: Sequence[Inspector]) -> None:
    groups = [g.id for g in rules.inspectors]
    ids: set[str] = set()
    for ins in slots:
        if not isinstance(ins, Inspector):
            raise TimetableInputError("inspectors must be Inspector objects", value=ins)
        if ins.group not in groups:
            raise TimetableInputError(
                f"inspector {ins.id!r}: unknown inspector group",
                key="group",
                value=ins.group,
                choices=groups,
            )
        if ins.id in ids:
            raise TimetableInputError("two inspectors have the same id", key="id", value=ins.id)
        ids.add(ins.id)
    leads = [i.id for i in slots if i.lead]
    if len(leads) != 1 or next(i for i in slots if i.lead).group != rules.lead_group.id:
        raise TimetableInputError(
            f"exactly one inspector of group {rules.lead_group.id!r} must be the lead", value=leads
        )


def _ordered(placements: Sequence[Placement]) -> list[Placement]:
    return sorted(placements, key=lambda p: (p.day, p.start, p.session.order))


def _unbooked(u: Unplaced) -> Unbooked:
    s = u.session
    people = tuple(p for need in s.needs if need.fixed for p in need.candidates)
    return Unbooked(
        s.id, s.activity.id, s.activity.kind, s.title, s.case_id, people, u.reason, u.causes
    )
