"""A synthetic council for trying the timetable out, for tests and benchmarks: made-up staff in
social work teams, a directorate, quality assurance and partners; a case sample; rooms.

Names are combinations of common first names and surnames, not real people. Cases are ids only.
The same arguments give the same council. Its CSVs are written by the package's one CSV writer
(:mod:`inspection_sim.csvfile`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from inspection_sim.csvfile import csv_rows
from inspection_sim.timetable.people import Person, Room, SampledCase

__all__ = ["cases_csv", "rooms_csv", "staff_csv", "synthetic_council"]

_FIRST = (
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Faisal", "Grace", "Harry", "Imani", "Jack",
    "Kate", "Liam", "Maya", "Noah", "Olivia", "Priya", "Quinn", "Ravi", "Sophie", "Tom",
    "Uma", "Victor", "Wendy", "Yusuf", "Zara", "Adam", "Bella", "Callum", "Deepa", "Ethan",
)  # fmt: skip
_LAST = (
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Owen", "Patel", "Quinn", "Roberts", "Shah",
    "Taylor", "Usher", "Walker", "Young", "Wright", "Hall", "Ward", "Price", "Bell", "Cook",
)  # fmt: skip
_TEAMS = (
    "front-door", "assessment", "child-protection", "children-in-care", "care-leavers",
    "disabled-children", "family-support", "court-and-permanence",
)  # fmt: skip
_PART_TIME = ("Mon-Thu", "Tue-Fri", "Mon,Tue,Wed", "Mon,Wed,Thu,Fri")
_FIXED = (
    ("director", "directorate", 1),
    ("head-of-service", "directorate", 3),
    ("virtual-school-head", "virtual-school", 1),
    ("fostering-adoption-manager", "fostering-and-adoption", 2),
    ("auditor", "quality-assurance", 4),
    ("partner", "police", 2),
    ("partner", "health", 2),
    ("business-support", "business-support", 2),
)
_TEAM_SIZE = 8


def synthetic_council(
    staff: int = 80,
    cases: int = 12,
    *,
    seed: int = 1,
    leave: tuple[date, date] | None = None,
    leave_share: float = 0.1,
    away_workers: int = 0,
    rooms: int = 6,
) -> tuple[list[Person], list[SampledCase], list[Room]]:
    """``staff`` people, ``cases`` sampled cases and ``rooms`` rooms.

    With ``leave=(first, last)``, about ``leave_share`` of the staff take a few days' leave in
    that window, and the allocated workers of the first ``away_workers`` cases are away for all
    of it (their case discussions then need a substitute).
    """
    rng = random.Random(seed)
    names = _names(staff, rng)
    people: list[Person] = []
    for role, team, count in _FIXED:
        for _ in range(count):
            if len(people) < staff:
                people.append(_person(len(people), names, team, role))
    teams = max(1, (staff - len(people)) // _TEAM_SIZE)
    for k in range(teams):
        if len(people) % 3 == 0 and len(people) < staff:
            people.append(_person(len(people), names, "service-management", "service-manager"))
        team = _TEAMS[k % len(_TEAMS)] + ("" if k < len(_TEAMS) else f"-{k // len(_TEAMS) + 1}")
        for j in range(_TEAM_SIZE):
            if len(people) >= staff:
                break
            role = ("team-manager", "advanced-practitioner")[j] if j < 2 else "social-worker"
            weekdays = (
                rng.choice(_PART_TIME)
                if role == "social-worker" and rng.random() < 0.15
                else "Mon-Fri"
            )
            people.append(_person(len(people), names, team, role, weekdays))
    while len(people) < staff:
        people.append(_person(len(people), names, _TEAMS[1], "social-worker"))
    workers = [p for p in people if p.role == "social-worker"]
    auditors = [p for p in people if p.role in ("auditor", "team-manager")]
    chosen = rng.sample(workers, min(cases, len(workers)))
    sample = []
    for n, worker in enumerate(chosen, start=1):
        auditor = rng.choice([a for a in auditors if a.team != worker.team] or auditors)
        sample.append(SampledCase(f"C-{1000 + n}", worker.id, None, auditor.id))
    if leave is not None:
        people = _with_leave(people, sample, leave, leave_share, away_workers, rng)
    capacities = (4, 6, 8, 12)
    room_list = [
        Room(f"Room {k}", capacities[(k - 1) % len(capacities)]) for k in range(1, rooms + 1)
    ]
    return people, sample, room_list


def _names(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{first} {last}" for last in _LAST for first in _FIRST]
    rng.shuffle(pairs)
    while len(pairs) < count:
        pairs += [f"{name} {len(pairs) // len(_LAST)}" for name in pairs[: count - len(pairs)]]
    return pairs[:count]


def _person(
    n: int, names: Sequence[str], team: str, role: str, weekdays: str = "Mon-Fri"
) -> Person:
    return Person(f"p{n + 1:04d}", names[n], team, role, weekdays)


def _with_leave(
    people: list[Person],
    sample: Sequence[SampledCase],
    window: tuple[date, date],
    share: float,
    away_workers: int,
    rng: random.Random,
) -> list[Person]:
    first, last = window
    span = (last - first).days + 1
    away = {case.allocated_worker for case in sample[:away_workers]}
    found = []
    for person in people:
        days: set[date] = set()
        if person.id in away:
            days = {first + timedelta(n) for n in range(span)}
        elif person.role not in ("director",) and rng.random() < share:
            length = rng.randint(1, min(5, span))
            begin = rng.randint(0, span - length)
            days = {first + timedelta(begin + n) for n in range(length)}
        found.append(
            Person(
                person.id, person.name, person.team, person.role, person.weekdays, frozenset(days)
            )
        )
    return found


def _weekmask(flags: Sequence[bool]) -> str:
    from inspection_sim.weekmask import weekmask_text

    return weekmask_text(flags)


def _leave_text(days: frozenset[date]) -> str:
    """Consecutive dates as ranges: ``2027-06-08..2027-06-10; 2027-06-14``."""
    parts: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] - ordered[j] == timedelta(1):
            j += 1
        a, b = ordered[i], ordered[j]
        parts.append(a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}")
        i = j + 1
    return "; ".join(parts)


def staff_csv(people: Sequence[Person]) -> str:
    """A staff CSV that :func:`~inspection_sim.timetable.read_staff` reads back."""
    rows = [
        (p.id, p.name, p.team, p.role, _weekmask(p.weekdays), _leave_text(p.leave)) for p in people
    ]
    return csv_rows(("id", "name", "team", "role", "working days", "leave"), rows)


def cases_csv(cases: Sequence[SampledCase]) -> str:
    """A case-sample CSV that :func:`~inspection_sim.timetable.read_cases` reads back."""
    rows = [(c.case_id, c.allocated_worker, c.team_manager or "", c.auditor or "") for c in cases]
    return csv_rows(("case id", "allocated worker", "team manager", "auditor"), rows)


def rooms_csv(rooms: Sequence[Room]) -> str:
    """A room CSV that :func:`~inspection_sim.timetable.read_rooms` reads back."""
    return csv_rows(("name", "capacity"), [(r.name, r.capacity) for r in rooms])
