"""Hypothesis strategies: random staff lists with part-time days and leave, case samples, rooms."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from inspection_sim.timetable import Person, Room, SampledCase

TYPES = (
    "ilacs:short",
    "ilacs:standard",
    "ilacs:focused-visit",
    "ilacs:monitoring-visit",
    "jtai:front-door",
    "area-send:full",
    "hmip-yj:single",
)
#: A summer week, a week after a bank holiday Monday, and a fortnight over the autumn clock change.
STARTS = (date(2027, 6, 7), date(2027, 6, 1), date(2027, 10, 25))
TEAMS = ("front-door", "assessment", "children-in-care")
ROLES = (
    "social-worker",
    "team-manager",
    "director",
    "head-of-service",
    "auditor",
    "partner",
    "practitioner",
    "service-manager",
    "fostering-adoption-manager",
    "virtual-school-head",
)


@st.composite
def councils(draw: st.DrawFn, types: tuple[str, ...] = TYPES) -> dict[str, Any]:
    start = draw(st.sampled_from(STARTS))
    window = [start + timedelta(n) for n in range(15)]
    count = draw(st.integers(1, 18))
    people = []
    for n in range(count):
        role = draw(st.sampled_from(ROLES)) if n % 3 else "social-worker"
        days = draw(st.sets(st.integers(0, 4), min_size=1, max_size=5))
        leave = draw(st.sets(st.sampled_from(window), max_size=6))
        team = draw(st.sampled_from(TEAMS))
        people.append(Person(f"p{n}", f"Person {n}", team, role, sorted(days), frozenset(leave)))
    workers = [p for p in people if p.role == "social-worker"]
    chosen = draw(st.lists(st.sampled_from(workers), max_size=8)) if workers else []
    managers = [p.id for p in people if p.role == "team-manager"]
    cases = []
    for k, worker in enumerate(chosen):
        manager = draw(st.sampled_from([None, *managers]))
        auditor = draw(st.sampled_from([None, *(p.id for p in people)]))
        cases.append(SampledCase(f"C-{k}", worker.id, manager, auditor))
    capacities = draw(st.lists(st.integers(1, 8), min_size=1, max_size=4))
    rooms = [Room(f"Room {k}", c) for k, c in enumerate(capacities, start=1)]
    return {
        "inspection": draw(st.sampled_from(types)),
        "people": people,
        "cases": cases,
        "rooms": rooms,
        "start": start,
    }
