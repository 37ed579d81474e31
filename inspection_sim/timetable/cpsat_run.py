"""Improving a greedy timetable with CP-SAT (the optional ortools extra, imported only here).

CP-SAT starts from the greedy timetable as a hint and minimises unbooked sessions, then
substitutes, then moves from the reference timetable (the greedy one, or ``previous`` when a
timetable is rebooked after a change). Whatever it leaves unbooked is offered to the greedy
timetabler once more, which books what still fits and explains the rest. When CP-SAT finds
nothing, or nothing better, the greedy timetable is kept and the report says so.
"""

from __future__ import annotations

import time as clock
from collections.abc import Sequence
from dataclasses import replace

from inspection_sim.errors import MissingExtraError
from inspection_sim.timetable.board import Board, Placement
from inspection_sim.timetable.greedy import Unplaced, book_greedy
from inspection_sim.timetable.replay import placements_of
from inspection_sim.timetable.result import SolverReport, Timetable
from inspection_sim.timetable.sessions import Session

__all__ = ["improve"]


def improve(
    board: Board,
    sessions: Sequence[Session],
    unplaced: list[Unplaced],
    *,
    previous: Timetable | None,
    time_limit: float,
) -> tuple[Board, list[Unplaced], SolverReport]:
    """CP-SAT's timetable when it is at least as good as the greedy one on ``board``."""
    try:
        from inspection_sim.timetable import cpsat
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            "timetabling with CP-SAT needs ortools: pip install 'inspection_sim[ortools]'"
        ) from None
    greedy = list(board.placements)
    reference = greedy if previous is None else placements_of(previous, board, sessions)
    began = clock.perf_counter()
    solved = cpsat.solve(board.empty(), sessions, greedy, reference, time_limit=time_limit)
    seconds = clock.perf_counter() - began
    if solved.placements is None:
        note = f"CP-SAT found no timetable ({solved.status}); the greedy one is kept"
        return board, unplaced, SolverReport("cp-sat", solved.status, None, seconds, None, note)
    notes = {p.session.id: p.note for p in greedy if p.substitute}
    new = board.empty()
    for p in sorted(solved.placements, key=lambda p: (p.day, p.start, p.session.order)):
        if p.substitute:
            p = replace(p, note=notes.get(p.session.id) or _note(new, p))
        new.commit(p)
    placed = {p.session.id for p in new.placements}
    left = book_greedy(new, [s for s in sessions if s.id not in placed])
    if _score(new, left) > _score(board, unplaced):
        note = "CP-SAT did not improve on the greedy timetable; the greedy one is kept"
        return board, unplaced, SolverReport("cp-sat", solved.status, solved.gap, seconds, 0, note)
    moves = _moves(reference, new.placements)
    report = SolverReport("cp-sat", solved.status, solved.gap, seconds, moves)
    return new, left, report


def _score(board: Board, unplaced: list[Unplaced]) -> tuple[int, int]:
    return len(unplaced), sum(p.substitute for p in board.placements)


def _note(board: Board, p: Placement) -> str:
    s = p.session
    first = ", ".join(n.label for n in s.needs)
    stand_in = ", ".join(n.label for n in s.substitute or ())
    fixed = [person for need in s.needs if need.fixed for person in need.candidates]
    away = [
        board.people[person].label
        for person in fixed
        if not any(board.works(person, d) for d in s.days)
    ]
    why = (
        f"{', '.join(away)} is away on every day it could be held"
        if away
        else f"{', '.join(board.people[x].label for x in fixed)} has no free time that fits"
    )
    return f"the {stand_in} attends in place of the {first}: {why}"


def _moves(reference: Sequence[Placement], placements: Sequence[Placement]) -> int:
    from inspection_sim.timetable.cpsat import _where

    now = {p.session.id: p for p in placements}
    return sum(
        1 for p in reference if p.session.id not in now or _where(now[p.session.id]) != _where(p)
    )
