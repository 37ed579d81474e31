"""Between a :class:`~.result.Timetable` and the booking board: a placement as a booking, and a
timetable's bookings back as placements on a board (to improve or rebook it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from inspection_sim.export.events import LONDON
from inspection_sim.timetable.board import Board, Placement
from inspection_sim.timetable.result import Booking, Timetable
from inspection_sim.timetable.sessions import Grid, Session, expand_sessions

__all__ = ["board_of", "booking_of", "placements_of"]


def booking_of(board: Board, p: Placement) -> Booking:
    """The booking a placement on ``board`` stands for (times in Europe/London)."""
    s = p.session
    return Booking(
        session=s.id,
        activity=s.activity.id,
        kind=s.activity.kind,
        title=s.title,
        case_id=s.case_id,
        day=board.days[p.day],
        start=_at(board, p.day, p.start),
        end=_at(board, p.day, p.start) + timedelta(minutes=s.activity.minutes),
        room=None if p.room is None else board.rooms[p.room].name,
        inspectors=tuple(board.inspectors[i].id for i in p.inspectors),
        people=p.people,
        substitute=p.substitute,
        note=p.note,
    )


def _at(board: Board, day: int, slot: int) -> datetime:
    hours = board.rules.hours
    minutes = hours.start.hour * 60 + hours.start.minute + slot * board.grid.minutes
    return datetime.combine(board.days[day], time(minutes // 60, minutes % 60), tzinfo=LONDON)


def placements_of(
    previous: Timetable, board: Board, sessions: Sequence[Session]
) -> list[Placement]:
    """A timetable's bookings as placements on ``board`` (what no longer exists is skipped)."""
    by_id = {s.id: s for s in sessions}
    day_index = {day: i for i, day in enumerate(board.days)}
    inspector_index = {ins.id: i for i, ins in enumerate(board.inspectors)}
    room_index = {room.name: r for r, room in enumerate(board.rooms)}
    hours = board.rules.hours
    found = []
    for b in previous.bookings:
        s = by_id.get(b.session)
        if s is None or b.day not in day_index:
            continue
        if any(i not in inspector_index for i in b.inspectors) or (
            b.room is not None and b.room not in room_index
        ):
            continue
        start = _minute(b.start) - (hours.start.hour * 60 + hours.start.minute)
        if start % board.grid.minutes:
            continue
        found.append(
            Placement(
                s,
                day_index[b.day],
                start // board.grid.minutes,
                tuple(inspector_index[i] for i in b.inspectors),
                None if b.room is None else room_index[b.room],
                b.people,
                b.substitute,
                b.note,
            )
        )
    return found


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def board_of(plan: Timetable) -> tuple[Board, list[Session]]:
    """A board holding ``plan``'s bookings, and every session of the plan's rules and inputs."""
    grid = Grid.of(plan.rules.hours)
    sessions = expand_sessions(plan.rules, plan.days, plan.people, plan.cases, grid)
    board = Board(plan.rules, plan.days, plan.people, plan.inspectors, plan.rooms, grid)
    for placement in placements_of(plan, board, sessions):
        board.commit(placement)
    return board, sessions
