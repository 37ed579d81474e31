"""The greedy timetabler: the most constrained sessions first, each at its first free time.

Order: sessions at a fixed time (keep-in-touch meetings, feedback), then those limited to one day,
then case sessions whose person is at work on the fewest on-site days, then the rest, each in rule
order. A session goes on the least booked day it fits, at the earliest time. A case session whose
person cannot be booked is booked with the substitute (the team manager), flagged with the reason;
anything still left is listed with the reason, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from inspection_sim.timetable.board import Board
from inspection_sim.timetable.sessions import Session

__all__ = ["Unplaced", "book_greedy", "priority"]


@dataclass(frozen=True)
class Unplaced:
    """A session that could not be placed, and why."""

    session: Session
    reason: str
    causes: tuple[str, ...]


def priority(board: Board, session: Session) -> tuple[int, int, int]:
    """Sort key: fixed times, then one-day sessions, then case sessions by days available."""
    if session.fixed is not None:
        rank = 0
    elif len(session.days) < len(board.days):
        rank = 1
    elif session.case_id is not None:
        rank = 2
    else:
        rank = 3
    fixed = [p for need in session.needs if need.fixed for p in need.candidates]
    available = sum(all(board.works(p, d) for p in fixed) for d in session.days)
    return rank, available, session.order


def book_greedy(board: Board, sessions: Sequence[Session]) -> list[Unplaced]:
    """Place every session it can on ``board``; return the ones it could not."""
    unplaced: list[Unplaced] = []
    for session in sorted(sessions, key=lambda s: priority(board, s)):
        placement, miss = board.find(session, session.needs)
        if placement is not None:
            board.commit(placement)
            continue
        reason, causes = board.explain(session, miss)
        if session.substitute is not None:
            instead, miss_sub = board.find(session, session.substitute)
            first = ", ".join(n.label for n in session.needs)
            stand_in = ", ".join(n.label for n in session.substitute)
            if instead is not None:
                note = f"the {stand_in} attends in place of the {first}: {reason}"
                board.commit(replace(instead, substitute=True, note=note))
                continue
            why, more = board.explain(session, miss_sub)
            reason = f"{reason}; the {stand_in} cannot stand in: {why}"
            causes = (*causes, *more)
        unplaced.append(Unplaced(session, reason, causes))
    return unplaced
