"""The CP-SAT timetable model (imported only for ``solver="cp-sat"``; needs ortools).

Per session: which variant (the people it is for, or the substitute), which day, which start slot,
which inspectors, which room and, for a role, which people. Every person, inspector and room has
one no-overlap constraint per day (an inspector's interval includes the writing-up gap); the
inspectors' daily caps are linear. The objective is lexicographic through its weights: fewest
unbooked sessions, then fewest substitutes, then fewest sessions moved from the reference
timetable (the greedy one, or a previous timetable being rebooked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from inspection_sim.timetable.board import Board, Placement
from inspection_sim.timetable.sessions import Need, Session

__all__ = ["Solved", "solve"]

#: Extra people of a role offered to the model besides those already chosen (keeps it small).
_SPARE_CANDIDATES = 4


@dataclass(frozen=True)
class Solved:
    """CP-SAT's placements (None when it found none), status and gap."""

    placements: list[Placement] | None
    status: str
    gap: float | None


@dataclass
class _Var:
    z: dict[tuple[int, int], Any] = field(default_factory=dict)  # (variant, day) -> bool
    start: dict[int, Any] = field(default_factory=dict)  # day -> slot
    x: dict[tuple[int, int], Any] = field(default_factory=dict)  # (day, inspector) -> bool
    y: dict[tuple[int, int], Any] = field(default_factory=dict)  # (day, room) -> bool
    c: dict[tuple[int, int, str], Any] = field(default_factory=dict)  # (variant, need, person)
    people: dict[tuple[int, int], list[tuple[str, Any]]] = field(default_factory=dict)
    b: dict[tuple[int, int, str], Any] = field(default_factory=dict)  # (variant, day, person)


def solve(
    board: Board,
    sessions: Sequence[Session],
    hint: Sequence[Placement],
    reference: Sequence[Placement],
    *,
    time_limit: float,
    workers: int = 2,
) -> Solved:
    """Solve the timetable on an empty ``board``, hinted by ``hint``, moving few of ``reference``."""
    model = cp_model.CpModel()
    hinted = {p.session.id: p for p in hint}
    ref = {p.session.id: p for p in reference}
    person_items: dict[tuple[str, int], list[Any]] = {}
    inspector_items: dict[tuple[int, int], list[Any]] = {}
    room_items: dict[tuple[int, int], list[Any]] = {}
    per_day: dict[tuple[int, int], list[Any]] = {}
    per_activity: dict[tuple[int, int, str], list[Any]] = {}
    variables: list[_Var] = []
    unbooked: list[Any] = []
    substitutes: list[Any] = []
    moved: list[Any] = []
    for k, s in enumerate(sessions):
        v = _session(model, board, s, k, hinted.get(s.id), ref.get(s.id))
        variables.append(v)
        booked = sum(v.z.values())
        model.add(booked <= 1)
        miss = model.new_bool_var(f"miss{k}")
        model.add(miss + booked == 1)
        model.add_hint(miss, int(s.id not in hinted))
        unbooked.append(miss)
        substitutes += [z for (variant, _), z in v.z.items() if variant == 1]
        for (day, variant), items in v.people.items():
            for person, presence in items:
                interval = model.new_optional_fixed_size_interval_var(
                    v.start[day], s.length, presence, f"p{k}_{day}_{variant}_{person}"
                )
                person_items.setdefault((person, day), []).append(interval)
        for (day, i), x in v.x.items():
            interval = model.new_optional_fixed_size_interval_var(
                v.start[day], s.length + board.gap, x, f"i{k}_{day}_{i}"
            )
            inspector_items.setdefault((i, day), []).append(interval)
            per_day.setdefault((i, day), []).append(x)
            if s.activity.per_inspector_per_day is not None:
                per_activity.setdefault((i, day, s.activity.id), []).append(x)
        for (day, r), y in v.y.items():
            interval = model.new_optional_fixed_size_interval_var(
                v.start[day], s.length, y, f"r{k}_{day}_{r}"
            )
            room_items.setdefault((r, day), []).append(interval)
        if s.id in ref:
            moved.append(_keep(model, v, ref[s.id], k, hinted.get(s.id)))
    for intervals in (*person_items.values(), *inspector_items.values(), *room_items.values()):
        if len(intervals) > 1:
            model.add_no_overlap(intervals)
    caps = {g.id: g.sessions_per_day for g in board.rules.inspectors}
    for (i, _), xs in per_day.items():
        model.add(sum(xs) <= caps[board.inspectors[i].group])
    limits = {a.id: a.per_inspector_per_day for a in board.rules.activities}
    for (_, _, activity), xs in per_activity.items():
        limit = limits[activity]
        if limit is not None:
            model.add(sum(xs) <= limit)
    n = len(sessions) + 1
    w_sub = n
    w_miss = n * (w_sub + 1)
    objective = w_miss * sum(unbooked) + w_sub * sum(substitutes) + sum(moved)
    # sessions that cannot be booked at all, or only with a substitute, cost the same in every
    # timetable: saying so lets the solver prove a timetable that reaches it optimal
    floor = sum(
        w_miss if not v.z else w_sub if all(w == 1 for w, _ in v.z) else 0 for v in variables
    )
    model.add(objective >= floor)
    model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    # interleaved search is deterministic whatever the number of workers
    solver.parameters.interleave_search = True
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solved(None, name, None)
    placements = [
        p
        for s, v in zip(sessions, variables, strict=True)
        if (p := _decode(solver, board, s, v)) is not None
    ]
    value, bound = solver.objective_value, max(solver.best_objective_bound, floor)
    gap = 0.0 if status == cp_model.OPTIMAL else (value - bound) / max(1.0, abs(value))
    return Solved(placements, name, gap)


def _variants(s: Session) -> list[tuple[Need, ...]]:
    return [s.needs] if s.substitute is None else [s.needs, s.substitute]


def _session(
    model: cp_model.CpModel,
    board: Board,
    s: Session,
    k: int,
    hint: Placement | None,
    ref: Placement | None,
) -> _Var:
    v = _Var()
    starts = board.starts(s)
    for variant, needs in enumerate(_variants(s)):
        if any(n.missing or len(n.candidates) < n.count for n in needs):
            continue
        chosen = _chosen(s, variant, hint, ref)
        pools = [_pool(board, s, need, chosen) for need in needs]
        for day in s.days:
            if not _day_possible(board, s, needs, pools, day):
                continue
            z = model.new_bool_var(f"z{k}_{variant}_{day}")
            v.z[variant, day] = z
            if day not in v.start:
                v.start[day] = model.new_int_var_from_domain(
                    cp_model.Domain.from_values(list(starts)), f"s{k}_{day}"
                )
        for n_index, (need, pool) in enumerate(zip(needs, pools, strict=True)):
            days = [d for (w, d) in v.z if w == variant]
            if not days:
                continue
            if need.fixed:
                for day in days:
                    for person in need.candidates:
                        v.people.setdefault((day, variant), []).append((person, v.z[variant, day]))
                continue
            lits = []
            for person in pool:
                c = model.new_bool_var(f"c{k}_{variant}_{n_index}_{person}")
                v.c[variant, n_index, person] = c
                lits.append(c)
                for day in days:
                    if not board.works(person, day):
                        model.add(v.z[variant, day] + c <= 1)
                        continue
                    b = model.new_bool_var(f"b{k}_{variant}_{day}_{person}")
                    model.add_bool_and([v.z[variant, day], c]).only_enforce_if(b)
                    model.add_bool_or([v.z[variant, day].Not(), c.Not(), b])
                    v.b[variant, day, person] = b
                    v.people.setdefault((day, variant), []).append((person, b))
            model.add(sum(lits) == need.count * sum(v.z[variant, d] for d in days))
    for day in v.start:
        on_day = sum(z for (_, d), z in v.z.items() if d == day)
        eligible = board.eligible(s, day)
        xs = []
        for i in eligible:
            x = model.new_bool_var(f"x{k}_{day}_{i}")
            v.x[day, i] = x
            xs.append(x)
            if s.activity.lead and board.inspectors[i].lead:
                model.add(x == on_day)
        if s.activity.lead and not any(board.inspectors[i].lead for i in eligible):
            model.add(on_day == 0)
        model.add(sum(xs) == s.activity.inspectors * on_day)
        if s.activity.room:
            size = max(s.size(needs) for needs in _variants(s))
            ys = []
            for r, room in enumerate(board.rooms):
                if room.capacity >= size:
                    y = model.new_bool_var(f"y{k}_{day}_{r}")
                    v.y[day, r] = y
                    ys.append(y)
            model.add(sum(ys) == on_day)
    if hint is not None:
        _hint(model, v, hint)
    else:
        for start in v.start.values():
            model.add_hint(start, _first(start))
    return v


def _first(var: Any) -> int:
    """The smallest value in an integer variable's domain."""
    return int(var.proto.domain[0])


def _chosen(s: Session, variant: int, *placements: Placement | None) -> set[str]:
    found: set[str] = set()
    for p in placements:
        if p is not None and int(p.substitute) == variant:
            found.update(p.people)
    return found


def _pool(board: Board, s: Session, need: Need, chosen: set[str]) -> list[str]:
    """The people of a role offered to the model: those already chosen, then a few more."""
    if need.fixed:
        return list(need.candidates)
    at_work = [p for p in need.candidates if any(board.works(p, d) for d in s.days)]
    first = [p for p in at_work if p in chosen]
    rest = [p for p in at_work if p not in chosen]
    return first + rest[: need.count + _SPARE_CANDIDATES]


def _day_possible(
    board: Board, s: Session, needs: tuple[Need, ...], pools: list[list[str]], day: int
) -> bool:
    for need, pool in zip(needs, pools, strict=True):
        if sum(board.works(p, day) for p in pool) < need.count:
            return False
    return bool(board.eligible(s, day))


def _keep(model: cp_model.CpModel, v: _Var, ref: Placement, k: int, hint: Placement | None) -> Any:
    """A literal that is 1 when the session is moved from its reference placement."""
    variant = int(ref.substitute)
    z = v.z.get((variant, ref.day))
    moved = model.new_bool_var(f"moved{k}")
    model.add_hint(moved, int(hint is None or _where(hint) != _where(ref)))
    if z is None:
        model.add(moved == 1)
        return moved
    keep = moved.Not()
    model.add(z == 1).only_enforce_if(keep)
    model.add(v.start[ref.day] == ref.start).only_enforce_if(keep)
    for i in ref.inspectors:
        x = v.x.get((ref.day, i))
        if x is None:
            model.add(moved == 1)
        else:
            model.add(x == 1).only_enforce_if(keep)
    if ref.room is not None:
        y = v.y.get((ref.day, ref.room))
        if y is None:
            model.add(moved == 1)
        else:
            model.add(y == 1).only_enforce_if(keep)
    for (w, _, person), c in v.c.items():
        if w == variant and person in ref.people:
            model.add(c == 1).only_enforce_if(keep)
    return moved


def _where(p: Placement) -> tuple[object, ...]:
    """Everything a move changes: day, time, inspectors, room, people."""
    return (p.day, p.start, frozenset(p.inspectors), p.room, frozenset(p.people), p.substitute)


def _hint(model: cp_model.CpModel, v: _Var, p: Placement) -> None:
    variant = int(p.substitute)
    for (w, d, person), b in v.b.items():
        model.add_hint(b, int(w == variant and d == p.day and person in p.people))
    for (w, d), z in v.z.items():
        model.add_hint(z, int(w == variant and d == p.day))
    for d, start in v.start.items():
        model.add_hint(start, p.start if d == p.day else _first(start))
    for (d, i), x in v.x.items():
        model.add_hint(x, int(d == p.day and i in p.inspectors))
    for (d, r), y in v.y.items():
        model.add_hint(y, int(d == p.day and r == p.room))
    for (w, _, person), c in v.c.items():
        model.add_hint(c, int(w == variant and person in p.people))


def _decode(solver: cp_model.CpSolver, board: Board, s: Session, v: _Var) -> Placement | None:
    for (variant, day), z in v.z.items():
        if not solver.boolean_value(z):
            continue
        start = int(solver.value(v.start[day]))
        inspectors = tuple(
            sorted(
                (i for (d, i), x in v.x.items() if d == day and solver.boolean_value(x)),
                key=lambda i: (not board.inspectors[i].lead, i),
            )
        )
        room = next((r for (d, r), y in v.y.items() if d == day and solver.boolean_value(y)), None)
        needs = _variants(s)[variant]
        people: list[str] = []
        for n_index, need in enumerate(needs):
            if need.fixed:
                people += need.candidates
            else:
                people += [
                    p
                    for (w, n, p), c in v.c.items()
                    if w == variant and n == n_index and solver.boolean_value(c)
                ]
        return Placement(s, day, start, inspectors, room, tuple(people), bool(variant))
    return None
